"""Real-device outputs are the ground truth: for the same configuration, ntc-templates reads the same
structure from the lab as from the device (fixtures: tests/lab/fixtures/README.md).

Only the columns a device derives from its configuration are compared; link state, speed and transceiver
type come from hardware the lab does not have (a lab port is connected unless shut).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diffsync_automation.lab.engine import CliSession
from diffsync_automation.lab.platforms import open_session
from diffsync_automation.lab.seed import build_fleet
from diffsync_automation.lab.state import DeviceState, Platform
from diffsync_automation.network.platforms import parse_table

FIXTURES = Path(__file__).parent / "fixtures"
_VLAN = ("vlan_id", "vlan_name", "interfaces")
_STATUS = ("port", "name", "status", "vlan_id")
_FA = [f"FastEthernet0/{n}" for n in range(1, 25)]
_FA_VLAN50 = [line for n in range(1, 13) for line in (f"interface Fa0/{n}", "switchport access vlan 50")]
_FA_VLAN60 = [line for n in range(13, 25) for line in (f"interface Fa0/{n}", "switchport access vlan 60")]

CASES: list[tuple[Platform, str, str, list[str], list[str], tuple[str, ...]]] = [
    (
        "cisco_ios",
        "show vlan",
        "cisco_ios/show_vlan.raw",
        ["GigabitEthernet0/1", *_FA],
        ["vlan 10", "name Management", "vlan 50", "name VLan50", "vlan 60", "name VLan60", *_FA_VLAN50, *_FA_VLAN60],
        _VLAN,
    ),
    (
        "cisco_ios",
        "show interfaces status",
        "cisco_ios/show_interfaces_status.raw",
        ["GigabitEthernet1/0/2", "GigabitEthernet1/0/4", "GigabitEthernet1/0/6"],
        [
            "interface Gi1/0/2",
            "description AccessPoint",
            "switchport access vlan 8",
            "interface Gi1/0/4",
            "description SingleName",
            "interface Gi1/0/6",
            "description Spaced Example",
            "switchport access vlan 8",
        ],
        _STATUS,
    ),
    (
        "arista_eos",
        "show vlan",
        "arista_eos/show_vlan.raw",
        ["Ethernet1"],
        ["vlan 20", "name Test2", "vlan 30"],
        ("vlan_id", "vlan_name", "interfaces"),
    ),
    (
        "arista_eos",
        "show interfaces status",
        "arista_eos/show_interfaces_status.raw",
        ["Ethernet3/2/5"],
        ["interface Et3/2/5", "description -", "no switchport", "shutdown"],
        _STATUS,
    ),
    (
        "cisco_nxos",
        "show vlan",
        "cisco_nxos/show_vlan.raw",
        ["Ethernet1/2", "Ethernet1/3", "Ethernet1/4", "Ethernet1/5"],
        ["vlan 40,50"],
        _VLAN,
    ),
    (
        "cisco_nxos",
        "show interface status",
        "cisco_nxos/show_interface_status.raw",
        ["mgmt0", "Ethernet1/1", "Ethernet1/2"],
        ["interface Eth1/1", "description managed by puppet", "no switchport"],
        _STATUS,
    ),
    (
        "cisco_nxos",
        "show ip route static",
        "cisco_nxos/show_ip_route_static.raw",
        ["mgmt0"],
        ["ip route 7.7.7.7/32 10.10.50.1"],
        ("vrf", "protocol", "network", "prefix_length", "distance", "metric", "nexthop_ip", "nexthop_if"),
    ),
]


def device(platform: Platform, ports: list[str], lines: list[str]) -> DeviceState:
    """A device with exactly ``ports`` as its hardware, configured with ``lines``."""
    state = DeviceState(platform, "lab")
    state.config.remove_where(lambda node: node.line.startswith("interface "))
    for port in ports:
        state.config.set(f"interface {port}", f"interface {port}")
    state.configure(lines)
    return state


def rows(platform: str, command: str, output: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{field: row[field] for field in fields} for row in parse_table(platform, command, output)]


@pytest.mark.parametrize(
    ("platform", "command", "fixture", "ports", "lines", "fields"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES]
)
def test_lab_output_reads_like_the_real_device(
    platform: Platform, command: str, fixture: str, ports: list[str], lines: list[str], fields: tuple[str, ...]
) -> None:
    real = rows(platform, command, (FIXTURES / fixture).read_text(), fields)
    state = device(platform, ports, lines)
    output = CliSession(state, state.dialect, level="enable").handle(command).text
    assert real  # the fixture itself parses
    assert rows(platform, command, output, fields) == real


@pytest.mark.parametrize(
    ("platform", "fixture"),
    [
        ("cisco_ios", "cisco_ios/running_config_router_bgp.raw"),
        ("arista_eos", "arista_eos/show_running_config_section_router_bgp.raw"),
    ],
)
def test_a_real_configuration_typed_in_reads_back_as_the_device_shows_it(platform: Platform, fixture: str) -> None:
    real = (FIXTURES / fixture).read_text()
    state = device(platform, [], [line.strip() for line in real.splitlines() if line.strip() != "!"])
    shown = CliSession(state, state.dialect, level="enable").handle("show running-config | section router bgp").text
    if platform == "cisco_ios":  # IOS keeps '!' comment lines inside sections; the lab stores no comments
        real = "".join(line + "\n" for line in real.splitlines() if line.strip() != "!")
    assert shown == real


def test_junos_interfaces_terse_prints_the_devices_rows_for_the_same_configuration() -> None:
    """No template reads ``show interfaces terse``, so the rows themselves are compared (trailing blanks aside)."""
    state = build_fleet(1, "juniper_junos", drift=False).states[0]
    state.configure(
        [
            "delete interfaces ge-0/0/2",
            "set interfaces ge-0/0/2 disable",
            "set interfaces ge-0/0/2 unit 0 family inet",
            "set interfaces ge-0/0/9 unit 0 family ethernet-switching",
            "set interfaces lo0 unit 0 family inet address 7.7.7.7/24",
        ]
    )
    shown = open_session(state, "admin").handle('show interfaces terse | match "Interface|ge-0/0/[29]|lo0"').text
    real = (FIXTURES / "juniper_junos" / "show_interfaces_terse.raw").read_text()
    assert [line.rstrip() for line in shown.splitlines()] == [line.rstrip() for line in real.splitlines()]


def test_junos_system_uptime_reads_like_the_devices() -> None:
    """The same fields, and the user of the last commit (the login user, as on the real device's admin)."""
    session = open_session(build_fleet(1, "juniper_junos").states[0], "admin")
    lab = parse_table("juniper_junos", "show system uptime", session.handle("show system uptime").text)
    fixture = (FIXTURES / "juniper_junos" / "show_system_uptime.raw").read_text()
    real = parse_table("juniper_junos", "show system uptime", fixture)
    assert len(lab) == len(real) == 1
    assert {key for key, value in lab[0].items() if value} == {key for key, value in real[0].items() if value}
    assert lab[0]["last_config_user"] == real[0]["last_config_user"] == "admin"
