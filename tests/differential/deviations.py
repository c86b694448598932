"""The deliberate differences between upstream diffsync 2.2.3 and diffsync_automation, all in one place.

The reference side of every differential test is upstream diffsync run inside `upstream_with_fixes()`, which
patches exactly the upstream bugs our engine fixes (1-4) (spec /work/shared/reference/diffsync-2.2-behaviour.md, §6):

1. §6 item 1 - NATURAL_DELETION_ORDER: upstream keeps logger/model class/action as syncer instance state, so after
   the children pre-pass the parent's "Attempting model delete"/status events carry the last child's model,
   unique_id and diffs (and messages built from the model class name the child's type). Fixed: per-call state.
2. §6 item 2 - a source-only parent whose child types the target adapter does not model: upstream's sync crashes
   with AttributeError('<Adapter>' object has no attribute '<type>'). Fixed: such child elements stay in the
   diff (diff output is unchanged) but the sync skips them: no CRUD call, no progress increment, one warning
   "Skipping: the destination adapter does not model this type" (keys action, model, keys) on the base logger.
3. §6 item 3 - sync_*(diff=<empty Diff>): upstream tests the diff's truthiness, skips the diff-class check and
   recomputes a new diff. Fixed: `diff is None` tests, so an empty diff is used as given (and class-checked).
4. §6 item 14 - the syncer looks every element up in the source adapter (get_or_none) and never uses the result.
   Fixed: no source lookups during a sync (visible to adapters that override get/get_or_none).
5. §6 item 6 - LocalStore reads create empty model buckets that then show up in Adapter.dict(). Fixed: our store
   does not create them, so adapter contents are compared with empty buckets removed (`without_empty_buckets`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import ModuleType
from typing import Any
from unittest import mock


@contextmanager
def upstream_with_fixes(lib: ModuleType) -> Iterator[None]:
    """Patch upstream `lib` (diffsync) with fixes 1-4 for the duration of one reference run."""

    class FixedSyncer(lib.helpers.DiffSyncSyncer):  # type: ignore[name-defined,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.src_diffsync = _NoSourceLookups()  # fix 4: the only use of src_diffsync in the syncer

        def sync_diff_element(self, element: Any, parent_model: Any = None) -> bool:
            if not hasattr(self.dst_diffsync, element.type):  # fix 2
                self.base_logger.warning(
                    "Skipping: the destination adapter does not model this type",
                    action=element.action,
                    model=element.type,
                    keys=element.keys,
                )
                return False
            saved = (self.logger, self.__dict__.get("model_class"), self.action)
            try:
                return bool(super().sync_diff_element(element, parent_model))
            finally:  # fix 1: the caller's element state survives the child recursion
                self.logger, self.model_class, self.action = saved

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(lib, "DiffSyncSyncer", FixedSyncer))
        stack.enter_context(mock.patch.object(lib.Diff, "__bool__", lambda self: True, create=True))  # fix 3
        yield


class _NoSourceLookups:
    """Stands in for the source adapter inside the upstream syncer, whose only use is the pointless lookup."""

    def get_or_none(self, obj: Any, identifier: Any) -> None:
        return None


def without_empty_buckets(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Adapter.dict() minus empty model buckets (fix 5)."""
    return {name: objects for name, objects in data.items() if objects}
