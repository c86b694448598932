"""The garbage collector's settings for a process that runs a whole fleet's checks.

A fleet run keeps what it loaded first (modules, the inventory, groups) for its whole life and creates a
report entry per device; every full collection walks all of it and finds almost nothing to free. 1000 lab
devices in one process made 17 full collections costing 3-5 s of the run's 20-25 s of CPU. Freezing what
exists when the run starts takes it out of every later collection, and making full collections ten times
rarer leaves the young generations, where each device's short-lived cycles die, as they were.
"""

from __future__ import annotations

import gc

FULL_COLLECTION_EVERY = 100
"""Young collections between two full ones (Python's default: 10)."""


def collect_for_long_runs() -> None:
    """Freeze the objects alive now and make full collections rarer, for the rest of this process."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
