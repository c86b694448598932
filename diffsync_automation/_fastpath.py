"""Plans that let a model read its identifiers and attributes without a pydantic dump.

``DiffSyncModel.get_identifiers()``/``get_attrs()`` are defined as ``model_dump(include=...)``. For fields holding
plain values (str, int, float, bool, None, or lists of those) the dump returns the same values, so they can be
read straight from the instance ``__dict__``. A class gets a plan only when nothing can change what the dump
returns: no serializers, no ``dict()`` override, no computed identifiers. Any other value falls back to the dump.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diffsync_automation.model import DiffSyncModel

PLAIN_TYPES: frozenset[type] = frozenset({str, int, float, bool, type(None)})


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


def build_plan(cls: type[DiffSyncModel], base_dict: Any) -> DumpPlan | None:
    """The dump plan for ``cls``, or None if its dumps may differ from the raw field values."""
    if cls.dict is not base_dict:
        return None
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
