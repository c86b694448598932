"""``VarsInventory``: Nornir's SimpleInventory plus Ansible-style ``group_vars/`` and ``host_vars/`` directories.

Network teams keep each device's intended state in its own file. Next to ``hosts.yaml`` (and the optional
``groups.yaml``/``defaults.yaml``, in SimpleInventory's format) this plugin reads, for every inventory name:

- ``group_vars/all.yaml`` into the defaults' data, ``group_vars/<group>.yaml`` into that group's data,
- ``host_vars/<host>.yaml`` into that host's data,

where ``<name>.yml`` works too, and ``<name>/`` may be a directory of YAML files merged in name order. A vars
file's top-level keys replace the same keys of the inline ``data``. Lookups then follow Nornir's rule (host,
then its groups in order, then defaults), which is Ansible's precedence of host vars over group vars over all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ruamel.yaml
from nornir.core.inventory import Inventory
from nornir.plugins.inventory.simple import SimpleInventory
from ruamel.yaml.error import YAMLError

from diffsync_automation.yaml_errors import describe_yaml_error

_SUFFIXES = (".yaml", ".yml")


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
        self._simple = SimpleInventory(host_file, group_file, defaults_file, encoding)
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
        yaml = ruamel.yaml.YAML(typ="safe")
        with open(path, encoding=self.encoding) as handle:
            try:
                content = yaml.load(handle)
            except YAMLError as exc:
                raise ValueError(describe_yaml_error(exc, path)) from exc
        if content is None:
            return {}
        if not isinstance(content, dict):
            raise ValueError(f"{path}: a vars file must hold a mapping of variables, not a {type(content).__name__}")
        return content
