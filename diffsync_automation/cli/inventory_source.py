"""What ``-i/--inventory`` points at, told apart by its content, and the Nornir settings that open it.

Users bring the inventory they already have: a Nornir SimpleInventory (a directory with ``hosts.yaml``, or that
file itself), a Nornir config file (``nornir.yaml``: any registered inventory plugin, NetBox or Nautobot ones
included), or an Ansible inventory (an INI or YAML file, or a directory with ``group_vars/`` and ``host_vars/``),
which ansible-core itself reads through the ``AnsibleInventory`` plugin.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from diffsync_automation.cli.errors import CommandLineError
from diffsync_automation.yaml_errors import describe_yaml_error

EXPECTED = (
    "expected a Nornir SimpleInventory directory (with hosts.yaml), a Nornir config file (nornir.yaml with an"
    " inventory: section) or an Ansible inventory (an INI or YAML file, or a directory with group_vars/ and"
    " host_vars/)"
)
ANSIBLE_GROUP_KEYS = frozenset({"hosts", "children", "vars"})
SIMPLE_SUFFIXES = (".yaml", ".yml")


class InventoryError(CommandLineError, RuntimeError):
    """The inventory cannot be used (not a kind we read, no hosts, or no host left after ``--limit``)."""


class InventoryKind(str, Enum):
    """The three kinds of inventory ``-i`` takes."""

    nornir_simple = "Nornir SimpleInventory"
    nornir_config = "Nornir config file"
    ansible = "Ansible inventory"


@dataclass(frozen=True)
class InventorySource:
    """An inventory path and what it is; ``init_nornir_settings`` are the keyword arguments for ``InitNornir``."""

    path: Path
    kind: InventoryKind
    host_file: Path | None = None

    def init_nornir_settings(self) -> dict[str, Any]:
        """``config_file`` for a Nornir config file, else the ``inventory`` section."""
        if self.kind is InventoryKind.nornir_config:
            return {"config_file": str(self.path)}
        if self.kind is InventoryKind.ansible:
            return {"inventory": {"plugin": "AnsibleInventory", "options": {"source": str(self.path)}}}
        assert self.host_file is not None
        directory, suffix = self.host_file.parent, self.host_file.suffix
        return {
            "inventory": {
                "plugin": "FastSimpleInventory",
                "options": {
                    "host_file": str(self.host_file),
                    "group_file": str(_sibling(directory, "groups", suffix)),
                    "defaults_file": str(_sibling(directory, "defaults", suffix)),
                },
            }
        }


def detect_inventory(path: Path) -> InventorySource:
    """Tell what ``path`` is from its content; ``InventoryError`` names what was expected when it is none of them."""
    if path.is_dir():
        return _detect_directory(path)
    if not path.is_file():
        raise InventoryError(f"{path}: no such file or directory; {EXPECTED}")
    content = _read_shape(path)
    if isinstance(content, Mapping) and isinstance(content.get("inventory"), Mapping):
        return InventorySource(path, InventoryKind.nornir_config)
    if isinstance(content, Mapping) and _looks_like_nornir_hosts(content):
        return InventorySource(path, InventoryKind.nornir_simple, host_file=path)
    return InventorySource(path, InventoryKind.ansible)


def _detect_directory(path: Path) -> InventorySource:
    for suffix in SIMPLE_SUFFIXES:
        hosts = path / f"hosts{suffix}"
        if hosts.is_file():
            content = _read_shape(hosts)
            if isinstance(content, Mapping) and _looks_like_nornir_hosts(content):
                return InventorySource(path, InventoryKind.nornir_simple, host_file=hosts)
            if isinstance(content, Mapping) and _looks_like_ansible(content):
                return InventorySource(path, InventoryKind.ansible)
            raise InventoryError(f"{hosts}: neither Nornir hosts nor an Ansible inventory; {EXPECTED}")
    if any(entry.is_file() and not entry.name.startswith(".") for entry in path.iterdir()):
        return InventorySource(path, InventoryKind.ansible)
    raise InventoryError(f"{path}: no inventory file in this directory; {EXPECTED}")


def _looks_like_nornir_hosts(content: Mapping[Any, Any]) -> bool:
    """Nornir SimpleInventory hosts: a mapping of host names to mappings, not in Ansible's group layout."""
    hosts = content.values()
    return (
        bool(content) and all(isinstance(h, Mapping) or h is None for h in hosts) and not _looks_like_ansible(content)
    )


def _looks_like_ansible(content: Mapping[Any, Any]) -> bool:
    """An Ansible YAML inventory: each top-level group holds only ``hosts``, ``children`` and ``vars``."""
    return all(
        value is None or (isinstance(value, Mapping) and set(value) <= ANSIBLE_GROUP_KEYS) for value in content.values()
    )


# libyaml's loader when PyYAML was built with it: a 1000-device hosts.yaml takes seconds in pure Python.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_shape(path: Path) -> Any:
    """What the kind of an inventory file depends on: its top-level mapping with each value reduced to None, the
    keys of its mapping (each to None) or ``...`` (anything else); or, for a file that is more than plain nested
    data (an alias, a tag, a merge or complex key, a top-level key that is not a string, not one mapping, not YAML),
    its full content.

    A thousand-device hosts.yaml takes seconds to load, even with libyaml, since the objects are built in Python;
    libyaml's events alone take a tenth of that. Nornir reads the file again anyway.
    """
    try:
        shape = _shallow(yaml.parse(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER))
    except (yaml.YAMLError, UnicodeDecodeError, StopIteration, _NeedsFullLoad):
        return _read_yaml(path)
    return shape


class _NeedsFullLoad(Exception):
    """The file is not plain nested data: only a full load tells its shape."""


_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG, _NULL_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"


def _shallow(events: Iterator[yaml.Event]) -> dict[str, Any]:
    """The shape ``_read_shape`` describes, from the file's events."""
    kinds = [type(_next(events)) for _ in range(3)]
    if kinds != [yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent]:
        raise _NeedsFullLoad
    shape: dict[str, Any] = {}
    while not isinstance(event := _next(events), yaml.MappingEndEvent):
        key = _key(event)
        value = _next(events)
        if isinstance(value, yaml.MappingStartEvent):
            shape[key] = _keys(events)
        elif isinstance(value, yaml.ScalarEvent) and _tag(value) == _NULL_TAG:
            shape[key] = None
        else:
            shape[key] = ...
            _skip(events, value)
    if not isinstance(_next(events), yaml.DocumentEndEvent) or not isinstance(_next(events), yaml.StreamEndEvent):
        raise _NeedsFullLoad
    return shape


def _keys(events: Iterator[yaml.Event]) -> dict[str, None]:
    """The keys of the mapping whose start was just read, its values skipped."""
    keys: dict[str, None] = {}
    while not isinstance(event := _next(events), yaml.MappingEndEvent):
        keys[_key(event)] = None
        _skip(events, _next(events))
    return keys


def _key(event: yaml.Event) -> str:
    if not isinstance(event, yaml.ScalarEvent) or _tag(event) != _STR_TAG:
        raise _NeedsFullLoad  # a complex, merge (<<) or non-string key
    return str(event.value)


def _tag(event: yaml.ScalarEvent) -> str:
    """The tag the safe loader resolves an untagged scalar to."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit))  # type: ignore[no-untyped-call]


def _skip(events: Iterator[yaml.Event], event: yaml.Event) -> None:
    """Consume the rest of the node that ``event`` starts."""
    depth = int(isinstance(event, _STARTS))
    while depth:
        event = _next(events)
        depth += isinstance(event, _STARTS) - isinstance(event, _ENDS)


def _next(events: Iterator[yaml.Event]) -> yaml.Event:
    event = next(events)
    if isinstance(event, yaml.AliasEvent) or getattr(event, "tag", None) is not None:
        raise _NeedsFullLoad
    return event


def _read_yaml(path: Path) -> Any:
    """The file's YAML content, or None when it is not YAML (an INI inventory, say).

    A ``.yaml``/``.yml`` file with a syntax error is no INI file: ``InventoryError`` names its line and column.
    """
    try:
        text = path.read_text(encoding="utf-8")
        try:
            return yaml.load(text, Loader=_SAFE_LOADER)
        except yaml.YAMLError:  # parse again in Python: its messages say what was found, libyaml's do not
            return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        if path.suffix in SIMPLE_SUFFIXES:
            raise InventoryError(describe_yaml_error(exc, path)) from exc
        return None
    except UnicodeDecodeError:
        return None


def _sibling(directory: Path, stem: str, suffix: str) -> Path:
    """``groups.yaml`` next to ``hosts.yaml`` (or ``.yml`` next to ``.yml``, whichever exists)."""
    preferred = directory / f"{stem}{suffix}"
    if preferred.exists():
        return preferred
    other = directory / f"{stem}{'.yml' if suffix == '.yaml' else '.yaml'}"
    return other if other.exists() else preferred
