"""The two engines behind ``Adapter.diff_from`` and ``Adapter.sync_from``.

``DiffSyncDiffer`` walks two adapters and builds a ``Diff``; ``DiffSyncSyncer`` applies a ``Diff`` to the
destination adapter by calling the models' ``create``/``update``/``delete``. Both follow diffsync 2.2.3's
order of work, progress callbacks and structlog events exactly; they differ in doing each piece of work
once (unique ids, identifiers, flag tests, logger binding) and in the fixes listed in docs/compatibility.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from inspect import isclass
from typing import TYPE_CHECKING, Any, ClassVar

from diffsync_automation._engine import compiled as _compiled
from diffsync_automation._engine.events import drops_level, get_event_logger
from diffsync_automation._engine.fastlane import diff_lane, local_buckets
from diffsync_automation._engine.gcpause import GcPause, gc_paused
from diffsync_automation._engine.lanes import syncer_walks_quietly
from diffsync_automation.diff import Diff, DiffElement
from diffsync_automation.enum import DiffSyncActions, DiffSyncFlags, DiffSyncModelFlags, DiffSyncStatus
from diffsync_automation.exceptions import (
    ObjectCrudException,
    ObjectNotCreated,
    ObjectNotDeleted,
    ObjectNotFound,
    ObjectNotUpdated,
)
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.utils import intersection, symmetric_difference

if TYPE_CHECKING:
    from diffsync_automation._engine._speedups import SyncKernel
    from diffsync_automation.adapter import Adapter

__all__ = ["DiffSyncDiffer", "DiffSyncSyncer"]

_LOGGER_NAME = "diffsync_automation.helpers"

_SKIP_SRC = DiffSyncFlags.SKIP_UNMATCHED_SRC.value
_SKIP_DST = DiffSyncFlags.SKIP_UNMATCHED_DST.value
_CONTINUE_ON_FAILURE = DiffSyncFlags.CONTINUE_ON_FAILURE.value
_LOG_UNCHANGED = DiffSyncFlags.LOG_UNCHANGED_RECORDS.value
_MODEL_IGNORE = DiffSyncModelFlags.IGNORE.value
_MODEL_SKIP_SRC = DiffSyncModelFlags.SKIP_UNMATCHED_SRC.value
_MODEL_SKIP_DST = DiffSyncModelFlags.SKIP_UNMATCHED_DST.value
_MODEL_NATURAL_ORDER = DiffSyncModelFlags.NATURAL_DELETION_ORDER.value
_MODEL_SKIP_CHILDREN = DiffSyncModelFlags.SKIP_CHILDREN_ON_DELETE.value

Pair = tuple["DiffSyncModel | None", "DiffSyncModel | None"]
Callback = Callable[[str, int, int], None]


_NO_OBJECTS: dict[str, Any] = {}


def _unique_id(model_class: type[DiffSyncModel], ids: dict[str, Any]) -> str:
    """``model_class.create_unique_id(**ids)``, read directly for plain values of default-identity classes."""
    reader = model_class._lane.uid_reader
    if reader is not None:
        uid: str | None = reader(ids)
        if uid is not None:
            return uid
    return model_class.create_unique_id(**ids)


def _unchanged(element: DiffElement) -> bool:
    """True if the element is present on both sides with equal compared attributes (action None)."""
    source, dest = element.source_attrs, element.dest_attrs
    if source is None or dest is None:
        return False
    for key, value in dest.items():  # noqa: SIM110 - a plain loop is twice as fast as all() on a generator here
        if key in source and source[key] != value:
            return False
    return True


def _bits(flags: Any) -> int:
    """The integer value of a flag enum member (or of a plain int)."""
    return int(getattr(flags, "value", flags))


class DiffSyncDiffer:
    """Computes the ``Diff`` that would make ``dst_diffsync`` match ``src_diffsync``."""

    def __init__(
        self,
        src_diffsync: Adapter,
        dst_diffsync: Adapter,
        flags: DiffSyncFlags,
        diff_class: type[Diff] = Diff,
        callback: Callback | None = None,
    ) -> None:
        self.src_diffsync = src_diffsync
        self.dst_diffsync = dst_diffsync
        self.flags = flags
        self._flag_bits = _bits(flags)
        self.logger = get_event_logger(_LOGGER_NAME, src=src_diffsync, dst=dst_diffsync, flags=flags)
        self.diff_class = diff_class
        self.callback = callback
        self.diff: Diff | None = None
        self.models_processed = 0
        self.total_models = len(src_diffsync) + len(dst_diffsync)
        self._lane = diff_lane(self)
        """The fast lane this differ holds (compiled or pure Python), or None: every pair takes the generic path."""
        self.logger.debug(f"Diff calculation between these two datasets will involve {self.total_models} models")

    def incr_models_processed(self, delta: int = 1) -> None:
        """Count processed models and report progress as ``callback("diff", processed, total)``."""
        if delta:
            self.models_processed += delta
            if self.callback is not None:
                self.callback("diff", self.models_processed, self.total_models)

    def calculate_diffs(self) -> Diff:
        """Compute (once) and return the diff between the two adapters."""
        if self.diff is not None:
            return self.diff
        with gc_paused():
            return self._calculate_diffs()

    def _calculate_diffs(self) -> Diff:
        """The body of ``calculate_diffs``, run with the garbage collector paused."""
        self.models_processed = 0
        self.logger.info("Beginning diff calculation")
        self.diff = self.diff_class()
        src, dst = self.src_diffsync, self.dst_diffsync
        for skipped_type in symmetric_difference(dst.top_level, src.top_level):
            if skipped_type in dst.top_level:
                self.incr_models_processed(len(dst.get_all(skipped_type)))
            elif skipped_type in src.top_level:
                self.incr_models_processed(len(src.get_all(skipped_type)))
        for obj_type in intersection(dst.top_level, src.top_level):
            if self._lane is not None:
                elements = self._lane.diff_type(obj_type)
            else:
                elements = self.diff_object_list(src=src.get_all(obj_type), dst=dst.get_all(obj_type))
            for element in elements:
                self.diff.add(element)
        if self._lane is not None:
            self._lane.mark(self.diff)
        self.logger.info("Diff calculation complete")
        self.diff.models_processed = self.models_processed
        self.diff.complete()
        return self.diff

    def diff_object_list(
        self, src: Iterable[DiffSyncModel] | Mapping[str, DiffSyncModel], dst: Iterable[DiffSyncModel]
    ) -> list[DiffElement]:
        """Diff two collections of objects of one type (lists, or mappings of unique id to object)."""
        if not (isinstance(src, Iterable) and isinstance(dst, Iterable)):
            raise TypeError(f"Type combination {type(src)}/{type(dst)} is not supported... for now")
        src_by_uid = src if isinstance(src, Mapping) else {item.get_unique_id(): item for item in src}
        dst_by_uid = dst if isinstance(dst, Mapping) else {item.get_unique_id(): item for item in dst}
        combined: dict[str, Pair] = {uid: (obj, dst_by_uid.get(uid)) for uid, obj in src_by_uid.items()}
        for uid, obj in dst_by_uid.items():
            if uid not in combined:
                combined[uid] = (None, obj)
        self.incr_models_processed(
            max(len(src) - len(combined), 0) + max(len(dst) - len(combined), 0)  # type: ignore[arg-type]
        )
        names = self._validate_pairs(combined.values())
        elements = []
        for (src_obj, dst_obj), name in zip(combined.values(), names):
            element = self._diff_pair(src_obj, dst_obj, name)
            if element is not None:
                elements.append(element)
        return elements

    @staticmethod
    def validate_objects_for_diff(object_pairs: Iterable[Pair]) -> None:
        """Check that matched objects agree on type, shortname and identifiers (TypeError/ValueError if not)."""
        DiffSyncDiffer._validate_pairs(object_pairs)

    @staticmethod
    def _validate_pairs(object_pairs: Iterable[Pair]) -> list[tuple[str, dict[str, Any]] | None]:
        """Validate every matched pair first (as diffsync does) and keep their (shortname, keys) for the diff."""
        names: list[tuple[str, dict[str, Any]] | None] = []
        for src_obj, dst_obj in object_pairs:
            if src_obj is None or dst_obj is None:
                names.append(None)
                continue
            if src_obj.get_type() != dst_obj.get_type():
                raise TypeError(f"Type mismatch: {src_obj.get_type()} vs {dst_obj.get_type()}")
            shortname = src_obj.get_shortname()
            if shortname != dst_obj.get_shortname():
                raise ValueError(f"Shortname mismatch: {shortname} vs {dst_obj.get_shortname()}")
            keys = src_obj.get_identifiers()
            if keys != dst_obj.get_identifiers():
                raise ValueError(f"Keys mismatch: {keys} vs {dst_obj.get_identifiers()}")
            names.append((shortname, keys))
        return names

    def diff_object_pair(self, src_obj: DiffSyncModel | None, dst_obj: DiffSyncModel | None) -> DiffElement | None:
        """Diff one object present on either or both sides; None if flags say to skip it."""
        return self._diff_pair(src_obj, dst_obj, None)

    def _diff_pair(
        self,
        src_obj: DiffSyncModel | None,
        dst_obj: DiffSyncModel | None,
        name: tuple[str, dict[str, Any]] | None,
    ) -> DiffElement | None:
        """``diff_object_pair`` reusing the shortname and keys computed during validation."""
        if src_obj is not None:
            obj = src_obj
        elif dst_obj is not None:
            obj = dst_obj
        else:
            raise RuntimeError("diff_object_pair() called with neither src_obj nor dst_obj??")
        skip_reason = self._skip_reason(src_obj, dst_obj)
        if skip_reason is not None:
            self.logger.debug(skip_reason, model=obj.get_type(), unique_id=obj.get_unique_id())
            self.incr_models_processed()
            return None
        shortname, keys = name if name is not None else (obj.get_shortname(), obj.get_identifiers())
        element = DiffElement(
            obj.get_type(),
            shortname,
            keys,
            self.src_diffsync.name,
            self.dst_diffsync.name,
            self.diff_class,
        )
        delta = 0
        if src_obj is not None:
            element.source_attrs = src_obj.get_attrs()
            delta += 1
        if dst_obj is not None:
            element.dest_attrs = dst_obj.get_attrs()
            delta += 1
        self.incr_models_processed(delta)
        self.diff_child_objects(element, src_obj, dst_obj)
        return element

    def _skip_reason(self, src_obj: DiffSyncModel | None, dst_obj: DiffSyncModel | None) -> str | None:
        """The debug event text if flags exclude this pair from the diff, else None (checks in diffsync's order)."""
        flags = self._flag_bits
        if flags & _SKIP_SRC and dst_obj is None:
            return "Skipping due to SKIP_UNMATCHED_SRC flag on source adapter"
        if flags & _SKIP_DST and src_obj is None:
            return "Skipping due to SKIP_UNMATCHED_DST flag on source adapter"
        src_flags = src_obj.model_flags.value if src_obj is not None else 0
        dst_flags = dst_obj.model_flags.value if dst_obj is not None else 0
        if dst_obj is None and src_flags & _MODEL_SKIP_SRC:
            return "Skipping due to SKIP_UNMATCHED_SRC flag on model"
        if src_obj is None and dst_flags & _MODEL_SKIP_DST:
            return "Skipping due to SKIP_UNMATCHED_DST flag on model"
        if src_flags & _MODEL_IGNORE:
            return "Skipping due to IGNORE flag on source object"
        if dst_flags & _MODEL_IGNORE:
            return "Skipping due to IGNORE flag on dest object"
        return None

    def diff_child_objects(
        self, diff_element: DiffElement, src_obj: DiffSyncModel | None, dst_obj: DiffSyncModel | None
    ) -> DiffElement:
        """Diff the children of a pair, type by type; add the results to ``diff_element``."""
        if src_obj is not None and dst_obj is not None:
            src_mapping = src_obj.get_children_mapping()
            dst_mapping = dst_obj.get_children_mapping()
            if not src_mapping and not dst_mapping:
                return diff_element
            child_types = []
            for child_type, field in src_mapping.items():
                if child_type in dst_mapping:
                    child_types.append(child_type)
                else:
                    self.incr_models_processed(len(getattr(src_obj, field)))
            for child_type, field in dst_mapping.items():
                if child_type not in src_mapping:
                    self.incr_models_processed(len(getattr(dst_obj, field)))
        elif src_obj is not None:
            src_mapping, dst_mapping = src_obj.get_children_mapping(), {}
            child_types = list(src_mapping)
        elif dst_obj is not None:
            src_mapping, dst_mapping = {}, dst_obj.get_children_mapping()
            child_types = list(dst_mapping)
        else:
            raise RuntimeError("Called with neither src_obj nor dest_obj??")
        for child_type in child_types:
            src_children = (
                self.src_diffsync.get_by_uids(getattr(src_obj, src_mapping[child_type]), child_type)
                if src_obj is not None
                else []
            )
            dst_children = (
                self.dst_diffsync.get_by_uids(getattr(dst_obj, dst_mapping[child_type]), child_type)
                if dst_obj is not None
                else []
            )
            for child_element in self.diff_object_list(src=src_children, dst=dst_children):
                diff_element.add_child(child_element)
        return diff_element


class DiffSyncSyncer:
    """Applies a ``Diff`` to ``dst_diffsync``, element by element, parents before children."""

    _quiet_walk: ClassVar[bool] = True
    """The class keeps the engine's element walk (decided when a subclass is defined, see ``_engine.lanes``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._quiet_walk = syncer_walks_quietly(cls, DiffSyncSyncer)

    def __init__(
        self,
        diff: Diff,
        src_diffsync: Adapter,
        dst_diffsync: Adapter,
        flags: DiffSyncFlags,
        callback: Callback | None = None,
    ) -> None:
        self.diff = diff
        self.src_diffsync = src_diffsync
        self.dst_diffsync = dst_diffsync
        self.flags = flags
        self._flag_bits = _bits(flags)
        self.callback = callback
        self.elements_processed = 0
        self._total_elements: int | None = len(diff) if callback is not None else None
        self.base_logger = get_event_logger(_LOGGER_NAME, src=src_diffsync, dst=dst_diffsync, flags=flags)
        self.model_class: type[DiffSyncModel]
        self.action: str | None = None
        self._context: dict[str, Any] = {}
        self._bound_logger: Any = None
        self._model_classes: dict[str, type[DiffSyncModel] | None] = {}
        self._dst_buckets = local_buckets(dst_diffsync) if type(dst_diffsync)._lane.bucket_get else None
        self._quiet_unchanged = not self._flag_bits & _LOG_UNCHANGED and self._quiet_walk
        self._debug_dropped = drops_level(self.base_logger, "debug")
        self._info_dropped = drops_level(self.base_logger, "info")
        self._kernel = self._sync_kernel()
        """The compiled element walk this syncer holds, or None: the Python methods below run."""

    def _sync_kernel(self) -> SyncKernel | None:
        """The compiled kernel for this sync, if built and the walk may skip unchanged elements in the buckets."""
        speedups = _compiled.speedups
        if speedups is None or not self._quiet_unchanged or self._dst_buckets is None:
            return None
        kernel_class: type[SyncKernel] = speedups.SyncKernel
        return kernel_class(
            self,
            continue_on_failure=bool(self._flag_bits & _CONTINUE_ON_FAILURE),
            debug_dropped=self._debug_dropped,
            info_dropped=self._info_dropped,
        )

    @property
    def total_elements(self) -> int:
        """Number of elements in the diff (the ``total`` of progress callbacks); counted on first use."""
        if self._total_elements is None:
            self._total_elements = len(self.diff)
        return self._total_elements

    @total_elements.setter
    def total_elements(self, value: int) -> None:
        self._total_elements = value

    @property
    def logger(self) -> Any:
        """The logger bound to the element being synced (bound on first use: most elements log nothing)."""
        if self._bound_logger is None:
            self._bound_logger = self.base_logger.bind(**self._context) if self._context else self.base_logger
        return self._bound_logger

    @logger.setter
    def logger(self, value: Any) -> None:
        self._bound_logger = value

    def _event(self, level: str, event: str, **extra: Any) -> None:
        """Emit an event with the current element's context, as ``self.logger`` would, without binding a logger."""
        if self._bound_logger is not None:  # a subclass or caller set its own logger
            getattr(self._bound_logger, level)(event, **extra)
        else:
            getattr(self.base_logger, level)(event, **self._context, **extra)

    def incr_elements_processed(self, delta: int = 1) -> None:
        """Count synced elements and report progress as ``callback("sync", processed, total)``."""
        if delta:
            self.elements_processed += delta
            if self.callback is not None:
                self.callback("sync", self.elements_processed, self.total_elements)

    def perform_sync(self) -> bool:
        """Apply every element of the diff; True if anything was (or failed to be) changed."""
        changed = False
        store = self.dst_diffsync.store
        self.base_logger.info("Beginning sync")
        pause = GcPause()
        if self._kernel is not None and self._engine_only():
            pause.start()
            self._kernel.hold(pause)  # the kernel lets go before it calls a model's own create/update/delete
        try:
            try:
                for element in self.diff.get_children():
                    changed |= self.sync_diff_element(element)
            finally:
                pause.stop()
        except Exception:
            with suppress(Exception):  # keep what was applied; the original error is the one to report
                store.flush()
            raise
        store.flush()
        self.base_logger.info("Sync complete")
        return changed

    def _engine_only(self) -> bool:
        """True if, at the adapter level, this sync runs only the engine's own code, so it may pause the GC.

        That means no progress callback, no emitted events, default adapter and store methods. The compiled
        kernel checks each model class the same way before calling into it, and ends the pause there if needed.
        """
        return (
            self.callback is None
            and self._debug_dropped
            and self._info_dropped
            and type(self.dst_diffsync)._lane.engine_writes
            and type(self.dst_diffsync.store)._lane.engine_only
        )

    def _enter(
        self, element_type: str, model_class: type[DiffSyncModel], action: str | None, uid: str, diffs: dict[str, Any]
    ) -> None:
        """Make an element the current one for ``sync_model`` and the log events."""
        self.model_class = model_class
        self.action = action
        self._context = {"action": action, "model": element_type, "unique_id": uid, "diffs": diffs}
        self._bound_logger = None

    def sync_diff_element(self, element: DiffElement, parent_model: DiffSyncModel | None = None) -> bool:
        """Sync one element, then its children; True if this subtree changed (or failed to) anything."""
        if self._kernel is not None:
            kernel_changed: bool = self._kernel.sync_element(element, parent_model)
            return kernel_changed
        model_class = self._model_classes.get(element.type) or self._model_class(element.type)
        if model_class is None:
            return self._skip_unmodelled(element)
        ids = element.keys
        uid = _unique_id(model_class, ids)
        dst_model = self._find_dst(model_class, uid, ids)
        if self._quiet_unchanged and dst_model is not None and _unchanged(element):
            # Nothing to do, nothing to log: diffsync's outcome (status reset, progress, children) without the work.
            dst_model.set_status(DiffSyncStatus.UNKNOWN)
            return self._sync_children(element, dst_model, changed=False)
        action = element.action
        natural_deletion_order = skip_children = False
        if dst_model is not None:
            dst_model.set_status(DiffSyncStatus.UNKNOWN)
            model_flags = dst_model.model_flags.value
            natural_deletion_order = bool(model_flags & _MODEL_NATURAL_ORDER)
            skip_children = bool(model_flags & _MODEL_SKIP_CHILDREN)
        children_first = natural_deletion_order and action == DiffSyncActions.DELETE
        changed = False
        if children_first and not skip_children:
            for child in element.get_children():
                changed |= self.sync_diff_element(child, parent_model=dst_model)
        diffs = element.get_attrs_diffs()
        self._enter(element.type, model_class, element.action, uid, diffs)
        try:
            model_changed, modified_model = self.sync_model(
                src_model=None, dst_model=dst_model, ids=ids, attrs=diffs.get("+", {})
            )
        finally:
            if dst_model is not None and action == DiffSyncActions.UPDATE:
                self.dst_diffsync.store.mark_dirty(obj=dst_model)  # update() changed it in place
        changed |= model_changed
        if modified_model is None:
            self._event("warning", "No object resulted from sync, will not process child objects.")
            return changed
        dst_model = modified_model
        if action == DiffSyncActions.CREATE:
            if parent_model is not None:
                parent_model.add_child(dst_model)
            self.dst_diffsync.add(dst_model)
        elif action == DiffSyncActions.DELETE:
            if parent_model is not None:
                parent_model.remove_child(dst_model)
            self.dst_diffsync.remove(dst_model, remove_children=skip_children)
            if skip_children:
                return changed
        if children_first:
            self.incr_elements_processed()
            return changed
        return self._sync_children(element, dst_model, changed)

    def _sync_children(self, element: DiffElement, dst_model: DiffSyncModel, changed: bool) -> bool:
        """Count ``element`` as processed, then sync its children under ``dst_model``."""
        self.elements_processed += 1
        if self.callback is not None:
            self.callback("sync", self.elements_processed, self.total_elements)
        if element._child_diff is None:
            return changed
        quiet, classes, buckets = self._quiet_unchanged, self._model_classes, self._dst_buckets
        for child in element.get_children():
            # Unchanged leaves are the bulk of most diffs: handle them here, without a call per element.
            if quiet and child._child_diff is None and buckets is not None and _unchanged(child):
                model_class = classes.get(child.type)
                if model_class is not None:
                    child_model = buckets.get(model_class._modelname, _NO_OBJECTS).get(
                        _unique_id(model_class, child.keys)
                    )
                    if child_model is not None:
                        child_model.set_status(DiffSyncStatus.UNKNOWN)
                        self.elements_processed += 1
                        if self.callback is not None:
                            self.callback("sync", self.elements_processed, self.total_elements)
                        continue
            changed |= self.sync_diff_element(child, parent_model=dst_model)
        return changed

    def _model_class(self, modelname: str) -> type[DiffSyncModel] | None:
        """The destination adapter's model class for a type name, or None if it does not model that type."""
        try:
            return self._model_classes[modelname]
        except KeyError:
            model_class = getattr(self.dst_diffsync, modelname, None)
            if not (isclass(model_class) and issubclass(model_class, DiffSyncModel)):
                model_class = None
            self._model_classes[modelname] = model_class
            return model_class

    def _find_dst(self, model_class: type[DiffSyncModel], uid: str, ids: dict[str, Any]) -> DiffSyncModel | None:
        """The destination object for these identifiers (through ``Adapter.get``, as diffsync), if any."""
        if self._dst_buckets is not None:
            return self._dst_buckets.get(model_class._modelname, _NO_OBJECTS).get(uid)
        try:
            return self.dst_diffsync.get(model_class, ids)
        except ObjectNotFound:
            return None

    def _skip_unmodelled(self, element: DiffElement) -> bool:
        """Leave out an element whose type the destination adapter does not model (diffsync crashes here)."""
        self.base_logger.warning(
            "Skipping: the destination adapter does not model this type",
            action=element.action,
            model=element.type,
            keys=element.keys,
        )
        return False

    def sync_model(
        self,
        src_model: DiffSyncModel | None,
        dst_model: DiffSyncModel | None,
        ids: dict[str, Any],
        attrs: dict[str, Any],
    ) -> tuple[bool, DiffSyncModel | None]:
        """Create, update or delete the current element's model; returns (changed, resulting model or None).

        ``src_model`` is kept for signature compatibility; the engine passes None (diffsync looked it up and
        never used it).
        """
        action = self.action
        if action is None:
            self.log_sync_status(None, DiffSyncStatus.SUCCESS, "No changes to apply; no action needed")
            return False, dst_model
        model_type = self.model_class.get_type()
        try:
            self._event("debug", f"Attempting model {action}")
            if action == DiffSyncActions.CREATE:
                if dst_model is not None:
                    raise ObjectNotCreated(f"Failed to create {model_type} {ids} - it already exists!")
                dst_model = self.model_class.create(adapter=self.dst_diffsync, ids=ids, attrs=attrs)
            elif action == DiffSyncActions.UPDATE:
                if dst_model is None:
                    raise ObjectNotUpdated(f"Failed to update {model_type} {ids} - not found!")
                dst_model = dst_model.update(attrs=attrs)
            elif action == DiffSyncActions.DELETE:
                if dst_model is None:
                    raise ObjectNotDeleted(f"Failed to delete {model_type} {ids} - not found!")
                dst_model = dst_model.delete()
            else:
                raise ObjectCrudException(f'Unknown action "{action}"!')
            if dst_model is not None:
                status, message = dst_model.get_status()
            else:
                status = DiffSyncStatus.FAILURE
                message = f"{model_type} {action} did not return the model object."
        except ObjectCrudException as exception:
            self.log_sync_status(action, DiffSyncStatus.ERROR, str(exception))
            if self._flag_bits & _CONTINUE_ON_FAILURE:
                return True, None
            raise
        self.log_sync_status(action, status, message)
        return True, dst_model

    def log_sync_status(self, action: str | None, status: DiffSyncStatus, message: str) -> None:
        """Emit the outcome event at the level its status calls for."""
        if action is None:
            if self._flag_bits & _LOG_UNCHANGED:
                self._event("debug", message, status=status.value)
        elif status == DiffSyncStatus.SUCCESS:
            self._event("info", message, status=status.value)
        elif status == DiffSyncStatus.FAILURE:
            self._event("warning", message, status=status.value)
        else:
            self._event("error", message, status=status.value)
