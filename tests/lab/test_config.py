"""Configuration over real netmiko sessions: applied, visible in show output, kept across sessions."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

import pytest
from lab_helpers import PLATFORMS, connect
from netmiko import ConnectHandler
from netmiko.exceptions import ReadTimeout

from diffsync_automation.lab import StaticRoute
from diffsync_automation.lab.pytest_plugin import LabFactory

pytestmark = pytest.mark.lab

ROUTE = {"cisco_ios": "10.44.0.0 255.255.0.0", "arista_eos": "10.44.0.0/16", "cisco_nxos": "10.44.0.0/16"}
NO_ROUTE = {
    "cisco_ios": "no ip route 10.0.0.0 255.0.0.0",
    "arista_eos": "no ip route 10.0.0.0/8",
    "cisco_nxos": "no ip route 10.0.0.0/8",
}
PORT = {
    "cisco_ios": ("GigabitEthernet0/4", "Gi0/4"),
    "arista_eos": ("Ethernet4", "Et4"),
    "cisco_nxos": ("Ethernet1/4", "Eth1/4"),
}
DESCRIPTIONS = {"cisco_nxos": "show interface description"}  # the others: show interfaces description


@PLATFORMS
def test_config_set_persists_across_sessions(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    port, port_short = PORT[platform]
    commands = [
        "vlan 40",
        "name CAMERAS",
        f"interface {port_short}",
        "description camera uplink",
        "switchport access vlan 40",
        "mtu 9100",
        "shutdown",
        "no ntp server 192.0.2.123",
        "ntp server 198.51.100.1",
        f"ip route {ROUTE[platform]} 172.16.0.1 7",
        "no vlan 99",
    ]
    with connect(device) as conn:
        conn.send_config_set(commands)
        assert not device.state.saved
        conn.save_config()
    assert device.state.saved

    with connect(device) as conn:  # a new session sees the same device
        vlans = {r["vlan_id"]: r["vlan_name"] for r in conn.send_command("show vlan brief", use_textfsm=True)}
        command = DESCRIPTIONS.get(platform, "show interfaces description")
        descriptions = {r["port"]: r for r in conn.send_command(command, use_textfsm=True)}
        running = conn.send_command("show running-config")
    assert vlans["40"] == "CAMERAS"
    assert "99" not in vlans
    assert descriptions[port_short]["description"] == "camera uplink"
    assert descriptions[port_short].get("status", "admin down") == "admin down"  # NX-OS has no status column
    assert "ntp server 198.51.100.1" in running
    assert "ntp server 192.0.2.123" not in running
    intf = device.state.interfaces[port]
    assert (intf.access_vlan, intf.mtu, intf.enabled) == (40, 9100, False)
    assert StaticRoute(IPv4Network("10.44.0.0/16"), IPv4Address("172.16.0.1"), 7) in device.state.static_routes


@PLATFORMS
def test_no_forms_over_ssh(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    port, port_short = PORT[platform]
    with connect(device) as conn:
        conn.send_config_set([f"interface {port_short}", "no description", "no switchport access vlan", "shutdown"])
        conn.send_config_set([f"interface {port_short}", "no shutdown", NO_ROUTE[platform]])
        routes = conn.send_command("show ip route static", use_textfsm=True)
    intf = device.state.interfaces[port]
    assert (intf.description, intf.access_vlan, intf.enabled) == ("", 1, True)
    assert [f"{r['network']}/{r['prefix_length']}" for r in routes] == ["0.0.0.0/0", "10.99.0.0/16"]


@PLATFORMS
def test_hostname_change_needs_new_base_prompt(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    with connect(device) as conn:
        conn.send_config_set(["hostname core-7"])
        conn.set_base_prompt()
        assert conn.find_prompt() == "core-7#"
        assert conn.send_command("show running-config | include ^hostname") == "hostname core-7"
    with connect(device) as conn:
        assert conn.find_prompt() == "core-7#"
    assert device.state.hostname == "core-7"
    assert device.name == "sw01"  # the lab keeps addressing the device by its inventory name


@PLATFORMS
def test_privilege_15_login_skips_enable(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    device.state.privilege = 15
    params = device.netmiko_params()
    del params["secret"]
    with ConnectHandler(**params) as conn:
        assert conn.find_prompt() == "sw01#"
        assert "Current privilege level is 15" in conn.send_command("show privilege")


@pytest.mark.parametrize(
    ("platform", "error"),
    [("cisco_ios", ValueError), ("arista_eos", ReadTimeout)],  # netmiko's arista driver waits for '#' instead
)
def test_wrong_enable_secret_is_refused(lab_factory: LabFactory, platform: str, error: type[Exception]) -> None:
    device = lab_factory(1, platform)["sw01"]
    params = device.netmiko_params() | {"secret": "not-the-secret", "read_timeout_override": 1}
    with ConnectHandler(**params) as conn:
        with pytest.raises(error):
            conn.enable()
        assert conn.find_prompt() == "sw01>"


def test_question_mark_over_ssh_is_help_not_text(lab_factory: LabFactory) -> None:
    device = lab_factory(1, "cisco_ios")["sw01"]
    with connect(device, read_timeout_override=2) as conn:
        output = conn.send_config_set(["interface Gi0/1", "description rack?7"], cmd_verify=False)
    assert "sw01(config-if)#description rack" in output  # the line was redrawn without the '?'
    assert device.state.interfaces["GigabitEthernet0/1"].description == "rack7"  # and the '?' was lost


GLOBAL_SETTINGS = [
    # (platform, lines typed, lines the running-config then shows, lines it no longer shows)
    (
        "cisco_ios",
        [
            "service pad",
            "service password-encryption",
            "no ip domain-lookup",
            "no ip http server",
            "ip http secure-server",
            "no ip http secure-server",
        ],
        ["service password-encryption", "no ip domain-lookup", "no ip http server", "no ip http secure-server"],
        ["no service pad", "service pad", "no service password-encryption"],  # PAD is on by default: not shown
    ),
    (
        "cisco_ios",
        [
            "service pad",
            "no service pad",
            "service password-encryption",
            "no service password-encryption",
            "ip http server",
            "no ip http server",
            "no ip domain lookup",
            "ip domain lookup",
        ],
        ["no service pad", "no service password-encryption", "no ip http server"],
        ["service pad", "service password-encryption", "ip http server", "no ip domain lookup", "ip domain lookup"],
    ),
    (  # list-like lines keep one line per entry; their `no` form removes that entry only
        "cisco_ios",
        [
            "service timestamps log uptime",
            "ntp server 192.0.2.1",
            "ntp server 192.0.2.2",
            "no ntp server 192.0.2.1",
            "logging host 192.0.2.8",
            "logging host 192.0.2.9",
            "no logging host 192.0.2.8",
            "snmp-server community LabOne RO",
            "snmp-server community LabTwo RO",
            "no snmp-server community LabOne",
        ],
        [
            "service timestamps log uptime",
            "service timestamps debug datetime msec",
            "ntp server 192.0.2.2",
            "logging host 192.0.2.9",
            "snmp-server community LabTwo RO",
        ],
        [
            "service timestamps log datetime msec",
            "ntp server 192.0.2.1",
            "logging host 192.0.2.8",
            "snmp-server community LabOne RO",
        ],
    ),
    ("cisco_nxos", ["no ip domain-lookup"], ["no ip domain-lookup"], ["ip domain-lookup"]),
]


@pytest.mark.parametrize(("platform", "typed", "shown", "gone"), GLOBAL_SETTINGS)
def test_global_setting_and_its_no_form_are_one_line(
    lab_factory: LabFactory, platform: str, typed: list[str], shown: list[str], gone: list[str]
) -> None:
    device = lab_factory(1, platform)["sw01"]
    with connect(device) as conn:
        conn.send_config_set(typed)
        lines = conn.send_command("show running-config").splitlines()
    top = [line for line in lines if line[:1] not in ("", " ", "!")]
    assert sorted({line for line in top if top.count(line) > 1}) == []  # one line per global setting
    assert [line for line in shown if line not in lines] == []
    assert [line for line in gone if line in lines] == []
