"""netmiko helpers shared by the lab tests."""

from __future__ import annotations

from typing import Any

import pytest
from netmiko import ConnectHandler

from diffsync_automation.lab import SimDevice

PLATFORMS = pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])


def connect(device: SimDevice, **extra: Any) -> Any:
    """A netmiko session in enable mode, with netmiko's default (fast) timing as the lab reference advises."""
    conn = ConnectHandler(**device.netmiko_params(), **extra)
    conn.enable()
    return conn


def short(device: SimDevice, name: str) -> str:
    """Interface name as status tables print it."""
    for full, abbreviation in (
        ("GigabitEthernet", "Gi"),
        ("Ethernet", "Et"),
        ("Management", "Ma"),
        ("Vlan", "Vl"),
        ("Loopback", "Lo"),
        ("Port-channel", "Po"),
        ("Port-Channel", "Po"),
    ):
        if name.startswith(full):
            return abbreviation + name[len(full) :]
    return name
