"""Fixtures for the Nornir plugin tests: seeded labs with their SimpleInventory, and Nornir objects over them.

``VarsInventory`` is registered by hand so the tests do not depend on the package's
entry points being installed (``test_entry_points.py`` checks those).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from nornir.core.plugins.inventory import InventoryPluginRegister
from nornir_fleet import Fleet, FleetFactory

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory
from nornir_plugins import VarsInventory

__all__ = ["fleet_factory"]

InventoryPluginRegister.register("VarsInventory", VarsInventory)


@pytest.fixture
def fleet_factory(lab_factory: LabFactory, tmp_path: Path) -> Iterator[FleetFactory]:
    """Start a seeded lab of ``count`` devices (mixed platforms, with the documented drift) and write its inventory."""
    fleets: list[Fleet] = []

    def make(count: int, platform: str = "mixed") -> Fleet:
        directory = tmp_path / f"inventory{len(fleets)}"
        lab = lab_factory(count, platform)
        write_inventory(directory, lab)
        fleets.append(Fleet(lab, directory))
        return fleets[-1]

    yield make
    for fleet in fleets:
        for runner in fleet.opened:
            runner.close_connections()
