"""``DiffSyncModel``: one typed object that can be compared across datasets and created, updated or deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Dict

from pydantic import BaseModel, ConfigDict, PrivateAttr
from typing_extensions import Self

from diffsync_automation._engine import children as _children
from diffsync_automation._engine import compiled
from diffsync_automation._engine.construction import FastInit, build_fast_init
from diffsync_automation._engine.lanes import BASE_MODEL_LANE, ModelLane, model_lane
from diffsync_automation._engine.plans import NotPlain, install_fast_private_init, read_fields
from diffsync_automation._engine.sharing import (
    PLAIN_FIELD_SETTER,
    SharedFieldSet,
    SharedPrivate,
    shared_status,
    unshare,
    unshare_for,
)
from diffsync_automation.enum import DiffSyncModelFlags, DiffSyncStatus
from diffsync_automation.exceptions import ObjectAlreadyExists, ObjectNotFound, ObjectStoreWrongType

if TYPE_CHECKING:
    from diffsync_automation.adapter import Adapter

StrType = str


_ENGINE_MESSAGES = frozenset({"", "Created successfully", "Updated successfully", "Deleted successfully"})
"""Status messages set by the engine itself: few enough to share one private dict per (status, message)."""


class DiffSyncModel(BaseModel):
    """Base class for the models an adapter holds.

    Subclasses declare their type name (``_modelname``), the fields that identify an object
    (``_identifiers``), optionally a locally unique display name (``_shortname``), the fields compared in a
    diff (``_attributes``) and their child types (``_children``: ``{child_modelname: field_name}``, the field
    holding a list of child unique ids).
    """

    _modelname: ClassVar[str] = "diffsyncmodel"
    _identifiers: ClassVar[tuple[StrType, ...]] = ()
    _shortname: ClassVar[tuple[StrType, ...]] = ()
    _attributes: ClassVar[tuple[StrType, ...]] = ()
    _children: ClassVar[Dict[StrType, str]] = {}
    _lane: ClassVar[ModelLane] = BASE_MODEL_LANE
    """What the engine may read or do without calling this class's methods; decided when the class is defined."""
    _fast_init: ClassVar[FastInit | None] = None
    """Fills an instance from keyword arguments without pydantic's validator when that changes nothing."""

    model_flags: DiffSyncModelFlags = DiffSyncModelFlags.NONE
    """Behaviour switches for this object (see ``DiffSyncModelFlags``)."""

    adapter: Adapter | None = None
    """The adapter this object belongs to, if any."""

    _status: DiffSyncStatus = PrivateAttr(DiffSyncStatus.SUCCESS)
    _status_message: StrType = PrivateAttr("")

    model_config = ConfigDict(arbitrary_types_allowed=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Check the declarations against the fields when the subclass is defined."""
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        for attr in cls._identifiers:
            if attr not in fields and not hasattr(cls, attr):
                raise AttributeError(f"_identifiers {cls._identifiers} references missing or un-annotated attr {attr}")
        for attr in cls._shortname:
            if attr not in fields:
                raise AttributeError(f"_shortname {cls._shortname} references missing or un-annotated attr {attr}")
        for attr in cls._attributes:
            if attr not in fields:
                raise AttributeError(f"_attributes {cls._attributes} references missing or un-annotated attr {attr}")
        for attr in cls._children.values():
            if attr not in fields:
                raise AttributeError(f"_children {cls._children} references missing or un-annotated attr {attr}")
        for first, second, names in (
            ("_identifiers", "_attributes", set(cls._identifiers).intersection(cls._attributes)),
            ("_identifiers", "_children", set(cls._identifiers).intersection(cls._children.values())),
            ("_attributes", "_children", set(cls._attributes).intersection(cls._children.values())),
        ):
            if names:
                raise AttributeError(f"Fields {names} are included in both {first} and {second}.")
        private = install_fast_private_init(cls)
        cls._fast_init = build_fast_init(cls, private) if private is not None else None
        cls._lane = model_lane(cls, DiffSyncModel)

    def __init__(self, /, **data: Any) -> None:
        """Validate ``data`` into this model (pydantic's ``__init__``), skipping the validator when it would return
        every value unchanged (see ``_engine.construction``)."""
        fast_init = type(self)._fast_init
        if fast_init is None or not fast_init(self, data):
            super().__init__(**data)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]  # not a user __init__ for pydantic

    def __repr__(self) -> StrType:
        return f'{self.get_type()} "{self.get_unique_id()}"'

    def __str__(self) -> StrType:
        return self.get_unique_id()

    def dict(self, **kwargs: Any) -> Dict[StrType, Any]:
        """``model_dump()`` without the ``adapter`` field (unless ``exclude`` is given)."""
        if "exclude" not in kwargs:
            kwargs["exclude"] = {"adapter"}
        return super().model_dump(**kwargs)

    def json(self, **kwargs: Any) -> StrType:
        """``model_dump_json()`` without the ``adapter`` field and without defaults (unless told otherwise)."""
        if "exclude" not in kwargs:
            kwargs["exclude"] = {"adapter"}
        if "exclude_defaults" not in kwargs:
            kwargs["exclude_defaults"] = True
        return super().model_dump_json(**kwargs)

    def str(self, include_children: bool = True, indent: int = 0) -> StrType:
        """Readable view of this object and, through its adapter, of its children."""
        margin = " " * indent
        output = f"{margin}{self.get_type()}: {self.get_unique_id()}: {self.get_attrs()}"
        for modelname, fieldname in self._children.items():
            output += f"\n{margin}  {fieldname}"
            child_ids = getattr(self, fieldname)
            if not child_ids:
                output += ": []"
            elif self.adapter is None or not include_children:
                output += f": {child_ids}"
            else:
                for child_id in child_ids:
                    try:
                        child = self.adapter.get(modelname, child_id)
                        output += "\n" + child.str(include_children=include_children, indent=indent + 4)
                    except ObjectNotFound:
                        output += f"\n{margin}    {child_id} (ERROR: details unavailable)"
        return output

    def __setattr__(self, name: StrType, value: Any) -> None:
        setter = self.__pydantic_setattr_handlers__.get(name) if PLAIN_FIELD_SETTER is not None else None
        if setter is PLAIN_FIELD_SETTER and setter is not None:
            # What pydantic's handler for a plain field does, without its generic dispatch, and through the slot
            # CPython keeps the instance's values in rather than a ``__dict__`` built for the occasion.
            fields_set = self.__pydantic_fields_set__
            if name not in fields_set:
                if type(fields_set) is SharedFieldSet:
                    fields_set = set(fields_set)
                    object.__setattr__(self, "__pydantic_fields_set__", fields_set)
                fields_set.add(name)
            object.__setattr__(self, name, value)
        else:
            unshare_for(self, name)
            super().__setattr__(name, value)

    def __delattr__(self, name: StrType) -> None:
        unshare(self)
        super().__delattr__(name)

    def _attach_adapter(self, adapter: Adapter | None) -> None:
        """Set ``adapter`` as a plain assignment would, without pydantic's generic ``__setattr__`` dispatch."""
        if not type(self)._lane.plain_assign:
            self.adapter = adapter
            return
        object.__setattr__(self, "adapter", adapter)  # not via __dict__, which would build it (see construction)
        fields_set = self.__pydantic_fields_set__
        if type(fields_set) is SharedFieldSet:
            object.__setattr__(self, "__pydantic_fields_set__", fields_set.with_name("adapter"))
        else:
            fields_set.add("adapter")

    def set_status(self, status: DiffSyncStatus, message: StrType = "") -> None:
        """Record the outcome of the last create/update/delete (read by the syncer for its log event)."""
        private = self.__pydantic_private__
        if private is None:
            self._status = status
            self._status_message = message
            return
        if type(private) is SharedPrivate:
            if len(private) == 2 and message in _ENGINE_MESSAGES:  # only the two status attributes: share again
                object.__setattr__(self, "__pydantic_private__", shared_status(status, message))
                return
            private = dict(private)
            object.__setattr__(self, "__pydantic_private__", private)
        private["_status"] = status
        private["_status_message"] = message

    def get_status(self) -> tuple[DiffSyncStatus, StrType]:
        """The status and message recorded by ``set_status``."""
        private = self.__pydantic_private__
        if private is None:
            return self._status, self._status_message
        return private["_status"], private["_status_message"]

    @classmethod
    def create_base(cls, adapter: Adapter, ids: Dict[StrType, Any], attrs: Dict[StrType, Any]) -> Self | None:
        """Instantiate the model; the default behind ``create``."""
        model = cls(**ids, adapter=adapter, **attrs)
        model.set_status(DiffSyncStatus.SUCCESS, "Created successfully")
        return model

    @classmethod
    def create(cls, adapter: Adapter, ids: Dict[StrType, Any], attrs: Dict[StrType, Any]) -> Self | None:
        """Create this object in the destination system; override to act on it.

        Return the new instance on success, None if children should not be created, or raise
        ``ObjectNotCreated`` on error.
        """
        return cls.create_base(adapter=adapter, ids=ids, attrs=attrs)

    def update_base(self, attrs: Dict[StrType, Any]) -> Self | None:
        """Set the given attributes (without validation, as diffsync does); the default behind ``update``."""
        for attr, value in attrs.items():
            setattr(self, attr, value)
        self.set_status(DiffSyncStatus.SUCCESS, "Updated successfully")
        return self

    def update(self, attrs: Dict[StrType, Any]) -> Self | None:
        """Update this object in the destination system; override to act on it.

        Return this instance on success, None if children should not be updated, or raise ``ObjectNotUpdated``.
        """
        return self.update_base(attrs=attrs)

    def delete_base(self) -> Self | None:
        """Mark the deletion successful; the default behind ``delete``."""
        self.set_status(DiffSyncStatus.SUCCESS, "Deleted successfully")
        return self

    def delete(self) -> Self | None:
        """Delete this object from the destination system; override to act on it.

        Return this instance on success, None if children should not be deleted, or raise ``ObjectNotDeleted``.
        """
        return self.delete_base()

    @classmethod
    def get_type(cls) -> StrType:
        """The model's type name (``_modelname``)."""
        return cls._modelname

    @classmethod
    def create_unique_id(cls, **identifiers: Any) -> StrType:
        """The unique id for these identifier values: their ``str()`` joined by ``__`` in ``_identifiers`` order."""
        return "__".join(str(identifiers[key]) for key in cls._identifiers)

    @classmethod
    def get_children_mapping(cls) -> Dict[StrType, StrType]:
        """``{child_modelname: field_name}`` (the class's own dict, as in diffsync)."""
        return cls._children

    def get_identifiers(self) -> Dict[StrType, Any]:
        """The identifier fields as dumped by pydantic, in field declaration order."""
        plan = self._lane.dump
        if plan is not None:
            try:
                return read_fields(self.__dict__, plan.identifiers)
            except NotPlain:
                pass
        return self.dict(include=set(self._identifiers))

    def get_attrs(self) -> Dict[StrType, Any]:
        """The attribute fields as dumped by pydantic, in field declaration order."""
        plan = self._lane.dump
        if plan is not None:
            try:
                return read_fields(self.__dict__, plan.attributes)
            except NotPlain:
                pass
        return self.dict(include=set(self._attributes))

    def get_unique_id(self) -> StrType:
        """The globally unique id of this object within its type."""
        lane = type(self)._lane
        instance_reader = lane.instance_uid
        if instance_reader is not None:
            uid: str | None = instance_reader(self)
            if uid is not None:
                return uid
        elif lane.uid_reader is not None:
            uid = lane.uid_reader(self.__dict__)
            if uid is not None:
                return uid
        return self.create_unique_id(**self.get_identifiers())

    def get_shortname(self) -> StrType:
        """The locally unique display name (``_shortname`` fields joined by ``__``), else the unique id."""
        if self._shortname:
            return "__".join(str(getattr(self, key)) for key in self._shortname)
        return self.get_unique_id()

    def add_child(self, child: DiffSyncModel) -> None:
        """Record ``child``'s unique id in the matching children field (the child is not added to any store)."""
        kernel = compiled.speedups
        if kernel is not None and kernel.child_add(self, child):
            return
        child_class = type(child)
        child_lane = child_class._lane
        child_type = child_class._modelname if child_lane.own_identity else child.get_type()
        field = self._children.get(child_type)
        if field is None:
            raise ObjectStoreWrongType(
                f"Unable to store {child_type} as a child of {self.get_type()}; "
                f"valid types are {sorted(self._children.keys())}"
            )
        child_ids = getattr(self, field)
        reader = child_lane.instance_uid if child_lane.own_identity else None
        uid = reader(child) if reader is not None else None
        if uid is None:
            uid = child.get_unique_id()
        if _children.contains(self, field, child_ids, uid):
            raise ObjectAlreadyExists(f"Already storing a {child_type} with unique_id {uid}", child)
        _children.append(self, field, child_ids, uid)
        adapter = self.adapter
        if adapter is not None:
            store = adapter.store
            if not type(store)._lane.mark_dirty_noop:
                store.mark_dirty(obj=self)

    def remove_child(self, child: DiffSyncModel) -> None:
        """Remove ``child``'s unique id from the matching children field."""
        child_type = child.get_type()
        if child_type not in self._children:
            raise ObjectStoreWrongType(
                f"Unable to find and delete {child_type} as a child of {self.get_type()}; "
                f"valid types are {sorted(self._children.keys())}"
            )
        field = self._children[child_type]
        child_ids = getattr(self, field)
        uid = child.get_unique_id()
        if not _children.contains(self, field, child_ids, uid):
            raise ObjectNotFound(f"{child} was not found as a child in {field}")
        _children.remove(self, field, child_ids, uid)
        if self.adapter is not None:
            self.adapter.store.mark_dirty(obj=self)
