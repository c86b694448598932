"""Every show command, over real netmiko sessions, parses with ntc-templates (and TTP) into the device state.

One lab and one session per platform serve the whole module: the commands only read.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

import pytest
from lab_helpers import connect, short

from diffsync_automation.lab import Lab, SimDevice, StaticRoute

pytestmark = pytest.mark.lab


def _enrich(device: SimDevice) -> None:
    """Add what the seed lacks, so every parser branch sees it: SVI, loopback, ECMP, many ports per VLAN."""
    state = device.state
    dialect = state.dialect
    lines = ["interface Vlan10", "description users gateway", dialect.address_line(IPv4Interface("10.10.0.1/24"))]
    lines += ["interface Loopback0", dialect.address_line(IPv4Interface("10.255.0.1/32"))]
    for intf in state.sorted_interfaces()[2:8]:
        if intf.access_vlan is not None:
            lines += [f"interface {intf.name}", "switchport access vlan 30"]
    routes = [
        StaticRoute(IPv4Network("10.20.0.0/16"), IPv4Address("10.10.0.2")),
        StaticRoute(IPv4Network("10.20.0.0/16"), IPv4Address("10.10.0.3")),
        StaticRoute(IPv4Network("10.20.0.0/16"), IPv4Address("10.10.0.4"), 50),  # not installed: worse distance
        StaticRoute(IPv4Network("192.168.7.0/24"), IPv4Address("10.10.0.2"), 5),
    ]
    state.configure([*lines, *(dialect.route_line(route) for route in routes)])


@pytest.fixture(scope="module")
def module_lab() -> Iterator[Lab]:
    with Lab.seeded(2, "mixed") as lab:
        for device in lab:
            _enrich(device)
        yield lab


@pytest.fixture(scope="module", params=["cisco_ios", "arista_eos"])
def session(request: pytest.FixtureRequest, module_lab: Lab) -> Iterator[tuple[SimDevice, Any]]:
    device = next(d for d in module_lab if d.platform == request.param)
    conn = connect(device)
    yield device, conn
    conn.disconnect()


def parse(conn: Any, command: str) -> list[dict[str, Any]]:
    parsed = conn.send_command(command, use_textfsm=True)
    assert isinstance(parsed, list), f"no ntc-template parsed {command!r}:\n{parsed}"
    return parsed


def test_show_version(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    [row] = parse(conn, "show version")
    if device.platform == "cisco_ios":
        assert (row["hostname"], row["serial"], row["version"]) == ("sw01", ["SIM0000001"], "15.2(7)E3")
    else:
        assert (row["model"], row["serial_number"], row["image"]) == ("vEOS-lab", "SIM0000002", "4.31.2F")


@pytest.mark.parametrize("command", ["show vlan brief", "show vlan"])
def test_show_vlan(session: tuple[SimDevice, Any], command: str) -> None:
    device, conn = session
    rows = parse(conn, command)
    assert {int(r["vlan_id"]): r["vlan_name"] for r in rows} == device.state.vlans
    members = {int(r["vlan_id"]): r["interfaces"] for r in rows}
    for intf in device.state.sorted_interfaces():
        if intf.access_vlan is not None:
            assert short(device, intf.name) in members[intf.access_vlan]
    assert max(len(ports) for ports in members.values()) > 4  # continuation lines were parsed


def test_show_interfaces_status(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    rows = {r["port"]: r for r in parse(conn, "show interfaces status")}
    logical = ("Vlan", "Loopback", "Port-channel", "Port-Channel")  # the lab lists ports only
    physical = [i for i in device.state.sorted_interfaces() if not i.name.startswith(logical)]
    assert set(rows) == {short(device, i.name) for i in physical}
    for intf in physical:
        row = rows[short(device, intf.name)]
        assert row["status"] == ("connected" if intf.enabled else "disabled")
        assert row["vlan_id"] == ("routed" if intf.access_vlan is None else str(intf.access_vlan))
        assert row["name"] == intf.description[: 18 if device.platform == "cisco_ios" else None]


def test_show_interfaces_description(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    rows = {r["port"]: r for r in parse(conn, "show interfaces description")}
    assert set(rows) == {short(device, i.name) for i in device.state.sorted_interfaces()}
    for intf in device.state.sorted_interfaces():
        row = rows[short(device, intf.name)]
        assert (row["description"], row["status"]) == (intf.description, "up" if intf.enabled else "admin down")


def test_show_ip_interface_brief(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    rows = {r["interface"]: r for r in parse(conn, "show ip interface brief")}
    assert set(rows) == set(device.state.interfaces)
    for intf in device.state.sorted_interfaces():
        row = rows[intf.name]
        if device.platform == "cisco_ios":
            assert row["ip_address"] == (str(intf.address.ip) if intf.address else "unassigned")
            assert row["status"] == ("up" if intf.enabled else "administratively down")
        else:
            assert row["ip_address"] == (intf.address.with_prefixlen if intf.address else "unassigned")
            assert int(row["mtu"]) == intf.effective_mtu


def _installed_static(device: SimDevice) -> set[tuple[str, str, int]]:
    best: dict[IPv4Network, int] = {}
    for route in device.state.static_routes:
        best[route.prefix] = min(best.get(route.prefix, 255), route.distance)
    return {
        (str(r.prefix), str(r.next_hop), r.distance) for r in device.state.static_routes if r.distance == best[r.prefix]
    }


def _routes(device: SimDevice, rows: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    found: set[tuple[str, str, int]] = set()
    for row in rows:
        prefix = f"{row['network']}/{row['prefix_length']}"
        if device.platform == "cisco_ios" and row["protocol"] == "S":
            found.add((prefix, row["nexthop_ip"], int(row["distance"])))
        elif device.platform == "arista_eos" and row["protocol"] == "S":
            found |= {(prefix, hop, int(row["distance"])) for hop in row["next_hop"]}
    return found


def test_show_ip_route_static(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    rows = parse(conn, "show ip route static")
    assert {row["protocol"] for row in rows} == {"S"}
    assert _routes(device, rows) == _installed_static(device)


def test_show_ip_route_includes_connected(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    rows = parse(conn, "show ip route")
    assert _routes(device, rows) == _installed_static(device)
    connected = {f"{r['network']}/{r['prefix_length']}" for r in rows if r["protocol"] == "C"}
    assert connected == {str(i.address.network) for i in device.state.interfaces.values() if i.address and i.enabled}


TTP_TEMPLATE = """
<group name="system">
hostname {{ hostname }}
</group>
<group name="ntp*">
ntp server {{ server }}
</group>
<group name="vlans*">
vlan {{ id | to_int }}
INDENTname {{ name }}
</group>
<group name="interfaces*">
interface {{ name }}
INDENTdescription {{ description | ORPHRASE }}
INDENTmtu {{ mtu | to_int }}
INDENTshutdown {{ shutdown | set(True) }}
</group>
"""


def test_running_config_parses_with_ttp(session: tuple[SimDevice, Any]) -> None:
    device, conn = session
    template = TTP_TEMPLATE.replace("INDENT", " " if device.platform == "cisco_ios" else "   ")
    parsed = conn.send_command("show running-config", use_ttp=True, ttp_template=template)[0][0]
    state = device.state
    assert parsed["system"]["hostname"] == state.hostname
    assert [n["server"] for n in parsed["ntp"]] == [server["server"] for server in state.ntp_global["servers"]]
    assert {v["id"]: v["name"] for v in parsed["vlans"]} == {k: v for k, v in state.vlans.items() if k != 1}
    interfaces = {i["name"]: i for i in parsed["interfaces"]}
    assert set(interfaces) == set(state.interfaces)
    for intf in state.interfaces.values():
        assert interfaces[intf.name].get("description", "") == intf.description
        assert interfaces[intf.name].get("mtu") == intf.mtu
        assert interfaces[intf.name].get("shutdown", False) is not intf.enabled
