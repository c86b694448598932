"""The max-deletes guard: a sync deleting more than ``max_deletes`` objects is refused unless forced."""

from __future__ import annotations

from diffsync_automation.diff import Diff
from diffsync_automation.network.changes import changes_from_diff
from diffsync_automation.network.errors import MaxDeletesExceeded


def count_deletes(diff: Diff) -> int:
    """Objects the diff deletes (physical interfaces reset to defaults included)."""
    return sum(1 for change in changes_from_diff(diff) if change.action == "delete")


def guard_deletes(host: str, deletes: int, max_deletes: int | None, *, force: bool, dry_run: bool) -> str | None:
    """None within the limit (or with ``force``); over it, the warning of a dry run, or, for a sync, raise
    ``MaxDeletesExceeded`` (nothing may be pushed)."""
    if max_deletes is None or force or deletes <= max_deletes:
        return None
    if dry_run:
        return f"a sync would delete {deletes} objects, more than max_deletes={max_deletes}"
    raise MaxDeletesExceeded(host, deletes, max_deletes)
