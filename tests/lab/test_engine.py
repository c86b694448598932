"""CLI engine behaviour, driven line by line without SSH (the SSH path is covered by the netmiko tests)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

import pytest

from diffsync_automation.lab.engine import CliSession
from diffsync_automation.lab.platforms import dialect_for, open_session
from diffsync_automation.lab.seed import build_fleet
from diffsync_automation.lab.state import Platform, StaticRoute


def session(platform: Platform, privilege: int = 15) -> CliSession:
    state = build_fleet(1, platform, drift=False).states[0]
    state.privilege = privilege
    return CliSession(state, dialect_for(platform))


def run(cli: CliSession, *lines: str) -> str:
    return "".join(cli.handle(line).text for line in lines)


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos"])
def test_enable_dialogue_starts_from_user_mode(platform: Platform) -> None:
    cli = session(platform, privilege=1)
    assert cli.prompt() == "sw01>"
    assert cli.handle("show privilege").text == "Current privilege level is 1\n"
    assert cli.handle("configure terminal").text != ""  # not available before enable
    assert cli.mode == "exec"
    assert cli.handle("enable").ask_password
    cli.enter_enable()
    assert cli.prompt() == "sw01#"
    assert cli.handle("enable").ask_password is False
    run(cli, "disable")
    assert cli.prompt() == "sw01>"


@pytest.mark.parametrize(
    ("platform", "typed", "interface", "if_prompt", "vlan_prompt"),
    [
        ("cisco_ios", "gi0/3", "GigabitEthernet0/3", "sw01(config-if)#", "sw01(config-vlan)#"),
        ("arista_eos", "et3", "Ethernet3", "sw01(config-if-Et3)#", "sw01(config-vlan-42)#"),
    ],
)
def test_modes_prompts_and_abbreviations(
    platform: Platform, typed: str, interface: str, if_prompt: str, vlan_prompt: str
) -> None:
    cli = session(platform)
    run(cli, "conf t")
    assert cli.prompt() == "sw01(config)#"
    run(cli, f"int {typed}", "desc  spaced   text ")
    assert cli.prompt() == if_prompt
    assert cli.state.interfaces[interface].description == "spaced text"
    run(cli, "vlan 42")  # a global command from a sub-mode switches context, as on the devices
    assert cli.prompt() == vlan_prompt
    run(cli, "name BLUE", "exit")
    assert cli.prompt() == "sw01(config)#"
    run(cli, "exit")
    assert cli.prompt() == "sw01#"
    assert cli.state.vlans[42] == "BLUE"
    assert "BLUE" in run(cli, "sh vl br")


def test_invalid_and_incomplete_input_use_platform_wording() -> None:
    ios, eos = session("cisco_ios"), session("arista_eos")
    assert run(ios, "frobnicate") == "     ^\n% Invalid input detected at '^' marker.\n\n"
    assert run(eos, "frobnicate") == "% Invalid input (at token 0: 'frobnicate')\n"
    run(ios, "configure terminal")
    run(eos, "configure terminal")
    assert "% Incomplete command." in run(ios, "vlan")
    assert "% Incomplete command" in run(eos, "vlan")
    assert "Invalid input" in run(ios, "vlan 5000")
    assert "Invalid input" in run(eos, "interface Bogus7")
    assert ios.mode == eos.mode == "config"
    run(ios, "interface Gi0/1")
    assert "Invalid input" in run(ios, "vlan abc")  # a rejected global command keeps the sub-mode
    assert ios.prompt() == "sw01(config-if)#"


def test_show_in_config_mode() -> None:
    ios, eos = session("cisco_ios"), session("arista_eos")
    run(ios, "configure terminal")
    run(eos, "configure terminal")
    assert "Invalid input" in run(ios, "show vlan brief")
    assert "USERS" in run(ios, "do show vlan brief")
    assert "USERS" in run(eos, "show vlan brief")
    assert "USERS" in run(eos, "do show vlan brief")
    assert ios.mode == eos.mode == "config"


@pytest.mark.parametrize(("platform", "route"), [("cisco_ios", "10.8.0.0 255.255.0.0"), ("arista_eos", "10.8.0.0/16")])
def test_no_forms_undo_each_command(platform: Platform, route: str) -> None:
    cli = session(platform)
    port = "GigabitEthernet0/3" if platform == "cisco_ios" else "Ethernet3"
    run(
        cli,
        "configure terminal",
        "hostname edge7",
        "vlan 77",
        "name SEVENTY",
        f"interface {port}",
        "description temp",
        "shutdown",
        "switchport access vlan 77",
        "mtu 9100",
        "interface Loopback0",
        "ntp server 198.51.100.7",
        f"ip route {route} 172.16.0.9",
        "end",
    )
    state = cli.state
    assert (state.hostname, state.vlans[77], "Loopback0" in state.interfaces) == ("edge7", "SEVENTY", True)
    intf = state.interfaces[port]
    assert (intf.description, intf.enabled, intf.access_vlan, intf.mtu) == ("temp", False, 77, 9100)
    assert StaticRoute(IPv4Network("10.8.0.0/16"), IPv4Address("172.16.0.9")) in state.static_routes
    run(
        cli,
        "configure terminal",
        "vlan 77",
        "no name",
        f"interface {port}",
        "no description",
        "no shutdown",
        "no switchport access vlan",
        "no mtu",
        "no interface Loopback0",
        "no ntp server 198.51.100.7",
        f"no ip route {route}",
        "no hostname",
    )
    assert state.vlans[77] == "VLAN0077"
    intf = state.interfaces[port]  # a view: read it again after the change
    assert (intf.description, intf.enabled, intf.access_vlan, intf.mtu) == ("", True, 1, None)
    assert "Loopback0" not in state.interfaces
    assert state.ntp_global["servers"] == [{"server": "192.0.2.123"}, {"server": "192.0.2.124"}]  # the seeded ones
    assert all(r.prefix != IPv4Network("10.8.0.0/16") for r in state.static_routes)
    assert state.hostname == dialect_for(platform).default_hostname
    run(cli, "no vlan 77")
    assert 77 not in state.vlans


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos"])
def test_guarded_commands(platform: Platform) -> None:
    cli = session(platform)
    mgmt, port = ("GigabitEthernet0/0", "Gi0/1") if platform == "cisco_ios" else ("Management1", "Et1")
    run(cli, "configure terminal")
    assert run(cli, "no vlan 1").startswith("%")
    assert run(cli, "vlan 1", "name OTHER").startswith("%")
    assert cli.state.vlans[1] == "default"
    assert run(cli, f"interface {port}", "ip address 10.0.0.1 255.0.0.0").startswith("%")
    assert "Invalid input" in run(cli, f"no interface {port}")
    assert run(cli, f"interface {mgmt}", "switchport access vlan 10").startswith("% Command rejected")
    run(cli, f"interface {port}", "no switchport")
    assert cli.state.interfaces["GigabitEthernet0/1" if platform == "cisco_ios" else "Ethernet1"].access_vlan is None


def test_missing_access_vlan_is_created_on_ios_only() -> None:
    ios, eos = session("cisco_ios"), session("arista_eos")
    assert "Creating vlan 55" in run(ios, "configure terminal", "interface Gi0/1", "switchport access vlan 55")
    assert run(eos, "configure terminal", "interface Et1", "switchport access vlan 55") == ""
    assert 55 in ios.state.vlans
    assert 55 not in eos.state.vlans
    assert eos.state.interfaces["Ethernet1"].access_vlan == 55


def test_static_route_distance_replaces_same_next_hop() -> None:
    cli = session("cisco_ios")
    run(
        cli,
        "configure terminal",
        "ip route 10.9.0.0 255.255.0.0 172.16.0.5 20",
        "ip route 10.9.0.0 255.255.0.0 172.16.0.5",
    )
    routes = [r for r in cli.state.static_routes if r.prefix == IPv4Network("10.9.0.0/16")]
    assert routes == [StaticRoute(IPv4Network("10.9.0.0/16"), IPv4Address("172.16.0.5"), 1)]
    assert "Invalid input" in run(cli, "ip route 10.9.0.1 255.255.0.0 172.16.0.5")  # host bits set
    assert "Invalid input" in run(cli, "ip route 10.9.0.0 255.255.0.0 172.16.0.5 300")


@pytest.mark.parametrize(
    ("platform", "typed", "shown"),
    [
        ("cisco_ios", "ntp server vrf MGMT 198.51.100.7 prefer key 5", "ntp server vrf MGMT 198.51.100.7 key 5 prefer"),
        (
            "arista_eos",
            "ntp server vrf MGMT 198.51.100.7 key 5 prefer",
            "ntp server vrf MGMT 198.51.100.7 prefer key 5",
        ),
        (
            "cisco_nxos",
            "ntp server 198.51.100.7 key 5 use-vrf MGMT prefer",
            "ntp server 198.51.100.7 prefer use-vrf MGMT key 5",
        ),
    ],
)
def test_an_ntp_server_is_shown_in_the_platform_order_and_replaced_when_typed_again(
    platform: Platform, typed: str, shown: str
) -> None:
    cli = session(platform)
    run(cli, "configure terminal", typed)
    assert shown in cli.state.config.lines()
    run(cli, typed.replace(" prefer", "").replace(" key 5", ""))  # typed again: the options it leaves out go
    assert cli.state.ntp_global["servers"][-1] == {"server": "198.51.100.7", "vrf": "MGMT"}
    removal = (
        "no ntp server vrf MGMT 198.51.100.7" if platform != "cisco_nxos" else "no ntp server 198.51.100.7 use-vrf MGMT"
    )
    run(cli, "no ntp server 198.51.100.7", removal)  # the global server is another one: the first line leaves it
    assert all(server["server"] != "198.51.100.7" for server in cli.state.ntp_global["servers"])
    assert "% Invalid" in run(cli, "ntp server 198.51.100.7 iburst")  # an option the lab does not know
    source = dialect_for(platform).ntp_source
    run(cli, f"{source} Loopback0", f"{source} Loopback1")
    assert cli.state.ntp_global["source"].lower() == "loopback1"  # the platform's spelling (NX-OS loopback1)
    run(cli, f"no {source}")
    assert "source" not in cli.state.ntp_global


def test_output_pipes() -> None:
    cli = session("cisco_ios")
    assert run(cli, "show running-config | include ^hostname") == "hostname sw01\n"
    assert "hostname" not in run(cli, "show running-config | exclude hostname")
    begun = run(cli, "show run | begin ^ntp").splitlines()
    assert begun[:2] == ["ntp server 192.0.2.123", "ntp server 192.0.2.124"] and begun[-2:] == ["!", "end"]
    assert not any(line.startswith("hostname") for line in begun)  # nothing before the first match
    section = run(cli, "show run | section interface GigabitEthernet0/2")
    assert section.splitlines() == [
        "interface GigabitEthernet0/2",
        " description users",
        " switchport access vlan 10",
        " switchport mode access",
    ]
    assert "Invalid input" in run(cli, "show version | frobnicate x")


@pytest.mark.parametrize(("platform", "reply"), [("cisco_ios", "[OK]"), ("arista_eos", "Copy completed successfully.")])
def test_saved_flag_follows_config_and_write(platform: Platform, reply: str) -> None:
    cli = session(platform)
    assert cli.state.saved
    run(cli, "configure terminal", "vlan 3", "end")
    assert not cli.state.saved
    assert reply in run(cli, "write memory")
    assert cli.state.saved
    run(cli, "configure terminal", "vlan 4", "end")
    run(cli, "copy running-config startup-config")
    assert cli.state.saved


def test_exit_closes_session_from_exec_level_only() -> None:
    cli = session("arista_eos")
    run(cli, "configure terminal", "interface Et1")
    assert not cli.handle("exit").close
    assert not cli.handle("exit").close
    assert cli.handle("exit").close


SECTIONS = {
    "cisco_ios": ("router ospf 2", "network 10.0.0.0 0.255.255.255 area 0", " ", "sw01(config-router)#"),
    "arista_eos": ("router ospf 2", "network 10.0.0.0/8 area 0", "   ", "sw01(config-router-ospf)#"),
    "cisco_nxos": ("router ospf 2", "area 0 authentication", "  ", "sw01(config-router)#"),
}


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_any_configuration_line_is_kept_in_its_section(platform: Platform) -> None:
    cli = session(platform)
    opener, child, indent, prompt = SECTIONS[platform]
    port = cli.state.dialect.ports[2]
    run(cli, "configure terminal")
    if platform == "cisco_nxos":
        run(cli, "no feature ospf")  # the seed runs OSPF process 1
        assert "Invalid command" in run(cli, opener)  # NX-OS: no routing protocol before its feature
        run(cli, "feature ospf")
    run(cli, opener, child)
    assert cli.prompt() == prompt
    run(cli, "logging host 192.0.2.50", f"interface {port}", "speed 100", "ip ospf cost 7")
    assert cli.prompt() != prompt  # the global line left the router section
    assert "Invalid" in run(cli, "frobnicate now")  # not a word an interface accepts
    run(cli, "no ip ospf cost", "end")
    config = cli.state.running_config()
    assert f"{opener}\n{indent}{child}\n" in config
    assert "logging host 192.0.2.50\n" in config
    assert f"interface {port}\n" in config and f"{indent}speed 100\n" in config
    assert "ip ospf cost" not in config and "frobnicate" not in config
    included = run(cli, "show running-config | include ^logging").splitlines()
    assert "logging host 192.0.2.50" in included and all(line.startswith("logging ") for line in included)
    run(cli, "configure terminal", f"no {opener}", f"default interface {port}", "end")
    config = cli.state.running_config()
    assert opener not in config and "speed 100" not in config
    assert cli.state.interfaces[port].access_vlan == 1  # back to the port's defaults


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_question_mark_shows_help_and_is_not_part_of_the_line(platform: Platform) -> None:
    cli = session(platform)
    run(cli, "configure terminal", f"interface {cli.state.dialect.ports[1]}")
    shown, line = cli.typed("description a?b")
    assert line == "description ab"  # what Enter runs: the line typed so far plus what followed the '?'
    assert shown.startswith("description a?\n") and shown.endswith(f"{cli.prompt()}description ab")
    assert cli.typed("?")[1] == ""  # help alone runs nothing


def test_nxos_running_config_layout() -> None:
    cli = session("cisco_nxos")
    run(cli, "configure terminal", "vlan 11-13,15", "feature interface-vlan", "interface Vlan11", "end")
    config = cli.state.running_config()
    assert "\nvlan 1,10-13,15,20,30\n" in config
    assert "\nvlan 10\n  name USERS\n" in config
    assert "\ninterface Ethernet1/2\n  description users\n  switchport access vlan 10\n  no shutdown\n" in config
    assert "\ninterface Ethernet1/7\n  channel-group 1 mode active\n\n" in config  # shut: the default, not shown
    run(cli, "configure terminal", "no feature interface-vlan", "end")
    assert "Vlan11" not in cli.state.interfaces


@pytest.mark.parametrize(("platform", "shown"), [("cisco_ios", "^CHello world^C"), ("cisco_nxos", "%Hello world%")])
def test_a_one_line_banner_is_shown_as_the_platform_shows_it_and_replaced_by_the_next(
    platform: Platform, shown: str
) -> None:
    cli = session(platform)
    run(cli, "configure terminal", "banner motd #Old#", "banner motd %Hello world%", "end")
    banners = [line for line in cli.state.running_config().splitlines() if line.startswith("banner ")]
    assert banners == [f"banner motd {shown}"]  # IOS shows ^C for any delimiter, NX-OS the one typed
    run(cli, "configure terminal", "no banner motd", "end")
    assert "banner motd" not in cli.state.running_config()


_IOS_MARKER = "% Invalid input detected at '^' marker.\n\n"
_NXOS_MARKER = "% Invalid command at '^' marker.\n\n"


@pytest.mark.parametrize(
    ("platform", "in_exec", "after_do"),
    [
        # the caret stands under "bogus" of the echoed "sw01#show bogus" / "sw01(config)#do show bogus"
        ("cisco_ios", " " * 10 + "^\n" + _IOS_MARKER, " " * 21 + "^\n" + _IOS_MARKER),
        ("arista_eos", "% Invalid input (at token 1: 'bogus')\n", "% Invalid input (at token 2: 'bogus')\n"),
        ("cisco_nxos", " " * 10 + "^\n" + _NXOS_MARKER, " " * 21 + "^\n" + _NXOS_MARKER),
    ],
)
def test_an_unknown_exec_command_gets_the_error_at_the_first_word_the_device_cannot_parse(
    platform: Platform, in_exec: str, after_do: str
) -> None:
    cli = session(platform)
    assert run(cli, "show bogus") == in_exec
    run(cli, "configure terminal")
    assert run(cli, "do show bogus") == after_do


def test_junos_points_at_an_unknown_command_word() -> None:
    junos = open_session(build_fleet(1, "juniper_junos").states[0], "admin")
    assert junos.handle("frobnicate now").text == " " * len("admin@sw01> ") + "^\nunknown command.\n"
