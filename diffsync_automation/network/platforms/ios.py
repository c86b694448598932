"""Cisco IOS (netmiko ``cisco_ios``): Catalyst-style access switches."""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any, ClassVar

from diffsync_automation.network.platforms.base import CliPlatform, InterfaceKind
from diffsync_automation.network.platforms.static_routes import RouteSyntax

_RESERVED_VLANS = frozenset(range(1002, 1006))  # FDDI/Token Ring VLANs every IOS switch lists

_BGP_RUNNING = re.compile(r"BGP is already running; AS is \d+")


class IosPlatform(CliPlatform):
    """IOS: ``ip route PREFIX MASK NEXT-HOP``, access ports need ``switchport mode access``."""

    name = "cisco_ios"
    route_syntax: ClassVar[RouteSyntax] = RouteSyntax(masked=True, name_first=False, vrf_inline=True)
    bgp_router_id: ClassVar[str] = "bgp router-id"
    snmp_version_1_keyword: ClassVar[bool] = False
    unmanaged_keys: frozenset[str] = CliPlatform.unmanaged_keys | {"users[].role"}
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = (
        InterfaceKind("FastEthernet", "Fa", logical=False, default_access_vlan=1),
        InterfaceKind("GigabitEthernet", "Gi", logical=False, default_access_vlan=1),
        InterfaceKind("TenGigabitEthernet", "Te", logical=False, default_access_vlan=1),
        InterfaceKind("TwentyFiveGigE", "Twe", logical=False, default_access_vlan=1),
        InterfaceKind("FortyGigabitEthernet", "Fo", logical=False, default_access_vlan=1),
        InterfaceKind("HundredGigE", "Hu", logical=False, default_access_vlan=1),
        InterfaceKind("Vlan", "Vl", logical=True, default_access_vlan=None),
        InterfaceKind("Loopback", "Lo", logical=True, default_access_vlan=None),
        InterfaceKind("Port-channel", "Po", logical=True, default_access_vlan=None),
        InterfaceKind("Tunnel", "Tu", logical=True, default_access_vlan=None),
    )
    benign_messages: ClassVar[tuple[re.Pattern[str], ...]] = (re.compile(r"^% Access VLAN does not exist"),)
    fixed_vlans: ClassVar[frozenset[int]] = frozenset({1}) | _RESERVED_VLANS
    fixed_vrfs: ClassVar[frozenset[str]] = frozenset({"Mgmt-intf", "Mgmt-vrf"})  # IOS-XE routers; Catalyst switches
    management_vrfs: frozenset[str] = fixed_vrfs

    def _listed_vlan(self, row: dict[str, Any]) -> bool:
        return int(row["vlan_id"]) not in _RESERVED_VLANS

    def vrf_create_lines(self) -> list[str]:
        return ["address-family ipv4", "exit-address-family"]

    def ace_address(self, text: str, standard: bool) -> str:
        """``A/LEN`` as ``A WILDCARD``; a standard ACL's host as the bare address (as IOS prints it)."""
        if "/" in text:
            network = IPv4Network(text)
            return f"{network.network_address} {network.hostmask}"
        return text.removeprefix("host ") if standard else text

    def config_error(self, output: str) -> str | None:
        """``%`` lines, and the refusal of a second BGP process, which IOS prints without the marker."""
        found = _BGP_RUNNING.search(output)
        return super().config_error(output) or (found.group(0) if found else None)

    def bgp_network_line(self, prefix: str) -> str:
        """``network A mask M``."""
        network = IPv4Network(prefix)
        return f"network {network.network_address} mask {network.netmask}"

    def ospf_network_line(self, text: str) -> str:
        """``network A WILDCARD area N``: IOS shows an area as the number it was typed as."""
        prefix, _, area = text.split()
        network = IPv4Network(prefix)
        return f"network {network.network_address} {network.hostmask} area {int(IPv4Address(area))}"

    def ipv4_text(self, address: str) -> str:
        interface = IPv4Interface(address)
        return f"{interface.ip} {interface.netmask}"

    def switchport_lines(self, vlan: int | None, was: int | None) -> list[str]:
        if vlan is None:
            return ["no switchport"]
        mode = ["switchport", "switchport mode access"] if was is None else []
        return [*mode, f"switchport access vlan {vlan}"]
