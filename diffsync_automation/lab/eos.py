"""Arista EOS dialect (netmiko ``arista_eos``): a vEOS-lab switch running EOS 4.31.

Show outputs copy the column layout of real EOS so that the ``arista_eos`` ntc-templates parse them.
Simplifications (documented in docs/lab.md): ``show ip interface brief`` lists every interface and reports a
shut interface as ``adminDown``, every interface without ``shutdown`` is up/connected, and every configured
static route is installed.
"""

from __future__ import annotations

from collections import defaultdict
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from diffsync_automation.lab.dialect import Dialect, InterfaceType, Mode, Renderer, RouteArgs
from diffsync_automation.lab.routes import Installed, installed_routes
from diffsync_automation.lab.routes import route_order as _route_order
from diffsync_automation.lab.state import DeviceState, Interface

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


class EosDialect(Dialect):
    """Arista EOS behaviour."""

    platform = "arista_eos"
    default_hostname = "localhost"
    interface_types = (
        InterfaceType("Ethernet", "Et", logical=False),
        InterfaceType("Management", "Ma", logical=False),
        InterfaceType("Vlan", "Vl", logical=True),
        InterfaceType("Loopback", "Lo", logical=True),
        InterfaceType("Port-Channel", "Po", logical=True),
    )
    show_in_config = True
    create_missing_access_vlan = False
    config_banner = ""
    save_reply = "Copy completed successfully.\n"
    incomplete = "% Incomplete command"
    default_vlan_delete_error = "% VLAN 1 is the default VLAN and cannot be deleted"
    default_vlan_rename_error = "% The name of the default VLAN cannot be changed"
    l2_address_error = "% IP addresses cannot be configured on a switched port"

    def prompt(self, hostname: str, mode: Mode, interface: Interface | None, vlan: int | None) -> str:
        if mode == "config-if" and interface is not None:
            return f"{hostname}(config-if-{self.short_name(interface.name)})#"
        if mode == "config-vlan":
            return f"{hostname}(config-vlan-{vlan})#"
        return hostname + {"exec": ">", "enable": "#"}.get(mode, "(config)#")

    def invalid_input(self, prompt: str, line: str) -> str:
        return "% Invalid input\n"

    def terminal_width_reply(self, columns: str) -> str:
        return f"Width set to {columns} columns.\n"

    def terminal_length_reply(self, lines: str) -> str:
        return "Pagination disabled.\n" if lines == "0" else f"Pagination set to {lines} lines.\n"

    def parse_route(self, args: list[str], removing: bool) -> RouteArgs:
        if not 1 <= len(args) <= 3 or (len(args) == 1 and not removing):
            raise ValueError("ip route PREFIX/LENGTH NEXT-HOP [DISTANCE]")
        prefix = IPv4Network(args[0])
        next_hop = IPv4Address(args[1]) if len(args) > 1 else None
        distance = int(args[2]) if len(args) > 2 else None
        if distance is not None and not 1 <= distance <= 255:
            raise ValueError("distance must be 1-255")
        return RouteArgs(prefix, next_hop, distance)

    def parse_address(self, args: list[str]) -> IPv4Interface:
        if len(args) != 1 or "/" not in args[0]:
            raise ValueError("ip address ADDRESS/LENGTH")
        return IPv4Interface(args[0])

    def show_commands(self) -> list[tuple[str, Renderer]]:
        return [
            ("show version", _version),
            ("show running-config", _running_config),
            ("show vlan brief", self._vlan),
            ("show vlan", self._vlan),
            ("show interfaces status", self._interfaces_status),
            ("show interfaces description", self._interfaces_description),
            ("show ip interface brief", _ip_interface_brief),
            ("show ip route static", lambda s: _ip_route(s, static_only=True)),
            ("show ip route", lambda s: _ip_route(s, static_only=False)),
        ]

    # ------------------------------------------------------------------ renderers needing short names
    def _vlan(self, state: DeviceState) -> str:
        ports: dict[int, list[str]] = defaultdict(list)
        for intf in state.sorted_interfaces():
            if intf.access_vlan is not None:
                ports[intf.access_vlan].append(self.short_name(intf.name))
        lines = [
            "VLAN  Name                             Status    Ports",
            "----- -------------------------------- --------- -------------------------------",
        ]
        for vlan_id, name in sorted(state.vlans.items()):
            chunks = [", ".join(ports[vlan_id][i : i + 4]) for i in range(0, len(ports[vlan_id]), 4)] or [""]
            lines.append(f"{vlan_id:<5} {name:<32} {'active':<9} {chunks[0]}".rstrip())
            lines += [" " * 49 + chunk for chunk in chunks[1:]]
        return "\n".join(lines) + "\n"

    def _interfaces_status(self, state: DeviceState) -> str:
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

    def _interfaces_description(self, state: DeviceState) -> str:
        lines = ["Interface                      Status         Protocol           Description"]
        for intf in state.sorted_interfaces():
            status, protocol = ("up", "up") if intf.enabled else ("admin down", "down")
            lines.append(f"{self.short_name(intf.name):<30} {status:<14} {protocol:<18} {intf.description}".rstrip())
        return "\n".join(lines) + "\n"


def _version(state: DeviceState) -> str:
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


def _running_config(state: DeviceState) -> str:
    lines = ["! Command: show running-config", f"! device: {state.hostname} (vEOS-lab, EOS-4.31.2F)", "!"]
    lines += ["! boot system flash:/vEOS-lab.swi", "!", "no aaa root", "!"]
    lines += ["service routing protocols model multi-agent", "!", f"hostname {state.hostname}", "!"]
    lines += [*(f"ntp server {server}" for server in state.ntp_servers), "!", "spanning-tree mode mstp", "!"]
    for vlan_id, name in sorted(state.vlans.items()):
        if vlan_id != 1:
            lines += [f"vlan {vlan_id}", f"   name {name}", "!"]
    for intf in state.sorted_interfaces():
        lines += [f"interface {intf.name}", *_interface_lines(intf), "!"]
    lines += ["ip routing", "!"]
    if state.static_routes:
        lines += [
            f"ip route {r.prefix} {r.next_hop}" + (f" {r.distance}" if r.distance != 1 else "")
            for r in sorted(state.static_routes, key=_route_order)
        ]
        lines.append("!")
    lines.append("end")
    return "\n".join(lines) + "\n"


def _interface_lines(intf: Interface) -> list[str]:
    lines = [f"   description {intf.description}"] if intf.description else []
    if intf.mtu is not None:
        lines.append(f"   mtu {intf.mtu}")
    if not intf.enabled:
        lines.append("   shutdown")
    if intf.access_vlan is not None:
        if intf.access_vlan != 1:
            lines.append(f"   switchport access vlan {intf.access_vlan}")
    elif intf.name.startswith("Ethernet"):
        lines.append("   no switchport")
    if intf.address is not None:
        lines.append(f"   ip address {intf.address.with_prefixlen}")
    return lines


def _ip_interface_brief(state: DeviceState) -> str:
    lines = ["Interface              IP Address         Status     Protocol         MTU"]
    for intf in state.sorted_interfaces():
        status, protocol = ("up", "up") if intf.enabled else ("adminDown", "down")
        address = intf.address.with_prefixlen if intf.address else "unassigned"
        lines.append(f"{intf.name:<22} {address:<18} {status:<10} {protocol:<15} {intf.effective_mtu:>5}")
    return "\n".join(lines) + "\n"


def _ip_route(state: DeviceState, static_only: bool) -> str:
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
