"""Python values as tagged JSON and back, so that a stored field comes back equal and of the same type.

JSON strings, ints, bools, ``None``, finite floats, lists and dicts with string keys are written as they are.
Every other supported value is a tagged object ``{"$type": <tag>, "value": <JSON>}``: non-finite floats,
tuples, sets, frozensets, bytes, ``datetime``/``date``/``time``/``timedelta``, ``Decimal``, ``UUID``, the
``ipaddress`` types, complex numbers and dicts with non-string keys (or with a ``"$type"`` key of their own).
Reading only ever builds these types (no class or function is named by the data), so planted data cannot run code.

Enums and pydantic models are written as their value or their fields when the field's annotation names their
class: validating the field then rebuilds them. Anything else, or those outside such a field, is refused with
``UnstorableValue`` naming the type.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import ipaddress
import json
import math
import uuid
import zoneinfo
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from typing import Any

import pydantic_core
from pydantic import BaseModel

from diffsync_automation.exceptions import ObjectStoreException

TAG = "$type"
"""The key marking a tagged object; a plain dict holding this key is itself written tagged (``dict``)."""

Allowed = frozenset[type]
"""The enum and pydantic model classes a field's annotation names: values of these are rebuilt by validation."""


class UnstorableValue(ObjectStoreException, TypeError):
    """A value of a type the tagged encoding has no form for."""

    def __init__(self, kind: type) -> None:
        super().__init__(f"{kind.__module__}.{kind.__qualname__}")
        self.kind = kind


class UntaggingError(ObjectStoreException, ValueError):
    """A tagged object is unknown or malformed."""


NATIVE = frozenset({str, int, bool, type(None)})
"""Types written as they are, whatever their value."""


def to_json(value: Any, allowed: Allowed) -> Any:
    """The JSON-ready (tagged) form of ``value``; UnstorableValue if some part of it has none."""
    kind = type(value)
    if kind in NATIVE:
        return value
    if kind in allowed:  # an enum or a pydantic model the field's annotation names
        if isinstance(value, Enum):
            return to_json(value._value_, allowed)  # not ``.value``, a descriptor several times slower
        model: type[BaseModel] = kind
        return {name: to_json(getattr(value, name), inner) for name, inner in field_classes(model).items()}
    if kind is float:
        return value if math.isfinite(value) else {TAG: "float", "value": repr(value)}
    if kind is list:
        if all(type(item) is str for item in value):  # child id lists, the most common lists by far
            return value
        return [to_json(item, allowed) for item in value]
    if kind is dict:
        if TAG not in value and all(type(key) is str for key in value):
            return {key: to_json(item, allowed) for key, item in value.items()}
        return {TAG: "dict", "value": [[to_json(key, allowed), to_json(item, allowed)] for key, item in value.items()]}
    if kind is tuple or kind is set or kind is frozenset:
        return {TAG: kind.__name__, "value": [to_json(item, allowed) for item in value]}
    writer = _WRITERS.get(kind)
    if writer is not None:
        return {TAG: writer[0], "value": writer[1](value)}
    raise UnstorableValue(kind)


def untag(obj: dict[str, Any]) -> Any:
    """``json.loads`` object hook: the Python value of a tagged object, other objects unchanged."""
    if TAG not in obj:
        return obj
    reader = _READERS.get(obj[TAG])
    if reader is None or len(obj) != 2 or "value" not in obj:
        raise UntaggingError(f"unknown tagged value {obj!r:.80}")
    try:
        return reader(obj["value"])
    except (TypeError, ValueError, KeyError, decimal.DecimalException, zoneinfo.ZoneInfoNotFoundError) as error:
        raise UntaggingError(f"malformed {obj[TAG]} value {obj['value']!r:.80}: {error}") from None


@lru_cache(maxsize=1024)
def field_classes(model: type[BaseModel]) -> dict[str, Allowed]:
    """``allowed_classes`` of each stored field of ``model`` (not those declared ``Field(exclude=True)``)."""
    return {name: allowed_classes(field.annotation) for name, field in model.model_fields.items() if not field.exclude}


def allowed_classes(annotation: Any) -> Allowed:
    """The enum and pydantic model classes named anywhere in ``annotation`` (``list[Role] | None`` -> {Role})."""
    found: set[type] = set()
    pending = [annotation]
    while pending:
        current = pending.pop()
        if isinstance(current, type) and issubclass(current, (Enum, BaseModel)):
            found.add(current)
        pending.extend(getattr(current, "__args__", ()) or ())
        if getattr(current, "__metadata__", None) is not None:  # Annotated[X, ...]
            pending.append(current.__origin__)
    return frozenset(found)


# Datetimes keep their zone: a zoneinfo key, else the fixed offset (and name) of ``datetime.timezone``; ``fold``
# is kept for the ambiguous hour. Other tzinfo classes carry only their offset at that instant.


def _zone(tzinfo: dt.tzinfo | None, when: dt.datetime | None) -> Any:
    if tzinfo is None:
        return None
    if isinstance(tzinfo, zoneinfo.ZoneInfo) and tzinfo.key:
        return tzinfo.key
    offset = tzinfo.utcoffset(when)
    if offset is None:  # a tzinfo that cannot say its offset here: storing it naive would change the value
        raise UnstorableValue(type(tzinfo))
    name = tzinfo.tzname(when)
    default_name = dt.timezone(offset).tzname(None)
    seconds = [offset.days, offset.seconds, offset.microseconds]
    return seconds if name == default_name or name is None else [*seconds, name]


def _tzinfo(zone: Any) -> dt.tzinfo | None:
    if zone is None:
        return None
    if isinstance(zone, str):
        return zoneinfo.ZoneInfo(zone)
    offset = dt.timedelta(days=zone[0], seconds=zone[1], microseconds=zone[2])
    return dt.timezone(offset, zone[3]) if len(zone) == 4 else dt.timezone(offset)


def _write_datetime(value: dt.datetime) -> list[Any]:
    return [value.replace(tzinfo=None).isoformat(), _zone(value.tzinfo, value), value.fold]


def _read_datetime(parts: list[Any]) -> dt.datetime:
    naive, zone, fold = parts
    return dt.datetime.fromisoformat(naive).replace(tzinfo=_tzinfo(zone), fold=fold)


def _write_time(value: dt.time) -> list[Any]:
    return [value.replace(tzinfo=None).isoformat(), _zone(value.tzinfo, None), value.fold]


def _read_time(parts: list[Any]) -> dt.time:
    naive, zone, fold = parts
    return dt.time.fromisoformat(naive).replace(tzinfo=_tzinfo(zone), fold=fold)


def _read_delta(parts: list[int]) -> dt.timedelta:
    days, seconds, microseconds = parts
    return dt.timedelta(days=days, seconds=seconds, microseconds=microseconds)


def _read_float(text: str) -> float:
    if text not in ("inf", "-inf", "nan"):
        raise ValueError("not a non-finite float")
    return float(text)


def _read_complex(parts: list[Any]) -> complex:
    real, imag = (_read_float(part) if isinstance(part, str) else float(part) for part in parts)
    return complex(real, imag)


def _write_float_part(value: float) -> float | str:
    return value if math.isfinite(value) else repr(value)


_WRITERS: dict[type, tuple[str, Callable[[Any], Any]]] = {
    bytes: ("bytes", lambda value: base64.b64encode(value).decode()),
    bytearray: ("bytearray", lambda value: base64.b64encode(value).decode()),
    complex: ("complex", lambda value: [_write_float_part(value.real), _write_float_part(value.imag)]),
    dt.datetime: ("datetime", _write_datetime),
    dt.date: ("date", dt.date.isoformat),
    dt.time: ("time", _write_time),
    dt.timedelta: ("timedelta", lambda value: [value.days, value.seconds, value.microseconds]),
    decimal.Decimal: ("decimal", str),
    uuid.UUID: ("uuid", str),
    ipaddress.IPv4Address: ("ipv4_address", str),
    ipaddress.IPv6Address: ("ipv6_address", str),
    ipaddress.IPv4Network: ("ipv4_network", str),
    ipaddress.IPv6Network: ("ipv6_network", str),
    ipaddress.IPv4Interface: ("ipv4_interface", str),
    ipaddress.IPv6Interface: ("ipv6_interface", str),
}

_READERS: dict[str, Callable[[Any], Any]] = {
    "float": _read_float,
    "dict": lambda pairs: {key: item for key, item in pairs},
    "tuple": tuple,
    "set": set,
    "frozenset": frozenset,
    "bytes": lambda text: base64.b64decode(text, validate=True),
    "bytearray": lambda text: bytearray(base64.b64decode(text, validate=True)),
    "complex": _read_complex,
    "datetime": _read_datetime,
    "date": dt.date.fromisoformat,
    "time": _read_time,
    "timedelta": _read_delta,
    "decimal": decimal.Decimal,
    "uuid": uuid.UUID,
    "ipv4_address": ipaddress.IPv4Address,
    "ipv6_address": ipaddress.IPv6Address,
    "ipv4_network": ipaddress.IPv4Network,
    "ipv6_network": ipaddress.IPv6Network,
    "ipv4_interface": ipaddress.IPv4Interface,
    "ipv6_interface": ipaddress.IPv6Interface,
}


_ASCII_WRITER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
_READER = json.JSONDecoder(object_hook=untag)


def dumps(values: dict[str, Any]) -> bytes:
    """UTF-8 JSON bytes of already tagged values; a string with a lone surrogate is written as a ``\\u`` escape.

    pydantic-core's serializer is about four times as fast as the standard library's on these small documents.
    """
    try:
        return pydantic_core.to_json(values)
    except pydantic_core.PydanticSerializationError:  # a lone surrogate has no UTF-8 form
        return _ASCII_WRITER.encode(values).encode()


def loads(raw: bytes) -> Any:
    """The Python values of JSON written by ``dumps`` (UntaggingError, ValueError on malformed data)."""
    return _READER.decode(raw.decode())


def is_plain(raw: bytes) -> bool:
    """True if JSON written by ``dumps`` holds no tagged value and no surrogate escape.

    Such JSON means the same to pydantic's JSON parser, which is about twice as fast as ``loads`` plus validation.
    """
    return b'"$type"' not in raw and b"\\ud" not in raw
