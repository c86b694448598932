"""Read a YAML file exactly as ruamel.yaml's safe loader does (YAML 1.2), but parsed by libyaml: for inventories.

Nornir's SimpleInventory reads its files with ``ruamel.yaml.YAML(typ="safe")``, which builds every scalar through
a Python resolver: 9-11 s of CPU for a 1000-device hosts.yaml of 4.5 MB. ``load_yaml_file`` walks libyaml's
events instead and resolves each distinct plain scalar once, with ruamel's own YAML 1.2 rules (0.15 s for the same
file). Only plain nested data takes this path: a file with an anchor, alias, tag, directive, merge key, complex or
duplicate key, a timestamp or a syntax error is handed to ruamel itself, so its result or error is ruamel's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ruamel.yaml
import yaml
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

_STR, _NULL, _BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int", "float"))
_VALUE_TAGS = frozenset({_NULL, _BOOL, _INT, _FLOAT})
_RESOLVER = VersionedResolver(version=(1, 2))
# First characters of a plain scalar that some YAML 1.2 rule other than str could match (null's is "" or ~/n/N).
_NOT_STR_STARTS = frozenset(start for start in _RESOLVER.versioned_resolver if start)


class _NeedsRuamel(Exception):
    """Not plain nested data: only ruamel itself gives ruamel's result."""


def load_yaml_file(path: Path, encoding: str = "utf-8") -> Any:
    """The content of ``path``, equal (values and types) to ``ruamel.yaml.YAML(typ="safe").load`` of the file."""
    text = path.read_text(encoding=encoding)
    try:
        return _Builder().document(yaml.parse(text, Loader=_LOADER))
    except (yaml.YAMLError, _NeedsRuamel):
        with open(path, encoding=encoding) as handle:  # a file handle: ruamel's errors name the file
            return ruamel.yaml.YAML(typ="safe").load(handle)


_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Builder:
    """Builds the document from its events; ``_scalars`` caches each distinct plain scalar's value."""

    def __init__(self) -> None:
        self._scalars: dict[str, Any] = {}
        self._node: dict[type[yaml.Event], Callable[[Iterator[yaml.Event], yaml.Event], Any]] = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._mapping,
            yaml.SequenceStartEvent: self._sequence,
        }

    def document(self, events: Iterator[yaml.Event]) -> Any:
        """The single document of the stream (None for an empty stream, as ruamel)."""
        _expect(events, yaml.StreamStartEvent)
        start = next(events)
        if isinstance(start, yaml.StreamEndEvent):
            return None
        if not isinstance(start, yaml.DocumentStartEvent) or start.version is not None or start.tags:
            raise _NeedsRuamel  # %YAML 1.1 changes the rules, %TAG the tags
        content = self._value(events, next(events))
        _expect(events, yaml.DocumentEndEvent)
        _expect(events, yaml.StreamEndEvent)  # a second document: ruamel's error
        return content

    def _value(self, events: Iterator[yaml.Event], event: yaml.Event) -> Any:
        if getattr(event, "anchor", None) is not None or getattr(event, "tag", None) is not None:
            raise _NeedsRuamel
        build = self._node.get(type(event))
        if build is None:  # an alias
            raise _NeedsRuamel
        return build(events, event)

    def _scalar(self, events: Iterator[yaml.Event], event: yaml.Event) -> Any:
        assert isinstance(event, yaml.ScalarEvent)
        value: str = event.value
        if not event.implicit[0]:  # quoted or block scalar: a string
            return value
        try:
            return self._scalars[value]
        except KeyError:
            resolved = self._scalars[value] = _plain(value)
            return resolved

    def _mapping(self, events: Iterator[yaml.Event], event: yaml.Event) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        while not isinstance(event := next(events), yaml.MappingEndEvent):
            if not isinstance(event, yaml.ScalarEvent):
                raise _NeedsRuamel  # a complex key (or an alias)
            key = self._value(events, event)
            if key in mapping:
                raise _NeedsRuamel  # ruamel's duplicate-key error
            mapping[key] = self._value(events, next(events))
        return mapping

    def _sequence(self, events: Iterator[yaml.Event], event: yaml.Event) -> list[Any]:
        items: list[Any] = []
        while not isinstance(event := next(events), yaml.SequenceEndEvent):
            items.append(self._value(events, event))
        return items


def _plain(value: str) -> Any:
    """A plain scalar's value under ruamel's YAML 1.2 rules: a string, or ruamel's own reading of the scalar."""
    if value and value[0] not in _NOT_STR_STARTS:
        return value
    tag = str(_RESOLVER.resolve(ScalarNode, value, (True, False)))
    if tag == _STR:
        return value
    if tag not in _VALUE_TAGS:
        raise _NeedsRuamel  # a timestamp, a merge key, "=": rare in inventories
    return ruamel.yaml.YAML(typ="safe").load(value)


def _expect(events: Iterator[yaml.Event], kind: type[yaml.Event]) -> None:
    if not isinstance(next(events), kind):
        raise _NeedsRuamel
