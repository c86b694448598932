"""What the fast lanes (pure Python and compiled) read and call on the differ and syncer that hold them.

``DiffSyncDiffer`` and ``DiffSyncSyncer`` (``helpers``) satisfy these; the lanes and the kernel's stub are typed
against them, so every member the kernel touches is declared here and nowhere else needs importing ``helpers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from diffsync_automation.adapter import Adapter
    from diffsync_automation.diff import Diff, DiffElement
    from diffsync_automation.model import DiffSyncModel

Buckets = dict[str, dict[str, "DiffSyncModel"]]
"""A local store's ``{modelname: {unique_id: object}}``."""
Name = tuple[str, dict[str, Any]]
"""A matched pair's (shortname, identifiers), computed while validating the pairs."""
Pair = tuple["DiffSyncModel | None", "DiffSyncModel | None"]
Callback = Callable[[str, int, int], None]
"""Progress: ``callback(stage, processed, total)``."""


class DifferHost(Protocol):
    """The differ as its fast lane sees it: counters, settings, and the generic path for unusual objects."""

    src_diffsync: Adapter
    dst_diffsync: Adapter
    diff_class: type[Diff]
    callback: Callback | None
    logger: Any
    models_processed: int
    total_models: int
    _flag_bits: int
    """The run's ``DiffSyncFlags`` as an int (0: no flags)."""

    def incr_models_processed(self, delta: int = 1) -> None: ...

    def _diff_pair(
        self, src_obj: DiffSyncModel | None, dst_obj: DiffSyncModel | None, name: Name | None
    ) -> DiffElement | None:
        """The generic path for one pair (``diff_object_pair`` reusing a validated name)."""
        ...

    def _skip_reason(self, src_obj: DiffSyncModel | None, dst_obj: DiffSyncModel | None) -> str | None: ...

    def _validate_pairs(self, object_pairs: Iterable[Pair]) -> list[Name | None]: ...


class DiffLane(Protocol):
    """A differ's fast lane: the pure-Python ``fastlane.FastLane`` or the compiled ``DiffKernel``."""

    def diff_type(self, obj_type: str) -> list[DiffElement]:
        """Diff every object of a top-level type (``diff_object_list`` over the stores' buckets)."""
        ...

    def mark(self, diff: Diff) -> None:
        """Called with the finished diff (the kernel records which adapter its carried keys belong to)."""
        ...


class SyncerHost(Protocol):
    """The syncer as the compiled kernel sees it: where objects are, the current element, counters, events."""

    diff: Diff
    dst_diffsync: Adapter
    callback: Callback | None
    elements_processed: int
    _dst_buckets: Buckets | None
    _model_classes: dict[str, type[DiffSyncModel] | None]

    @property
    def total_elements(self) -> int: ...

    def _model_class(self, modelname: str) -> type[DiffSyncModel] | None: ...

    def _skip_unmodelled(self, element: DiffElement) -> bool: ...

    def _enter(
        self, element_type: str, model_class: type[DiffSyncModel], action: str | None, uid: str, diffs: dict[str, Any]
    ) -> None:
        """Make an element the current one for ``sync_model`` and the log events."""
        ...

    def _event(self, level: str, event: str, **extra: Any) -> None: ...
