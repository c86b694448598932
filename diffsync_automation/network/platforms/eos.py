"""Arista EOS (netmiko ``arista_eos``)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.base import CliPlatform, InterfaceKind, ShowCache, UnsupportedSection

_SPEED = re.compile(r"speed (?:forced )?(\d+)(full|half)")
_ROUTE = re.compile(r"ip route (\d+\.\d+\.\d+\.\d+/\d+) (\d+\.\d+\.\d+\.\d+)(?: (\d+))?")


class EosPlatform(CliPlatform):
    """EOS: ``ip route PREFIX/LEN NEXT-HOP``; Management ports are routed."""

    name = "arista_eos"
    vrf_header: ClassVar[str] = "vrf instance"
    vrf_member: ClassVar[str] = "vrf"
    sections: frozenset[str] = CliPlatform.sections - {"banner"}  # EOS banners are multi-line, ended by EOF
    lldp_enabled_by_default: ClassVar[bool] = True
    prefix_list_sections: ClassVar[bool] = True
    bgp_vrf_sections: ClassVar[bool] = True
    port_channel: ClassVar[str] = "Port-Channel"
    lag_modes: ClassVar[frozenset[str]] = frozenset({"active", "passive", "on"})
    lldp_holdtime: ClassVar[str] = "lldp hold-time"
    community_access: ClassVar[dict[str, str]] = {"ro": "ro", "rw": "rw"}
    user_keys: ClassVar[frozenset[str]] = frozenset({"privilege", "role"})
    unmanaged_keys: frozenset[str] = CliPlatform.unmanaged_keys | {
        "vrfs[].rd",
        "vrfs[].route_import",
        "vrfs[].route_export",
    }
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = (
        InterfaceKind("Ethernet", "Et", logical=False, default_access_vlan=1),
        InterfaceKind("Management", "Ma", logical=False, default_access_vlan=None),
        InterfaceKind("Vlan", "Vl", logical=True, default_access_vlan=None),
        InterfaceKind("Loopback", "Lo", logical=True, default_access_vlan=None),
        InterfaceKind("Port-Channel", "Po", logical=True, default_access_vlan=None),
        InterfaceKind("Tunnel", "Tu", logical=True, default_access_vlan=None),
    )

    def parse_speed(self, line: str) -> dict[str, Any]:
        """``speed [forced] 1000full``: EOS sets speed and duplex in one line."""
        found = _SPEED.fullmatch(line)
        return {"speed": int(found.group(1)), "duplex": found.group(2)} if found else {}

    def normalise_interface(self, values: dict[str, Any]) -> dict[str, Any]:
        """Full duplex is what a forced speed means unless it says ``half``: ``duplex: full`` equals unset."""
        return {**values, "duplex": None} if values.get("duplex") == "full" else values

    def speed_lines(self, wanted: dict[str, Any], before: dict[str, Any]) -> list[str]:
        if "speed" not in wanted and "duplex" not in wanted:
            return []
        speed = wanted.get("speed", before.get("speed"))
        duplex = wanted.get("duplex", before.get("duplex"))
        if speed is None and duplex is not None:
            raise UnsupportedSection("EOS sets the duplex only together with a forced speed: give 'speed' too")
        return [f"speed forced {speed}{duplex or 'full'}"] if speed is not None else ["no speed"]

    def gather_banner(self, cache: ShowCache) -> list[dict[str, Any]]:
        """EOS banners are multi-line text ended by ``EOF``, which is not managed."""
        raise UnsupportedSection(f"platform {self.name} cannot read section 'banner' (multi-line EOS banners)")

    def render_vrf(self, change: Change) -> list[str]:
        """EOS keeps a VRF's rd and route targets under ``router bgp``, which is not managed: refuse them."""
        if change.after.get("rd") is not None or change.after.get("route_import") or change.after.get("route_export"):
            raise UnsupportedSection(f"vrf {change.keys['name']}: rd and route targets are not managed on EOS")
        return super().render_vrf(change)

    def user_line(self, name: str, values: dict[str, Any]) -> str:
        """``username NAME [privilege N] [role R] secret sha512 HASH``."""
        privilege = f" privilege {values['privilege']}" if values.get("privilege") is not None else ""
        role = f" role {values['role']}" if values.get("role") is not None else ""
        return f"username {name}{privilege}{role} secret {values['password_type']} {values['password']}"

    def acl_header(self, name: str, acl_type: str) -> str:
        """``ip access-list NAME`` (extended) or ``ip access-list standard NAME``."""
        return f"ip access-list standard {name}" if acl_type == "standard" else f"ip access-list {name}"

    def route_pattern(self) -> re.Pattern[str]:
        return _ROUTE

    def route_fields(self, found: re.Match[str]) -> tuple[str, str, int]:
        return found.group(1), found.group(2), int(found.group(3) or 1)

    def route_text(self, prefix: str, next_hop: str) -> str:
        return f"{prefix} {next_hop}"
