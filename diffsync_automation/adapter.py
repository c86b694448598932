"""``Adapter``: a dataset of models loaded from one system, which can be diffed and synced with another."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from inspect import isclass
from typing import Any, ClassVar, Dict, Type

from diffsync_automation._engine import compiled
from diffsync_automation._engine.lanes import AdapterLane, adapter_lane
from diffsync_automation.diff import Diff
from diffsync_automation.enum import DiffSyncFlags
from diffsync_automation.exceptions import DiffClassMismatch, ObjectNotFound
from diffsync_automation.helpers import DiffSyncDiffer, DiffSyncSyncer
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.store import BaseStore, ModelRef
from diffsync_automation.store.local import LocalStore
from diffsync_automation.utils import get_path, set_key, tree_string

StrType = str
ProgressCallback = Callable[[StrType, int, int], None]
"""Called as ``callback(stage, current, total)`` with stage ``"diff"`` or ``"sync"``."""


class Adapter:
    """A collection of models from one system.

    Subclasses declare their model classes as class attributes named after each model's type
    (``site = Site``) and list the root types in ``top_level``; ``load()`` fills the store.
    """

    type: StrType | None = None
    top_level: ClassVar[list[StrType]] = []
    _lane: ClassVar[AdapterLane]
    """Which reads and writes the engine may do on the store directly; decided when the class is defined."""

    def __init_subclass__(cls) -> None:
        """Check model attributes and ``top_level`` when the subclass is defined, and decide its lane."""
        cls._lane = adapter_lane(cls, Adapter)
        for name, value in cls.__dict__.items():
            if isclass(value) and issubclass(value, DiffSyncModel) and value.get_type() != name:
                raise AttributeError(
                    f'Incorrect field name - {value.__name__} has type name "{value.get_type()}", not "{name}"'
                )
        for name in cls.top_level:
            if not hasattr(cls, name):
                raise AttributeError(f'top_level references attribute "{name}" but it is not a class attribute!')
            value = getattr(cls, name)
            if not isclass(value) or not issubclass(value, DiffSyncModel):
                raise AttributeError(f'top_level references attribute "{name}" but it is not a DiffSyncModel subclass!')

    def __init__(
        self, name: StrType | None = None, internal_storage_engine: Type[BaseStore] | BaseStore = LocalStore
    ) -> None:
        if isinstance(internal_storage_engine, BaseStore):
            self.store = internal_storage_engine
            self.store.adapter = self
        else:
            self.store = internal_storage_engine(adapter=self)
        if self.type is None:
            self.type = self.__class__.__name__
        self.name = name if name else self.type

    def __str__(self) -> StrType:
        if self.type != self.name:
            return f'{self.type} "{self.name}"'
        return str(self.type)

    def __repr__(self) -> StrType:
        return f"<{self}>"

    def __len__(self) -> int:
        """Number of objects stored (an empty adapter is falsy, as in diffsync)."""
        return self.store.count()

    @classmethod
    def _get_initial_value_order(cls) -> list[StrType]:
        """Model attribute names: ``top_level`` first, then the other model classes alphabetically."""
        value_order = list(cls.top_level) if isinstance(getattr(cls, "top_level", None), list) else []
        for item in dir(cls):
            if item in value_order:
                continue
            value = getattr(cls, item)
            if isclass(value) and issubclass(value, DiffSyncModel):
                value_order.append(item)
        return value_order

    def load(self) -> None:
        """Load the models of this adapter's system; override in subclasses."""

    def dict(self, exclude_defaults: bool = True, **kwargs: Any) -> Dict[StrType, Dict[StrType, Dict[StrType, Any]]]:
        """``{modelname: {unique_id: model.dict()}}`` of everything stored."""
        data: Dict[StrType, Dict[StrType, Dict[StrType, Any]]] = {}
        for modelname in self.store.get_all_model_names():
            data[modelname] = {}
            for obj in self.store.get_all(model=modelname):
                data[obj.get_type()][obj.get_unique_id()] = obj.dict(exclude_defaults=exclude_defaults, **kwargs)
        return data

    def str(self, indent: int = 0) -> StrType:
        """Readable tree of the stored objects, from the ``top_level`` types down."""
        margin = " " * indent
        output = ""
        for modelname in self.top_level:
            if output:
                output += "\n"
            output += f"{margin}{modelname}"
            models = self.get_all(modelname)
            if not models:
                output += ": []"
            else:
                for model in models:
                    output += "\n" + model.str(indent=indent + 2)
        return output

    def load_from_dict(self, data: Dict[StrType, Dict[StrType, Dict[StrType, Any]]]) -> None:
        """Rebuild the store from the output of ``dict()``."""
        for field_name in self._get_initial_value_order():
            model_class = getattr(self, field_name)
            for values in data.get(field_name, {}).values():
                self.add(model_class(**values))

    # Synchronization

    def sync_from(
        self,
        source: Adapter,
        diff_class: Type[Diff] = Diff,
        flags: DiffSyncFlags = DiffSyncFlags.NONE,
        callback: ProgressCallback | None = None,
        diff: Diff | None = None,
    ) -> Diff:
        """Make this adapter match ``source``: create, update and delete models here. Returns the diff applied.

        Pass ``diff`` to apply a diff computed earlier (even an empty one) instead of computing a new one.
        """
        if diff is not None and diff_class and not isinstance(diff, diff_class):
            raise DiffClassMismatch(
                f"The provided diff's class ({diff.__class__.__name__}) does not match the diff_class: "
                f"{diff_class.__name__}"
            )
        if diff is None:
            diff = self.diff_from(source, diff_class=diff_class, flags=flags, callback=callback)
        syncer = DiffSyncSyncer(diff=diff, src_diffsync=source, dst_diffsync=self, flags=flags, callback=callback)
        if syncer.perform_sync():
            self.sync_complete(source, diff, flags, syncer.base_logger)
        return diff

    def sync_to(
        self,
        target: Adapter,
        diff_class: Type[Diff] = Diff,
        flags: DiffSyncFlags = DiffSyncFlags.NONE,
        callback: ProgressCallback | None = None,
        diff: Diff | None = None,
    ) -> Diff:
        """Make ``target`` match this adapter. Returns the diff applied."""
        return target.sync_from(self, diff_class=diff_class, flags=flags, callback=callback, diff=diff)

    def sync_complete(
        self, source: Adapter, diff: Diff, flags: DiffSyncFlags = DiffSyncFlags.NONE, logger: Any = None
    ) -> None:
        """Hook called on the destination after a sync that changed something (e.g. for bulk writes)."""

    def diff_from(
        self,
        source: Adapter,
        diff_class: Type[Diff] = Diff,
        flags: DiffSyncFlags = DiffSyncFlags.NONE,
        callback: ProgressCallback | None = None,
    ) -> Diff:
        """What it would take to make this adapter match ``source``."""
        differ = DiffSyncDiffer(
            src_diffsync=source, dst_diffsync=self, flags=flags, diff_class=diff_class, callback=callback
        )
        return differ.calculate_diffs()

    def diff_to(
        self,
        target: Adapter,
        diff_class: Type[Diff] = Diff,
        flags: DiffSyncFlags = DiffSyncFlags.NONE,
        callback: ProgressCallback | None = None,
    ) -> Diff:
        """What it would take to make ``target`` match this adapter."""
        return target.diff_from(self, diff_class=diff_class, flags=flags, callback=callback)

    # Object storage

    def get_all_model_names(self) -> set[StrType]:
        """Names of the model types stored."""
        return self.store.get_all_model_names()

    def get(self, obj: ModelRef, identifier: StrType | Dict[StrType, Any]) -> DiffSyncModel:
        """One object by type and unique id (or identifier dict); ObjectNotFound if absent."""
        return self.store.get(model=obj, identifier=identifier)

    def get_or_none(self, obj: ModelRef, identifier: StrType | Dict[StrType, Any]) -> DiffSyncModel | None:
        """Like ``get``, but None if absent."""
        try:
            return self.get(obj, identifier)
        except ObjectNotFound:
            return None

    def get_all(self, obj: ModelRef) -> list[DiffSyncModel]:
        """All objects of one type."""
        return self.store.get_all(model=obj)

    def get_by_uids(self, uids: Iterable[StrType], obj: ModelRef) -> list[DiffSyncModel]:
        """Objects of one type by unique id (note: ids first, as in diffsync)."""
        return self.store.get_by_uids(uids=uids, model=obj)

    @classmethod
    def get_tree_traversal(cls, as_dict: bool = False) -> StrType | Dict[StrType, Any]:
        """The model hierarchy of this adapter class, as a tree string or nested dict."""
        output: Dict[StrType, Any] = {}
        for key in cls._get_initial_value_order():
            model_class = getattr(cls, key)
            if not get_path(output, key):
                set_key(output, [key])
            for child_key in list(getattr(model_class, "_children", {}).keys()):
                path = get_path(output, key) or [key]
                path.append(child_key)
                set_key(output, path)
        if as_dict:
            return output
        return tree_string(output, cls.__name__)

    def add(self, obj: DiffSyncModel) -> None:
        """Store ``obj``; ObjectAlreadyExists if another object has its unique id."""
        store = self.store
        kernel = compiled.speedups  # a load calls this per object: skip LocalStore.add's frame when it is the kernel's
        if kernel is None or not type(store)._lane.own_add or not kernel.local_add(store, obj):
            store.add(obj=obj)

    def update(self, obj: DiffSyncModel) -> None:
        """Store ``obj`` in place of the object with its unique id."""
        self.store.update(obj=obj)

    def remove(self, obj: DiffSyncModel, remove_children: bool = False) -> None:
        """Remove ``obj`` (and its children, if asked)."""
        self.store.remove(obj=obj, remove_children=remove_children)

    def get_or_instantiate(
        self, model: Type[DiffSyncModel], ids: Dict[StrType, Any], attrs: Dict[StrType, Any] | None = None
    ) -> tuple[DiffSyncModel, bool]:
        """The stored object with these identifiers, else a new one added; and whether it was created."""
        return self.store.get_or_instantiate(model=model, ids=ids, attrs=attrs)

    def get_or_add_model_instance(self, obj: DiffSyncModel) -> tuple[DiffSyncModel, bool]:
        """The stored object with ``obj``'s unique id, else ``obj`` added; and whether it was added."""
        return self.store.get_or_add_model_instance(obj)

    def update_or_instantiate(
        self, model: Type[DiffSyncModel], ids: Dict[StrType, Any], attrs: Dict[StrType, Any]
    ) -> tuple[DiffSyncModel, bool]:
        """Get or create, then set the attributes that differ; and whether it was created."""
        return self.store.update_or_instantiate(model=model, ids=ids, attrs=attrs)

    def update_or_add_model_instance(self, obj: DiffSyncModel) -> tuple[DiffSyncModel, bool]:
        """Copy ``obj``'s attributes onto the stored object, else add ``obj``; and whether it was added."""
        return self.store.update_or_add_model_instance(obj)

    def count(self, model: ModelRef | None = None) -> int:
        """Number of objects of one type, or of all types."""
        return self.store.count(model=model)


Adapter._lane = adapter_lane(Adapter, Adapter)
