"""Arista EOS dialect (netmiko ``arista_eos``): a vEOS-lab switch running EOS 4.31.

Show outputs copy the column layout of real EOS so that the ``arista_eos`` ntc-templates parse them.
Simplifications (documented in docs/lab.md): ``show ip interface brief`` lists every interface and reports a
shut interface as ``adminDown``, every interface without ``shutdown`` is up/connected, and every configured
static route is installed.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Interface

from diffsync_automation.lab.dialect import (
    INTERFACE_WORDS,
    IOS_STYLE_KEYS,
    VLAN_WORDS,
    Dialect,
    InterfaceType,
    OrderRule,
    Section,
    named_ace_port,
    words,
)
from diffsync_automation.lab.routes import Installed, installed_routes
from diffsync_automation.lab.state import DeviceState

_ROUTE_CODES = """\
VRF: default
Codes: C - connected, S - static, K - kernel,
       O - OSPF, IA - OSPF inter area, E1 - OSPF external type 1,
       E2 - OSPF external type 2, N1 - OSPF NSSA external type 1,
       N2 - OSPF NSSA external type2, B - Other BGP Routes,
       B I - iBGP, B E - eBGP, R - RIP, I L1 - IS-IS level 1,
       I L2 - IS-IS level 2, O3 - OSPFv3, A B - BGP Aggregate,
       A O - OSPF Summary, NG - Nexthop Group Static Route,
       V - VXLAN Control Service, M - Martian,
       DH - DHCP client installed default route,
       DP - Dynamic Policy Route, L - VRF Leaked,
       G  - gRIBI, RC - Route Cache Route
"""
_FACTORY = """\
no aaa root
service routing protocols model multi-agent
spanning-tree mode mstp
ip routing
management api http-commands
   no shutdown
"""
_HELP = (
    "configure       Enter configuration mode",
    "copy            Copy files from one location to another",
    "disable         Turn off privileged commands",
    "enable          Turn on privileged commands",
    "exit            Leave the EXEC",
    "show            Display details of switch operation",
    "terminal        Configure the terminal",
    "write           Copy the running configuration to the startup configuration",
)


_R = re.compile
_PORT_NAMES = {
    (protocol, port): name
    for protocol in ("tcp", "udp")
    for port, name in ((22, "ssh"), (80, "www"), (161, "snmp"), (179, "bgp"))
}
"""Ports EOS prints by name in an ACE (a few well-known ones)."""


class EosDialect(Dialect):
    """Arista EOS behaviour."""

    platform = "arista_eos"
    default_hostname = "localhost"
    interface_types = (
        InterfaceType("Ethernet", "Et", logical=False, switchport=True),
        InterfaceType("Management", "Ma", logical=False),
        InterfaceType("Vlan", "Vl", logical=True),
        InterfaceType("Loopback", "Lo", logical=True),
        InterfaceType("Port-Channel", "Po", logical=True),
    )
    ports = ("Management1", *(f"Ethernet{n}" for n in range(1, 9)))
    sections = (
        Section("interface", _R(r"interface (?P<name>\S+)"), "config-if-{short}", words=INTERFACE_WORDS),
        Section("vlan", _R(r"vlan (?P<id>[\d,-]+)"), "config-vlan-{id}", words=VLAN_WORDS),
        Section("router", _R(r"router (?P<proto>bgp|ospf)(?: .*)?"), "config-router-{proto}"),
        Section("address-family", _R(r"address-family (?P<afi>\S+)(?: .*)?"), "config-router-bgp-af", "router"),
        Section("router-vrf", _R(r"vrf (?P<vrf>\S+)"), "config-router-bgp-vrf-{vrf}", "router"),
        Section("router-vrf-af", _R(r"address-family \S+(?: .*)?"), "config-router-bgp-vrf-af", "router-vrf"),
        Section("acl", _R(r"ip access-list (?:standard )?(?P<acl>\S+)"), "config-acl-{acl}"),
        Section("prefix-list", _R(r"ip prefix-list \S+"), "config-ip-pfx"),
        Section("vrf", _R(r"vrf instance (?P<vrf>\S+)"), "config-vrf-{vrf}"),
        Section("management", _R(r"management (?P<what>\S+)(?: \S+)?"), "config-mgmt-{what}"),
        Section("route-map", _R(r"route-map (?P<map>\S+)(?: .*)?"), "config-route-map-{map}"),
    )
    keys = (
        *IOS_STYLE_KEYS,
        ("interface", _R(r"(?P<key>ip address) \S+")),
        ("interface", _R(r"(?P<key>mtu|speed|ip ospf cost|channel-group) .*")),
        ("router", _R(r"(?P<key>router-id) .*")),
        ("router-vrf", _R(r"(?P<key>rd) .*")),
        ("router", _R(r"(?P<key>neighbor \S+ (?:remote-as|description|update-source)) .*")),
        ("global", _R(r"(?P<key>hostname|spanning-tree mode|ip domain-name) .*")),
        ("acl", _R(r"(?P<key>\d+) .*")),
        ("prefix-list", _R(r"(?P<key>seq \d+) .*")),
        ("global", _R(r"(?P<key>snmp-server (?:location|contact)|logging buffered) .*")),
    )
    order = (
        OrderRule("global", _R(r"(no )?aaa "), 1),
        OrderRule("global", _R(r"service "), 2),
        OrderRule("global", _R(r"hostname "), 3),
        OrderRule("global", _R(r"ip domain"), 4),
        OrderRule("global", _R(r"ntp "), 5),
        OrderRule("global", _R(r"snmp-server "), 6),
        OrderRule("global", _R(r"spanning-tree "), 7),
        OrderRule("global", _R(r"username "), 8),
        OrderRule("global", _R(r"vlan "), 10, natural=True),
        OrderRule("global", _R(r"vrf instance "), 11),
        OrderRule("global", _R(r"interface "), 12, natural=True),
        OrderRule("global", _R(r"ip access-list "), 14),
        OrderRule("global", _R(r"ip routing"), 15),
        OrderRule("global", _R(r"ip route "), 16, natural=True),
        OrderRule("global", _R(r"ip prefix-list "), 17),
        OrderRule("global", _R(r"route-map "), 18),
        OrderRule("global", _R(r"router "), 20),
        OrderRule("global", _R(r"management "), 30),
        OrderRule("router", _R(r"vrf "), 90),  # a VRF's BGP section follows the process's own lines
        OrderRule("acl", _R(r"\d+ "), 0, natural=True),
        OrderRule("prefix-list", _R(r"seq "), 0, natural=True),
        OrderRule("interface", _R(r"description "), 0),
        OrderRule("interface", _R(r"mtu "), 1),
        OrderRule("interface", _R(r"shutdown"), 2),
        OrderRule("interface", _R(r"(no )?switchport"), 3),
        OrderRule("interface", _R(r"ip address"), 4),
        OrderRule("interface", _R(r"channel-group "), 5),
        OrderRule("router", _R(r"address-family "), 60),
        OrderRule("router", _R(r"vrf "), 70),
    )
    global_words = words(
        "aaa banner clock daemon hostname interface ip ipv6 lldp logging management mlag ntp route-map router"
        " service snmp-server spanning-tree username vlan vrf"
    )
    global_only = _R(
        r"(hostname|vlan|interface|router(?!-id)|ntp|logging|snmp-server|username|aaa|banner|service|management|"
        r"route-map|ip (route|access-list|prefix-list|domain|name-server|routing)|vrf instance)\b"
    )
    stored_negations = frozenset({"no switchport", "no lldp run"})
    indent = 3
    section_separator = "!"
    show_in_config = True
    save_reply = "Copy completed successfully.\n"
    incomplete = "% Incomplete command"
    bgp_running = "% BGP is already running with AS number {asn}"
    default_vlan_delete_error = "% VLAN 1 is the default VLAN and cannot be deleted"
    default_vlan_rename_error = "% The name of the default VLAN cannot be changed"
    l2_address_error = "% IP addresses cannot be configured on a switched port"
    vrf_member = "vrf"
    ntp_source = "ntp local-interface"
    vrf_section = "vrf instance"
    port_channel = "Port-Channel"
    help_lines = _HELP
    vlan_id_width = 5
    description_columns = (30, 14, 18)

    def stored_form(self, scope: str, line: str) -> str:
        return named_ace_port(line, _PORT_NAMES) if scope == "acl" else line

    def invalid_input(self, prompt: str, line: str, at: int | None = None) -> str:
        """``% Invalid input (at token N: 'word')`` where the failing token is known."""
        tokens = line.split()
        if at is None or at >= len(tokens):
            return "% Invalid input\n"
        return f"% Invalid input (at token {at}: '{tokens[at]}')\n"

    def terminal_width_reply(self, columns: str) -> str:
        return f"Width set to {columns} columns.\n"

    def terminal_length_reply(self, lines: str) -> str:
        return "Pagination disabled.\n" if lines == "0" else f"Pagination set to {lines} lines.\n"

    def parse_address(self, args: list[str]) -> IPv4Interface:
        if len(args) != 1 or "/" not in args[0]:
            raise ValueError("ip address ADDRESS/LENGTH")
        return IPv4Interface(args[0])

    def address_line(self, address: IPv4Interface) -> str:
        return f"ip address {address.with_prefixlen}"

    def factory_config(self) -> str:
        return _FACTORY + "".join(f"interface {port}\n" for port in self.ports)

    def running_config(self, state: DeviceState) -> str:
        header = ["! Command: show running-config", f"! device: {state.hostname} (vEOS-lab, EOS-4.31.2F)", "!"]
        header += ["! boot system flash:/vEOS-lab.swi", "!"]
        return "\n".join([*header, *self.render_config(state.config, "!"), "end"]) + "\n"

    # ------------------------------------------------------------------ show renderers
    def show_vlan(self, state: DeviceState, brief: bool) -> str:
        """The same table with and without ``brief``."""
        return "\n".join(self.vlan_port_table(state)) + "\n"

    def show_interfaces_status(self, state: DeviceState) -> str:
        lines = ["Port       Name                        Status       Vlan     Duplex Speed  Type"]
        for intf in state.sorted_interfaces():
            if not intf.name.startswith(("Ethernet", "Management")):
                continue
            status = "connected" if intf.enabled else "disabled"
            vlan = "routed" if intf.access_vlan is None else str(intf.access_vlan)
            kind = "EbraTestPhyPort" if intf.name.startswith("Ethernet") else "10/100/1000"
            lines.append(
                f"{self.short_name(intf.name):<10} {intf.description:<27} {status:<12} {vlan:<8} full   1G     {kind}"
            )
        return "\n".join(lines) + "\n"

    def show_version(self, state: DeviceState) -> str:
        return (
            "Arista vEOS-lab\n"
            "Hardware version:\n"
            f"Serial number: {state.serial}\n"
            "Hardware MAC address: 5254.0012.3456\n"
            "System MAC address: 5254.0012.3456\n"
            "\n"
            "Software image version: 4.31.2F\n"
            "Architecture: x86_64\n"
            "Internal build version: 4.31.2F-35442176.4312F\n"
            "Internal build ID: 8e8c9c7a-0c34-4a5b-9c0e-3f5b8f1c2d11\n"
            "Image format version: 1.0\n"
            "Image optimization: None\n"
            "\n"
            "Kernel version: 5.10.209\n"
            "\n"
            "Uptime: 1 week, 2 days, 3 hours and 4 minutes\n"
            "Total memory: 3938476 kB\n"
            "Free memory: 2570540 kB\n"
            "\n"
        )

    def show_ip_interface_brief(self, state: DeviceState) -> str:
        lines = ["Interface              IP Address         Status     Protocol         MTU"]
        for intf in state.sorted_interfaces():
            status, protocol = ("up", "up") if intf.enabled else ("adminDown", "down")
            address = intf.address.with_prefixlen if intf.address else "unassigned"
            lines.append(f"{intf.name:<22} {address:<18} {status:<10} {protocol:<15} {intf.effective_mtu:>5}")
        return "\n".join(lines) + "\n"

    def show_ip_route(self, state: DeviceState, static_only: bool) -> str:
        entries = installed_routes(state, static_only, local=False)
        default = next((e for e in entries if e.prefix.prefixlen == 0), None)
        lines = [*_ROUTE_CODES.splitlines(), ""]
        if default is None:
            lines += ["Gateway of last resort is not set", ""]
        else:
            lines += ["Gateway of last resort:", *_route_lines(default), ""]
        for entry in entries:
            if entry is not default:
                lines += _route_lines(entry)
        return "\n".join(lines) + "\n"


def _route_lines(entry: Installed) -> list[str]:
    head = f" {entry.code:<8} {entry.prefix}"
    if not entry.hops:
        return [f"{head} is directly connected, {entry.interface}"]
    first, *rest = entry.hops
    lines = [f"{head} [{entry.distance}/0] via {first.address}, {first.interface}"]
    lines += [
        " " * (len(head) + len(f" [{entry.distance}/0] ")) + f"via {hop.address}, {hop.interface}" for hop in rest
    ]
    return lines
