"""Every Nornir plugin the package ships is declared as an entry point, so InitNornir configs can name it."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from nornir_plugins import FastSimpleInventory, VarsInventory
from nornir_plugins.ansible_inventory import AnsibleInventory
from nornir_plugins.dask_runner import DaskRunner
from nornir_plugins.process_runner import ProcessRunner

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
SHIPPED = {
    "nornir.plugins.inventory": {
        "FastSimpleInventory": FastSimpleInventory,
        "VarsInventory": VarsInventory,
        "AnsibleInventory": AnsibleInventory,
    },
    "nornir.plugins.runners": {"dask": DaskRunner, "processes": ProcessRunner},
}


def test_pyproject_declares_every_shipped_plugin() -> None:
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"].get("entry-points", {})
    nornir_groups = {group: points for group, points in declared.items() if group.startswith("nornir.plugins.")}
    assert set(nornir_groups) == set(SHIPPED)
    for group, plugins in SHIPPED.items():
        assert set(nornir_groups[group]) == set(plugins)
        for name, plugin in plugins.items():
            assert metadata.EntryPoint(name, nornir_groups[group][name], group).load() is plugin


def test_installed_metadata_registers_the_plugins() -> None:
    for group, plugins in SHIPPED.items():
        installed = {point.name: point for point in metadata.entry_points(group=group)}
        for name, plugin in plugins.items():
            assert name in installed, f"reinstall the package (pip install -e .) to register {group}:{name}"
            assert installed[name].load() is plugin
