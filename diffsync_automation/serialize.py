"""A ``Diff`` as JSON and back: the basis of plan files, which must apply exactly the diff that was reviewed.

``diff_to_dict`` keeps everything a diff's behaviour depends on: group and element order (insertion order, so a
``Diff`` subclass with ``order_children_<type>`` orders the loaded diff as it ordered the original), the element
keys, the source and destination names, ``source_attrs``/``dest_attrs`` (``None``, absent on that side, stays
distinct from ``{}``, present without attributes), children and ``models_processed``. ``diff_from_dict`` rebuilds
a diff whose ``str()``, ``dict()``, ``summary()`` and elements equal the original's.

Values: ``str``, ``int``, ``float`` (finite), ``bool``, ``None``, lists and dicts with string keys are written
as they are (subclasses such as ``str`` enums come back as the plain base type, which compares equal). Tuples,
``datetime``/``date``/``time``, ``Decimal``, ``UUID`` and the ``ipaddress`` types are written tagged,
``{"$type": "tuple", "value": [...]}``, and come back as the same type. A dict that itself has a ``"$type"`` key is
tagged ``dict`` so it is never mistaken for a tagged value. Anything else (sets, bytes, NaN, objects, non-string
dict keys) raises ``DiffSerializationError`` naming the value's place in the diff.
"""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import json
import math
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from diffsync_automation.diff import Diff, DiffElement

DIFF_FORMAT = "diffsync-automation/diff"
DIFF_FORMAT_VERSION = 1
_TAG = "$type"


class DiffSerializationError(ValueError):
    """A diff holds a value JSON cannot carry faithfully, or serialized data is not a diff."""


_TAGGED_TYPES: dict[str, tuple[type, Callable[[Any], Any], Callable[[Any], Any]]] = {
    # tag: (type, encode to a JSON value, decode from it). Exact types only: bool is not an int here.
    "datetime": (dt.datetime, dt.datetime.isoformat, dt.datetime.fromisoformat),
    "date": (dt.date, dt.date.isoformat, dt.date.fromisoformat),
    "time": (dt.time, dt.time.isoformat, dt.time.fromisoformat),
    "decimal": (decimal.Decimal, str, decimal.Decimal),
    "uuid": (uuid.UUID, str, uuid.UUID),
    "ipv4_address": (ipaddress.IPv4Address, str, ipaddress.IPv4Address),
    "ipv6_address": (ipaddress.IPv6Address, str, ipaddress.IPv6Address),
    "ipv4_network": (ipaddress.IPv4Network, str, ipaddress.IPv4Network),
    "ipv6_network": (ipaddress.IPv6Network, str, ipaddress.IPv6Network),
    "ipv4_interface": (ipaddress.IPv4Interface, str, ipaddress.IPv4Interface),
    "ipv6_interface": (ipaddress.IPv6Interface, str, ipaddress.IPv6Interface),
}
_TAG_OF_TYPE = {kind: tag for tag, (kind, _, _) in _TAGGED_TYPES.items()}


# ---------------------------------------------------------------------------------------------------- writing
def diff_to_dict(diff: Diff) -> dict[str, Any]:
    """The JSON-ready form of ``diff`` (raises ``DiffSerializationError`` for values JSON cannot carry)."""
    return {"format": DIFF_FORMAT, "version": DIFF_FORMAT_VERSION, **_diff_body(diff, "")}


def dumps(diff: Diff, indent: int | None = None) -> str:
    """``diff`` as a JSON string."""
    return json.dumps(diff_to_dict(diff), indent=indent, ensure_ascii=False, allow_nan=False)


def _diff_body(diff: Diff, where: str) -> dict[str, Any]:
    return {
        "models_processed": diff.models_processed,
        "groups": [
            {"type": group, "elements": [_element_to_dict(element, where) for element in elements.values()]}
            for group, elements in diff.children.items()
        ],
    }


def _element_to_dict(element: DiffElement, parent: str) -> dict[str, Any]:
    where = f"{parent}{element.type} {element.name!r}"
    data: dict[str, Any] = {
        "type": element.type,
        "name": element.name,
        "keys": _encode(element.keys, f"{where} keys"),
        "source_name": element.source_name,
        "dest_name": element.dest_name,
        "source_attrs": _encode(element.source_attrs, f"{where} source_attrs"),
        "dest_attrs": _encode(element.dest_attrs, f"{where} dest_attrs"),
    }
    if any(True for _ in element.get_children()):
        data["children"] = _diff_body(element.child_diff, f"{where} / ")
    return data


def _encode(value: Any, where: str) -> Any:
    if value is None or type(value) in (str, bool, int):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str.__str__(value)  # a plain str, also for str enums
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DiffSerializationError(f"{where}: {value!r} has no JSON form")
        return float(value)
    if isinstance(value, list):
        return [_encode(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, Mapping):
        encoded = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise DiffSerializationError(f"{where}: dict key {key!r} is not a string")
            encoded[key] = _encode(item, f"{where}.{key}")
        return {_TAG: "dict", "value": encoded} if _TAG in encoded else encoded
    if isinstance(value, tuple):
        return {_TAG: "tuple", "value": [_encode(item, f"{where}[{index}]") for index, item in enumerate(value)]}
    tag = _TAG_OF_TYPE.get(type(value))
    if tag is None:
        raise DiffSerializationError(
            f"{where}: cannot serialize a {type(value).__name__} ({value!r}); use JSON types, tuples, dates, "
            "Decimal, UUID or ipaddress values"
        )
    return {_TAG: tag, "value": _TAGGED_TYPES[tag][1](value)}


# ---------------------------------------------------------------------------------------------------- reading
def diff_from_dict(data: Mapping[str, Any], diff_class: type[Diff] = Diff) -> Diff:
    """Rebuild the diff ``diff_to_dict`` wrote; its child diffs are ``diff_class`` instances too."""
    if data.get("format") != DIFF_FORMAT:
        raise DiffSerializationError(f"not a serialized diff (format {data.get('format')!r}, expected {DIFF_FORMAT!r})")
    if data.get("version") != DIFF_FORMAT_VERSION:
        raise DiffSerializationError(f"unsupported diff format version {data.get('version')!r}")
    try:
        return _diff_from_body(data, diff_class)
    except (KeyError, TypeError, AttributeError) as exc:
        raise DiffSerializationError(f"malformed serialized diff: {exc!r}") from None


def loads(text: str, diff_class: type[Diff] = Diff) -> Diff:
    """Rebuild a diff from the JSON ``dumps`` wrote."""
    return diff_from_dict(json.loads(text), diff_class)


def _diff_from_body(data: Mapping[str, Any], diff_class: type[Diff]) -> Diff:
    diff = diff_class()
    diff.models_processed = int(data["models_processed"])
    for group in data["groups"]:
        diff.children[group["type"]]  # creates the group: empty groups and group order survive
        for item in group["elements"]:
            if item["type"] != group["type"]:
                raise DiffSerializationError(f"element {item['name']!r} of type {item['type']!r} in group {group!r}")
            diff.add(_element_from_dict(item, diff_class))
    return diff


def _element_from_dict(data: Mapping[str, Any], diff_class: type[Diff]) -> DiffElement:
    element = DiffElement(
        data["type"],
        data["name"],
        _decode(data["keys"]),
        source_name=data["source_name"],
        dest_name=data["dest_name"],
        diff_class=diff_class,
    )
    element.source_attrs = _decode(data["source_attrs"])
    element.dest_attrs = _decode(data["dest_attrs"])
    if "children" in data:
        element.child_diff = _diff_from_body(data["children"], diff_class)
    return element


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if _TAG not in value:
        return {key: _decode(item) for key, item in value.items()}
    tag, inner = value[_TAG], value["value"]
    if tag == "dict":
        return {key: _decode(item) for key, item in inner.items()}
    if tag == "tuple":
        return tuple(_decode(item) for item in inner)
    if tag not in _TAGGED_TYPES:
        raise DiffSerializationError(f"unknown value tag {tag!r}")
    return _TAGGED_TYPES[tag][2](inner)
