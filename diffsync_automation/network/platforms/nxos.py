"""Cisco NX-OS (netmiko ``cisco_nxos``): Nexus switches.

Same reading as IOS/EOS (``show vlan`` through ntc-templates, the running-config for the rest), with the NX-OS
differences that matter: Ethernet ports are shut until ``no shutdown`` (so their default ``enabled`` is
false), ``ip route PREFIX/LEN NEXT-HOP [PREF]``, and an SVI needs ``feature interface-vlan`` first.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.base import CliPlatform, InterfaceKind, ShowCache, UnsupportedSection
from diffsync_automation.network.platforms.ntp import NtpSyntax
from diffsync_automation.network.platforms.running_config import matching
from diffsync_automation.network.platforms.static_routes import RouteSyntax

_INTERFACE = re.compile(r"interface (\S+)")
_OSPF_AREA = re.compile(r"ip router ospf (\d+) area (\S+)")
_VLAN1_DELETE = re.compile(r"^Deletion of VLAN 1 is not allowed!*$", re.MULTILINE)
"""NX-OS's refusal of ``no vlan 1``, printed without the ``%`` marker (a Nexus 9000 transcript: docs/lab.md)."""


class NxosPlatform(CliPlatform):
    """NX-OS: Ethernet ports default to shut switch ports, ``mgmt0`` is routed in VRF management."""

    name = "cisco_nxos"
    route_syntax: ClassVar[RouteSyntax] = RouteSyntax(masked=False, name_first=True, vrf_inline=False)
    ntp_syntax: ClassVar[NtpSyntax] = NtpSyntax(
        vrf_inline=False, key_before_prefer=False, source="ntp source-interface"
    )
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
    management_vrfs: frozenset[str] = fixed_vrfs
    logging_host_command: ClassVar[str] = "logging server"
    lldp_enable: ClassVar[str] = "feature lldp"
    community_access: ClassVar[dict[str, str]] = {"ro": "group network-operator", "rw": "group network-admin"}
    snmp_traps_keyword: ClassVar[bool] = True
    user_keys: ClassVar[frozenset[str]] = frozenset({"role"})
    unmanaged_keys: frozenset[str] = (CliPlatform.unmanaged_keys - {"ospfv2.processes[].interfaces"}) | {
        "logging_global.buffered",
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

    def render_vrf(self, change: Change) -> list[str]:
        """As on IOS, left with ``exit`` (twice from the address family): an ``ip route`` typed next in ``vrf
        context V`` would be a route of V."""
        lines = super().render_vrf(change)
        if change.action == "delete" or not lines:
            return lines
        return [*lines, *(["exit"] if self.route_target_context[0] in lines else []), "exit"]

    def gather_ospfv2(self, cache: ShowCache) -> dict[str, Any]:
        """The ``router ospf N`` blocks, with the interfaces that run a configured process (``ip router ospf N area
        A``) and those of them that are passive (``ip ospf passive-interface``)."""
        data = super().gather_ospfv2(cache)
        processes = {process["process_id"]: process for process in data["processes"]}
        for found, block in matching(cache.running_config(), _INTERFACE):
            runs = next((area for area in map(_OSPF_AREA.fullmatch, block.children) if area), None)
            process = processes.get(int(runs.group(1))) if runs else None
            if runs is None or process is None:
                continue
            process.setdefault("interfaces", []).append({"name": found.group(1), "area": runs.group(2)})
            if "ip ospf passive-interface" in block.children:
                process["passive_interfaces"].append(found.group(1))
        return data

    def render_ospf_process(self, change: Change) -> list[str]:
        """The process as on IOS, and on each interface ``ip router ospf N area A`` and ``ip ospf
        passive-interface`` (old lines removed first); a process that goes loses its interfaces' lines first."""
        interface_keys = ("interfaces", "passive_interfaces")  # an interface runs the process, then is passive
        own = change.without(interface_keys)
        process_lines = super().render_ospf_process(own)
        before: dict[str, Any] = {"passive_interfaces": [], "interfaces": [], **change.before}
        wanted = {"passive_interfaces": [], "interfaces": []} if change.action == "delete" else dict(change.after)
        per_interface: dict[str, list[str]] = {}
        process = change.keys["process_id"]
        for key in interface_keys:
            if key not in wanted:
                continue
            for entry, negate in [(old, "no ") for old in before[key] if old not in wanted[key]] + [
                (new, "") for new in wanted[key] if new not in before[key]
            ]:
                name, *area = entry.split()
                line = f"ip router ospf {process} area {area[-1]}" if area else "ip ospf passive-interface"
                per_interface.setdefault(name, []).append(negate + line)
        interface_lines = [line for name, lines in per_interface.items() for line in [f"interface {name}", *lines]]
        return interface_lines + process_lines if change.action == "delete" else process_lines + interface_lines

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
