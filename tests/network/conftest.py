"""Fixtures for the network tests: one seeded lab device per platform, over real SSH."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from diffsync_automation.lab import Lab, SimDevice
from diffsync_automation.lab.pytest_plugin import LabFactory


class Rig:
    """A started one-device lab with the device's intended state (a private copy tests may edit)."""

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self.device: SimDevice = next(iter(lab))
        self.intended: dict[str, Any] = copy.deepcopy(dict(lab.intended[self.device.name]))

    @property
    def name(self) -> str:
        return self.device.name

    @property
    def platform(self) -> str:
        return self.device.platform

    @property
    def params(self) -> dict[str, Any]:
        return self.device.netmiko_params()


@pytest.fixture(params=["cisco_ios", "arista_eos"])
def rig(request: pytest.FixtureRequest, lab_factory: LabFactory) -> Rig:
    """One device with the seeded drift (see ``diffsync_automation.lab.DRIFT``)."""
    return Rig(lab_factory(1, request.param))


@pytest.fixture(params=["cisco_ios", "arista_eos"])
def clean_rig(request: pytest.FixtureRequest, lab_factory: LabFactory) -> Rig:
    """One device whose live state equals its intended state."""
    return Rig(lab_factory(1, request.param, drift=False))
