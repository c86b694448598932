"""The two libraries under comparison: upstream diffsync 2.2.3 (reference) and the candidate engine.

DIFFERENTIAL_CANDIDATE=diffsync runs the harness against itself (reference vs reference), a self-check that the
observations are deterministic and library-neutral.
"""

import importlib
import os

import diffsync

REFERENCE = diffsync
CANDIDATE = importlib.import_module(os.environ.get("DIFFERENTIAL_CANDIDATE", "diffsync_automation"))
