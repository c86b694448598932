"""The optional compiled kernel (``_speedups``, built from Cython when a C compiler is available).

``DIFFSYNC_AUTOMATION_PURE=1`` in the environment keeps the pure-Python code paths even when the kernel is
built: both produce the same results, so this is for debugging and for testing one against the other.
"""

from __future__ import annotations

import os
from types import ModuleType

speedups: ModuleType | None = None
"""The kernel module in use, or None for the pure-Python paths (tests switch it per test)."""

if os.environ.get("DIFFSYNC_AUTOMATION_PURE", "") in ("", "0"):
    try:
        from diffsync_automation._engine import _speedups as speedups
    except ImportError:  # not built: no C compiler or no Cython at install time
        speedups = None


def speedups_enabled() -> bool:
    """True if diffs and syncs run on the compiled kernel, False on the pure-Python engine (same results)."""
    return speedups is not None
