"""Inventory plugins over SimpleInventory's files: ``FastSimpleInventory`` and ``VarsInventory``.

``FastSimpleInventory`` is Nornir's SimpleInventory (same options, files, semantics and ``Host`` objects), its
YAML read by libyaml (``diffsync_automation.yaml_load``): a 1000-device hosts.yaml opens in 1.5 s instead of 10 s.

``VarsInventory`` is that plus Ansible-style ``group_vars/`` and ``host_vars/`` directories.

Network teams keep each device's intended state in its own file. Next to ``hosts.yaml`` (and the optional
``groups.yaml``/``defaults.yaml``, in SimpleInventory's format) this plugin reads, for every inventory name:

- ``group_vars/all.yaml`` into the defaults' data, ``group_vars/<group>.yaml`` into that group's data,
- ``host_vars/<host>.yaml`` into that host's data,

where ``<name>.yml`` works too, and ``<name>/`` may be a directory of YAML files merged in name order. A vars
file's top-level keys replace the same keys of the inline ``data``. Lookups then follow Nornir's rule (host,
then its groups in order, then defaults), which is Ansible's precedence of host vars over group vars over all.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from nornir.core.inventory import Defaults, Group, Groups, Host, Hosts, Inventory, ParentGroups
from nornir.plugins.inventory.simple import SimpleInventory, _get_defaults, _get_inventory_element
from ruamel.yaml.error import YAMLError

from diffsync_automation.yaml_errors import describe_yaml_error
from diffsync_automation.yaml_load import load_yaml_file

logger = logging.getLogger(__name__)

_SUFFIXES = (".yaml", ".yml")


class FastSimpleInventory(SimpleInventory):
    """Inventory plugin ``FastSimpleInventory``: SimpleInventory (same options), read by libyaml.

    ``load`` is Nornir's ``SimpleInventory.load`` (3.6) with ``load_yaml_file`` for ruamel's reader; the
    elements are built by Nornir's own helpers, so hosts, groups and defaults equal SimpleInventory's.
    """

    def load(self) -> Inventory:
        defaults = Defaults()
        if self.defaults_file.exists():
            defaults_dict = self._read(self.defaults_file, "defaults")
            defaults = _get_defaults(defaults_dict)
        hosts = Hosts()
        for name, data in self._read(self.host_file, "hosts inventory").items():
            hosts[name] = _get_inventory_element(Host, data, name, defaults)
        groups = Groups()
        if self.group_file.exists():
            for name, data in self._read(self.group_file, "groups inventory").items():
                groups[name] = _get_inventory_element(Group, data, name, defaults)
            for group in groups.values():
                group.groups = ParentGroups([groups[_name(parent)] for parent in group.groups])
        for host in hosts.values():
            host.groups = ParentGroups([groups[_name(parent)] for parent in host.groups])
        return Inventory(hosts=hosts, groups=groups, defaults=defaults)

    def _read(self, path: Path, what: str) -> Any:
        """The file's content, ``{}`` when empty (with SimpleInventory's warning)."""
        content = load_yaml_file(path, self.encoding) or {}
        if content == {}:
            logger.warning("'%s' is empty or contains only comments, defaulting to empty %s.", path, what)
        return content


def _name(parent: Any) -> str:
    """A group name Nornir's ``_get_inventory_element`` left in ``groups`` (typed as a group), used as is."""
    return cast(str, parent)


class VarsInventory:
    """Inventory plugin ``VarsInventory`` (options as SimpleInventory, plus ``vars_dir``).

    ``vars_dir`` holds ``group_vars/`` and ``host_vars/``; it defaults to the directory of ``host_file``.
    """

    def __init__(
        self,
        host_file: str = "hosts.yaml",
        group_file: str = "groups.yaml",
        defaults_file: str = "defaults.yaml",
        vars_dir: str | None = None,
        encoding: str = "utf-8",
    ) -> None:
        self._simple = FastSimpleInventory(host_file, group_file, defaults_file, encoding)
        self.vars_dir = Path(vars_dir).expanduser() if vars_dir else self._simple.host_file.parent
        self.encoding = encoding

    def load(self) -> Inventory:
        inventory = self._simple.load()
        group_vars, host_vars = self.vars_dir / "group_vars", self.vars_dir / "host_vars"
        inventory.defaults.data.update(self._read_vars(group_vars, "all"))
        for name, group in inventory.groups.items():
            group.data.update(self._read_vars(group_vars, name))
        for name, host in inventory.hosts.items():
            host.data.update(self._read_vars(host_vars, name))
        return inventory

    def _read_vars(self, directory: Path, name: str) -> dict[str, Any]:
        """The variables of ``name``: its file, or the files of its directory merged in name order."""
        folder = directory / name
        if folder.is_dir():
            files = sorted(path for path in folder.iterdir() if path.suffix in _SUFFIXES and path.is_file())
        else:
            files = [path for path in (directory / f"{name}{suffix}" for suffix in _SUFFIXES) if path.is_file()]
        merged: dict[str, Any] = {}
        for path in files:
            merged.update(self._read_file(path))
        return merged

    def _read_file(self, path: Path) -> dict[str, Any]:
        try:
            content = load_yaml_file(path, self.encoding)
        except YAMLError as exc:
            raise ValueError(describe_yaml_error(exc, path)) from exc
        if content is None:
            return {}
        if not isinstance(content, dict):
            raise ValueError(f"{path}: a vars file must hold a mapping of variables, not a {type(content).__name__}")
        return content
