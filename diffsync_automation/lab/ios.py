"""Cisco IOS dialect (netmiko ``cisco_ios``): a Catalyst access switch running IOS 15.2.

Show outputs copy the column layout of real IOS so that ntc-templates and TTP parse them as they would
a real device. Simplifications (documented in docs/lab.md): VLANs 1002-1005 are not listed, every
interface without ``shutdown`` is up/connected, and every configured static route is installed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from diffsync_automation.lab.dialect import (
    GLOBAL,
    INTERFACE_WORDS,
    IOS_STYLE_KEYS,
    VLAN_WORDS,
    Dialect,
    InterfaceType,
    OrderRule,
    Section,
    named_ace_port,
    token_column,
    words,
)
from diffsync_automation.lab.routes import Installed, installed_routes
from diffsync_automation.lab.state import DeviceState
from diffsync_automation.lab.tree import ConfigNode

_ROUTE_CODES = """\
Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR
"""
_FACTORY = """\
version 15.2
no service pad
service timestamps debug datetime msec
service timestamps log datetime msec
no service password-encryption
hostname Switch
boot-start-marker
boot-end-marker
vtp mode transparent
spanning-tree mode rapid-pvst
line con 0
line vty 0 4
 login local
 transport input ssh
"""
_HELP = (
    "configure       Enter configuration mode",
    "copy            Copy from one file to another",
    "disable         Turn off privileged commands",
    "enable          Turn on privileged commands",
    "exit            Exit from the EXEC",
    "show            Show running system information",
    "terminal        Set terminal line parameters",
    "write           Write running configuration to memory, network, or terminal",
)


_R = re.compile
_CLASSFUL_NETWORK = _R(r"network (\d+\.\d+\.\d+\.\d+) mask (\d+\.\d+\.\d+\.\d+)")
_ACTIVATE = _R(r"neighbor (\S+) activate")
_VRF_FAMILY = _R(r"address-family ipv4(?: unicast)? vrf (\S+)")
_PORT_NAMES = {("tcp", 23): "telnet", ("tcp", 80): "www", ("udp", 123): "ntp", ("udp", 161): "snmp"}
_SNMP_HOST = _R(r"snmp-server host \S+(?: (?:traps|informs))?(?: version (?:1|2c))? (?!version\b)(\S+)(?: .*)?")
"""A v1/v2c notification receiver and its community string."""
_SETTINGS = (
    "service pad",
    "service password-encryption",
    "ip domain-lookup",
    "ip domain lookup",
    "ip http server",
    "ip http secure-server",
)
"""Global settings typed as ``X`` or ``no X``: one line each, as the running-config shows either form (``service pad``
is on by default and not shown: ``IosDialect.hidden_defaults``)."""
_BANNER = _R(r"(banner \S+) (\S)(.*)\2")
"""A one-line banner as typed (``banner motd #text#``): IOS shows it with ``^C`` as the delimiter."""
"""Ports IOS prints by name in an ACE (a few well-known ones; 22 stays a number)."""


class IosDialect(Dialect):
    """Cisco IOS behaviour."""

    platform = "cisco_ios"
    default_hostname = "Switch"
    interface_types = (
        InterfaceType("FastEthernet", "Fa", logical=False, switchport=True),
        InterfaceType("GigabitEthernet", "Gi", logical=False, switchport=True),
        InterfaceType("Vlan", "Vl", logical=True),
        InterfaceType("Loopback", "Lo", logical=True),
        InterfaceType("Port-channel", "Po", logical=True),
    )
    ports = tuple(f"GigabitEthernet0/{n}" for n in range(9))
    sections = (
        Section("interface", _R(r"interface (?P<name>\S+)"), "config-if", words=INTERFACE_WORDS),
        Section("vlan", _R(r"vlan (?P<id>[\d,-]+)"), "config-vlan", words=VLAN_WORDS),
        Section("router", _R(r"router (?:bgp|ospf|eigrp|rip|isis)(?: .*)?"), "config-router"),
        Section("address-family", _R(r"address-family .*"), "config-router-af", parent="router"),
        Section("line", _R(r"line (?:con|vty|aux) .*"), "config-line"),
        Section("std-acl", _R(r"ip access-list standard \S+"), "config-std-nacl"),
        Section("ext-acl", _R(r"ip access-list extended \S+"), "config-ext-nacl"),
        Section("vrf", _R(r"vrf definition \S+"), "config-vrf"),
        Section("vrf-af", _R(r"address-family .*"), "config-vrf-af", parent="vrf"),
        Section("route-map", _R(r"route-map \S+(?: .*)?"), "config-route-map"),
        Section("class-map", _R(r"class-map .*"), "config-cmap"),
        Section("policy-map", _R(r"policy-map .*"), "config-pmap"),
    )
    keys = (
        *IOS_STYLE_KEYS,
        ("interface", _R(r"(?P<key>ip address) \S+ \S+")),
        ("interface", _R(r"(?P<key>mtu|speed|duplex|bandwidth|ip ospf cost|channel-group) .*")),
        ("router", _R(r"(?P<key>(?:bgp )?router-id) .*")),
        ("router", _R(r"(?P<key>neighbor \S+ (?:remote-as|description|update-source)) .*")),
        ("global", _R(r"(?P<key>hostname|version|vtp mode|spanning-tree mode|ip domain[- ]name) .*")),
        ("std-acl", _R(r"(?P<key>\d+) .*")),
        ("ext-acl", _R(r"(?P<key>\d+) .*")),
        ("global", _R(r"(?P<key>ip prefix-list \S+ seq \d+) .*")),
        ("global", _R(r"(?P<key>snmp-server (?:location|contact)|logging buffered|enable secret) .*")),
        ("global", _R(r"(?P<key>banner \S+) .*")),
        ("global", _R(rf"(?:no )?(?P<key>{'|'.join(_SETTINGS)})")),
        ("global", _R(r"(?P<key>service timestamps (?:debug|log))(?: .*)?")),
    )
    order = (
        OrderRule("global", _R(r"version "), 0),
        OrderRule("global", _R(r"(no )?service "), 1),
        OrderRule("global", _R(r"hostname "), 3),
        OrderRule("global", _R(r"boot-"), 4),
        OrderRule("global", _R(r"(logging|enable) "), 5),
        OrderRule("global", _R(r"(no )?aaa "), 6),
        OrderRule("global", _R(r"vtp "), 10),
        OrderRule("global", _R(r"ip route "), 30, natural=True),
        OrderRule("global", _R(r"ip access-list "), 32),
        OrderRule("global", _R(r"ip prefix-list "), 33, natural=True),
        OrderRule("global", _R(r"(ip|no ip) "), 11),
        OrderRule("global", _R(r"username "), 12),
        OrderRule("global", _R(r"spanning-tree "), 14),
        OrderRule("global", _R(r"vlan "), 16, natural=True),
        OrderRule("global", _R(r"interface [Pp]ort-channel"), 19, natural=True),  # listed before the ports
        OrderRule("global", _R(r"interface "), 20, natural=True),
        OrderRule("global", _R(r"router "), 24),
        OrderRule("global", _R(r"route-map "), 34),
        OrderRule("global", _R(r"snmp-server "), 36),
        OrderRule("global", _R(r"banner "), 38),
        OrderRule("global", _R(r"line "), 40),
        OrderRule("global", _R(r"ntp "), 45),
        OrderRule("std-acl", _R(r"\d+ "), 0, natural=True),
        OrderRule("ext-acl", _R(r"\d+ "), 0, natural=True),
        OrderRule("interface", _R(r"description "), 0),
        OrderRule("interface", _R(r"switchport access "), 2),
        OrderRule("interface", _R(r"switchport mode "), 3),
        OrderRule("interface", _R(r"(no )?switchport"), 1),
        OrderRule("interface", _R(r"mtu "), 5),
        OrderRule("interface", _R(r"(no )?ip address"), 6),
        OrderRule("interface", _R(r"shutdown"), 60),
        OrderRule("interface", _R(r"channel-group "), 70),
        OrderRule("router", _R(r"address-family "), 60),
    )
    global_words = words(
        "aaa access-list archive banner boot cdp class-map clock control-plane crypto enable errdisable hostname"
        " interface ip ipv6 key line lldp logging mac monitor ntp policy-map route-map router service"
        " snmp-server spanning-tree username version vlan vrf vtp"
    )
    global_only = _R(
        r"(hostname|vlan|interface|router(?!-id)|line|ntp|logging|snmp-server|username|aaa|banner|service|vtp|route-map|"
        r"class-map|policy-map|vrf definition|ip (route|access-list|prefix-list|domain|name-server|routing|http))\b"
    )
    stored_negations = frozenset({"no switchport", *(f"no {setting}" for setting in _SETTINGS)})
    hidden_defaults = frozenset({"service pad", "ip domain-lookup", "ip domain lookup"})
    access_port_lines = ("switchport mode access",)
    section_end = {"address-family": "exit-address-family", "vrf-af": "exit-address-family"}
    indent = 1
    create_missing_access_vlan = True
    config_banner = "Enter configuration commands, one per line.  End with CNTL/Z.\n"
    save_reply = "Building configuration...\n[OK]\n"
    incomplete = "% Incomplete command.\n"
    bgp_running = "BGP is already running; AS is {asn}"  # IOS prints it without the % marker
    default_vlan_delete_error = "%Default VLAN 1 may not be deleted."
    default_vlan_rename_error = "%Default VLAN 1 may not have its name changed."
    l2_address_error = "% IP addresses may not be configured on L2 links."
    port_channel = "Port-channel"
    channel_modes = frozenset({"active", "passive", "on", "auto", "desirable"})
    port_channel_created = "Creating a port-channel interface Port-channel {number}\n"
    vrf_member = "vrf forwarding"
    ntp_key_before_prefer = True
    vrf_section = "vrf definition"
    route_masked = True
    help_lines = _HELP

    def stored_form(self, scope: str, line: str) -> str:
        """Well-known ACE ports by name; a BGP ``network A mask M`` without the mask when M is A's class mask; a
        one-line banner's delimiter as ``^C`` (``banner motd ^Ctext^C``, as IOS shows a banner typed on one line)."""
        if scope == GLOBAL and (banner := _BANNER.fullmatch(line)):
            return f"{banner.group(1)} ^C{banner.group(3)}^C"
        if scope == "address-family" and (found := _CLASSFUL_NETWORK.fullmatch(line)):
            address = IPv4Address(found.group(1))
            classful = IPv4Network(f"{address}/{_classful_length(IPv4Network(address))}", strict=False)
            return f"network {address}" if found.group(2) == str(classful.netmask) else line
        return named_ace_port(line, _PORT_NAMES) if scope == "ext-acl" else line

    def added_lines(self, scope: str, line: str, config: ConfigNode) -> list[str]:
        """An SNMP host naming a community that is not configured configures it, read-only (the IOS command
        reference: "it will automatically be added to the configuration after the snmp host command is used")."""
        found = _SNMP_HOST.fullmatch(line) if scope == GLOBAL else None
        if found is None or config.get(f"snmp-server community {found.group(1)}") is not None:
            return []
        return [f"snmp-server community {found.group(1)} RO"]

    def refusal(self, config: ConfigNode, path: list[ConfigNode], scope: str, line: str) -> str | None:
        """A VRF's BGP family needs the VRF's rd; ``neighbor A activate`` in a family needs the neighbour (or peer
        group) defined first."""
        family = _VRF_FAMILY.fullmatch(line) if scope in ("router", "address-family") else None
        vrf = config.get(f"vrf definition {family.group(1)}") if family else None
        if family and vrf is not None and not any(child.startswith("rd ") for child in vrf.lines()):
            return f"% VRF {family.group(1)} does not have an RD configured."
        found = _ACTIVATE.fullmatch(line) if scope == "address-family" else None
        if found is None:
            return None
        defined = re.compile(rf"neighbor {re.escape(found.group(1))} (?:remote-as|peer-group)(?: .*)?")
        if any(defined.fullmatch(child) for node in path for child in node.lines()):
            return None
        return "% Specify remote-as or peer-group commands first"

    def invalid_input(self, prompt: str, line: str, at: int | None = None) -> str:
        caret = " " * (len(prompt) + token_column(line, at))
        return f"{caret}^\n% Invalid input detected at '^' marker.\n\n"

    def parse_address(self, args: list[str]) -> IPv4Interface:
        if len(args) != 2:
            raise ValueError("ip address ADDRESS MASK")
        return IPv4Interface(f"{args[0]}/{args[1]}")

    def address_line(self, address: IPv4Interface) -> str:
        return f"ip address {address.ip} {address.netmask}"

    def implicit_lines(self, scope: str, node: ConfigNode) -> list[str]:
        if scope != "interface":
            return []
        itype = self.interface_type(node.line.removeprefix("interface "))
        stored = node.children.get("switchport")
        switchport = stored.line == "switchport" if stored is not None else bool(itype and itype.switchport)
        return ["no ip address"] if not switchport and "ip address" not in node.children else []

    def factory_config(self) -> str:
        return _FACTORY + "".join(f"interface {port}\n" for port in self.ports)

    def running_config(self, state: DeviceState) -> str:
        body = "\n".join(["!", *self.render_config(state.config, "!"), "end"]) + "\n"
        return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"

    # ------------------------------------------------------------------ show renderers
    def show_vlan(self, state: DeviceState, brief: bool) -> str:
        lines = ["", *self.vlan_port_table(state)]
        if not brief:
            lines += [
                "",
                "VLAN Type  SAID       MTU   Parent RingNo BridgeNo Stp  BrdgMode Trans1 Trans2",
                "---- ----- ---------- ----- ------ ------ -------- ---- -------- ------ ------",
            ]
            lines += [
                f"{v:<4} enet  {100000 + v:<10} 1500  -      -      -        -    -        0      0"
                for v in sorted(state.vlans)
            ]
        return "\n".join(lines) + "\n"

    def show_interfaces_status(self, state: DeviceState) -> str:
        lines = ["", "Port      Name               Status       Vlan       Duplex  Speed Type"]
        for intf in state.sorted_interfaces():
            itype = self.interface_type(intf.name)
            if itype is None or itype.logical:
                continue
            status = "connected" if intf.enabled else "disabled"
            vlan = "routed" if intf.access_vlan is None else str(intf.access_vlan)
            duplex, speed = ("a-full", "a-1000") if intf.enabled else ("auto", "auto")
            lines.append(
                f"{self.short_name(intf.name):<9} {intf.description[:18]:<18} {status:<12} {vlan:<10} "
                f"{duplex:>6} {speed:>6} 10/100/1000BaseTX"
            )
        return "\n".join(lines) + "\n"

    def show_version(self, state: DeviceState) -> str:
        return (
            "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E3, RELEASE SOFTWARE (fc3)\n"
            "Technical Support: http://www.cisco.com/techsupport\n"
            "Copyright (c) 1986-2020 by Cisco Systems, Inc.\n"
            "Compiled Tue 20-Oct-20 19:05 by prod_rel_team\n"
            "\n"
            "ROM: Bootstrap program is C2960X boot loader\n"
            "BOOTLDR: C2960X Boot Loader (C2960X-HBOOT-M) Version 15.2(7r)E2, RELEASE SOFTWARE (fc1)\n"
            "\n"
            f"{state.hostname} uptime is 1 week, 2 days, 3 hours, 4 minutes\n"
            "System returned to ROM by power-on\n"
            'System image file is "flash:c2960x-universalk9-mz.152-7.E3.bin"\n'
            "\n"
            "cisco WS-C2960X-24TS-L (APM86XXX) processor (revision B0) with 524288K bytes of memory.\n"
            f"Processor board ID {state.serial}\n"
            "Last reset from power-on\n"
            "24 Gigabit Ethernet interfaces\n"
            "\n"
            "Base ethernet MAC Address       : 00:11:22:33:44:55\n"
            f"System serial number            : {state.serial}\n"
            "Model number                    : WS-C2960X-24TS-L\n"
            "\n"
            "Configuration register is 0xF\n"
        )

    def show_ip_interface_brief(self, state: DeviceState) -> str:
        lines = ["Interface              IP-Address      OK? Method Status                Protocol"]
        for intf in state.sorted_interfaces():
            status, protocol = ("up", "up") if intf.enabled else ("administratively down", "down")
            address, method = (str(intf.address.ip), "manual") if intf.address else ("unassigned", "unset")
            lines.append(f"{intf.name:<22} {address:<15} YES {method:<6} {status:<21} {protocol}")
        return "\n".join(lines) + "\n"

    def show_ip_route(self, state: DeviceState, static_only: bool) -> str:
        entries = installed_routes(state, static_only)
        default = next((e for e in entries if e.prefix.prefixlen == 0), None)
        gateway = f"is {default.hops[0].address} to network 0.0.0.0" if default and default.hops else "is not set"
        lines = [*_ROUTE_CODES.splitlines(), "", f"Gateway of last resort {gateway}", ""]
        groups: dict[IPv4Network | None, list[Installed]] = defaultdict(list)
        for entry in entries:
            classful = _classful_length(entry.prefix)
            key = entry.prefix.supernet(new_prefix=classful) if entry.prefix.prefixlen >= classful else None
            groups[key].append(entry)
        for key in sorted(groups, key=lambda k: (k is not None, k.network_address if k else 0)):
            members = groups[key]
            grouped = key is not None and any(e.prefix.prefixlen != key.prefixlen for e in members)
            if key is not None and grouped:
                masks = {e.prefix.prefixlen for e in members}
                if len(masks) == 1:
                    lines.append(f"      {key.network_address}/{masks.pop()} is subnetted, {len(members)} subnets")
                else:
                    header = f"{key} is variably subnetted, {len(members)} subnets, {len(masks)} masks"
                    lines.append(f"      {header}")
            for entry in members:
                lines += _route_lines(entry, width=9 if grouped else 6)
        return "\n".join(lines) + "\n"


def _classful_length(network: IPv4Network) -> int:
    first = int(network.network_address) >> 24
    return 8 if first < 128 else 16 if first < 192 else 24


def _route_lines(entry: Installed, width: int) -> list[str]:
    code = entry.code + ("*" if entry.prefix.prefixlen == 0 else "")
    head = f"{code:<{width}}{entry.prefix}"
    if not entry.hops:
        return [f"{head} is directly connected, {entry.interface}"]
    lines = [f"{head} [{entry.distance}/0] via {entry.hops[0].address}"]
    lines += [" " * (len(head) + 1) + f"[{entry.distance}/0] via {hop.address}" for hop in entry.hops[1:]]
    return lines
