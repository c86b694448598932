"""How one model is written to Redis and read back: JSON data, never pickle.

A value is ``{"type": <modelname>, "seq": <insertion number>, "fields": <model_dump_json of the model>}``. Reading
checks that envelope and rebuilds the object with ``model_validate_json`` of a model class chosen by the store (the
adapter's own class for that type name), so a value planted in Redis can at worst fail validation: it cannot name
a class or a function to run.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

if TYPE_CHECKING:
    from diffsync_automation.model import DiffSyncModel

FORMAT_VERSION = "1"
"""Stored in each store's meta hash; bump when the value layout changes."""

_ENVELOPE = re.compile(rb'\{"type":("(?:[^"\\]|\\.)*"),"seq":(0|[1-9][0-9]*),"fields":(\{.*\})\}\Z', re.DOTALL)


class DecodeError(ValueError):
    """A stored value is not a valid object of the expected type."""


class EncodeError(ValueError):
    """A model has a field value that has no JSON form."""


def encode(obj: DiffSyncModel, seq: int) -> bytes:
    """The stored form of ``obj`` (every field but ``adapter``, in pydantic's round-trip JSON mode)."""
    try:
        fields = obj.model_dump_json(exclude={"adapter"}, round_trip=True)
    except (PydanticSerializationError, TypeError, ValueError) as error:
        raise EncodeError(str(error)) from None
    return b'{"type":%b,"seq":%d,"fields":%b}' % (_quoted(obj.get_type()), seq, fields.encode())


def decode(raw: bytes | str, modelname: str, model_class: type[DiffSyncModel]) -> tuple[int, DiffSyncModel]:
    """The insertion number and the object stored in ``raw``; DecodeError if it is not one of ours.

    The envelope must be exactly what ``encode`` writes; the fields are parsed and validated in one step by
    pydantic (``model_validate_json``), which is about twice as fast as ``json.loads`` plus ``model_validate``.
    """
    match = _ENVELOPE.match(raw.encode() if isinstance(raw, str) else raw)
    if match is None:
        raise DecodeError("the value is not JSON written by RedisStore")
    type_name, seq, fields = match.groups()
    if type_name != _quoted(modelname):
        raise DecodeError(f"the value is not a stored {modelname!r} object")
    try:
        obj = model_class.model_validate_json(fields)
    except ValidationError as error:
        raise DecodeError(f"the fields are not a valid {model_class.__name__}: {error}") from None
    return int(seq), obj


@lru_cache(maxsize=256)
def _quoted(modelname: str) -> bytes:
    """The JSON string of a type name, as ``encode`` writes it."""
    return json.dumps(modelname).encode()
