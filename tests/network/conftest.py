"""Fixtures for the network tests: one seeded lab device per platform, over real SSH."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from diffsync_automation.lab import Lab, SimDevice
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import (
    LAB_USER,
    NETOPS_USER,
    OSPF_PROCESS,
    SEED_BGP_AS,
    SNMP_COMMUNITY,
    SNMP_TRAP_HOST,
)

_TRAP_HOST = f"snmp-server host {SNMP_TRAP_HOST['host']}"
SEEDED_LINES_OFF = {
    "bgp_global": [f"no router bgp {SEED_BGP_AS}"],
    "ospfv2": [f"no router ospf {OSPF_PROCESS}"],
    "snmp_server": [
        "no snmp-server location",
        "no snmp-server contact",
        f"no snmp-server community {SNMP_COMMUNITY}",
        f"no {_TRAP_HOST} use-vrf {SNMP_TRAP_HOST['use_vrf']}",  # NX-OS's trap receiver (nothing elsewhere)
        f"no {_TRAP_HOST} traps version 2c {SNMP_TRAP_HOST['community_string']}",
    ],
    "users": [f"no username {LAB_USER}", f"no username {NETOPS_USER}"],
    "banner": ["no banner motd"],
}
"""The lines that take a seeded feature off an IOS-style device."""


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

    def unseed(self, feature: str) -> None:
        """Take the seeded ``feature`` off the device and out of the intended state, for a test that sets its own."""
        self.device.state.configure(SEEDED_LINES_OFF[feature])
        self.intended.pop(feature, None)


@pytest.fixture(params=["cisco_ios", "arista_eos"])
def rig(request: pytest.FixtureRequest, lab_factory: LabFactory) -> Rig:
    """One device with the seeded drift (see ``diffsync_automation.lab.DRIFT``)."""
    return Rig(lab_factory(1, request.param))


@pytest.fixture(params=["cisco_ios", "arista_eos"])
def clean_rig(request: pytest.FixtureRequest, lab_factory: LabFactory) -> Rig:
    """One device whose live state equals its intended state."""
    return Rig(lab_factory(1, request.param, drift=False))


@pytest.fixture
def junos(lab_factory: LabFactory) -> Rig:
    """A one-device Junos lab of the test's own (tests that change what the shared labs rely on)."""
    return Rig(lab_factory(1, "juniper_junos"))
