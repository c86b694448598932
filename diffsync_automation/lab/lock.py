"""One lab per inventory directory: the lab process holds an exclusive ``flock`` on ``lab.lock`` for its life.

The state file cannot serve as that guard: it appears only once every device listens, so two ``lab up`` started
together, or one started while an interrupted one still seeds, both found no state file and both wrote the same
inventory files (hosts of one lab, credentials of the other). The kernel drops the lock when the process exits,
however it exits, so a crashed lab never blocks its directory. The file holds the pid of the last holder, for
error messages and for ``lab down`` before the state file exists. It is never removed: removing a lock file lets a
third process lock a new file while the second still holds the old one.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_FILE = "lab.lock"
LOCKED_EXIT = 3
"""Exit code of a lab process that found the directory's lock held, so ``spawn_lab`` can say which lab runs."""


def acquire(directory: Path) -> int | None:
    """Lock ``directory`` for this process and record its pid; the descriptor to keep open, None if held."""
    descriptor = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    os.ftruncate(descriptor, 0)
    os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
    return descriptor


def holder(directory: Path) -> int | None:
    """The pid the last holder of the lock wrote (it may have exited since), None if there is none."""
    try:
        text = (directory / LOCK_FILE).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return int(text) if text.isdigit() else None
