"""Cisco NX-OS (netmiko ``cisco_nxos``): Nexus switches.

Same reading as IOS/EOS (``show vlan`` through ntc-templates, the running-config for the rest), with the NX-OS
differences that matter: Ethernet ports are shut until ``no shutdown`` (so their default ``enabled`` is
false), ``ip route PREFIX/LEN NEXT-HOP [PREF]``, and an SVI needs ``feature interface-vlan`` first.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.base import CliPlatform, InterfaceKind, UnsupportedSection

_VLAN1_DELETE = re.compile(r"^Deletion of VLAN 1 is not allowed!*$", re.MULTILINE)
"""NX-OS's refusal of ``no vlan 1``, printed without the ``%`` marker (a Nexus 9000 transcript: docs/lab.md)."""
_ROUTE = re.compile(r"ip route (\d+\.\d+\.\d+\.\d+/\d+) (\d+\.\d+\.\d+\.\d+)(?: (\d+))?")


class NxosPlatform(CliPlatform):
    """NX-OS: Ethernet ports default to shut switch ports, ``mgmt0`` is routed in VRF management."""

    name = "cisco_nxos"
    bgp_enable: ClassVar[tuple[str, ...]] = ("feature bgp",)
    bgp_neighbor_sections: ClassVar[bool] = True
    bgp_family: ClassVar[str] = "address-family ipv4 unicast"
    bgp_vrf_sections: ClassVar[bool] = True
    port_channel: ClassVar[str] = "port-channel"
    lag_modes: ClassVar[frozenset[str]] = frozenset({"active", "passive", "on"})
    lacp_enable: ClassVar[tuple[str, ...]] = ("feature lacp",)
    ospf_enable: ClassVar[tuple[str, ...]] = ("feature ospf",)
    ospf_networks: ClassVar[bool] = False
    vrf_header: ClassVar[str] = "vrf context"
    vrf_member: ClassVar[str] = "vrf member"
    route_target_context: ClassVar[tuple[str, ...]] = ("address-family ipv4 unicast",)
    fixed_vrfs: ClassVar[frozenset[str]] = frozenset({"management"})
    logging_host_command: ClassVar[str] = "logging server"
    lldp_enable: ClassVar[str] = "feature lldp"
    community_access: ClassVar[dict[str, str]] = {"ro": "group network-operator", "rw": "group network-admin"}
    user_keys: ClassVar[frozenset[str]] = frozenset({"role"})
    unmanaged_keys: frozenset[str] = CliPlatform.unmanaged_keys | {
        "logging_global.buffered",
        "ospfv2.processes[].passive_interfaces",
        "ospfv2.processes[].networks",
        "users[].privilege",
    }
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = (
        InterfaceKind("Ethernet", "Eth", logical=False, default_access_vlan=1),
        InterfaceKind("mgmt", "mgmt", logical=False, default_access_vlan=None),
        InterfaceKind("Vlan", "Vlan", logical=True, default_access_vlan=None),
        InterfaceKind("loopback", "Lo", logical=True, default_access_vlan=None),
        InterfaceKind("port-channel", "Po", logical=True, default_access_vlan=None),
    )

    def config_error(self, output: str) -> str | None:
        """``%`` lines, and the refusal to delete VLAN 1, which NX-OS prints without the marker."""
        found = _VLAN1_DELETE.search(output)
        return super().config_error(output) or (found.group(0) if found else None)

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

    def render_logging_global(self, change: Change) -> list[str]:
        """NX-OS buffers to a logfile (``logging logfile NAME SEVERITY size N``), which is not managed: refuse it."""
        if change.after.get("buffered_size") is not None:
            raise UnsupportedSection("logging_global.buffered is not managed on NX-OS (it logs to a logfile)")
        return super().render_logging_global(change)

    def user_line(self, name: str, values: dict[str, Any]) -> str:
        """``username NAME password TYPE HASH [role R]``."""
        role = f" role {values['role']}" if values.get("role") is not None else ""
        return f"username {name} password {values['password_type']} {values['password']}{role}"

    def acl_header(self, name: str, acl_type: str) -> str:
        """``ip access-list NAME``: NX-OS has no standard ACLs."""
        if acl_type == "standard":
            raise UnsupportedSection(f"acl {name}: NX-OS has no standard ACLs; use acl_type extended")
        return f"ip access-list {name}"

    def ace_address(self, text: str, standard: bool) -> str:
        """A host as ``A/32``, as NX-OS prints it."""
        return f"{text.removeprefix('host ')}/32" if text.startswith("host ") else text

    def channel_group_line(self, number: int, mode: str) -> str:
        """``channel-group N`` for a static member (how NX-OS prints mode on), else ``channel-group N mode M``."""
        return f"channel-group {number}" if mode == "on" else super().channel_group_line(number, mode)

    def route_pattern(self) -> re.Pattern[str]:
        return _ROUTE

    def route_fields(self, found: re.Match[str]) -> tuple[str, str, int]:
        return found.group(1), found.group(2), int(found.group(3) or 1)

    def route_text(self, prefix: str, next_hop: str) -> str:
        return f"{prefix} {next_hop}"
