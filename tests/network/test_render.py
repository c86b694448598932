"""Rendering changes into each platform's commands, and the push order, without a device."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab import build_fleet
from diffsync_automation.lab.engine import CliSession
from diffsync_automation.lab.platforms import dialect_for
from diffsync_automation.network import Change, Platform, commands_of, get_platform, order_changes, render_intended
from diffsync_automation.network.platforms import UnsupportedSection

TYPE_ORDER = ["system", "vlan", "interface", "ntp_server", "static_route"]


def platform(name: str) -> Platform:
    found = get_platform(name)
    assert found is not None
    return found


def render(
    name: str, model: str, action: Any, keys: dict[str, Any], before: Any = None, after: Any = None
) -> list[str]:
    return platform(name).render(Change(model, action, keys, before or {}, after or {}))


PORT = {"cisco_ios": "GigabitEthernet0/1", "arista_eos": "Ethernet1"}
DEFAULTS = {"description": "", "enabled": True, "access_vlan": 1, "mtu": None}


@pytest.mark.parametrize("name", ["cisco_ios", "arista_eos"])
def test_vlan_and_ntp_and_hostname(name: str) -> None:
    assert render(name, "vlan", "create", {"vlan_id": 10}, after={"name": "USERS"}) == ["vlan 10", "name USERS"]
    assert render(name, "vlan", "update", {"vlan_id": 10}, {"name": "A"}, {"name": "B"}) == ["vlan 10", "name B"]
    assert render(name, "vlan", "delete", {"vlan_id": 10}, {"name": "A"}) == ["no vlan 10"]
    ntp = {"vrf": None, "server": "192.0.2.1"}
    assert render(name, "ntp_server", "create", ntp, after={"prefer": False, "key_id": None}) == [
        "ntp server 192.0.2.1"
    ]
    assert render(name, "ntp_server", "delete", ntp, {"prefer": True}) == ["no ntp server 192.0.2.1"]
    assert render(name, "system", "update", {"host": "sw1"}, {"hostname": "a"}, {"hostname": "b"}) == ["hostname b"]
    assert render(name, "system", "delete", {"host": "sw1"}, {"hostname": "a"}) == []


def test_static_routes_in_each_platforms_syntax() -> None:
    keys = {"prefix": "10.1.0.0/16", "next_hop": "192.0.2.1"}
    assert render("cisco_ios", "static_route", "create", keys, after={"distance": 1}) == [
        "ip route 10.1.0.0 255.255.0.0 192.0.2.1"
    ]
    assert render("arista_eos", "static_route", "update", keys, {"distance": 1}, {"distance": 20}) == [
        "ip route 10.1.0.0/16 192.0.2.1 20"
    ]
    assert render("cisco_ios", "static_route", "delete", keys, {"distance": 20}) == [
        "no ip route 10.1.0.0 255.255.0.0 192.0.2.1"
    ]
    assert render("arista_eos", "static_route", "delete", keys, {"distance": 20}) == [
        "no ip route 10.1.0.0/16 192.0.2.1"
    ]


ROUTE_TEXT = {
    "cisco_ios": "ip route vrf BLUE 10.1.0.0 255.255.0.0 GigabitEthernet0/1 192.0.2.1 10 name CORE",
    "arista_eos": "ip route vrf BLUE 10.1.0.0/16 GigabitEthernet0/1 192.0.2.1 10 name CORE",
    "cisco_nxos": "vrf context BLUE\n  ip route 10.1.0.0/16 GigabitEthernet0/1 192.0.2.1 name CORE 10",
}


@pytest.mark.parametrize("name", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_static_route_options_read_back_as_rendered(name: str) -> None:
    """VRF, exit interface, distance and name: rendered in the platform's order, read back the same; a name that
    goes removes the route before adding it again (typed again, the route would keep it)."""
    keys = {"vrf": "BLUE", "prefix": "10.1.0.0/16", "next_hop": "192.0.2.1", "interface": "GigabitEthernet0/1"}
    created = render(name, "static_route", "create", keys, after={"distance": 10, "name": "CORE"})
    nxos = name == "cisco_nxos"
    assert created == ([*ROUTE_TEXT[name].replace("  ", "").split("\n"), "exit"] if nxos else [ROUTE_TEXT[name]])
    gathered = platform(name).gather(lambda command: ROUTE_TEXT[name], frozenset({"static_routes"}))
    assert gathered["static_routes"] == [{**keys, "distance": 10, "name": "CORE"}]
    unnamed = render(name, "static_route", "update", keys, {"distance": 10, "name": "CORE"}, {"name": None})
    assert [line.split(" 10.1.0.0")[0] for line in unnamed if "10.1.0.0" in line] == (
        ["no ip route", "ip route"] if nxos else ["no ip route vrf BLUE", "ip route vrf BLUE"]
    )
    assert not unnamed[-1 - nxos].endswith("CORE")


NTP_TEXT = {
    "cisco_ios": "ntp server vrf MGMT 192.0.2.1 key 7 prefer\nntp source Loopback0",
    "arista_eos": "ntp server vrf MGMT 192.0.2.1 prefer key 7\nntp local-interface Loopback0",
    "cisco_nxos": "ntp server 192.0.2.1 prefer use-vrf MGMT key 7\nntp source-interface Loopback0",
}


@pytest.mark.parametrize("name", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_ntp_options_read_back_as_rendered(name: str) -> None:
    """VRF, prefer and key in the platform's order (the Ansible parsers' order), read back the same; an update types
    the whole line again (it replaces the server's options), a delete names the VRF and address."""
    keys = {"vrf": "MGMT", "server": "192.0.2.1"}
    server_line, source_line = NTP_TEXT[name].split("\n")
    assert render(name, "ntp_server", "create", keys, after={"prefer": True, "key_id": 7}) == [server_line]
    assert render(name, "ntp_global", "update", {"host": "r1"}, {"source": None}, {"source": "Loopback0"}) == [
        source_line
    ]
    gathered = platform(name).gather(lambda command: NTP_TEXT[name], frozenset({"ntp_global"}))
    assert gathered["ntp_global"] == {"servers": [{**keys, "prefer": True, "key_id": 7}], "source": "Loopback0"}
    unpreferred = render(name, "ntp_server", "update", keys, {"prefer": True, "key_id": 7}, {"prefer": False})
    assert unpreferred == [server_line.replace(" prefer", "")]
    removal = "no ntp server 192.0.2.1 use-vrf MGMT" if name == "cisco_nxos" else "no ntp server vrf MGMT 192.0.2.1"
    assert render(name, "ntp_server", "delete", keys, {"prefer": True, "key_id": 7}) == [removal]
    no_source = f"no {source_line.rsplit(' ', 1)[0]}"
    assert render(name, "ntp_global", "delete", {"host": "r1"}, {"source": "Loopback0"}) == [no_source]
    assert render(name, "ntp_global", "update", {"host": "r1"}, {"source": "Loopback0"}, {"source": None}) == [
        no_source
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("ntp server 192.0.2.1 iburst", "option 'iburst' is not managed"),
        ("ntp server pool.ntp.org", "only IPv4 servers are managed"),
        ("ntp local-interface vrf MGMT Management1", "only an interface is managed"),
    ],
)
def test_ntp_options_not_managed_are_refused_not_dropped(line: str, problem: str) -> None:
    with pytest.raises(UnsupportedSection, match=rf"ntp_global: cannot read '{line}': .*{problem}"):
        platform("arista_eos").gather(lambda command: line, frozenset({"ntp_global"}))


@pytest.mark.parametrize("line", ["ip route 10.1.0.0/16 192.0.2.1 tag 5", "ip route 10.1.0.0/16 192.0.2.1 track 3"])
def test_static_route_options_not_managed_are_refused_not_dropped(line: str) -> None:
    with pytest.raises(UnsupportedSection, match=r"'(tag|track) \d' is not managed"):
        platform("arista_eos").gather(lambda command: line, frozenset({"static_routes"}))


@pytest.mark.parametrize("name", ["cisco_ios", "arista_eos"])
def test_interface_update_sends_only_changed_attributes(name: str) -> None:
    port = PORT[name]
    before = {**DEFAULTS, "description": "old", "mtu": 9000}
    assert render(name, "interface", "update", {"name": port}, before, {"description": "new", "enabled": False}) == [
        f"interface {port}",
        "description new",
        "shutdown",
    ]
    assert render(name, "interface", "update", {"name": port}, before, {"description": "", "mtu": None}) == [
        f"interface {port}",
        "no description",
        "no mtu",
    ]


def test_routed_port_becomes_an_access_port_in_each_platforms_syntax() -> None:
    routed = {**DEFAULTS, "access_vlan": None}
    assert render("cisco_ios", "interface", "update", {"name": PORT["cisco_ios"]}, routed, {"access_vlan": 20}) == [
        "interface GigabitEthernet0/1",
        "switchport",
        "switchport mode access",
        "switchport access vlan 20",
    ]
    assert render("arista_eos", "interface", "update", {"name": "Ethernet1"}, routed, {"access_vlan": 20}) == [
        "interface Ethernet1",
        "switchport",
        "switchport access vlan 20",
    ]
    assert render("arista_eos", "interface", "update", {"name": "Ethernet1"}, DEFAULTS, {"access_vlan": None}) == [
        "interface Ethernet1",
        "no switchport",
    ]


@pytest.mark.parametrize("name", ["cisco_ios", "arista_eos"])
def test_deleting_interfaces(name: str) -> None:
    # A logical interface is removed; a physical one is put back to its defaults.
    assert render(name, "interface", "delete", {"name": "Loopback0"}, {**DEFAULTS, "access_vlan": None}) == [
        "no interface Loopback0"
    ]
    before = {**DEFAULTS, "description": "x", "enabled": False, "access_vlan": 30}
    assert render(name, "interface", "delete", {"name": PORT[name]}, before) == [
        f"interface {PORT[name]}",
        "switchport access vlan 1",
        "no description",
        "no shutdown",
    ]


@pytest.mark.parametrize("name", ["cisco_ios", "arista_eos"])
def test_creating_a_logical_interface_sends_only_non_default_attributes(name: str) -> None:
    after = {"description": "svi", "enabled": True, "access_vlan": None, "mtu": 9000}
    assert render(name, "interface", "create", {"name": "Vlan40"}, after=after) == [
        "interface Vlan40",
        "description svi",
        "mtu 9000",
    ]
    assert render(name, "interface", "create", {"name": "Loopback1"}, after={}) == ["interface Loopback1"]


def test_push_order_creates_vlans_before_ports_use_them_and_deletes_them_after() -> None:
    changes = [
        Change("vlan", "delete", {"vlan_id": 30}),
        Change("static_route", "create", {"prefix": "10.0.0.0/8", "next_hop": "192.0.2.1"}),
        Change("interface", "update", {"name": "Ethernet1"}, {}, {"access_vlan": 40}),
        Change("vlan", "create", {"vlan_id": 40}, {}, {"name": "NEW"}),
        Change("ntp_server", "delete", {"server": "192.0.2.9"}),
        Change("system", "update", {"host": "sw1"}, {}, {"hostname": "b"}),
        Change("custom", "create", {"id": 1}),
    ]
    ordered = [(change.model, change.action) for change in order_changes(changes, TYPE_ORDER)]
    assert ordered == [
        ("system", "update"),
        ("vlan", "create"),
        ("interface", "update"),
        ("static_route", "create"),
        ("custom", "create"),
        ("ntp_server", "delete"),
        ("vlan", "delete"),
    ]


def test_render_intended_needs_no_device() -> None:
    data = {
        "vlans": [{"id": 10, "name": "USERS"}],
        "interfaces": [{"name": "gi0/3", "access_vlan": 10, "description": "desk"}],
        "ntp_global": {"servers": [{"server": "192.0.2.1", "vrf": "MGMT", "prefer": True}]},
    }
    rendered = render_intended("sw1", data, "cisco_ios")
    assert [item.change.label for item in rendered] == [
        "vlan 10",
        "interface GigabitEthernet0/3",
        "ntp_server MGMT 192.0.2.1",
    ]
    assert commands_of(rendered) == [
        "vlan 10",
        "name USERS",
        "interface GigabitEthernet0/3",
        "switchport access vlan 10",
        "description desk",
        "ntp server vrf MGMT 192.0.2.1 prefer",
    ]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ("vlan 5\r\nsw1(config-vlan)#", None),
        ("switchport access vlan 7\n% Access VLAN does not exist. Creating vlan 7\nsw1(config-if)#", None),
        (
            "bogus\n   ^\n% Invalid input detected at '^' marker.\n\nsw1(config)#",
            "% Invalid input detected at '^' marker.",
        ),
        ("no vlan 1\n%Default VLAN 1 may not be deleted.\nsw1(config)#", "%Default VLAN 1 may not be deleted."),
    ],
)
def test_ios_error_detection(reply: str, error: str | None) -> None:
    assert platform("cisco_ios").config_error(reply) == error


def test_eos_error_detection() -> None:
    eos = platform("arista_eos")
    assert eos.config_error("vlan 5\nsw2(config-vlan-5)#") is None
    assert eos.config_error("bogus\n% Invalid input\nsw2(config)#") == "% Invalid input"


def test_nxos_error_detection_includes_its_unmarked_vlan_1_refusal() -> None:
    """The lab's NX-OS reply to ``no vlan 1`` (worded as a Nexus 9000 answers) is a rejection to the driver."""
    nxos = platform("cisco_nxos")
    cli = CliSession(build_fleet(1, "cisco_nxos", drift=False).states[0], dialect_for("cisco_nxos"))
    reply = "".join(cli.handle(line).text for line in ("configure terminal", "no vlan 1"))
    assert nxos.config_error(reply) == "Deletion of VLAN 1 is not allowed!!"
    assert nxos.config_error("bogus\n     ^\n% Invalid command at '^' marker.\n") == "% Invalid command at '^' marker."
    assert nxos.config_error("description Deletion of VLAN 1 is not allowed!!\nsw1(config-if)#") is None


def test_snmp_host_with_options_not_managed_is_refused_without_showing_its_community() -> None:
    line = "snmp-server host 192.0.2.6 version 2c S3cret tty"
    with pytest.raises(UnsupportedSection, match=r"host line of 192\.0\.2\.6") as raised:
        platform("cisco_ios").gather(lambda command: line, frozenset({"snmp_server"}))
    assert "S3cret" not in str(raised.value)


def test_eos_reads_a_vrfs_ipv4_vpn_targets_from_its_bgp_section_and_writes_them_there() -> None:
    running = "\n".join(
        [
            "vrf instance BLUE",
            "router bgp 65000",
            "   router-id 192.0.2.1",
            "   vlan-aware-bundle TENANT",
            "      rd 192.0.2.1:99",
            "      route-target both 99:99",
            "   vrf BLUE",
            "      rd 65000:1",
            "      route-target import evpn 65000:7",
            "      route-target import vpn-ipv4 65000:1",
            "      route-target both 65000:2",
            "      router-id 192.0.2.1",
        ]
    )
    [blue] = platform("arista_eos").gather(lambda command: running, frozenset({"vrfs"}))["vrfs"]
    assert blue == {
        "name": "BLUE",
        "description": "",
        "rd": "65000:1",
        "route_import": ["65000:1", "65000:2"],
        "route_export": ["65000:2"],
    }
    keys = {"name": "BLUE"}
    moved = render("arista_eos", "vrf", "update", keys, {**blue, "bgp_as": 65000}, {"bgp_as": 65001})
    assert moved == [
        "router bgp 65001",
        "vrf BLUE",
        "rd 65000:1",
        "route-target import vpn-ipv4 65000:1",
        "route-target import vpn-ipv4 65000:2",
        "route-target export vpn-ipv4 65000:2",
    ]


def test_junos_ntp_global_servers_and_source_address() -> None:
    keys = {"vrf": "mgmt_junos", "server": "192.0.2.1"}
    assert render("juniper_junos", "ntp_server", "create", keys, after={"prefer": True, "key_id": 7}) == [
        "set system ntp server 192.0.2.1 prefer",
        "set system ntp server 192.0.2.1 key 7",
        "set system ntp server 192.0.2.1 routing-instance mgmt_junos",
    ]
    update = render("juniper_junos", "ntp_server", "update", keys, {"prefer": True, "key_id": 7}, {"prefer": False})
    assert update[0] == "delete system ntp server 192.0.2.1" and "set system ntp server 192.0.2.1 prefer" not in update
    moved = render(
        "juniper_junos", "ntp_global", "update", {"host": "r1"}, {"source": "192.0.2.1"}, {"source": "192.0.2.2"}
    )
    assert moved == ["delete system ntp source-address 192.0.2.1", "set system ntp source-address 192.0.2.2"]
    with pytest.raises(UnsupportedSection, match=r"^ntp_global\.source on Junos is the address NTP leaves from"):
        render("juniper_junos", "ntp_global", "update", {"host": "r1"}, {"source": None}, {"source": "lo0"})
    with pytest.raises(UnsupportedSection, match="one system ntp source-address without routing-instance"):
        platform("juniper_junos").gather(
            lambda command: "set system ntp source-address 192.0.2.1 routing-instance mgmt_junos",
            frozenset({"ntp_global"}),
        )
    with pytest.raises(UnsupportedSection, match=r"option 'version' of system ntp server 192\.0\.2\.1 is not managed"):
        platform("juniper_junos").gather(
            lambda command: "set system ntp server 192.0.2.1 version 4", frozenset({"ntp_global"})
        )
