"""Arista EOS (netmiko ``arista_eos``)."""

from __future__ import annotations

import re
from typing import ClassVar

from diffsync_automation.network.platforms.base import CliPlatform, InterfaceKind

_ROUTE = re.compile(r"ip route (\d+\.\d+\.\d+\.\d+/\d+) (\d+\.\d+\.\d+\.\d+)(?: (\d+))?")


class EosPlatform(CliPlatform):
    """EOS: ``ip route PREFIX/LEN NEXT-HOP``; Management ports are routed."""

    name = "arista_eos"
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = (
        InterfaceKind("Ethernet", "Et", logical=False, default_access_vlan=1),
        InterfaceKind("Management", "Ma", logical=False, default_access_vlan=None),
        InterfaceKind("Vlan", "Vl", logical=True, default_access_vlan=None),
        InterfaceKind("Loopback", "Lo", logical=True, default_access_vlan=None),
        InterfaceKind("Port-Channel", "Po", logical=True, default_access_vlan=None),
        InterfaceKind("Tunnel", "Tu", logical=True, default_access_vlan=None),
    )

    def route_pattern(self) -> re.Pattern[str]:
        return _ROUTE

    def route_fields(self, found: re.Match[str]) -> tuple[str, str, int]:
        return found.group(1), found.group(2), int(found.group(3) or 1)

    def route_text(self, prefix: str, next_hop: str) -> str:
        return f"{prefix} {next_hop}"
