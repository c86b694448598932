"""Per-class readers generated once, so the differ reads plain field values without generic loops.

Each reader returns None when a value is not plain (str, int, float, bool, None): the caller then falls back
to the model's own methods, which go through pydantic's serializer exactly as diffsync does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PLAIN_TYPES: frozenset[type] = frozenset({str, int, float, bool, type(None)})

FieldReader = Callable[[dict[str, Any]], Any]


def _compile(name: str, body: list[str]) -> FieldReader:
    namespace: dict[str, Any] = {"PLAIN": PLAIN_TYPES}
    source = f"def {name}(values):\n    try:\n" + "".join(f"        {line}\n" for line in body)
    source += "    except KeyError:\n        return None\n"
    exec(compile(source, f"<diffsync_automation {name}>", "exec"), namespace)
    reader: FieldReader = namespace[name]
    return reader


def _loads(names: tuple[str, ...]) -> list[str]:
    return [f"v{index} = values[{name!r}]" for index, name in enumerate(names)]


def _all_plain(names: tuple[str, ...]) -> str:
    return " and ".join(f"type(v{index}) in PLAIN" for index in range(len(names))) or "True"


def dict_reader(names: tuple[str, ...]) -> FieldReader:
    """``values -> {name: value}`` for ``names`` if every value is plain, else None."""
    items = ", ".join(f"{name!r}: v{index}" for index, name in enumerate(names))
    body = [*_loads(names), f"if {_all_plain(names)}:", f"    return {{{items}}}", "return None"]
    return _compile("read_dict", body)


def joined_reader(names: tuple[str, ...]) -> FieldReader:
    """``values -> "v1__v2..."`` (``str()`` of each) if every value is plain, else None."""
    if not names:
        return lambda _values: ""
    parts = " + '__' + ".join(f"(v{index} if type(v{index}) is str else str(v{index}))" for index in range(len(names)))
    body = [*_loads(names), f"if {_all_plain(names)}:", f"    return {parts}", "return None"]
    return _compile("read_joined", body)
