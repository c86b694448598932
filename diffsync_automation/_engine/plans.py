"""Plans that let a model read its identifiers and attributes without a pydantic dump.

``DiffSyncModel.get_identifiers()``/``get_attrs()`` are defined as ``model_dump(include=...)``. For fields holding
plain values (str, int, float, bool, None, or lists of those) the dump returns the same values, so they can be
read straight from the instance ``__dict__``. A class gets a plan only when nothing can change what the dump
returns: no serializers, no ``dict()`` override, no computed identifiers. Any other value falls back to the dump.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from diffsync_automation._engine.codegen import PLAIN_TYPES, FieldReader, dict_reader, joined_reader
from diffsync_automation._engine.sharing import SharedPrivate, shared_field_set, shared_private

try:
    from pydantic._internal import _model_construction

    _pydantic_private_init: Any = _model_construction.init_private_attributes
except (ImportError, AttributeError):  # a pydantic release that moved it: keep pydantic's own initialisation
    _pydantic_private_init = None

if TYPE_CHECKING:
    from diffsync_automation.model import DiffSyncModel


class NotPlain(Exception):
    """Raised internally when a value needs pydantic's serializer."""


@dataclass(frozen=True)
class DumpPlan:
    """Field names to read for identifiers and attributes, in field declaration order (as a dump orders them)."""

    identifiers: tuple[str, ...]
    attributes: tuple[str, ...]


def plain_value(value: Any) -> Any:
    """The value a python-mode dump would return, for plain values; raise NotPlain otherwise."""
    value_type = type(value)
    if value_type in PLAIN_TYPES:
        return value
    if value_type is list and all(type(item) in PLAIN_TYPES for item in value):
        return list(value)
    raise NotPlain


def read_fields(instance_dict: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """Dump-equivalent ``{name: value}`` for ``names``; raise NotPlain if a value needs the serializer."""
    result = {}
    for name in names:
        try:
            value = instance_dict[name]
        except KeyError:
            raise NotPlain from None
        value_type = type(value)
        if value_type in PLAIN_TYPES:
            result[name] = value
        else:
            result[name] = plain_value(value)
    return result


def build_plan(cls: type[DiffSyncModel]) -> DumpPlan | None:
    """The dump plan for ``cls`` (which keeps the engine's ``dict``), or None if its dumps may differ from the raw
    field values."""
    decorators = cls.__pydantic_decorators__
    if decorators.field_serializers or decorators.model_serializers:
        return None
    fields = cls.model_fields
    if any(name not in fields for name in cls._identifiers):
        return None  # computed fields or properties: only the dump knows
    dumped = [name for name, info in fields.items() if not info.exclude and name != "adapter"]
    identifiers = set(cls._identifiers)
    attributes = set(cls._attributes)
    return DumpPlan(
        identifiers=tuple(name for name in dumped if name in identifiers),
        attributes=tuple(name for name in dumped if name in attributes),
    )


@dataclass(frozen=True)
class FastModelPlan:
    """Generated readers the differ uses for a model class whose identity methods are diffsync's defaults."""

    modelname: str
    identifiers: FieldReader
    attributes: FieldReader
    shortname: FieldReader | None
    """None when the class has no ``_shortname``: the shortname is then the unique id."""
    children: dict[str, str]
    identifier_names: tuple[str, ...]
    attribute_names: tuple[str, ...]
    shortname_names: tuple[str, ...] | None
    """The field names behind the readers above, for the compiled kernel (which reads them itself)."""


def build_fast_plan(cls: type[DiffSyncModel], plan: DumpPlan) -> FastModelPlan:
    """The differ's readers for ``cls`` (which keeps the engine's identity methods) from its dump plan."""
    return FastModelPlan(
        modelname=cls._modelname,
        identifiers=dict_reader(plan.identifiers),
        attributes=dict_reader(plan.attributes),
        shortname=joined_reader(tuple(cls._shortname)) if cls._shortname else None,
        children=cls._children,
        identifier_names=plan.identifiers,
        attribute_names=plan.attributes,
        shortname_names=tuple(cls._shortname) if cls._shortname else None,
    )


def implementation(method: Callable[..., Any]) -> Any:
    """The plain function behind a (class)method, to compare implementations."""
    return getattr(method, "__func__", method)


_IMMUTABLE_DEFAULTS = (str, int, float, bool, type(None), enum.Enum, tuple, frozenset)


def install_fast_private_init(cls: type[DiffSyncModel]) -> SharedPrivate | None:
    """Initialise private attributes from shared defaults, instead of pydantic's generic loop.

    pydantic deep-copies each private default on every instantiation, and for subclasses of a model with
    private attributes it does so twice (a wrapper around the parent's initialiser): half of a model's
    construction time. When every private default is immutable and no class in the hierarchy defines its own
    ``model_post_init``, instances can start from one shared copy of the defaults and of their fields-set,
    copied on first write (see ``sharing``). Returns those shared defaults, or None if pydantic's loop stays.
    """
    if _pydantic_private_init is None or not _is_private_init_only(cls.model_post_init):
        return None
    defaults: dict[str, Any] = {}
    for name, private in cls.__private_attributes__.items():
        if private.default_factory is not None or not isinstance(private.default, _IMMUTABLE_DEFAULTS):
            return None
        defaults[name] = private.default

    shared_defaults = shared_private(defaults)
    last_field_set = [shared_field_set(())]  # instances of a class are mostly built from the same field names

    def init_private_defaults(self: Any, context: Any, /) -> None:
        if getattr(self, "__pydantic_private__", None) is None:
            object.__setattr__(self, "__pydantic_private__", shared_defaults)
        fields_set = self.__pydantic_fields_set__
        shared = last_field_set[0]
        if fields_set != shared:
            shared = last_field_set[0] = shared_field_set(fields_set)
        object.__setattr__(self, "__pydantic_fields_set__", shared)

    init_private_defaults.__dict__[_FAST_INIT_MARK] = True
    cls.model_post_init = init_private_defaults  # type: ignore[method-assign]
    return shared_defaults


_FAST_INIT_MARK = "_diffsync_automation_private_init"


def _is_private_init_only(post_init: Any) -> bool:
    """True if ``post_init`` only initialises private attributes (pydantic's, ours, or a wrapper of those)."""
    while True:
        function = implementation(post_init)
        if function is _pydantic_private_init or getattr(function, _FAST_INIT_MARK, False):
            return True
        wrapped = getattr(function, "__wrapped__", None)
        if wrapped is None:
            return False
        post_init = wrapped
