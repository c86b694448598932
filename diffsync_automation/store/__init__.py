"""Storage back ends for adapters: ``BaseStore`` defines the interface, ``LocalStore`` keeps objects in memory."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Union

from diffsync_automation._engine.events import get_event_logger
from diffsync_automation._engine.lanes import NO_STORE_LANE, StoreLane
from diffsync_automation.exceptions import ObjectNotFound

if TYPE_CHECKING:
    from diffsync_automation.adapter import Adapter
    from diffsync_automation.model import DiffSyncModel

ModelRef = Union[str, "DiffSyncModel", type["DiffSyncModel"]]
"""A model type given as its name, a model class or a model instance."""


class BaseStore:
    """Where an adapter keeps its objects: ``{modelname: {unique_id: object}}`` in some form."""

    _lane: ClassVar[StoreLane] = NO_STORE_LANE
    """Whether the engine may read this store's buckets directly (only ``LocalStore`` and its subclasses)."""

    def __init__(self, *args: Any, adapter: Adapter | None = None, name: str = "", **kwargs: Any) -> None:
        self.adapter = adapter
        self.name = name or self.__class__.__name__

    def __str__(self) -> str:
        return self.name

    @cached_property
    def _log(self) -> Any:
        """Event logger bound to this store, created on first use."""
        return get_event_logger("diffsync_automation.store", store=self)

    def get_all_model_names(self) -> set[str]:
        """Names of the model types stored."""
        raise NotImplementedError

    def get(self, *, model: ModelRef, identifier: str | dict[str, Any]) -> DiffSyncModel:
        """The object of type ``model`` with this unique id (str) or identifiers (dict); ObjectNotFound if absent."""
        raise NotImplementedError

    def get_all(self, *, model: ModelRef) -> list[DiffSyncModel]:
        """All objects of type ``model``, in insertion order."""
        raise NotImplementedError

    def get_by_uids(self, *, uids: Iterable[str], model: ModelRef) -> list[DiffSyncModel]:
        """Objects of type ``model`` for these unique ids, in that order; ObjectNotFound on the first missing one."""
        raise NotImplementedError

    def remove_item(self, modelname: str, uid: str) -> None:
        """Remove one object by type name and unique id; ObjectNotFound if absent."""
        raise NotImplementedError

    def add(self, *, obj: DiffSyncModel) -> None:
        """Store ``obj``; ObjectAlreadyExists if another object has its unique id."""
        raise NotImplementedError

    def update(self, *, obj: DiffSyncModel) -> None:
        """Store ``obj`` in place of the object with its unique id."""
        raise NotImplementedError

    def count(self, *, model: ModelRef | None = None) -> int:
        """Number of objects of type ``model``, or of all types."""
        raise NotImplementedError

    def mark_dirty(self, *, obj: DiffSyncModel) -> None:
        """Note that ``obj`` was changed in place (``add_child``, an update during a sync); never does I/O.

        Stores that keep a copy elsewhere write it back at their next ``flush``; in memory there is nothing to do.
        """

    def flush(self) -> None:
        """Write buffered changes to the backing storage; the syncer calls it when a sync ends. No-op here."""

    def remove(self, *, obj: DiffSyncModel, remove_children: bool = False) -> None:
        """Remove ``obj`` (and, if asked, its children recursively); ObjectNotFound if absent."""
        modelname = obj.get_type()
        uid = obj.get_unique_id()
        self.remove_item(modelname, uid)
        if obj.adapter is not None:
            obj.adapter = None
        if not remove_children:
            return
        for child_type, child_fieldname in obj.get_children_mapping().items():
            for child_id in getattr(obj, child_fieldname):
                try:
                    child = self.get(model=child_type, identifier=child_id)
                    self.remove(obj=child, remove_children=remove_children)
                except ObjectNotFound:
                    self._log.error(
                        "Unable to remove child element as it was not found!",
                        child_type=child_type,
                        child_id=child_id,
                        parent_type=modelname,
                        parent_id=uid,
                    )

    def get_or_instantiate(
        self, *, model: type[DiffSyncModel], ids: dict[str, Any], attrs: dict[str, Any] | None = None
    ) -> tuple[DiffSyncModel, bool]:
        """The stored object with these identifiers, else a new one built from ``ids`` and ``attrs`` and added."""
        try:
            return self.get(model=model, identifier=ids), False
        except ObjectNotFound:
            obj = model(**ids, **(attrs or {}))
            self.add(obj=obj)
            return obj, True

    def get_or_add_model_instance(self, obj: DiffSyncModel) -> tuple[DiffSyncModel, bool]:
        """The stored object with ``obj``'s unique id, else ``obj`` after adding it."""
        try:
            return self.get(model=obj.get_type(), identifier=obj.get_unique_id()), False
        except ObjectNotFound:
            self.add(obj=obj)
            return obj, True

    def update_or_instantiate(
        self, *, model: type[DiffSyncModel], ids: dict[str, Any], attrs: dict[str, Any]
    ) -> tuple[DiffSyncModel, bool]:
        """Like ``get_or_instantiate``, then set every attribute of ``attrs`` that differs."""
        obj, created = self.get_or_instantiate(model=model, ids=ids, attrs=attrs)
        if not created:
            for attr, value in attrs.items():
                if getattr(obj, attr) != value:
                    setattr(obj, attr, value)
        return obj, created

    def update_or_add_model_instance(self, obj: DiffSyncModel) -> tuple[DiffSyncModel, bool]:
        """Copy ``obj``'s attributes onto the stored object with its unique id, else add ``obj``."""
        attrs = obj.get_attrs()
        try:
            existing = self.get(model=obj.get_type(), identifier=obj.get_unique_id())
        except ObjectNotFound:
            self.add(obj=obj)
            return obj, True
        for attr, value in attrs.items():
            setattr(existing, attr, value)
        return existing, False

    def _get_object_class_and_model(self, model: ModelRef) -> tuple[ModelRef | None, str]:
        """The model class or instance (if known) and the type name for a model reference."""
        if isinstance(model, str):
            return getattr(self.adapter, model, None), model
        return model, model.get_type()

    @staticmethod
    def _get_uid(model: ModelRef, object_class: ModelRef | None, identifier: str | dict[str, Any]) -> str:
        """The unique id for an identifier given as a uid string or as an identifier dict."""
        if isinstance(identifier, str):
            return identifier
        if object_class is not None and not isinstance(object_class, str) and isinstance(identifier, dict):
            return object_class.create_unique_id(**identifier)
        raise ValueError(
            f"Invalid args: ({model}, {object_class}, {identifier}): "
            f"either {object_class} should be a class/instance or {identifier} should be a str"
        )
