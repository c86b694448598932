"""The one decision point: may a model, adapter, store, syncer or diff class take the engine's fast lane?

Each class is judged once, when it is defined (``__pydantic_init_subclass__``/``__init_subclass__`` of the public
base classes call the functions below and keep the answer on the class as ``_lane``). The fast lane reads objects
straight from a local store's buckets and fields straight from instance dicts, and the compiled kernel runs the
engine's own create/update/delete inline; all of that is only equivalent to calling the methods when the class
keeps the engine's own methods, which is what is checked here. Methods assigned to a class after it is defined
are not seen (docs/compatibility.md).

This module takes the base classes as arguments, so it imports none of the public modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diffsync_automation._engine.codegen import FieldReader, InstanceReader, joined_attr_reader, joined_reader
from diffsync_automation._engine.plans import DumpPlan, FastModelPlan, build_fast_plan, build_plan, implementation

_MODEL_ENGINE_METHODS = (
    "create",
    "create_base",
    "update",
    "update_base",
    "delete",
    "delete_base",
    "set_status",
    "get_status",
    "add_child",
    "remove_child",
    "get_type",
    "get_unique_id",
    "create_unique_id",
    "get_identifiers",
    "__setattr__",
)
"""The model methods a sync calls. A class that keeps all of them has its create/update/delete done inline by the
kernel, and nothing the sync runs for it can create garbage cycles (so a GC pause may hold)."""

_MODEL_IDENTITY_METHODS = (
    "get_type",
    "get_unique_id",
    "get_identifiers",
    "get_attrs",
    "get_shortname",
    "get_children_mapping",
    "create_unique_id",
    "dict",
)
"""The model methods that define what the differ reads: a class that keeps them all gets the differ's readers."""

_ADAPTER_BUCKET_READS = ("get_all", "get_by_uids")
_ADAPTER_WRITES = ("add", "remove")
_STORE_READS = ("get", "get_all", "get_by_uids")
_STORE_SYNC_METHODS = ("add", "remove", "remove_item", "mark_dirty", "flush", "get", "get_all", "get_by_uids")
_SYNCER_WALK = ("sync_model", "sync_diff_element", "log_sync_status", "incr_elements_processed")


def _keeps(cls: type[Any], base: type[Any], names: tuple[str, ...]) -> bool:
    """True if ``cls`` uses ``base``'s implementation of every method in ``names``."""
    return all(implementation(getattr(cls, name)) is implementation(getattr(base, name)) for name in names)


@dataclass(frozen=True, slots=True)
class ModelLane:
    """What the engine may do with a model class without calling its methods."""

    dump: DumpPlan | None
    """Fields whose raw values equal what ``get_identifiers()``/``get_attrs()`` dump (None: always dump)."""
    uid_reader: FieldReader | None
    """Reads the unique id from the identifier values (None: call ``create_unique_id``)."""
    instance_uid: InstanceReader | None
    """Reads an instance's unique id from its attributes, leaving its ``__dict__`` unbuilt (None: use
    ``uid_reader`` on ``__dict__``, or ``get_unique_id``)."""
    fast: FastModelPlan | None
    """The differ's readers (None: the differ calls the model's methods)."""
    engine_crud: bool
    """All of ``_MODEL_ENGINE_METHODS`` are the engine's: the kernel does their work inline."""
    default_status: bool
    """``set_status``/``get_status`` are the engine's: the status may be read and shared in place."""
    own_identity: bool
    """``get_type``/``get_unique_id`` are the engine's: ``add``/``add_child`` may read ``_modelname`` and
    ``uid_reader`` (when set) themselves."""
    plain_assign: bool
    """Neither ``validate_assignment`` nor ``frozen``: attaching the adapter may write the instance dict."""


def model_lane(cls: type[Any], base: type[Any]) -> ModelLane:
    """The lane of the model class ``cls`` (``base`` is ``DiffSyncModel``)."""
    dump = build_plan(cls) if _keeps(cls, base, ("dict",)) else None
    plain_uid = dump is not None and _keeps(cls, base, ("get_identifiers", "create_unique_id"))
    fast = dump is not None and _keeps(cls, base, _MODEL_IDENTITY_METHODS)
    identifiers = tuple(cls._identifiers)
    # An attribute read returns the __dict__ entry unless the class defines the name or attribute access itself.
    own_access = implementation(cls.__getattribute__) is not implementation(object.__getattribute__)
    attribute_reads = not own_access and not any(hasattr(cls, name) for name in identifiers)
    return ModelLane(
        dump=dump,
        uid_reader=joined_reader(identifiers) if plain_uid else None,
        instance_uid=joined_attr_reader(identifiers) if plain_uid and attribute_reads else None,
        fast=build_fast_plan(cls, dump) if fast and dump is not None else None,
        engine_crud=_keeps(cls, base, _MODEL_ENGINE_METHODS),
        default_status=_keeps(cls, base, ("set_status", "get_status")),
        own_identity=_keeps(cls, base, ("get_type", "get_unique_id")),
        plain_assign=not (cls.model_config.get("validate_assignment") or cls.model_config.get("frozen")),
    )


BASE_MODEL_LANE = ModelLane(
    dump=None,
    uid_reader=None,
    instance_uid=None,
    fast=None,
    engine_crud=True,
    default_status=True,
    own_identity=True,
    plain_assign=True,
)
"""The lane of ``DiffSyncModel`` itself: no readers (it has no fields to read), its own methods."""


@dataclass(frozen=True, slots=True)
class AdapterLane:
    """Which of an adapter class's methods are ``Adapter``'s own."""

    bucket_reads: bool
    """``get_all``/``get_by_uids``: the differ may read the store's buckets instead."""
    bucket_get: bool
    """``get``: the syncer may look destination objects up in the buckets."""
    engine_writes: bool
    """``add``/``remove``: a sync through them runs engine code only."""


def adapter_lane(cls: type[Any], base: type[Any]) -> AdapterLane:
    """The lane of the adapter class ``cls`` (``base`` is ``Adapter``)."""
    return AdapterLane(
        bucket_reads=_keeps(cls, base, _ADAPTER_BUCKET_READS),
        bucket_get=_keeps(cls, base, ("get",)),
        engine_writes=_keeps(cls, base, _ADAPTER_WRITES),
    )


@dataclass(frozen=True, slots=True)
class StoreLane:
    """Whether a store class keeps its objects in ``LocalStore``'s buckets and reads them ``LocalStore``'s way."""

    bucket_reads: bool
    """``_data`` is what ``get``/``get_all``/``get_by_uids`` return: the engine may read it directly."""
    engine_only: bool
    """Every store method a sync calls is ``LocalStore``'s: a sync through it runs engine code only."""
    mark_dirty_noop: bool
    """``mark_dirty`` does nothing: the kernel may skip the call."""
    own_add: bool
    """``add`` is ``LocalStore``'s: ``Adapter.add`` may hand a new object to the kernel's ``local_add`` directly."""


NO_STORE_LANE = StoreLane(bucket_reads=False, engine_only=False, mark_dirty_noop=False, own_add=False)
"""The lane of stores that are not ``LocalStore`` (the engine calls their methods)."""


def store_lane(cls: type[Any], local: type[Any], base: type[Any]) -> StoreLane:
    """The lane of the ``LocalStore`` subclass ``cls`` (``local`` is ``LocalStore``, ``base`` is ``BaseStore``)."""
    return StoreLane(
        bucket_reads=_keeps(cls, local, _STORE_READS),
        engine_only=_keeps(cls, local, _STORE_SYNC_METHODS),
        mark_dirty_noop=_keeps(cls, base, ("mark_dirty",)),
        own_add=_keeps(cls, local, ("add",)),
    )


@dataclass(frozen=True, slots=True)
class DiffClassLane:
    """Which of a ``Diff`` class's methods are ``Diff``'s own."""

    insertion_order: bool
    """No ``get_children``/``order_children_*`` override: children come in insertion order, read from the groups."""
    default_add: bool
    """``add`` is ``Diff``'s: the kernel may put child elements into the groups directly."""


def diff_class_lane(cls: type[Any], base: type[Any]) -> DiffClassLane:
    """The lane of the diff class ``cls`` (``base`` is ``Diff``)."""
    own_orders = any(name.startswith("order_children_") and name != "order_children_default" for name in dir(cls))
    return DiffClassLane(
        insertion_order=_keeps(cls, base, ("get_children", "order_children_default")) and not own_orders,
        default_add=_keeps(cls, base, ("add",)),
    )


def syncer_walks_quietly(cls: type[Any], base: type[Any]) -> bool:
    """True if the syncer class ``cls`` keeps ``base``'s element walk, so unchanged elements may be skipped inline."""
    return _keeps(cls, base, _SYNCER_WALK)
