"""How one model is written to Redis and read back: tagged JSON (``_redis_values``), never pickle.

A value is ``{"type": <modelname>, "seq": <insertion number>, "values": {<field>: <tagged JSON>, ...}}``. Reading
checks that envelope, turns the tagged JSON back into Python values and validates them with the model class chosen
by the store (the adapter's own class for that type name), so a value planted in Redis can at worst fail validation:
it cannot name a class or a function to run.

Values written by format 1 (``"fields"``: pydantic's JSON of the model, which lost non-finite floats and the types of
``Any`` fields) are still read, as pydantic's JSON mode reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from diffsync_automation.exceptions import ObjectStoreException
from diffsync_automation.store._redis_errors import RedisStoreValueError
from diffsync_automation.store._redis_values import (
    NATIVE,
    Allowed,
    UnstorableValue,
    dumps,
    field_classes,
    is_plain,
    loads,
    to_json,
)

if TYPE_CHECKING:
    from diffsync_automation.model import DiffSyncModel

FORMAT_VERSION = "2"
"""Stored in each store's meta hash; bump when the value layout changes (1: pydantic JSON, 2: tagged values)."""

_ENVELOPE = re.compile(rb'\{"type":("(?:[^"\\]|\\.)*"),"seq":(0|[1-9][0-9]*),"(values|fields)":(\{.*\})\}\Z', re.DOTALL)


class DecodeError(ObjectStoreException, ValueError):
    """A stored value is not a valid object of the expected type."""


def stored_values(obj: DiffSyncModel) -> dict[str, Any]:
    """The tagged JSON form of every stored field of ``obj`` (not ``adapter`` nor ``Field(exclude=True)`` ones).

    RedisStoreValueError, naming the model, field and type, if a field holds a value with no stored form.
    """
    model_class = type(obj)
    plan = _plan(model_class)
    return {
        name: value if type(value) in NATIVE else _field_json(model_class, name, value, allowed)
        for name, value, allowed in zip(plan.names, plan.read(obj), plan.allowed)
    }


def check_storable(obj: DiffSyncModel) -> None:
    """RedisStoreValueError, naming the model, field and type, if a stored field of ``obj`` has no stored form."""
    model_class = type(obj)
    plan = _plan(model_class)
    for name, value, allowed in zip(plan.names, plan.read(obj), plan.allowed):
        if type(value) not in NATIVE:
            _field_json(model_class, name, value, allowed)


def check_attrs(model_class: type[DiffSyncModel], attrs: Mapping[str, Any]) -> None:
    """``check_storable`` for values about to be set on a ``model_class`` object (names it does not store pass)."""
    by_name = _plan(model_class).by_name
    for name, value in attrs.items():
        allowed = by_name.get(name)
        if allowed is not None and type(value) not in NATIVE:
            _field_json(model_class, name, value, allowed)


def _field_json(model_class: type[DiffSyncModel], name: str, value: Any, allowed: Allowed) -> Any:
    if type(value) in allowed and isinstance(value, Enum):  # model_flags, in every object: the short way
        inner = value._value_
        if type(inner) in NATIVE:
            return inner
    try:
        return to_json(value, allowed)
    except UnstorableValue as error:
        raise RedisStoreValueError(
            f"{model_class.__name__} ({model_class.get_type()!r}) field {name!r} holds a value of type {error}, "
            "which RedisStore cannot store: use str, int, float, bool, None, list, dict, tuple, set, frozenset, "
            "bytes, datetime, date, time, timedelta, Decimal, UUID, ipaddress values, or enums and pydantic models "
            "in fields annotated with their class"
        ) from None


def encode(obj: DiffSyncModel, seq: int) -> bytes:
    """The stored form of ``obj``; RedisStoreValueError naming the field if one holds an unstorable value."""
    return b'{"type":%b,"seq":%d,"values":%b}' % (_quoted(obj.get_type()), seq, dumps(stored_values(obj)))


def decode(raw: bytes | str, modelname: str, model_class: type[DiffSyncModel]) -> tuple[int, DiffSyncModel]:
    """The insertion number and the object stored in ``raw``; DecodeError if it is not one of ours."""
    match = _ENVELOPE.match(raw.encode() if isinstance(raw, str) else raw)
    if match is None:
        raise DecodeError("the value is not JSON written by RedisStore")
    type_name, seq, layout, body = match.groups()
    if type_name != _quoted(modelname):
        raise DecodeError(f"the value is not a stored {modelname!r} object")
    try:
        if layout == b"fields" or is_plain(body):
            obj = model_class.model_validate_json(body)
        else:
            obj = model_class.model_validate(loads(body))
    except ValidationError as error:
        raise DecodeError(f"the fields are not a valid {model_class.__name__}: {error}") from None
    except (ValueError, RecursionError) as error:  # malformed JSON or tagged value, or nested too deep
        raise DecodeError(f"the fields are not tagged JSON written by RedisStore: {error}") from None
    return int(seq), obj


@dataclass(frozen=True)
class _Plan:
    """What to store of one model class: its stored field names, a reader of their values and their allowed classes."""

    names: tuple[str, ...]
    read: Callable[[Any], tuple[Any, ...]]
    allowed: tuple[Allowed, ...]
    by_name: dict[str, Allowed]


@lru_cache(maxsize=256)
def _plan(model_class: type[DiffSyncModel]) -> _Plan:
    by_name = {name: allowed for name, allowed in field_classes(model_class).items() if name != "adapter"}
    names = tuple(by_name)
    getter = attrgetter(*names)
    read = getter if len(names) > 1 else lambda obj: (getter(obj),)
    return _Plan(names, read, tuple(by_name.values()), by_name)


@lru_cache(maxsize=256)
def _quoted(modelname: str) -> bytes:
    """The JSON string of a type name, as ``encode`` writes it."""
    return json.dumps(modelname).encode()
