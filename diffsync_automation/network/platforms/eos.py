"""Arista EOS (netmiko ``arista_eos``)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.base import (
    CliPlatform,
    InterfaceKind,
    ShowCache,
    UnsupportedSection,
    vrf_values,
)
from diffsync_automation.network.platforms.ntp import NtpSyntax

_SPEED = re.compile(r"speed (?:forced )?(\d+)(full|half)")
_BGP_PROCESS = re.compile(r"router bgp \d+")
_BGP_VRF = re.compile(r"vrf (\S+)")
_BGP_RD = re.compile(r"rd (\S+)")
_BGP_TARGET = re.compile(r"route-target (import|export|both) (?:(vpn-ipv4|vpn-ipv6|evpn) )?(\S+)")


def bgp_vrf_settings(text: str) -> dict[str, dict[str, Any]]:
    """The rd and IPv4 VPN route targets (``vpn-ipv4``, or no family as older EOS wrote them) of each ``vrf NAME``
    section under ``router bgp N`` in a running-config; indentation tells a VRF's lines from the process's."""
    settings: dict[str, dict[str, Any]] = {}
    inside, current, depth = False, None, 0
    for raw in text.splitlines():
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if not line or line.startswith("!"):
            continue
        if indent == 0:
            inside, current = _BGP_PROCESS.fullmatch(line) is not None, None
        elif inside and current is not None and indent > depth:
            if found := _BGP_RD.fullmatch(line):
                current["rd"] = found.group(1)
            elif (target := _BGP_TARGET.fullmatch(line)) and target.group(2) in (None, "vpn-ipv4"):
                directions = ("import", "export") if target.group(1) == "both" else (target.group(1),)
                for direction in directions:
                    current[f"route_{direction}"].append(target.group(3))
        elif inside:
            vrf = _BGP_VRF.fullmatch(line)
            empty: dict[str, Any] = {"rd": None, "route_import": [], "route_export": []}
            current = settings.setdefault(vrf.group(1), empty) if vrf else None
            depth = indent
    return settings


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
    vrf_targets_in_bgp: bool = True
    route_target_family: ClassVar[str] = "vpn-ipv4 "
    ntp_syntax: ClassVar[NtpSyntax] = NtpSyntax(
        vrf_inline=True, key_before_prefer=False, source="ntp local-interface", source_aliases=("ntp source",)
    )

    def vrf_target_lines(self, before: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
        """As on IOS, but an rd is removed with ``no rd`` (EOS takes no value there)."""
        return ["no rd" if line.startswith("no rd ") else line for line in super().vrf_target_lines(before, wanted)]

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

    def gather_vrfs(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``vrf instance`` blocks, with the rd and IPv4 VPN route targets of their ``vrf`` section under ``router
        bgp N`` (EVPN and IPv6 route targets are not managed)."""
        vrfs = super().gather_vrfs(cache)
        found = bgp_vrf_settings(cache.output("show running-config"))
        for vrf in vrfs:
            vrf.update(found.get(vrf["name"], {}))
        return vrfs

    def render_vrf(self, change: Change) -> list[str]:
        """``vrf instance NAME`` and its description, then the rd and route targets under ``router bgp N`` / ``vrf
        NAME`` (N: ``bgp_as``, the data's ``bgp_global.as_number``). On a new AS number they are written again:
        removing the old process took them. A removed VRF's BGP section goes too."""
        name = change.keys["name"]
        before, wanted = vrf_values(change)
        refusal = (
            f"vrf {name}: EOS keeps the rd and route targets under router bgp: give bgp_global (its as_number) in the"
            " data too"
        )
        if change.action == "delete":
            if not (before["rd"] or before["route_import"] or before["route_export"]):
                return [f"no vrf instance {name}"]
            if before["bgp_as"] is None:
                raise UnsupportedSection(refusal)
            return [f"no vrf instance {name}", f"router bgp {before['bgp_as']}", f"no vrf {name}"]
        bgp_keys = ("rd", "route_import", "route_export", "bgp_as")
        own = change.without(bgp_keys)
        lines = super().render_vrf(own)
        bgp_as = wanted.get("bgp_as", before["bgp_as"])
        if "bgp_as" in wanted and wanted["bgp_as"] != before["bgp_as"]:  # a new process: everything again
            wanted = {**{key: before[key] for key in bgp_keys}, **wanted}
            before = {**before, "rd": None, "route_import": [], "route_export": []}
        targets = self.vrf_target_lines(before, wanted)
        if targets and bgp_as is None:
            raise UnsupportedSection(refusal)
        return lines + ([f"router bgp {bgp_as}", f"vrf {name}", *targets] if targets else [])

    def user_line(self, name: str, values: dict[str, Any]) -> str:
        """``username NAME [privilege N] [role R] secret sha512 HASH``."""
        privilege = f" privilege {values['privilege']}" if values.get("privilege") is not None else ""
        role = f" role {values['role']}" if values.get("role") is not None else ""
        return f"username {name}{privilege}{role} secret {values['password_type']} {values['password']}"

    def acl_header(self, name: str, acl_type: str) -> str:
        """``ip access-list NAME`` (extended) or ``ip access-list standard NAME``."""
        return f"ip access-list standard {name}" if acl_type == "standard" else f"ip access-list {name}"
