"""Per-class readers generated once, so the differ reads plain field values without generic loops.

Each reader returns None when a value is not plain (str, int, float, bool, None): the caller then falls back
to the model's own methods, which go through pydantic's serializer exactly as diffsync does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PLAIN_TYPES: frozenset[type] = frozenset({str, int, float, bool, type(None)})

FieldReader = Callable[[dict[str, Any]], Any]
InstanceReader = Callable[[Any], Any]


def _compile(name: str, body: list[str], argument: str = "values", missing: str = "KeyError") -> Any:
    namespace: dict[str, Any] = {"PLAIN": PLAIN_TYPES}
    source = f"def {name}({argument}):\n    try:\n" + "".join(f"        {line}\n" for line in body)
    source += f"    except {missing}:\n        return None\n"
    exec(compile(source, f"<diffsync_automation {name}>", "exec"), namespace)
    return namespace[name]


def _loads(names: tuple[str, ...]) -> list[str]:
    return [f"v{index} = values[{name!r}]" for index, name in enumerate(names)]


def _all_plain(names: tuple[str, ...]) -> str:
    return " and ".join(f"type(v{index}) in PLAIN" for index in range(len(names))) or "True"


def _joined(names: tuple[str, ...]) -> str:
    return " + '__' + ".join(f"(v{index} if type(v{index}) is str else str(v{index}))" for index in range(len(names)))


def dict_reader(names: tuple[str, ...]) -> FieldReader:
    """``values -> {name: value}`` for ``names`` if every value is plain, else None."""
    items = ", ".join(f"{name!r}: v{index}" for index, name in enumerate(names))
    body = [*_loads(names), f"if {_all_plain(names)}:", f"    return {{{items}}}", "return None"]
    reader: FieldReader = _compile("read_dict", body)
    return reader


def joined_reader(names: tuple[str, ...]) -> FieldReader:
    """``values -> "v1__v2..."`` (``str()`` of each) if every value is plain, else None."""
    if not names:
        return lambda _values: ""
    body = [*_loads(names), f"if {_all_plain(names)}:", f"    return {_joined(names)}", "return None"]
    reader: FieldReader = _compile("read_joined", body)
    return reader


def joined_attr_reader(names: tuple[str, ...]) -> InstanceReader:
    """``instance -> "v1__v2..."`` like ``joined_reader``, reading instance attributes instead of ``__dict__``.

    Reading ``__dict__`` makes CPython build the dict of a model whose fields sit in its inline values (see
    ``construction``); a load reads every new object's unique id, and should leave its dict unbuilt. Only for
    classes where an attribute read returns the ``__dict__`` entry (``lanes.model_lane`` checks that).
    """
    if not names:
        return lambda _instance: ""
    loads = [f"v{index} = instance.{name}" for index, name in enumerate(names)]
    body = [*loads, f"if {_all_plain(names)}:", f"    return {_joined(names)}", "return None"]
    reader: InstanceReader = _compile("read_joined_attrs", body, argument="instance", missing="AttributeError")
    return reader
