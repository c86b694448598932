"""What a platform driver provides, and the shared implementation for IOS-like CLIs.

A platform reads the live configuration into the intended-state schema (``gather``), turns a ``Change`` into
configuration commands (``render``), and recognises the device's error replies (``config_error``). ``Platform``
is the protocol the adapters use; ``CliPlatform`` implements it for devices configured with IOS-style
commands and dispatches to ``gather_<section>`` and ``render_<model>`` methods, so a subclass adds a section or a
model by adding two methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from ipaddress import IPv4Interface, IPv4Network, IPv6Interface
from typing import Any, ClassVar, Protocol

from diffsync_automation.adapter import Adapter
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import NetworkLayerError, Problem
from diffsync_automation.network.platforms.access_lists import (
    UnreadableEntry,
    parse_ace,
    parse_prefix_entry,
    prefix_entry_text,
)
from diffsync_automation.network.platforms.bgp import read_bgp_address_family, read_bgp_global
from diffsync_automation.network.platforms.ntp import (
    NtpSyntax,
    UnreadableNtpServer,
    parse_server,
    server_line,
    server_removal,
)
from diffsync_automation.network.platforms.running_config import ConfigBlock, matching, parse_blocks
from diffsync_automation.network.platforms.static_routes import RouteSyntax, UnreadableRoute, parse_route, route_text
from diffsync_automation.network.platforms.textfsm_tables import parse_table
from diffsync_automation.network.schema import BANNER_DELIMITERS, IntendedState

ShowCommand = Callable[[str], str]
"""Runs a show command on the device and returns its output."""

_ERROR_LINE = re.compile(r"^\s*(%.*)$", re.MULTILINE)
_INTERFACE_TEXT = re.compile(r"([A-Za-z][A-Za-z-]*)\s*(\d[\d/.:]*)")
_DESCRIPTION = re.compile(r"description (.*)")
_ACCESS_VLAN = re.compile(r"switchport access vlan (\d+)")
_MTU = re.compile(r"mtu (\d+)")
_SPEED = re.compile(r"speed (\d+)")
_DUPLEX = re.compile(r"duplex (full|half)")
_SWITCHPORT_MODE = re.compile(r"switchport mode (access|trunk)")
_ALLOWED_VLANS = re.compile(r"switchport trunk allowed vlan (?:add )?(\S+)")
_NATIVE_VLAN = re.compile(r"switchport trunk native vlan (\d+)")
_IPV4_ADDRESS = re.compile(r"ip address (\d+\.\d+\.\d+\.\d+[ /]\S+)( secondary)?")
_DOMAIN_NAME = re.compile(r"ip domain[- ]name (\S+)")
_NAME_SERVERS = re.compile(r"ip name-server (?:vrf \S+ )?(\d[\d. ]*)")
_LOGGING_HOST = re.compile(r"logging (?:host )?(\d+\.\d+\.\d+\.\d+)(?: .*)?")
_SNMP_TEXT = re.compile(r"snmp-server (location|contact) (.+)")
_SNMP_COMMUNITY = re.compile(r"snmp-server community (\S+)(?: (.*))?")
_SNMP_HOST = re.compile(r"snmp-server host (\S+)(?: (traps|informs))?(?: version (1|2c))? (\S+)")
_SNMP_HOST_VRF = re.compile(r"snmp-server host (\S+) use-vrf (\S+)")
_USERNAME = re.compile(
    r"username (?P<name>\S+)(?: privilege (?P<privilege>\d+))?(?: role (?P<role>\S+))?"
    r"(?: (?:secret|password) (?P<type>\d+|sha512) (?P<hash>\S+))?(?: role (?P<role_after>\S+))?"
)
_LOGGING_BUFFERED = re.compile(r"logging buffered (\d+)(?: \S+)?")
_BANNER = re.compile(r"banner (motd|login|exec) (\^C|[^\s\w])(.+)\2")
_RD = re.compile(r"rd (\d\S*:\d+)")
_ROUTE_TARGET = re.compile(r"route-target (import|export|both) (\S+:\d+)")
_ACL_HEADER = re.compile(r"ip access-list (?:(standard|extended) )?(\S+)")
_ACL_OPTIONS = frozenset({"statistics per-entry", "counters per-entry"})
"""Per-list options (NX-OS, EOS hit counters) that are not entries: read past, not managed."""
_PREFIX_LIST = re.compile(r"ip prefix-list (\S+)(?: (.*))?")
_OSPF_PROCESS = re.compile(r"router ospf (\d+)")
_OSPF_NETWORK = re.compile(r"network (\d+\.\d+\.\d+\.\d+)(?:/(\d+)| (\d+\.\d+\.\d+\.\d+)) area (\S+)")
_IPV6_ADDRESS = re.compile(r"ipv6 address ([0-9A-Fa-f:.]+/\d+)")
_CHANNEL_GROUP = re.compile(r"channel-group (\d+)(?: force)?(?: mode (\S+))?")
_LACP_MODES = frozenset({"active", "passive"})
L2_DEFAULTS: dict[str, Any] = {"mode": "access", "access_vlan": 1, "allowed_vlans": "1-4094", "native_vlan": 1}
"""``l2_interface`` attributes of a switch port with nothing configured."""


@dataclass(frozen=True)
class TextInput:
    """Lines (``opener``) after which a device reads text up to a line ``end`` (EOS: ``banner motd`` ... ``EOF``),
    showing no prompt in between: the push waits for each text line's echo instead."""

    opener: re.Pattern[str]
    end: str


class Platform(Protocol):
    """A device type the device adapter can read and configure."""

    name: str
    """netmiko ``device_type``."""
    sections: frozenset[str]
    """The intended-state keys the platform reads and configures (what ``diffsync-automation features`` lists)."""
    unmanaged_keys: frozenset[str]
    """Keys inside those sections the platform does not manage (``interfaces[].speed``; the keys under one too),
    left out of what ``features`` lists."""
    vrf_targets_in_bgp: bool
    """Whether a VRF's rd and route targets live under ``router bgp N`` (EOS) rather than in its definition."""
    enter_config: str
    exit_config: str
    commit_command: str | None
    """Command that applies a candidate configuration (None: lines apply as they are sent)."""
    discard_command: str | None
    """Command that throws the candidate away after a failure (with ``commit_command``)."""
    text_input: TextInput | None
    """Configuration lines after which the device reads raw text lines, ended by a line of their own (EOS
    banners); None: every line is a command."""
    entries_sent_before_container: frozenset[str]
    """Entry types (``models.LIST_OF_ENTRY``) whose deletes are sent before their container's delete on this
    platform, besides ``models.SENT_BEFORE_CONTAINER`` (NX-OS: a neighbour's family activation outlives the
    family)."""
    management_vrfs: frozenset[str]
    """The VRFs the platform itself defines for its management port (NX-OS ``management``): their static routes
    carry the tool's own path to the device (see ``target``)."""

    def canonical_interface(self, name: str) -> str:
        """The full interface name the device uses (``Gi0/1`` -> ``GigabitEthernet0/1``)."""

    def interface_defaults(self, name: str) -> dict[str, Any]:
        """Attribute values of the interface when nothing is configured on it."""

    def normalise_interface(self, values: dict[str, Any]) -> dict[str, Any]:
        """Interface attributes with equivalent spellings made equal (EOS: ``duplex full`` is a forced speed's)."""

    def is_fixed(self, obj: DiffSyncModel) -> bool:
        """Whether ``obj`` is something the device always has and cannot delete, in its default state."""

    def aligned(self, device: Adapter, reference: Adapter) -> list[tuple[DiffSyncModel, DiffSyncModel]]:
        """Objects read from ``device`` to replace, each with its replacement, before they are compared with
        ``reference``: for keys and types the device does not keep (Junos prefix-list items have no sequence number,
        filters no type), taken from the reference's equal object. Empty where the device keeps them."""

    def gather(self, show: ShowCommand, sections: frozenset[str]) -> dict[str, Any]:
        """The device's configuration of ``sections``, shaped like host data."""

    def render(self, change: Change) -> list[str]:
        """Configuration commands that carry out ``change``."""

    def config_error(self, output: str) -> str | None:
        """The error message in a configuration command's reply, or None if the command was accepted."""

    def commit_error(self, output: str) -> str | None:
        """Why the commit failed, from its reply, or None if it succeeded."""

    def intended_problems(self, state: IntendedState, complete: bool) -> list[Problem]:
        """What in a host's intended data the platform cannot carry out as a whole, though each entry is valid
        (Junos: one router id shared by BGP and OSPF; one LACP mode per bundle). ``complete``: not ``merged``."""


@dataclass(frozen=True)
class InterfaceKind:
    """A family of interfaces: full name prefix, the abbreviation tables show, whether configuring it creates
    it (``Vlan10``), and its ``access_vlan`` with nothing configured (1 for a switch port, None when routed)."""

    full: str
    short: str
    logical: bool
    default_access_vlan: int | None


class UnsupportedSection(NetworkLayerError, LookupError):
    """The platform has no ``gather_<section>`` or ``render_<model>`` for what it was asked."""


def vrf_values(change: Change) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ``vrf`` change's device values (defaults filled in) and the values to set (a create: those not default)."""
    defaults: dict[str, Any] = {"description": "", "rd": None, "route_import": [], "route_export": [], "bgp_as": None}
    before = {**defaults, **change.before}
    wanted = dict(change.after)
    if change.action == "create":
        wanted = {key: value for key, value in wanted.items() if value != defaults.get(key)}
    return before, wanted


@dataclass(frozen=True)
class SnmpDelta:
    """What an ``snmp_server`` change asks of a device before any platform's syntax: the device's values (defaults
    filled in), the values to reach, the location/contact to set (None: remove), the communities that go (or change
    access) and the ``(name, access)`` of those that come."""

    before: dict[str, Any]
    wanted: dict[str, Any]
    settings: list[tuple[str, str | None]]
    gone: list[str]
    new: list[tuple[str, str]]


def snmp_delta(change: Change) -> SnmpDelta:
    """The platform-neutral part of rendering an ``snmp_server`` change (a delete wants everything empty)."""
    empty: dict[str, Any] = {"location": None, "contact": None, "communities": [], "hosts": []}
    before = {**empty, **change.before}
    wanted = dict(empty) if change.action == "delete" else dict(change.after)
    settings: list[tuple[str, str | None]] = [
        (key, wanted[key]) for key in ("location", "contact") if key in wanted and wanted[key] != before[key]
    ]
    gone: list[str] = []
    new: list[tuple[str, str]] = []
    if "communities" in wanted:
        gone = [old.split()[0] for old in before["communities"] if old not in wanted["communities"]]
        for entry in wanted["communities"]:
            if entry not in before["communities"]:
                name, access = entry.split()
                new.append((name, access))
    return SnmpDelta(before, wanted, settings, gone, new)


class ShowCache:
    """Runs each show command at most once per load and parses the running-config once."""

    def __init__(self, show: ShowCommand) -> None:
        self._show = show
        self._outputs: dict[str, str] = {}
        self._blocks: list[ConfigBlock] | None = None

    def output(self, command: str) -> str:
        """Output of ``command``."""
        if command not in self._outputs:
            self._outputs[command] = self._show(command)
        return self._outputs[command]

    def running_config(self) -> list[ConfigBlock]:
        """The running-config, parsed into blocks."""
        if self._blocks is None:
            self._blocks = parse_blocks(self.output("show running-config"))
        return self._blocks


class CliPlatform:
    """IOS-style configuration: ``interface X`` sub-modes, ``no`` to remove, ``%`` error replies."""

    name: str = ""
    sections: frozenset[str] = frozenset(
        {
            "device_hostname",
            "dns",
            "logging_global",
            "snmp_server",
            "users",
            "lldp_global",
            "banner",
            "acls",
            "prefix_lists",
            "bgp_global",
            "bgp_address_family",
            "ospfv2",
            "vlans",
            "vrfs",
            "interfaces",
            "l2_interfaces",
            "l3_interfaces",
            "lag_interfaces",
            "ntp_global",
            "static_routes",
        }
    )
    unmanaged_keys: frozenset[str] = frozenset(  # refused: see docs, "users", "ospfv2", "snmp_server"
        {"users[].configured_password", "ospfv2.processes[].interfaces", "snmp_server.hosts[].use_vrf"}
    )
    vrf_targets_in_bgp: bool = False
    enter_config: str = "configure terminal"
    exit_config: str = "end"
    commit_command: str | None = None
    discard_command: str | None = None
    text_input: TextInput | None = None
    entries_sent_before_container: frozenset[str] = frozenset()
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = ()
    benign_messages: ClassVar[tuple[re.Pattern[str], ...]] = ()
    """``%`` lines that are informational, not errors."""
    fixed_vlans: ClassVar[frozenset[int]] = frozenset({1})
    vrf_header: ClassVar[str] = "vrf definition"
    """The line defining a VRF, without the name."""
    vrf_member: ClassVar[str] = "vrf forwarding"
    """The interface sub-command putting it in a VRF, without the name."""
    route_target_context: ClassVar[tuple[str, ...]] = ()
    """Sub-mode lines route targets are configured under (NX-OS: ``address-family ipv4 unicast``)."""
    fixed_vrfs: ClassVar[frozenset[str]] = frozenset()
    management_vrfs: frozenset[str] = frozenset()  # EOS: the management VRF is any name the user chose

    # ------------------------------------------------------------------ interfaces
    def interface_kind(self, name: str) -> InterfaceKind | None:
        """The kind of a full interface name, if known."""
        for kind in self.interface_kinds:
            if name.startswith(kind.full) and name[len(kind.full) : len(kind.full) + 1].isdigit():
                return kind
        return None

    def canonical_interface(self, name: str) -> str:
        found = _INTERFACE_TEXT.fullmatch(name.strip())
        if found is None:
            return name
        typed, number = found.group(1).lower(), found.group(2)
        for kind in self.interface_kinds:
            if kind.full.lower() == typed or kind.short.lower() == typed:
                return kind.full + number
        matches = [kind for kind in self.interface_kinds if kind.full.lower().startswith(typed)]
        return matches[0].full + number if len(matches) == 1 else name

    def interface_defaults(self, name: str) -> dict[str, Any]:
        kind = self.interface_kind(name)
        access_vlan = kind.default_access_vlan if kind is not None else None
        return {
            "description": "",
            "enabled": True,
            "access_vlan": access_vlan,
            "mtu": None,
            "speed": None,
            "duplex": None,
        }

    def normalise_interface(self, values: dict[str, Any]) -> dict[str, Any]:
        return values

    def is_fixed(self, obj: DiffSyncModel) -> bool:
        if obj.get_type() == "vlan":
            return int(obj.get_identifiers()["vlan_id"]) in self.fixed_vlans
        if obj.get_type() == "interface":
            name = str(obj.get_identifiers()["name"])
            return self._at_defaults(name, obj.get_attrs(), self.interface_defaults(name))
        if obj.get_type() in ("dns", "logging_global", "snmp_server", "ntp_global"):  # read as one even when empty
            return not any(obj.get_attrs().values())
        if obj.get_type() == "lldp_global":
            defaults = {"enabled": self.lldp_enabled_by_default, "timer": None, "holdtime": None}
            return all(defaults[key] == value for key, value in obj.get_attrs().items())
        if obj.get_type() == "vrf":
            return str(obj.get_identifiers()["name"]) in self.fixed_vrfs
        if obj.get_type() == "bgp_af_neighbor":  # defined in the process, not activated in the family
            return not obj.get_attrs()["activate"]
        if obj.get_type() == "l2_interface":
            return self._at_defaults(str(obj.get_identifiers()["name"]), obj.get_attrs(), L2_DEFAULTS)
        return False

    def aligned(self, device: Adapter, reference: Adapter) -> list[tuple[DiffSyncModel, DiffSyncModel]]:
        return []  # IOS-style devices keep ACL types and prefix-list sequence numbers

    def _at_defaults(self, name: str, attrs: dict[str, Any], defaults: dict[str, Any]) -> bool:
        """A physical port whose compared attributes all have their default values."""
        kind = self.interface_kind(name)
        return kind is not None and not kind.logical and all(defaults.get(key) == value for key, value in attrs.items())

    # ------------------------------------------------------------------ reading the device
    def gather(self, show: ShowCommand, sections: frozenset[str]) -> dict[str, Any]:
        cache = ShowCache(show)
        data: dict[str, Any] = {}
        for section in sorted(sections):
            reader = getattr(self, f"gather_{section}", None)
            if reader is None:
                raise UnsupportedSection(f"platform {self.name} cannot read section {section!r}")
            data[section] = reader(cache)
        return data

    def gather_device_hostname(self, cache: ShowCache) -> str:
        """``hostname`` line of the running-config."""
        for found, _ in matching(cache.running_config(), re.compile(r"hostname (\S+)")):
            return found.group(1)
        return ""

    def gather_vlans(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``show vlan`` parsed by ntc-templates (the authoritative VLAN list, also under VTP server mode)."""
        rows = parse_table(self.name, "show vlan", cache.output("show vlan"))
        return [{"id": int(row["vlan_id"]), "name": row["vlan_name"]} for row in rows if self._listed_vlan(row)]

    def _listed_vlan(self, row: dict[str, Any]) -> bool:
        return True

    def gather_interfaces(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``interface`` blocks of the running-config."""
        return [
            self.parse_interface(found.group(1), block.children)
            for found, block in matching(cache.running_config(), re.compile(r"interface (\S+)"))
        ]

    def parse_interface(self, name: str, lines: tuple[str, ...]) -> dict[str, Any]:
        """Interface attributes from the sub-commands of its block."""
        values = self.interface_defaults(name)
        routed = values["access_vlan"] is None
        for line in lines:
            if found := _DESCRIPTION.fullmatch(line):
                values["description"] = found.group(1)
            elif line == "shutdown":
                values["enabled"] = False
            elif line == "no shutdown":
                values["enabled"] = True
            elif line == "no switchport":
                routed = True
            elif line == "switchport":
                routed = False
            elif found := _ACCESS_VLAN.fullmatch(line):
                values["access_vlan"] = int(found.group(1))
            elif found := _MTU.fullmatch(line):
                values["mtu"] = int(found.group(1))
            else:
                values.update(self.parse_speed(line))
        if routed:
            values["access_vlan"] = None
        elif values["access_vlan"] is None:
            values["access_vlan"] = 1
        return {"name": name, **values}

    def gather_l2_interfaces(self, cache: ShowCache) -> list[dict[str, Any]]:
        """Switch ports (``interface`` blocks that are not routed) and their ``switchport`` lines."""
        ports = []
        for found, block in matching(cache.running_config(), re.compile(r"interface (\S+)")):
            name = found.group(1)
            if self.parse_interface(name, block.children)["access_vlan"] is None:
                continue
            values = dict(L2_DEFAULTS)
            allowed: list[str] = []
            for line in block.children:
                if mode := _SWITCHPORT_MODE.fullmatch(line):
                    values["mode"] = mode.group(1)
                elif vlan := _ACCESS_VLAN.fullmatch(line):
                    values["access_vlan"] = int(vlan.group(1))
                elif vlans := _ALLOWED_VLANS.fullmatch(line):
                    allowed += vlans.group(1).split(",")
                elif vlan := _NATIVE_VLAN.fullmatch(line):
                    values["native_vlan"] = int(vlan.group(1))
            trunk = {
                "allowed_vlans": ",".join(allowed) or values["allowed_vlans"],
                "native_vlan": values["native_vlan"],
            }
            ports.append(
                {"name": name, "mode": values["mode"], "access": {"vlan": values["access_vlan"]}, "trunk": trunk}
            )
        return ports

    def gather_l3_interfaces(self, cache: ShowCache) -> list[dict[str, Any]]:
        """Interfaces with an ``ip address`` or ``ipv6 address`` line (``dhcp``, link-local... are not managed)."""
        ports = []
        member = re.compile(rf"{self.vrf_member} (\S+)")
        for found, block in matching(cache.running_config(), re.compile(r"interface (\S+)")):
            vrf = next((vrf.group(1) for vrf in map(member.fullmatch, block.children) if vrf), None)
            ipv4 = [
                {
                    "address": IPv4Interface(address.group(1).replace(" ", "/")).with_prefixlen,
                    "secondary": bool(address.group(2)),
                }
                for address in map(_IPV4_ADDRESS.fullmatch, block.children)
                if address
            ]
            ipv6 = [
                {"address": IPv6Interface(address.group(1)).with_prefixlen}
                for address in map(_IPV6_ADDRESS.fullmatch, block.children)
                if address
            ]
            if ipv4 or ipv6 or vrf:
                ports.append({"name": found.group(1), "vrf": vrf, "ipv4": ipv4, "ipv6": ipv6})
        return ports

    port_channel: ClassVar[str] = "Port-channel"
    """The full name of a port-channel interface without its number (EOS ``Port-Channel``, NX-OS ``port-channel``)."""
    lag_modes: ClassVar[frozenset[str]] = frozenset({"active", "passive", "on", "auto", "desirable"})
    """The modes a port joins a channel in (IOS also has PAgP's ``auto`` and ``desirable``)."""
    lacp_enable: ClassVar[tuple[str, ...]] = ()
    """Lines LACP modes need first (NX-OS: ``feature lacp``)."""

    def gather_lag_interfaces(self, cache: ShowCache) -> list[dict[str, Any]]:
        """Port-channel interfaces, and the ports whose ``channel-group N [mode M]`` puts them in one (no mode:
        ``on``, as NX-OS prints a static member)."""
        lags: dict[str, list[dict[str, Any]]] = {}
        for found, block in matching(cache.running_config(), re.compile(r"interface (\S+)")):
            name = found.group(1)
            if self.channel_number(name) is not None:
                lags.setdefault(name, [])
            for group in filter(None, map(_CHANNEL_GROUP.fullmatch, block.children)):
                member = {"member": name, "mode": group.group(2) or "on"}
                lags.setdefault(f"{self.port_channel}{group.group(1)}", []).append(member)
        return [{"name": name, "members": members} for name, members in lags.items()]

    def channel_number(self, name: str) -> int | None:
        """The channel number of a port-channel interface name, None for other interfaces."""
        number = name.removeprefix(self.port_channel)
        return int(number) if number != name and number.isdigit() else None

    def _lag_number(self, name: str) -> int:
        number = self.channel_number(name)
        if number is None:
            raise UnsupportedSection(f"lag_interfaces: {name} is not a port-channel ({self.port_channel}N)")
        return number

    def render_lag_interface(self, change: Change) -> list[str]:
        """The port-channel interface, created before its members join it and removed after they left."""
        name = str(change.keys["name"])
        self._lag_number(name)
        if change.action == "delete":
            return [f"no interface {name}"]
        return [f"interface {name}"] if change.action == "create" else []

    def channel_group_line(self, number: int, mode: str) -> str:
        """``channel-group N mode M``."""
        return f"channel-group {number} mode {mode}"

    def render_lag_member(self, change: Change) -> list[str]:
        """A port joins with ``channel-group``; changing its channel or mode leaves the old one first (``no
        channel-group``), as a port in a channel cannot always be moved or re-moded in place."""
        member = change.keys["member"]
        if change.action == "delete":
            return [f"interface {member}", "no channel-group"]
        values = {**change.before, **change.after}
        number, mode = self._lag_number(str(values["lag"])), str(values["mode"])
        if mode not in self.lag_modes:
            modes = ", ".join(sorted(self.lag_modes))
            raise UnsupportedSection(f"lag_interfaces: {member} mode {mode} is not available on {self.name} ({modes})")
        lines = list(self.lacp_enable) if mode in _LACP_MODES else []
        lines += [f"interface {member}", *(["no channel-group"] if change.action == "update" else [])]
        return [*lines, self.channel_group_line(number, mode)]

    def parse_speed(self, line: str) -> dict[str, Any]:
        """``speed``/``duplex`` an interface sub-command sets (IOS and NX-OS: ``speed 1000``, ``duplex full``)."""
        if found := _SPEED.fullmatch(line):
            return {"speed": int(found.group(1))}
        if found := _DUPLEX.fullmatch(line):
            return {"duplex": found.group(1)}
        return {}

    ntp_syntax: ClassVar[NtpSyntax] = NtpSyntax(vrf_inline=True, key_before_prefer=True, source="ntp source")
    """How the platform spells NTP servers and the source interface (see ``platforms.ntp``)."""

    def gather_ntp_global(self, cache: ShowCache) -> dict[str, Any]:
        """``ntp server`` lines and the source interface line of the running-config (no ntc-template reads
        them); a server with an option that is not managed is refused with its line."""
        servers, source = [], None
        sources = (self.ntp_syntax.source, *self.ntp_syntax.source_aliases)
        for block in cache.running_config():
            words = block.line.split()
            if words[:2] == ["ntp", "server"]:
                try:
                    servers.append(parse_server(words[2:], self.ntp_syntax))
                except UnreadableNtpServer as exc:
                    raise UnsupportedSection(f"ntp_global: cannot read {block.line!r}: {exc}") from None
            elif any(block.line.startswith(f"{command} ") for command in sources):
                if len(words) != 3:
                    raise UnsupportedSection(f"ntp_global: cannot read {block.line!r}: only an interface is managed")
                source = words[2]
        return {"servers": servers, "source": source}

    route_syntax: ClassVar[RouteSyntax] = RouteSyntax(masked=False, name_first=False, vrf_inline=True)
    """How the platform spells a static route (see ``platforms.static_routes``)."""

    def gather_static_routes(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``ip route`` lines of the running-config (NX-OS: also under ``vrf context V``): unlike the routing table,
        they include routes that are not installed (a backup route with a higher distance)."""
        routes = []
        for block in cache.running_config():
            found: list[tuple[str, str | None]] = []
            if block.line.startswith("ip route "):
                found = [(block.line, None)]
            elif block.line.startswith(f"{self.vrf_header} ") and not self.route_syntax.vrf_inline:
                found = [(line, block.line.split()[-1]) for line in block.children if line.startswith("ip route ")]
            for line, vrf in found:
                try:
                    routes.append(parse_route(line.split()[2:], self.route_syntax, vrf))
                except UnreadableRoute as exc:
                    raise UnsupportedSection(f"static_routes: cannot read {line!r}: {exc}") from None
        return routes

    # ------------------------------------------------------------------ configuring the device
    def render(self, change: Change) -> list[str]:
        renderer = getattr(self, f"render_{change.model}", None)
        if renderer is None:
            raise UnsupportedSection(f"platform {self.name} cannot configure {change.model!r} objects")
        commands: list[str] = renderer(change)
        return commands

    def render_system(self, change: Change) -> list[str]:
        """The hostname; a device always has one, so deleting leaves it alone."""
        if change.action == "delete" or "hostname" not in change.after:
            return []
        return [f"hostname {change.after['hostname']}"]

    def render_vlan(self, change: Change) -> list[str]:
        vlan_id = change.keys["vlan_id"]
        if change.action == "delete":
            return [f"no vlan {vlan_id}"]
        commands = [f"vlan {vlan_id}"]
        if "name" in change.after:
            commands.append(f"name {change.after['name']}")
        return commands

    def render_interface(self, change: Change) -> list[str]:
        name = str(change.keys["name"])
        defaults = self.interface_defaults(name)
        kind = self.interface_kind(name)
        logical = kind is not None and kind.logical
        if change.action == "delete":
            if logical:
                return [f"no interface {name}"]
            # A physical port cannot be removed: put every attribute back to its default.
            wanted = {key: value for key, value in defaults.items() if change.before.get(key, value) != value}
            before: dict[str, Any] = dict(change.before)
        elif change.action == "create":
            wanted = {key: value for key, value in change.after.items() if value != defaults.get(key)}
            before = dict(defaults)
        else:
            wanted, before = dict(change.after), dict(change.before)
        lines = self.interface_lines(wanted, before)
        return [f"interface {name}", *lines] if lines or change.action == "create" else []

    def interface_lines(self, wanted: dict[str, Any], before: dict[str, Any]) -> list[str]:
        """Sub-commands setting ``wanted`` attributes on an interface currently at ``before``."""
        lines: list[str] = []
        if "access_vlan" in wanted:
            lines += self.switchport_lines(wanted["access_vlan"], before.get("access_vlan"))
        if "description" in wanted:
            lines.append(f"description {wanted['description']}" if wanted["description"] else "no description")
        if "mtu" in wanted:
            lines.append(f"mtu {wanted['mtu']}" if wanted["mtu"] is not None else "no mtu")
        lines += self.speed_lines(wanted, before)
        if "enabled" in wanted:
            lines.append("no shutdown" if wanted["enabled"] else "shutdown")
        return lines

    def speed_lines(self, wanted: dict[str, Any], before: dict[str, Any]) -> list[str]:
        """``speed``/``duplex`` sub-commands for the ``wanted`` values (``no ...`` back to negotiation)."""
        lines: list[str] = []
        if "speed" in wanted:
            lines.append(f"speed {wanted['speed']}" if wanted["speed"] is not None else "no speed")
        if "duplex" in wanted:
            lines.append(f"duplex {wanted['duplex']}" if wanted["duplex"] is not None else "no duplex")
        return lines

    def switchport_lines(self, vlan: int | None, was: int | None) -> list[str]:
        """Make the port routed (``vlan`` None) or an access port in ``vlan``."""
        if vlan is None:
            return ["no switchport"]
        return (["switchport"] if was is None else []) + [f"switchport access vlan {vlan}"]

    def render_l2_interface(self, change: Change) -> list[str]:
        """Switch port settings; a create first makes the port a switch port, a delete puts the defaults back
        (a logical interface stops being a switch port)."""
        name = str(change.keys["name"])
        kind = self.interface_kind(name)
        if change.action == "delete":
            if kind is not None and kind.logical:
                return [f"interface {name}", "no switchport"]
            wanted = {key: value for key, value in L2_DEFAULTS.items() if change.before.get(key, value) != value}
        elif change.action == "create":
            wanted = {key: value for key, value in change.after.items() if value != L2_DEFAULTS.get(key)}
        else:
            wanted = dict(change.after)
        lines = ["switchport"] if change.action == "create" else []
        lines += self.l2_lines(wanted)
        return [f"interface {name}", *lines] if lines else []

    def l2_lines(self, wanted: dict[str, Any]) -> list[str]:
        """``switchport`` sub-commands setting ``wanted``: the mode first, then the VLANs."""
        lines: list[str] = []
        if "mode" in wanted:
            lines.append(f"switchport mode {wanted['mode']}")
        if "access_vlan" in wanted:
            vlan = wanted["access_vlan"]
            lines.append(f"switchport access vlan {vlan}" if vlan != 1 else "no switchport access vlan")
        if "allowed_vlans" in wanted:
            allowed = wanted["allowed_vlans"]
            lines.append(
                f"switchport trunk allowed vlan {allowed}"
                if allowed != L2_DEFAULTS["allowed_vlans"]
                else "no switchport trunk allowed vlan"
            )
        if "native_vlan" in wanted:
            vlan = wanted["native_vlan"]
            lines.append(f"switchport trunk native vlan {vlan}" if vlan != 1 else "no switchport trunk native vlan")
        return lines

    def render_l3_interface(self, change: Change) -> list[str]:
        """Addresses removed before others are set: stale secondaries go before the primary changes (a secondary
        can become the primary), ``no ip address`` when no IPv4 address stays; then the IPv6 changes."""
        before: dict[str, Any] = {"vrf": None, "ipv4": None, "ipv4_secondary": [], "ipv6": [], **change.before}
        if change.action == "delete":
            wanted: dict[str, Any] = {"vrf": None, "ipv4": None, "ipv4_secondary": [], "ipv6": []}
        else:
            wanted = dict(change.after)
        lines: list[str] = []
        if "vrf" in wanted and wanted["vrf"] != before["vrf"]:
            # Joining or leaving a VRF removes the interface's addresses: set the VRF, then every address.
            vrf = wanted["vrf"]
            lines.append(f"{self.vrf_member} {vrf}" if vrf is not None else f"no {self.vrf_member} {before['vrf']}")
            wanted = {key: wanted.get(key, before[key]) for key in ("ipv4", "ipv4_secondary", "ipv6")}
            before = {"ipv4": None, "ipv4_secondary": [], "ipv6": []}
        if "ipv4" in wanted or "ipv4_secondary" in wanted:
            primary = wanted.get("ipv4", before["ipv4"])
            secondaries = list(wanted.get("ipv4_secondary", before["ipv4_secondary"]))
            if primary is None:
                lines += ["no ip address"] if before["ipv4"] is not None or before["ipv4_secondary"] else []
            else:
                lines += [
                    f"no ip address {self.ipv4_text(old)} secondary"
                    for old in before["ipv4_secondary"]
                    if old not in secondaries
                ]
                lines += [f"ip address {self.ipv4_text(primary)}"] if primary != before["ipv4"] else []
                lines += [
                    f"ip address {self.ipv4_text(new)} secondary"
                    for new in secondaries
                    if new not in before["ipv4_secondary"]
                ]
        if "ipv6" in wanted:
            lines += [f"no ipv6 address {old}" for old in before["ipv6"] if old not in wanted["ipv6"]]
            lines += [f"ipv6 address {new}" for new in wanted["ipv6"] if new not in before["ipv6"]]
        return [f"interface {change.keys['name']}", *lines] if lines else []

    def render_vrf(self, change: Change) -> list[str]:
        """A VRF: its description, then ``no rd OLD`` before a new ``rd`` (IOS refuses to overwrite one), removed
        route targets first."""
        header = f"{self.vrf_header} {change.keys['name']}"
        if change.action == "delete":
            return [f"no {header}"]
        before, wanted = vrf_values(change)
        lines: list[str] = []
        if "description" in wanted:
            lines.append(f"description {wanted['description']}" if wanted["description"] else "no description")
        lines += self.vrf_target_lines(before, wanted)
        if change.action == "create":
            lines += self.vrf_create_lines()
        return [header, *lines] if lines or change.action == "create" else []

    route_target_family: ClassVar[str] = ""
    """Address family word after ``route-target import|export`` (EOS ``vpn-ipv4 ``)."""

    def vrf_target_lines(self, before: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
        """The rd and route-target lines taking a VRF from ``before`` to the ``wanted`` values given."""
        lines: list[str] = []
        if "rd" in wanted and wanted["rd"] != before["rd"]:
            lines += [f"no rd {before['rd']}"] if before["rd"] is not None else []
            lines += [f"rd {wanted['rd']}"] if wanted["rd"] is not None else []
        targets: list[str] = []
        for key, direction in (("route_import", "import"), ("route_export", "export")):
            if key in wanted:
                word = f"route-target {direction} {self.route_target_family}"
                targets += [f"no {word}{old}" for old in before[key] if old not in wanted[key]]
                targets += [f"{word}{new}" for new in wanted[key] if new not in before[key]]
        return lines + ([*self.route_target_context, *targets] if targets else [])

    def vrf_create_lines(self) -> list[str]:
        """Lines a new VRF needs before interfaces can use it (IOS: the IPv4 address family)."""
        return []

    def gather_dns(self, cache: ShowCache) -> dict[str, Any]:
        """``ip domain-name`` (IOS also ``ip domain name``) and ``ip name-server`` lines (several per line allowed)."""
        blocks = cache.running_config()
        domain = next((found.group(1) for found, _ in matching(blocks, _DOMAIN_NAME)), None)
        servers = [server for found, _ in matching(blocks, _NAME_SERVERS) for server in found.group(1).split()]
        return {"domain_name": domain, "name_servers": servers}

    def render_dns(self, change: Change) -> list[str]:
        """Old domain and servers removed before new ones are set; a delete removes them all."""
        before: dict[str, Any] = {"domain_name": None, "name_servers": [], **change.before}
        wanted: dict[str, Any] = (
            {"domain_name": None, "name_servers": []} if change.action == "delete" else dict(change.after)
        )
        lines: list[str] = []
        if "domain_name" in wanted and wanted["domain_name"] != before["domain_name"]:
            lines += [f"no ip domain-name {before['domain_name']}"] if before["domain_name"] else []
            lines += [f"ip domain-name {wanted['domain_name']}"] if wanted["domain_name"] else []
        if "name_servers" in wanted:
            lines += [f"no ip name-server {old}" for old in before["name_servers"] if old not in wanted["name_servers"]]
            lines += [f"ip name-server {new}" for new in wanted["name_servers"] if new not in before["name_servers"]]
        return lines

    lldp_enable: ClassVar[str] = "lldp run"
    """The line that turns LLDP on (NX-OS: ``feature lldp``); ``no`` before it turns it off."""
    lldp_enabled_by_default: ClassVar[bool] = False
    lldp_holdtime: ClassVar[str] = "lldp holdtime"

    def gather_lldp_global(self, cache: ShowCache) -> dict[str, Any]:
        """Whether LLDP runs (the enabling line, or its stored ``no`` form where LLDP runs by default), timers."""
        lines = {block.line for block in cache.running_config()}
        enabled = self.lldp_enable in lines or (self.lldp_enabled_by_default and f"no {self.lldp_enable}" not in lines)
        values: dict[str, Any] = {"enabled": enabled, "timer": None, "holdtime": None}
        for key, prefix in (("timer", "lldp timer"), ("holdtime", self.lldp_holdtime)):
            found = next((line for line in lines if re.fullmatch(rf"{prefix} \d+", line)), None)
            values[key] = int(found.rsplit(" ", 1)[1]) if found else None
        return values

    def render_lldp_global(self, change: Change) -> list[str]:
        """LLDP on before its timers are set; off last. A delete puts the platform defaults back."""
        if change.action == "delete":
            wanted: dict[str, Any] = {"enabled": self.lldp_enabled_by_default, "timer": None, "holdtime": None}
        else:
            wanted = dict(change.after)
        before: dict[str, Any] = {"enabled": self.lldp_enabled_by_default, "timer": None, "holdtime": None}
        before.update(change.before)
        lines = [self.lldp_enable] if wanted.get("enabled") is True and not before["enabled"] else []
        for key, prefix in (("timer", "lldp timer"), ("holdtime", self.lldp_holdtime)):
            if key in wanted and wanted[key] != before[key]:
                lines += [f"no {prefix}"] if before[key] is not None else []
                lines += [f"{prefix} {wanted[key]}"] if wanted[key] is not None else []
        if wanted.get("enabled") is False and before["enabled"]:
            lines.append(f"no {self.lldp_enable}")
        return lines

    def gather_banner(self, cache: ShowCache) -> list[dict[str, Any]]:
        """One-line ``banner KIND <d>text<d>`` lines (IOS shows ``^C`` as delimiter); multi-line ones are not read."""
        return [
            {"banner": found.group(1), "text": found.group(3)} for found, _ in matching(cache.running_config(), _BANNER)
        ]

    def render_banner(self, change: Change) -> list[str]:
        kind = change.keys["banner"]
        if change.action == "delete":
            return [f"no banner {kind}"]
        text = str(change.after["text"])
        delimiter = next(mark for mark in BANNER_DELIMITERS if mark not in text)
        replace = [f"no banner {kind}"] if change.action == "update" else []  # one banner of a kind, never two
        return [*replace, f"banner {kind} {delimiter}{text}{delimiter}"]

    logging_host_command: ClassVar[str] = "logging host"
    """How a syslog host is configured (NX-OS: ``logging server``)."""

    def gather_logging_global(self, cache: ShowCache) -> dict[str, Any]:
        """``logging host A`` (IOS also ``logging A``; NX-OS ``logging server A``) and ``logging buffered N``."""
        blocks = cache.running_config()
        host_line = re.compile(rf"{self.logging_host_command} (\d+\.\d+\.\d+\.\d+)(?: .*)?")
        hosts = {found.group(1) for pattern in (_LOGGING_HOST, host_line) for found, _ in matching(blocks, pattern)}
        size = next((int(found.group(1)) for found, _ in matching(blocks, _LOGGING_BUFFERED)), None)
        return {"hosts": [{"hostname": host} for host in sorted(hosts)], "buffered": {"size": size} if size else None}

    def render_logging_global(self, change: Change) -> list[str]:
        """Hosts that go are removed before new ones are added; a new buffer size replaces the old one."""
        before: dict[str, Any] = {"hosts": [], "buffered_size": None, **change.before}
        wanted: dict[str, Any] = (
            {"hosts": [], "buffered_size": None} if change.action == "delete" else dict(change.after)
        )
        lines: list[str] = []
        if "hosts" in wanted:
            lines += [f"no {self.logging_host_command} {old}" for old in before["hosts"] if old not in wanted["hosts"]]
            lines += [f"{self.logging_host_command} {new}" for new in wanted["hosts"] if new not in before["hosts"]]
        if "buffered_size" in wanted and wanted["buffered_size"] != before["buffered_size"]:
            lines += ["no logging buffered"] if before["buffered_size"] is not None else []
            lines += [f"logging buffered {wanted['buffered_size']}"] if wanted["buffered_size"] is not None else []
        return lines

    community_access: ClassVar[dict[str, str]] = {"ro": "RO", "rw": "RW"}
    """The words after ``snmp-server community NAME`` giving read-only / read-write access (as the device prints
    them)."""

    def gather_snmp_server(self, cache: ShowCache) -> dict[str, Any]:
        """``snmp-server location|contact TEXT`` and ``snmp-server community NAME ACCESS`` (the schema masks NAME);
        a community with other options (an ACL, a view) is refused rather than compared wrongly."""
        blocks = cache.running_config()
        data: dict[str, Any] = {found.group(1): found.group(2) for found, _ in matching(blocks, _SNMP_TEXT)}
        access_of = {word: access for access, word in self.community_access.items()}
        communities = []
        for found, _ in matching(blocks, _SNMP_COMMUNITY):
            access = access_of.get(found.group(2) or self.community_access["ro"])
            if access is None:
                raise UnsupportedSection("snmp_server: cannot read a community with options other than ro/rw access")
            communities.append({"name": found.group(1), access: True})
        hosts = []
        vrfs: dict[str, str] = {}
        for block in blocks:
            if not block.line.startswith("snmp-server host "):
                continue
            if self.snmp_host_vrf and (in_vrf := _SNMP_HOST_VRF.fullmatch(block.line)):
                if vrfs.setdefault(in_vrf.group(1), in_vrf.group(2)) != in_vrf.group(2):
                    raise UnsupportedSection(f"snmp_server: host {in_vrf.group(1)} has more than one use-vrf line")
                continue
            host = _SNMP_HOST.fullmatch(block.line)
            if host is None:  # the line is not shown: it may hold a community string
                raise UnsupportedSection(
                    f"snmp_server: cannot read the host line of {block.line.split()[2]} (only traps/informs, version"
                    " 1/2c and the community are managed)"
                )
            address, kind, version, community = host.groups()
            hosts.append(
                {
                    "host": address,
                    "community_string": community,
                    "version": version or "1",
                    "informs": kind == "informs",
                }
            )
        for entry in hosts:
            entry["use_vrf"] = vrfs.get(str(entry["host"]))
        orphans = vrfs.keys() - {entry["host"] for entry in hosts}
        if orphans:
            raise UnsupportedSection(f"snmp_server: host {min(orphans)} has a use-vrf line but no receiver line")
        return {**data, "communities": communities, "hosts": hosts}

    def render_snmp_server(self, change: Change) -> list[str]:
        """Communities that go or change access are removed before new ones are added; location and contact are
        replaced (``no`` when they become null)."""
        delta = snmp_delta(change)
        before, wanted = delta.before, delta.wanted
        lines = [f"snmp-server {key} {value}" if value else f"no snmp-server {key}" for key, value in delta.settings]
        lines += [f"no snmp-server community {name}" for name in delta.gone]
        lines += [f"snmp-server community {name} {self.community_access[access]}" for name, access in delta.new]
        if "hosts" in wanted:
            old_lines, new_lines = self.snmp_host_lines(before["hosts"]), self.snmp_host_lines(wanted["hosts"])
            lines += [f"no {old}" for old in reversed(old_lines) if old not in new_lines]  # use-vrf lines first
            lines += [new for new in new_lines if new not in old_lines]
            if self.snmp_host_adds_community:  # the device's own community goes again unless it is wanted
                kept = {entry.split()[0] for entry in wanted.get("communities", before["communities"])}
                added = [entry.split()[3] for entry in wanted["hosts"] if entry not in before["hosts"]]
                lines += [f"no snmp-server community {name}" for name in dict.fromkeys(added) if name not in kept]
        return lines

    snmp_host_adds_community: ClassVar[bool] = False
    """Whether a host line naming a community that is not configured configures it too (IOS, read-only)."""

    snmp_host_vrf: ClassVar[bool] = False
    """Whether a host's VRF is a line of its own, ``snmp-server host A use-vrf V`` (NX-OS); elsewhere a VRF is
    refused."""

    def snmp_host_lines(self, entries: list[str]) -> list[str]:
        """The receiver lines of the model's ``hosts``, then (NX-OS) one ``use-vrf`` line per host in a VRF."""
        lines = [self.snmp_host_line(entry) for entry in entries]
        vrfs = {entry.split()[0]: entry.split()[4] for entry in entries if len(entry.split()) > 4}
        if vrfs and not self.snmp_host_vrf:
            raise UnsupportedSection(f"snmp_server.hosts[].use_vrf is not managed on {self.name} (NX-OS only)")
        return lines + [f"snmp-server host {host} use-vrf {vrf}" for host, vrf in vrfs.items()]

    snmp_traps_keyword: ClassVar[bool] = False
    """Whether a trap receiver's line says ``traps`` (NX-OS) rather than leaving it implied (IOS, EOS)."""
    snmp_version_1_keyword: ClassVar[bool] = True
    """Whether a v1 receiver's line says ``version 1`` (EOS, NX-OS) rather than leaving it implied (IOS)."""

    def snmp_host_line(self, entry: str) -> str:
        """``snmp-server host A [traps|informs] [version V] TOKEN`` from a model's ``A traps|informs V TOKEN``."""
        address, kind, version, community = entry.split()[:4]
        words = ["snmp-server host", address]
        words += [kind] if kind == "informs" or self.snmp_traps_keyword else []
        words += [f"version {version}"] if version != "1" or self.snmp_version_1_keyword else []
        return " ".join([*words, community])

    user_keys: ClassVar[frozenset[str]] = frozenset({"privilege"})
    """The ``users`` keys besides name and password the platform manages (EOS: privilege and role)."""

    def gather_users(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``username NAME [privilege N] [role R] [secret|password TYPE HASH] [role R]`` (the schema masks HASH); a
        line with anything else (an SSH key, ``nopassword``) makes the read fail rather than be compared wrongly."""
        users = []
        for block in cache.running_config():
            if not block.line.startswith("username "):
                continue
            found = _USERNAME.fullmatch(block.line)
            if found is None:
                name = block.line.split()[1] if len(block.line.split()) > 1 else "?"
                raise UnsupportedSection(f"users: cannot read the line of user {name} (options not managed)")
            user: dict[str, Any] = {"name": found["name"]}
            if found["privilege"]:
                user["privilege"] = int(found["privilege"])
            if found["role"] or found["role_after"]:
                user["role"] = found["role"] or found["role_after"]
            if found["hash"]:
                user["hashed_password"] = {"type": found["type"], "value": found["hash"]}
            users.append(user)
        return users

    def render_user(self, change: Change) -> list[str]:
        """The whole ``username`` line (it replaces the user's settings); ``no username NAME`` removes the user."""
        name = change.keys["name"]
        if change.action == "delete":
            return [f"no username {name}"]
        values = {**change.before, **change.after}
        for key in ("privilege", "role"):
            if values.get(key) is not None and key not in self.user_keys:
                raise UnsupportedSection(f"user {name}: {key} is not managed on this platform")
        if values.get("password") is None:
            raise UnsupportedSection(f"user {name}: give hashed_password (a user is not created without one)")
        return [self.user_line(name, values)]

    def user_line(self, name: str, values: dict[str, Any]) -> str:
        """IOS: ``username NAME privilege N secret TYPE HASH``."""
        privilege = f" privilege {values['privilege']}" if values.get("privilege") is not None else ""
        return f"username {name}{privilege} secret {values['password_type']} {values['password']}"

    def gather_vrfs(self, cache: ShowCache) -> list[dict[str, Any]]:
        """VRF definition blocks of the running-config (sub-mode lines are read at any depth)."""
        vrfs = []
        for found, block in matching(cache.running_config(), re.compile(rf"{self.vrf_header} (\S+)")):
            values: dict[str, Any] = {"name": found.group(1), "description": "", "rd": None}
            targets: dict[str, list[str]] = {"import": [], "export": []}
            for line in block.children:
                if text := _DESCRIPTION.fullmatch(line):
                    values["description"] = text.group(1)
                elif rd := _RD.fullmatch(line):
                    values["rd"] = rd.group(1)
                elif target := _ROUTE_TARGET.fullmatch(line):
                    for direction in ("import", "export") if target.group(1) == "both" else (target.group(1),):
                        targets[direction].append(target.group(2))
            vrfs.append({**values, "route_import": targets["import"], "route_export": targets["export"]})
        return vrfs

    prefix_list_sections: ClassVar[bool] = False
    """Whether prefix-list entries are sub-mode lines (EOS: ``ip prefix-list NAME`` / ``seq 10 ...``)."""

    def gather_acls(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``ip access-list [standard|extended] NAME`` blocks; an ACE outside the managed subset is refused,
        hit-counter options are read past."""
        acls = []
        for found, block in matching(cache.running_config(), _ACL_HEADER):
            standard, name = found.group(1) == "standard", found.group(2)
            aces = []
            for line in block.children:
                if line in _ACL_OPTIONS:
                    continue
                try:
                    aces.append(parse_ace(line, standard))
                except UnreadableEntry as exc:
                    raise UnsupportedSection(f"acl {name}: cannot read the entry {line!r}: {exc}") from None
            acls.append({"name": name, "acl_type": "standard" if standard else "extended", "aces": aces})
        return [{"afi": "ipv4", "acls": acls}]

    def acl_header(self, name: str, acl_type: str) -> str:
        """The line that opens (and, after ``no``, removes) a named ACL."""
        return f"ip access-list {acl_type} {name}"

    def ace_address(self, text: str, standard: bool) -> str:
        """A model address (``any``, ``host A``, ``A/LEN``) as the platform's ACE takes it."""
        return text

    def ace_line(self, sequence: int, values: dict[str, Any]) -> str:
        """``10 permit tcp any host 192.0.2.1 eq 22`` from an ``acl_entry``'s attributes."""
        standard = values["acl_type"] == "standard"
        words = [str(sequence), values["grant"], *([values["protocol"]] if values.get("protocol") else [])]
        for side in ("source", "destination"):
            if values.get(side) is not None:
                words.append(self.ace_address(values[side], standard))
                words += [f"eq {values[f'{side}_port']}"] if values.get(f"{side}_port") is not None else []
        return " ".join(words)

    def render_acl(self, change: Change) -> list[str]:
        """A list is created empty (its entries follow) and removed with every entry; its type cannot change."""
        name = str(change.keys["name"])
        if change.action == "update":
            raise UnsupportedSection(f"acl {name}: its type cannot change in place; delete the list first")
        if change.action == "delete":
            return [f"no {self.acl_header(name, str(change.before.get('acl_type', 'extended')))}"]
        return [self.acl_header(name, str(change.after.get("acl_type", "extended")))]

    def render_acl_entry(self, change: Change) -> list[str]:
        """Typed under the list's header; an update removes the sequence, then adds it with the new values."""
        values = {**change.before, **change.after}
        sequence = int(change.keys["sequence"])
        lines = [self.acl_header(str(change.keys["name"]), str(values["acl_type"]))]
        lines += [f"no {sequence}"] if change.action != "create" else []
        lines += [self.ace_line(sequence, values)] if change.action != "delete" else []
        return lines

    def gather_prefix_lists(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``ip prefix-list NAME seq N ...`` lines, or (EOS) ``ip prefix-list NAME`` blocks of ``seq N ...``;
        descriptions are ignored, other lines refused; a list without entries is not read (it does not exist)."""
        lists: dict[str, list[dict[str, Any]]] = {}
        for found, block in matching(cache.running_config(), _PREFIX_LIST):
            name = found.group(1)
            texts = [found.group(2)] if found.group(2) else list(block.children)
            for text in texts:
                if text.startswith("description "):
                    continue
                entry = parse_prefix_entry(text)
                if entry is None:
                    raise UnsupportedSection(f"prefix list {name}: cannot read {text!r}")
                lists.setdefault(name, []).append(entry)
        found_lists = [{"name": name, "entries": entries} for name, entries in lists.items()]
        return [{"afi": "ipv4", "prefix_lists": found_lists}]

    def render_prefix_list(self, change: Change) -> list[str]:
        """Its entries create a list (EOS: the ``ip prefix-list NAME`` sub-mode); ``no`` removes it whole."""
        name = change.keys["name"]
        if change.action == "delete":
            return [f"no ip prefix-list {name}"]
        return [f"ip prefix-list {name}"] if self.prefix_list_sections and change.action == "create" else []

    def render_prefix_list_entry(self, change: Change) -> list[str]:
        """An update removes the sequence, then adds it with the new values."""
        name, sequence = change.keys["name"], int(change.keys["sequence"])
        before = prefix_entry_text({**change.before, "sequence": sequence}) if change.before else ""
        after = prefix_entry_text({**change.before, **change.after, "sequence": sequence})
        if self.prefix_list_sections:
            lines = [f"ip prefix-list {name}"]
            lines += [f"no seq {sequence}"] if change.action != "create" else []
            return lines + ([after] if change.action != "delete" else [])
        lines = [f"no ip prefix-list {name} {before}"] if change.action != "create" else []
        return lines + ([f"ip prefix-list {name} {after}"] if change.action != "delete" else [])

    bgp_enable: ClassVar[tuple[str, ...]] = ()
    """Lines a BGP process needs first (NX-OS: ``feature bgp``)."""
    bgp_router_id: ClassVar[str] = "router-id"
    """The process sub-command setting the router id (IOS: ``bgp router-id``)."""
    bgp_neighbor_sections: ClassVar[bool] = False
    """Whether neighbour settings go in a ``neighbor A`` sub-section (NX-OS) instead of ``neighbor A ...`` lines."""

    def gather_bgp_global(self, cache: ShowCache) -> dict[str, Any] | None:
        """The ``router bgp N`` section (see ``platforms.bgp``); None without a BGP process."""
        return read_bgp_global(cache.output("show running-config"))

    def render_bgp_global(self, change: Change) -> list[str]:
        """``router bgp N`` (after ``feature bgp`` on NX-OS) and its router id; a delete removes the process."""
        header = f"router bgp {change.keys['as_number']}"
        if change.action == "delete":
            return [f"no {header}"]
        lines = [*(self.bgp_enable if change.action == "create" else ()), header]
        if "router_id" in change.after:
            router_id = change.after["router_id"]
            if router_id is not None:
                lines.append(f"{self.bgp_router_id} {router_id}")
            elif change.before.get("router_id") is not None:
                lines.append(f"no {self.bgp_router_id}")
        return lines if change.action == "create" or len(lines) > 1 else []

    def render_bgp_neighbor(self, change: Change) -> list[str]:
        """Under ``router bgp N``: ``remote-as`` first (it creates the peer), then the other settings."""
        address = change.keys["neighbor_address"]
        header = [f"router bgp {change.keys['as_number']}"]
        if change.action == "delete":
            return [*header, f"no neighbor {address}"]
        before, after = change.before, change.after
        settings: list[str] = []
        if after.get("remote_as") is not None:
            settings.append(f"remote-as {after['remote_as']}")
        for key, word in (("description", "description"), ("update_source", "update-source")):
            if key in after and after[key] is not None:
                settings.append(f"{word} {after[key]}")
            elif key in after and before.get(key) is not None:
                settings.append(f"no {word}")
        if after.get("shutdown"):
            settings.append("shutdown")
        elif "shutdown" in after and before.get("shutdown"):
            settings.append("no shutdown")
        if not settings:
            return []
        if self.bgp_neighbor_sections:
            return [*header, f"neighbor {address}", *settings]
        return header + [
            f"no neighbor {address} {line[3:]}" if line.startswith("no ") else f"neighbor {address} {line}"
            for line in settings
        ]

    bgp_family: ClassVar[str] = "address-family ipv4"
    """The line entering the IPv4 unicast family under ``router bgp`` (NX-OS: ``address-family ipv4 unicast``)."""
    bgp_vrf_sections: ClassVar[bool] = False
    """Whether a VRF's family sits in a ``vrf X`` sub-section (EOS, NX-OS) instead of ``address-family ipv4 vrf X``."""

    def gather_bgp_address_family(self, cache: ShowCache) -> dict[str, Any] | None:
        """The IPv4 unicast families of the ``router bgp N`` section (see ``platforms.bgp``); None without BGP."""
        return read_bgp_address_family(cache.output("show running-config"))

    def bgp_network_line(self, prefix: str) -> str:
        """``network A/LEN`` (IOS: ``network A mask M``)."""
        return f"network {prefix}"

    def bgp_family_context(self, keys: Mapping[str, Any]) -> list[str]:
        """``router bgp N`` and the lines entering the family of ``keys`` (in its VRF)."""
        router = f"router bgp {keys['as_number']}"
        vrf = str(keys["vrf"])
        if vrf == "default":
            return [router, self.bgp_family]
        if self.bgp_vrf_sections:
            return [router, f"vrf {vrf}", self.bgp_family]
        return [router, f"{self.bgp_family} vrf {vrf}"]

    def render_bgp_address_family(self, change: Change) -> list[str]:
        """The family entered under ``router bgp N`` (in its VRF; after ``feature bgp`` on NX-OS), or removed with
        ``no`` + its line; its networks and activations are entries of their own."""
        context = self.bgp_family_context(change.keys)
        if change.action == "delete":
            return [*context[:-1], f"no {context[-1]}"]
        return [*self.bgp_enable, *context] if change.action == "create" else []

    def render_bgp_af_network(self, change: Change) -> list[str]:
        """``network ...`` in the family, or ``no network ...``."""
        line = self.bgp_network_line(str(change.keys["prefix"]))
        return [*self.bgp_family_context(change.keys), f"no {line}" if change.action == "delete" else line]

    def render_bgp_af_neighbor(self, change: Change) -> list[str]:
        """``[no] neighbor A activate`` in the family (NX-OS: ``[no] address-family ipv4 unicast`` in the ``neighbor
        A`` sub-section); a delete deactivates, a create of a neighbour to leave deactivated sends nothing."""
        activate = change.action != "delete" and bool({"activate": True, **change.after}["activate"])
        if change.action == "create" and not activate:
            return []
        address = change.keys["neighbor_address"]
        if self.bgp_neighbor_sections:
            lines = [f"router bgp {change.keys['as_number']}", f"neighbor {address}", self.bgp_family]
        else:
            lines = [*self.bgp_family_context(change.keys), f"neighbor {address} activate"]
        return lines if activate else [*lines[:-1], f"no {lines[-1]}"]

    ospf_enable: ClassVar[tuple[str, ...]] = ()
    """Lines an OSPF process needs first (NX-OS: ``feature ospf``)."""
    ospf_networks: ClassVar[bool] = True
    """Whether processes take ``passive-interface`` and ``network ... area`` lines (not NX-OS: interface level)."""

    def gather_ospfv2(self, cache: ShowCache) -> dict[str, Any]:
        """``router ospf N`` blocks (VRF processes are not read): router id, passive interfaces, networks."""
        processes = []
        for found, block in matching(cache.running_config(), _OSPF_PROCESS):
            values: dict[str, Any] = {"process_id": int(found.group(1)), "router_id": None}
            passive, networks = [], []
            for line in block.children:
                if line == "passive-interface default":
                    raise UnsupportedSection(f"ospf {found.group(1)}: passive-interface default is not managed")
                if line.startswith("router-id "):
                    values["router_id"] = line.split()[1]
                elif line.startswith("passive-interface "):
                    passive.append(line.split(maxsplit=1)[1])
                elif network := _OSPF_NETWORK.fullmatch(line):
                    address, length, wildcard, area = network.groups()
                    prefix = IPv4Network(f"{address}/{length or wildcard}").with_prefixlen
                    networks.append({"prefix": prefix, "area": area})
            processes.append({**values, "passive_interfaces": passive, "networks": networks})
        return {"processes": processes}

    def ospf_network_line(self, text: str) -> str:
        """``network A/LEN area D.D.D.D`` from a model's ``A/LEN area D.D.D.D`` (IOS: wildcard, area number)."""
        return f"network {text}"

    def render_ospf_process(self, change: Change) -> list[str]:
        """``router ospf N`` (after ``feature ospf`` on NX-OS), then what changed: old lines out, new ones in."""
        process = change.keys["process_id"]
        if change.action == "delete":
            return [f"no router ospf {process}"]
        before: dict[str, Any] = {"router_id": None, "passive_interfaces": [], "networks": [], **change.before}
        after = change.after
        lines: list[str] = []
        if "router_id" in after and after["router_id"] != before["router_id"]:
            lines += [f"router-id {after['router_id']}"] if after["router_id"] else ["no router-id"]
        if after.get("interfaces"):
            raise UnsupportedSection(f"ospfv2.processes[].interfaces is not managed on {self.name} (use networks)")
        for key, render in (
            ("passive_interfaces", "passive-interface {}".format),
            ("networks", self.ospf_network_line),
        ):
            if key not in after:
                continue
            if after[key] and not self.ospf_networks:
                raise UnsupportedSection(f"ospfv2.processes[].{key} is not managed on {self.name} (interface level)")
            lines += [f"no {render(old)}" for old in before[key] if old not in after[key]]
            lines += [render(new) for new in after[key] if new not in before[key]]
        if change.action == "create":
            return [*self.ospf_enable, f"router ospf {process}", *lines]
        return [f"router ospf {process}", *lines] if lines else []

    def ipv4_text(self, address: str) -> str:
        """``10.0.0.1/24`` as the platform's ``ip address`` takes it (``A/LEN``; IOS ``A MASK``)."""
        return address

    def render_ntp_server(self, change: Change) -> list[str]:
        """The whole ``ntp server`` line: typed again it replaces the server's options; removed by VRF and address."""
        if change.action == "delete":
            return [server_removal(dict(change.keys), self.ntp_syntax)]
        return [server_line({**change.keys, **change.before, **change.after}, self.ntp_syntax)]

    def render_ntp_global(self, change: Change) -> list[str]:
        """The source interface line, or its ``no`` form when the source goes."""
        source = None if change.action == "delete" else change.after.get("source", change.before.get("source"))
        if source is not None:
            return [f"{self.ntp_syntax.source} {source}"]
        return [f"no {self.ntp_syntax.source}"] if change.before.get("source") is not None else []

    def render_static_route(self, change: Change) -> list[str]:
        """``ip route`` with the whole route: typed again it replaces the route's distance and name. A name that
        goes is removed with the route, which is then added without it. NX-OS: inside ``vrf context V``, left with
        ``exit`` (an ``ip route`` typed next would land in that VRF)."""
        before = {"distance": 1, "name": None, **change.before}
        values = {**change.keys, **before, **change.after}
        removed = change.action == "delete" or (change.action == "update" and before["name"] and not values["name"])
        lines = [f"no ip route {route_text(values, self.route_syntax, options=False)}"] if removed else []
        lines += [f"ip route {route_text(values, self.route_syntax)}"] if change.action != "delete" else []
        vrf = change.keys.get("vrf")
        if vrf is not None and not self.route_syntax.vrf_inline:
            return [f"{self.vrf_header} {vrf}", *lines, "exit"]
        return lines

    def intended_problems(self, state: IntendedState, complete: bool) -> list[Problem]:
        return []

    def commit_error(self, output: str) -> str | None:
        return None

    def config_error(self, output: str) -> str | None:
        for found in _ERROR_LINE.finditer(output):
            message = found.group(1).strip()
            if not any(pattern.search(message) for pattern in self.benign_messages):
                return message
        return None
