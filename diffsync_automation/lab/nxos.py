"""Cisco NX-OS dialect (netmiko ``cisco_nxos``): a Nexus 9000v switch running NX-OS 9.3.

Show outputs copy the layout of real NX-OS (ntc-templates' cisco_nxos test fixtures are the reference), so
the cisco_nxos templates parse them. NX-OS differs from IOS where clients notice: the login lands in
privileged mode, Ethernet ports are shut until ``no shutdown`` (shown in the running-config), VLANs are listed
on one ``vlan 1,10,20`` line, ``interface Vlan`` and routing protocols need their ``feature`` first, and
``no feature`` removes what the feature configured. Simplifications are listed in docs/lab.md.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Interface

from diffsync_automation.lab.dialect import (
    GLOBAL,
    INTERFACE_WORDS,
    IOS_STYLE_KEYS,
    VLAN_WORDS,
    Dialect,
    InterfaceType,
    OrderRule,
    Renderer,
    Section,
    token_column,
    words,
)
from diffsync_automation.lab.routes import Installed, installed_routes
from diffsync_automation.lab.state import DeviceState

_R = re.compile
_VLAN_LINE = _R(r"vlan (\d+)")
_FACTORY = """\
version 9.3(8) Bios:version
feature ssh
no password strength-check
ip domain-lookup
copp profile strict
vrf context management
line console
line vty
boot nxos bootflash:/nxos.9.3.8.bin
"""
_HELP = (
    "configure       Enter configuration mode",
    "copy            Copy from source to destination",
    "exit            Exit from command interpreter",
    "show            Show running system information",
    "terminal        Set terminal line parameters",
)
_DASHES = "-" * 80


class NxosDialect(Dialect):
    """Cisco NX-OS behaviour."""

    platform = "cisco_nxos"
    default_hostname = "switch"
    user_mode = False
    interface_types = (
        InterfaceType("Ethernet", "Eth", logical=False, switchport=True, enabled=False),
        InterfaceType("mgmt", "mgmt", logical=False),
        InterfaceType("Vlan", "Vlan", logical=True),
        InterfaceType("loopback", "Lo", logical=True),
        InterfaceType("port-channel", "Po", logical=True),
    )
    ports = ("mgmt0", *(f"Ethernet1/{n}" for n in range(1, 9)))
    sections = (
        Section("interface", _R(r"interface (?P<name>\S+)"), "config-if", words=INTERFACE_WORDS),
        Section("vlan", _R(r"vlan (?P<id>[\d,-]+)"), "config-vlan", words=VLAN_WORDS),
        Section("router", _R(r"router (?:bgp|ospf|eigrp) \S+"), "config-router"),
        Section("address-family", _R(r"address-family .*"), "config-router-af", parent="router"),
        Section("neighbor", _R(r"neighbor \S+(?: .*)?"), "config-router-neighbor", parent="router"),
        Section("neighbor-af", _R(r"address-family .*"), "config-router-neighbor-af", parent="neighbor"),
        Section("router-vrf", _R(r"vrf (?P<vrf>\S+)"), "config-router-vrf", parent="router"),
        Section("router-vrf-af", _R(r"address-family .*"), "config-router-vrf-af", parent="router-vrf"),
        Section("vrf", _R(r"vrf context \S+"), "config-vrf"),
        Section("vrf-af", _R(r"address-family .*"), "config-vrf-af-ipv4", parent="vrf"),
        Section("acl", _R(r"ip access-list \S+"), "config-acl"),
        Section("route-map", _R(r"route-map \S+(?: .*)?"), "config-route-map"),
        Section("line", _R(r"line (?:console|vty)"), "config-line"),
    )
    features = (
        (_R(r"interface Vlan\d+"), "interface-vlan"),
        (_R(r"router bgp .*"), "bgp"),
        (_R(r"router ospf .*"), "ospf"),
        (_R(r"lldp .*"), "lldp"),
        (_R(r"channel-group \d+ mode (?:active|passive)"), "lacp"),
    )
    keys = (
        *IOS_STYLE_KEYS,
        ("interface", _R(r"(?P<key>ip address) \S+")),
        ("interface", _R(r"(?P<key>mtu|speed|duplex|vrf member|channel-group) .*")),
        ("router", _R(r"(?P<key>router-id) .*")),
        ("neighbor", _R(r"(?P<key>remote-as|update-source) .*")),
        ("global", _R(r"(?P<key>hostname|version) .*")),
        ("acl", _R(r"(?P<key>\d+) .*")),
        ("global", _R(r"(?P<key>ip prefix-list \S+ seq \d+) .*")),
        ("global", _R(r"(?P<key>snmp-server (?:location|contact)|ip domain-name) .*")),
        ("global", _R(r"(?P<key>banner \S+) .*")),
        ("global", _R(r"(?:no )?(?P<key>ip domain-lookup)")),
    )
    order = (
        OrderRule("global", _R(r"version "), 0),
        OrderRule("global", _R(r"hostname "), 1),
        OrderRule("global", _R(r"(no )?feature "), 3),
        OrderRule("global", _R(r"(no )?password "), 4),
        OrderRule("global", _R(r"username "), 5),
        OrderRule("global", _R(r"banner "), 5),
        OrderRule("global", _R(r"ip domain"), 6),
        OrderRule("global", _R(r"copp "), 7),
        OrderRule("global", _R(r"snmp-server "), 8),
        OrderRule("global", _R(r"ntp "), 9),
        OrderRule("global", _R(r"ip route "), 10, natural=True),
        OrderRule("global", _R(r"vlan "), 11, natural=True),
        OrderRule("global", _R(r"ip access-list "), 12),
        OrderRule("global", _R(r"route-map "), 13),
        OrderRule("global", _R(r"vrf context "), 14),
        OrderRule("global", _R(r"ip prefix-list "), 15, natural=True),
        OrderRule("global", _R(r"interface [Pp]ort-channel"), 19, natural=True),  # listed before the ports
        OrderRule("global", _R(r"interface "), 20, natural=True),
        OrderRule("global", _R(r"line "), 30),
        OrderRule("global", _R(r"boot "), 31),
        OrderRule("global", _R(r"router "), 32),
        OrderRule("acl", _R(r"\d+ "), 0, natural=True),
        OrderRule("interface", _R(r"description "), 0),
        OrderRule("interface", _R(r"(no )?switchport$"), 1),
        OrderRule("interface", _R(r"switchport mode "), 2),
        OrderRule("interface", _R(r"switchport access "), 3),
        OrderRule("interface", _R(r"mtu "), 4),
        OrderRule("interface", _R(r"vrf member "), 5),
        OrderRule("interface", _R(r"ip address"), 6),
        OrderRule("interface", _R(r"channel-group "), 40),
        OrderRule("interface", _R(r"(no )?shutdown"), 60),
        OrderRule("router", _R(r"address-family "), 55),
        OrderRule("router", _R(r"neighbor "), 60),
        OrderRule("router", _R(r"vrf "), 70),
    )
    global_words = words(
        "banner boot clock copp feature hostname interface ip ipv6 line lldp logging ntp password role route-map router"
        " snmp-server spanning-tree username vlan vrf"
    )
    global_only = _R(
        r"(hostname|vlan|interface|router(?!-id)|feature|ntp|logging|snmp-server|username|banner|route-map|line|"
        r"vrf context|ip (route|access-list|prefix-list|domain))\b"
    )
    stored_negations = frozenset({"no switchport", "no shutdown", "no ip domain-lookup"})
    indent = 2
    show_in_config = True
    config_banner = "Enter configuration commands, one per line. End with CNTL/Z.\n"
    save_reply = (
        "[########################################] 100%\n"
        "Copy complete, now saving to disk (please wait)...\n"
        "Copy complete.\n"
    )
    incomplete = "% Incomplete command at '^' marker."
    default_vlan_delete_error = "Deletion of VLAN 1 is not allowed!!"
    default_vlan_rename_error = "% Cannot change the name of the default VLAN."
    l2_address_error = "% IP address cannot be configured on a switchport. Use 'no switchport' first."
    vrf_member = "vrf member"
    ntp_vrf_inline = False
    ntp_source = "ntp source-interface"
    vrf_section = "vrf context"
    route_name_first = True
    vrf_routes_in_section = True
    port_channel = "port-channel"
    channel_mode_required = False
    help_lines = _HELP
    status_commands = ("show interface status", "show interfaces status")
    description_commands = ("show interface description",)

    def invalid_input(self, prompt: str, line: str, at: int | None = None) -> str:
        caret = " " * (len(prompt) + token_column(line, at))
        return f"{caret}^\n% Invalid command at '^' marker.\n\n"

    def parse_address(self, args: list[str]) -> IPv4Interface:
        if len(args) == 2:
            return IPv4Interface(f"{args[0]}/{args[1]}")
        if len(args) != 1 or "/" not in args[0]:
            raise ValueError("ip address ADDRESS/LENGTH")
        return IPv4Interface(args[0])

    def address_line(self, address: IPv4Interface) -> str:
        return f"ip address {address.with_prefixlen}"

    def factory_config(self) -> str:
        interfaces = "".join(f"interface {port}\n" for port in self.ports[1:])
        return _FACTORY + interfaces + "interface mgmt0\n  vrf member management\n"

    def show_commands(self) -> list[tuple[str, Renderer]]:
        version, *rest = super().show_commands()
        return [version, ("show hostname", lambda state: f"{state.hostname}\n"), *rest]

    # ------------------------------------------------------------------ running-config
    def running_config(self, state: DeviceState) -> str:
        stamp = "Sun Dec  6 12:00:00 2026"
        header = ["", "!Command: show running-config", f"!Running configuration last done at: {stamp}"]
        header += [f"!Time: {stamp}", ""]
        body: list[str] = []
        vlans_done = False
        for node in sorted(state.config.children.values(), key=lambda n: self.sort_key(GLOBAL, n.line)):
            if _VLAN_LINE.fullmatch(node.line) or (node.line.startswith("interface ") and not vlans_done):
                if not vlans_done:
                    body.append(f"vlan {_vlan_ranges(list(state.vlans))}")
                    vlans_done = True
                if node.line.startswith("vlan") and not node.children:
                    continue
            if node.line.startswith("interface "):
                body.append("")
            body.append(node.line)
            body += self.render_tree(node, self.scope_of(node.line, GLOBAL), 1)
        return "\n".join([*header, *body, ""]) + "\n"

    # ------------------------------------------------------------------ show renderers
    def show_vlan(self, state: DeviceState, brief: bool) -> str:
        lines = ["", *self.vlan_port_table(state)]
        if not brief:
            lines += ["", "VLAN Type         Vlan-mode", "---- -----        ----------"]
            lines += [f"{vlan_id:<4} enet         CE" for vlan_id in state.vlans]
            lines += ["", "Remote SPAN VLANs", "-" * 79, "", "Primary  Secondary  Type             Ports"]
            lines += ["-------  ---------  ---------------  -------------------------------------------", ""]
        return "\n".join(lines) + "\n"

    def show_interfaces_status(self, state: DeviceState) -> str:
        lines = [_DASHES, "Port          Name               Status    Vlan      Duplex  Speed   Type", _DASHES]
        ports = [intf for intf in state.sorted_interfaces() if intf.name.startswith(("Ethernet", "mgmt"))]
        for intf in sorted(ports, key=lambda intf: not intf.name.startswith("mgmt")):  # mgmt0 is listed first
            status = "connected" if intf.enabled else "disabled"
            vlan = "routed" if intf.access_vlan is None else str(intf.access_vlan)
            duplex, speed, kind = ("full", "1000", "10Gbase-SR") if intf.enabled else ("auto", "auto", "10Gbase-SR")
            if intf.name.startswith("mgmt"):
                kind = "--"
            name = (intf.description or "--")[:18]
            lines.append(
                f"{self.short_name(intf.name):<13} {name:<18} {status:<9} {vlan:<9} {duplex:<7} {speed:<7} {kind}"
            )
        return "\n".join(lines) + "\n"

    def show_interfaces_description(self, state: DeviceState) -> str:
        lines = [_DASHES, f"{'Interface':<24} {'Description':<55}", _DASHES]
        for intf in state.sorted_interfaces():
            if intf.name.startswith("mgmt"):
                lines.append(f"{intf.name:<24} {intf.description or '--'}")
        lines += ["", _DASHES, "Port          Type   Speed   Description", _DASHES]
        for intf in state.sorted_interfaces():
            if intf.name.startswith("Ethernet"):
                lines.append(f"{self.short_name(intf.name):<13} {'eth':<6} {'10G':<7} {intf.description or '--'}")
        lines += ["", _DASHES, "Interface                Description", _DASHES]
        for intf in state.sorted_interfaces():
            if self.interface_type(intf.name) is not None and not intf.name.startswith(("Ethernet", "mgmt")):
                lines.append(f"{intf.name:<24} {intf.description or '--'}")
        return "\n".join(lines) + "\n"

    def show_ip_interface_brief(self, state: DeviceState) -> str:
        lines = ['IP Interface Status for VRF "default"(1)', "Interface            IP Address      Interface Status"]
        for intf in state.sorted_interfaces():
            if intf.address is None or intf.name.startswith("mgmt"):
                continue
            status = "protocol-up/link-up/admin-up" if intf.enabled else "protocol-down/link-down/admin-down"
            lines.append(f"{self.short_name(intf.name):<20} {intf.address.ip!s:<15} {status}")
        return "\n".join(lines) + "\n"

    def show_ip_route(self, state: DeviceState, static_only: bool) -> str:
        lines = [
            'IP Route Table for VRF "default"',
            "'*' denotes best ucast next-hop",
            "'**' denotes best mcast next-hop",
            "'[x/y]' denotes [preference/metric]",
            "'%<string>' in via output denotes VRF <string>",
            "",
        ]
        for entry in installed_routes(state, static_only):
            lines += self._route_lines(entry)
        return "\n".join(lines) + "\n"

    def _route_lines(self, entry: Installed) -> list[str]:
        if not entry.hops:
            source = "local" if entry.code == "L" else "direct"
            interface = self.short_name(entry.interface or "")
            address = entry.prefix.network_address if source == "local" else entry.prefix.network_address + 1
            return [
                f"{entry.prefix}, ubest/mbest: 1/0, attached",
                f"    *via {address}, {interface}, [0/0], 1w2d, {source}",
            ]
        lines = [f"{entry.prefix}, ubest/mbest: {len(entry.hops)}/0"]
        lines += [f"    *via {hop.address}, [{entry.distance}/0], 1w2d, static" for hop in entry.hops]
        return lines

    def show_version(self, state: DeviceState) -> str:
        return (
            "Cisco Nexus Operating System (NX-OS) Software\n"
            "TAC support: http://www.cisco.com/tac\n"
            "Copyright (C) 2002-2021, Cisco and/or its affiliates.\n"
            "All rights reserved.\n"
            "\n"
            "Software\n"
            "  BIOS: version \n"
            "  NXOS: version 9.3(8)\n"
            "  BIOS compile time:  \n"
            "  NXOS image file is: bootflash:///nxos.9.3.8.bin\n"
            "  NXOS compile time:  8/18/2021 16:00:00 [08/19/2021 00:43:15]\n"
            "\n"
            "\n"
            "Hardware\n"
            "  cisco Nexus9000 C9300v Chassis\n"
            "  Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz with 10211248 kB of memory.\n"
            f"  Processor Board ID {state.serial}\n"
            "\n"
            f"  Device name: {state.hostname}\n"
            "  bootflash:    4287040 kB\n"
            "Kernel uptime is 9 day(s), 3 hour(s), 4 minute(s), 5 second(s)\n"
            "\n"
            "Last reset \n"
            "  Reason: Unknown\n"
            "  System version: \n"
            "  Service: \n"
            "\n"
            "plugin\n"
            "  Core Plugin, Ethernet Plugin\n"
            "\n"
            "Active Package(s):\n"
            "\n"
        )


def _vlan_ranges(vlan_ids: list[int]) -> str:
    """``[1, 10, 11, 12, 20]`` -> ``1,10-12,20`` as NX-OS prints VLAN lists."""
    parts: list[str] = []
    ids = sorted(vlan_ids)
    start = previous = ids[0]
    for vlan_id in [*ids[1:], None]:
        if vlan_id is not None and vlan_id == previous + 1:
            previous = vlan_id
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if vlan_id is not None:
            start = previous = vlan_id
    return ",".join(parts)
