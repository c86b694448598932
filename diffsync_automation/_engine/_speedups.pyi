"""Type stub for the optional compiled kernel built from ``_speedups.pyx``."""

from collections.abc import Mapping
from typing import Any

from diffsync_automation._engine.construction import FieldSpec
from diffsync_automation._engine.fastlane import FastLane
from diffsync_automation._engine.gcpause import GcPause
from diffsync_automation._engine.protocols import DifferHost, SyncerHost
from diffsync_automation.diff import Diff, DiffElement
from diffsync_automation.model import DiffSyncModel

class DiffKernel:
    """Implements ``protocols.DiffLane``."""

    def __init__(self, differ: DifferHost, lane: FastLane) -> None: ...
    def diff_type(self, obj_type: str) -> list[DiffElement]: ...
    def mark(self, diff: Diff) -> None: ...
    def diff_maps(
        self, src_map: dict[str, DiffSyncModel], dst_map: dict[str, DiffSyncModel], src_len: int, dst_len: int
    ) -> list[DiffElement]: ...

class SyncKernel:
    def __init__(
        self, syncer: SyncerHost, continue_on_failure: bool, debug_dropped: bool, info_dropped: bool
    ) -> None: ...
    def hold(self, pause: GcPause) -> None: ...
    def sync_element(self, element: DiffElement, parent_model: DiffSyncModel | None) -> bool: ...

FAST_INIT_MAX_FIELDS: int

class FastInit:
    """Implements ``construction.FastInit``."""

    def __init__(self, specs: tuple[FieldSpec, ...], private: Mapping[str, Any], shared_field_set: Any) -> None: ...
    def __call__(self, instance: Any, data: dict[str, Any]) -> bool: ...

def local_add(store: Any, obj: DiffSyncModel) -> bool: ...
def child_add(parent: DiffSyncModel, child: DiffSyncModel) -> bool: ...
