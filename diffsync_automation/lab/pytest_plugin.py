"""pytest fixtures for tests that need devices.

Enable with ``pytest_plugins = ["diffsync_automation.lab.pytest_plugin"]`` in a conftest.py. Every fixture
is function-scoped: starting a lab of a few devices takes milliseconds, so each test gets fresh state.

- ``lab_factory(count=2, platform="mixed", drift=True)``: start a lab; all are stopped after the test.
- ``lab``: two seeded devices, ``sw01`` (cisco_ios) and ``sw02`` (arista_eos), with the documented drift.
- ``lab_inventory``: directory holding the Nornir and Ansible inventories of ``lab``.
- ``lab_nornir``: a Nornir object over ``lab_inventory`` (needs nornir and nornir-netmiko).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.lab import Lab
from diffsync_automation.lab.seed import PlatformChoice

LabFactory = Callable[..., Lab]


@pytest.fixture
def lab_factory() -> Iterator[LabFactory]:
    """Start seeded labs on demand; every lab is stopped at teardown."""
    started: list[Lab] = []

    def make(count: int = 2, platform: PlatformChoice = "mixed", *, drift: bool = True) -> Lab:
        lab = Lab.seeded(count, platform, drift=drift).start()
        started.append(lab)
        return lab

    yield make
    for lab in started:
        lab.stop()


@pytest.fixture
def lab(lab_factory: LabFactory) -> Lab:
    """Two devices, one per platform, with the documented drift."""
    return lab_factory(2, "mixed")


@pytest.fixture
def lab_inventory(lab: Lab, tmp_path: Path) -> Path:
    """Directory with hosts.yaml, groups.yaml, defaults.yaml, nornir.yaml and inventory.yml for ``lab``."""
    directory = tmp_path / "inventory"
    write_inventory(directory, lab)
    return directory


@pytest.fixture
def lab_nornir(lab_inventory: Path) -> Iterator[Any]:
    """Nornir over the lab inventory; connections are closed at teardown."""
    from nornir import InitNornir  # optional dependency: imported only by tests that use this fixture

    runner = InitNornir(config_file=str(lab_inventory / "nornir.yaml"))
    yield runner
    runner.close_connections()
