"""Cisco NX-OS (netmiko ``cisco_nxos``): Nexus switches.

Same reading as IOS/EOS (``show vlan`` through ntc-templates, the running-config for the rest), with the NX-OS
differences that matter: Ethernet ports are shut until ``no shutdown`` (so their default ``enabled`` is
false), ``ip route PREFIX/LEN NEXT-HOP [PREF]``, and an SVI needs ``feature interface-vlan`` first.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.base import CliPlatform, InterfaceKind

_ROUTE = re.compile(r"ip route (\d+\.\d+\.\d+\.\d+/\d+) (\d+\.\d+\.\d+\.\d+)(?: (\d+))?")


class NxosPlatform(CliPlatform):
    """NX-OS: Ethernet ports default to shut switch ports, ``mgmt0`` is routed in VRF management."""

    name = "cisco_nxos"
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = (
        InterfaceKind("Ethernet", "Eth", logical=False, default_access_vlan=1),
        InterfaceKind("mgmt", "mgmt", logical=False, default_access_vlan=None),
        InterfaceKind("Vlan", "Vlan", logical=True, default_access_vlan=None),
        InterfaceKind("loopback", "Lo", logical=True, default_access_vlan=None),
        InterfaceKind("port-channel", "Po", logical=True, default_access_vlan=None),
    )

    def interface_defaults(self, name: str) -> dict[str, Any]:
        values = super().interface_defaults(name)
        if name.startswith("Ethernet"):
            values["enabled"] = False  # NX-OS ships Ethernet ports shut down
        return values

    def render_interface(self, change: Change) -> list[str]:
        commands = super().render_interface(change)
        if change.action == "create" and str(change.keys["name"]).startswith("Vlan"):
            return ["feature interface-vlan", *commands]  # an SVI cannot be configured before its feature
        return commands

    def route_pattern(self) -> re.Pattern[str]:
        return _ROUTE

    def route_fields(self, found: re.Match[str]) -> tuple[str, str, int]:
        return found.group(1), found.group(2), int(found.group(3) or 1)

    def route_text(self, prefix: str, next_hop: str) -> str:
        return f"{prefix} {next_hop}"
