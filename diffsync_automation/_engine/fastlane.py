"""The differ's fast lane: adapters on ``LocalStore`` with models that use diffsync's default identity methods.

It produces exactly what the generic path in ``helpers.DiffSyncDiffer`` produces (same elements, order, progress
callbacks and events), but reads objects straight from the stores' ``{uid: object}`` buckets and reads fields
with per-class generated readers instead of calling half a dozen methods per object. Objects or classes it
cannot read this way go through the generic methods, one at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diffsync_automation._engine import compiled
from diffsync_automation._engine.protocols import Buckets, DifferHost, DiffLane, Name
from diffsync_automation.diff import DiffElement
from diffsync_automation.enum import DiffSyncModelFlags
from diffsync_automation.exceptions import ObjectNotFound

if TYPE_CHECKING:
    from diffsync_automation._engine._speedups import DiffKernel
    from diffsync_automation._engine.plans import FastModelPlan
    from diffsync_automation.adapter import Adapter
    from diffsync_automation.diff import Diff
    from diffsync_automation.model import DiffSyncModel

ChildPlan = tuple[list[tuple[str, str, str]], list[str], list[str]]
"""For a pair of model classes: common child types with both field names, source-only and dest-only fields."""

_NO_FLAGS = DiffSyncModelFlags.NONE
_EMPTY: dict[str, Any] = {}


def local_buckets(adapter: Adapter) -> Buckets | None:
    """The store buckets of ``adapter`` if the adapter's and the store's lanes allow reading them directly."""
    store = adapter.store
    if type(adapter)._lane.bucket_reads and type(store)._lane.bucket_reads:
        buckets: Buckets = store._data  # type: ignore[attr-defined]  # a LocalStore (only those get the lane)
        return buckets
    return None


def diff_lane(differ: DifferHost) -> DiffLane | None:
    """The fast lane for this differ: the compiled kernel if built, else ``FastLane``; None if either adapter's
    lane (see ``lanes``) keeps it on the generic path."""
    src_buckets, dst_buckets = local_buckets(differ.src_diffsync), local_buckets(differ.dst_diffsync)
    if src_buckets is None or dst_buckets is None:
        return None
    lane = FastLane(differ, src_buckets, dst_buckets)
    speedups = compiled.speedups
    if speedups is None:
        return lane
    kernel_class: type[DiffKernel] = speedups.DiffKernel
    return kernel_class(differ, lane)


class FastLane:
    """The pure-Python fast lane a differ holds: diffs ``{uid: object}`` maps read directly from local stores.

    Pairs it cannot read this way go to the differ's generic path (``DifferHost._diff_pair``), one at a time.
    The compiled ``DiffKernel`` wraps one of these and hands such pairs back to it.
    """

    def __init__(self, differ: DifferHost, src_buckets: Buckets, dst_buckets: Buckets) -> None:
        self.differ = differ
        self.src_buckets = src_buckets
        self.dst_buckets = dst_buckets
        self._child_plans: dict[tuple[type[Any], type[Any]], ChildPlan] = {}

    def diff_type(self, obj_type: str) -> list[DiffElement]:
        """Diff all objects of a top-level type."""
        src_map = self.src_buckets.get(obj_type, _EMPTY)
        dst_map = self.dst_buckets.get(obj_type, _EMPTY)
        return self.diff_maps(src_map, dst_map, len(src_map), len(dst_map))

    def mark(self, diff: Diff) -> None:
        """Nothing to record (the kernel's elements carry destination keys; these do not)."""

    def diff_maps(
        self, src_map: dict[str, DiffSyncModel], dst_map: dict[str, DiffSyncModel], src_len: int, dst_len: int
    ) -> list[DiffElement]:
        """``diff_object_list`` for two ``{uid: object}`` maps built from lists of ``src_len``/``dst_len`` items."""
        differ = self.differ
        pairs: list[tuple[str, DiffSyncModel | None, DiffSyncModel | None]] = [
            (uid, obj, dst_map.get(uid)) for uid, obj in src_map.items()
        ]
        pairs.extend((uid, None, obj) for uid, obj in dst_map.items() if uid not in src_map)
        combined = len(pairs)
        duplicates = max(src_len - combined, 0) + max(dst_len - combined, 0)
        if duplicates:
            differ.incr_models_processed(duplicates)
        names = self._validate(pairs)
        elements = []
        src_name, dst_name, diff_class = differ.src_diffsync.name, differ.dst_diffsync.name, differ.diff_class
        plain_run = not differ._flag_bits
        for (uid, src_obj, dst_obj), name in zip(pairs, names):
            # The common case inline: no flags anywhere, matched or unmatched objects of planned classes.
            src_plan: FastModelPlan | None = type(src_obj)._lane.fast if src_obj is not None else None
            dst_plan: FastModelPlan | None = type(dst_obj)._lane.fast if dst_obj is not None else None
            if (
                not plain_run
                or (src_obj is not None and (src_plan is None or src_obj.__dict__["model_flags"] is not _NO_FLAGS))
                or (dst_obj is not None and (dst_plan is None or dst_obj.__dict__["model_flags"] is not _NO_FLAGS))
            ):
                element = self.diff_pair(uid, src_obj, dst_obj, name)
                if element is not None:
                    elements.append(element)
                continue
            if name is None:
                plan: FastModelPlan = src_plan or dst_plan  # type: ignore[assignment]
                values = (src_obj if src_obj is not None else dst_obj).__dict__
                keys = plan.identifiers(values)
                shortname = uid if plan.shortname is None else plan.shortname(values)
                if keys is None or shortname is None:
                    element = self.diff_pair(uid, src_obj, dst_obj, None)
                    if element is not None:
                        elements.append(element)
                    continue
                modelname = plan.modelname
            else:
                shortname, keys = name
                modelname = src_plan.modelname  # type: ignore[union-attr]
            element = DiffElement(modelname, shortname, keys, src_name, dst_name, diff_class)
            delta = 0
            if src_plan is not None:
                attrs = src_plan.attributes(src_obj.__dict__)
                element.source_attrs = attrs if attrs is not None else src_obj.get_attrs()  # type: ignore[union-attr]
                delta = 1
            if dst_plan is not None:
                attrs = dst_plan.attributes(dst_obj.__dict__)
                element.dest_attrs = attrs if attrs is not None else dst_obj.get_attrs()  # type: ignore[union-attr]
                delta += 1
            differ.models_processed += delta
            if differ.callback is not None:
                differ.callback("diff", differ.models_processed, differ.total_models)
            if (src_plan is not None and src_plan.children) or (dst_plan is not None and dst_plan.children):
                self._children(element, src_obj, dst_obj)
            elements.append(element)
        return elements

    def _validate(self, pairs: list[tuple[str, Any, Any]]) -> list[Name | None]:
        """``validate_objects_for_diff`` over all pairs first, keeping each matched pair's (shortname, keys)."""
        differ = self.differ
        names: list[Name | None] = []
        for uid, src_obj, dst_obj in pairs:
            if src_obj is None or dst_obj is None:
                names.append(None)
                continue
            src_plan: FastModelPlan | None = type(src_obj)._lane.fast
            dst_plan: FastModelPlan | None = type(dst_obj)._lane.fast
            if src_plan is None or dst_plan is None:
                names.append(differ._validate_pairs([(src_obj, dst_obj)])[0])
                continue
            if src_plan.modelname != dst_plan.modelname:
                raise TypeError(f"Type mismatch: {src_plan.modelname} vs {dst_plan.modelname}")
            src_values, dst_values = src_obj.__dict__, dst_obj.__dict__
            src_name = uid if src_plan.shortname is None else src_plan.shortname(src_values)
            dst_name = uid if dst_plan.shortname is None else dst_plan.shortname(dst_values)
            src_keys = src_plan.identifiers(src_values)
            dst_keys = dst_plan.identifiers(dst_values)
            if src_name is None or dst_name is None or src_keys is None or dst_keys is None:
                names.append(differ._validate_pairs([(src_obj, dst_obj)])[0])
                continue
            if src_name != dst_name:
                raise ValueError(f"Shortname mismatch: {src_name} vs {dst_name}")
            if src_keys != dst_keys:
                raise ValueError(f"Keys mismatch: {src_keys} vs {dst_keys}")
            names.append((src_name, src_keys))
        return names

    def diff_pair(self, uid: str, src_obj: Any, dst_obj: Any, name: Name | None) -> DiffElement | None:
        """``diff_object_pair`` for one uid; falls back to the generic path for unreadable objects."""
        differ = self.differ
        obj = src_obj if src_obj is not None else dst_obj
        plan: FastModelPlan | None = type(obj)._lane.fast
        if plan is None:
            return differ._diff_pair(src_obj, dst_obj, name)
        values = obj.__dict__
        if (
            (src_obj is None or src_obj.__dict__["model_flags"] is _NO_FLAGS)
            and (dst_obj is None or dst_obj.__dict__["model_flags"] is _NO_FLAGS)
            and not differ._flag_bits
        ):
            skip_reason = None
        else:
            skip_reason = differ._skip_reason(src_obj, dst_obj)
        if skip_reason is not None:
            differ.logger.debug(skip_reason, model=plan.modelname, unique_id=obj.get_unique_id())
            differ.incr_models_processed()
            return None
        if name is None:
            keys = plan.identifiers(values)
            shortname = uid if plan.shortname is None else plan.shortname(values)
            if keys is None or shortname is None:
                return differ._diff_pair(src_obj, dst_obj, None)
        else:
            shortname, keys = name
        element = DiffElement(
            plan.modelname, shortname, keys, differ.src_diffsync.name, differ.dst_diffsync.name, differ.diff_class
        )
        delta = 0
        if src_obj is not None:
            element.source_attrs = _read_attrs(src_obj)
            delta = 1
        if dst_obj is not None:
            element.dest_attrs = _read_attrs(dst_obj)
            delta += 1
        differ.models_processed += delta
        if differ.callback is not None:
            differ.callback("diff", differ.models_processed, differ.total_models)
        if (src_obj is not None and src_obj._children) or (dst_obj is not None and dst_obj._children):
            self._children(element, src_obj, dst_obj)
        return element

    def _children(self, element: DiffElement, src_obj: Any, dst_obj: Any) -> None:
        """``diff_child_objects``: child types in the source's order, objects read from the buckets."""
        differ = self.differ
        if src_obj is not None and dst_obj is not None:
            common, src_only, dst_only = self.child_plan(type(src_obj), type(dst_obj))
            for field in src_only:
                differ.incr_models_processed(len(getattr(src_obj, field)))
            for field in dst_only:
                differ.incr_models_processed(len(getattr(dst_obj, field)))
            for child_type, src_field, dst_field in common:
                self._child_type(element, child_type, getattr(src_obj, src_field), getattr(dst_obj, dst_field))
        elif src_obj is not None:
            for child_type, field in src_obj.get_children_mapping().items():
                self._child_type(element, child_type, getattr(src_obj, field), None)
        else:
            for child_type, field in dst_obj.get_children_mapping().items():
                self._child_type(element, child_type, None, getattr(dst_obj, field))

    def child_plan(self, src_class: type[Any], dst_class: type[Any]) -> ChildPlan:
        """The ``ChildPlan`` of a pair of classes, computed once per differ."""
        key = (src_class, dst_class)
        plan = self._child_plans.get(key)
        if plan is None:
            src_mapping: dict[str, str] = src_class.get_children_mapping()
            dst_mapping: dict[str, str] = dst_class.get_children_mapping()
            plan = (
                [(child, field, dst_mapping[child]) for child, field in src_mapping.items() if child in dst_mapping],
                [field for child, field in src_mapping.items() if child not in dst_mapping],
                [field for child, field in dst_mapping.items() if child not in src_mapping],
            )
            self._child_plans[key] = plan
        return plan

    def _child_type(
        self, element: DiffElement, child_type: str, src_uids: list[str] | None, dst_uids: list[str] | None
    ) -> None:
        """Diff the children of one type and attach them to ``element``."""
        differ = self.differ
        src_map = _lookup(self.src_buckets, child_type, src_uids, differ.src_diffsync) if src_uids is not None else {}
        dst_map = _lookup(self.dst_buckets, child_type, dst_uids, differ.dst_diffsync) if dst_uids is not None else {}
        if not src_map and not dst_map:
            return
        children = self.diff_maps(src_map, dst_map, len(src_uids or ()), len(dst_uids or ()))
        if children:
            child_diff = element.child_diff
            for child in children:
                child_diff.add(child)


def _read_attrs(obj: DiffSyncModel) -> dict[str, Any]:
    """``obj.get_attrs()``, read directly when the class has a plan and the values are plain."""
    plan = type(obj)._lane.fast
    if plan is not None:
        attrs: dict[str, Any] | None = plan.attributes(obj.__dict__)
        if attrs is not None:
            return attrs
    return obj.get_attrs()


def _lookup(buckets: Buckets, child_type: str, uids: list[str], adapter: Adapter) -> dict[str, DiffSyncModel]:
    """``{uid: object}`` for the uids, in order; ObjectNotFound (as LocalStore words it) for a missing one."""
    bucket = buckets.get(child_type, _EMPTY)
    try:
        return {uid: bucket[uid] for uid in uids}
    except KeyError as missing:
        raise ObjectNotFound(f"{child_type} {missing.args[0]} not present in {adapter.store}") from None
