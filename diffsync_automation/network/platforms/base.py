"""What a platform driver provides, and the shared implementation for IOS-like CLIs.

A platform reads the live configuration into the intended-state schema (``gather``), turns a ``Change`` into
configuration commands (``render``), and recognises the device's error replies (``config_error``). ``Platform``
is the protocol the adapters use; ``CliPlatform`` implements it for devices configured with IOS-style
commands and dispatches to ``gather_<section>`` and ``render_<model>`` methods, so a subclass adds a section or a
model by adding two methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from diffsync_automation.model import DiffSyncModel
from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.running_config import ConfigBlock, matching, parse_blocks
from diffsync_automation.network.platforms.textfsm_tables import parse_table

ShowCommand = Callable[[str], str]
"""Runs a show command on the device and returns its output."""

_ERROR_LINE = re.compile(r"^\s*(%.*)$", re.MULTILINE)
_INTERFACE_TEXT = re.compile(r"([A-Za-z][A-Za-z-]*)\s*(\d[\d/.:]*)")
_NTP_SERVER = re.compile(r"ntp server (?:vrf \S+ )?(\d+\.\d+\.\d+\.\d+)(?: .*)?")
_DESCRIPTION = re.compile(r"description (.*)")
_ACCESS_VLAN = re.compile(r"switchport access vlan (\d+)")
_MTU = re.compile(r"mtu (\d+)")


class Platform(Protocol):
    """A device type the device adapter can read and configure."""

    name: str
    """netmiko ``device_type``."""
    enter_config: str
    exit_config: str
    commit_command: str | None
    """Command that applies a candidate configuration (None: lines apply as they are sent)."""
    discard_command: str | None
    """Command that throws the candidate away after a failure (with ``commit_command``)."""

    def canonical_interface(self, name: str) -> str:
        """The full interface name the device uses (``Gi0/1`` -> ``GigabitEthernet0/1``)."""

    def interface_defaults(self, name: str) -> dict[str, Any]:
        """Attribute values of the interface when nothing is configured on it."""

    def is_fixed(self, obj: DiffSyncModel) -> bool:
        """Whether ``obj`` is something the device always has and cannot delete, in its default state."""

    def gather(self, show: ShowCommand, sections: frozenset[str]) -> dict[str, Any]:
        """The device's configuration of ``sections``, shaped like host data."""

    def render(self, change: Change) -> list[str]:
        """Configuration commands that carry out ``change``."""

    def config_error(self, output: str) -> str | None:
        """The error message in a configuration command's reply, or None if the command was accepted."""

    def commit_error(self, output: str) -> str | None:
        """Why the commit failed, from its reply, or None if it succeeded."""


@dataclass(frozen=True)
class InterfaceKind:
    """A family of interfaces: full name prefix, the abbreviation tables show, whether configuring it creates
    it (``Vlan10``), and its ``access_vlan`` with nothing configured (1 for a switch port, None when routed)."""

    full: str
    short: str
    logical: bool
    default_access_vlan: int | None


class UnsupportedSection(LookupError):
    """The platform has no ``gather_<section>`` or ``render_<model>`` for what it was asked."""


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
    enter_config: str = "configure terminal"
    exit_config: str = "end"
    commit_command: str | None = None
    discard_command: str | None = None
    interface_kinds: ClassVar[tuple[InterfaceKind, ...]] = ()
    benign_messages: ClassVar[tuple[re.Pattern[str], ...]] = ()
    """``%`` lines that are informational, not errors."""
    fixed_vlans: ClassVar[frozenset[int]] = frozenset({1})

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
        return {"description": "", "enabled": True, "access_vlan": access_vlan, "mtu": None}

    def is_fixed(self, obj: DiffSyncModel) -> bool:
        if obj.get_type() == "vlan":
            return int(obj.get_identifiers()["vlan_id"]) in self.fixed_vlans
        if obj.get_type() == "interface":
            name = str(obj.get_identifiers()["name"])
            kind = self.interface_kind(name)
            return kind is not None and not kind.logical and obj.get_attrs() == self.interface_defaults(name)
        return False

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
        if routed:
            values["access_vlan"] = None
        elif values["access_vlan"] is None:
            values["access_vlan"] = 1
        return {"name": name, **values}

    def gather_ntp_servers(self, cache: ShowCache) -> list[str]:
        """``ntp server`` lines of the running-config (no ntc-template reads them)."""
        return [found.group(1) for found, _ in matching(cache.running_config(), _NTP_SERVER)]

    def gather_static_routes(self, cache: ShowCache) -> list[dict[str, Any]]:
        """``ip route`` lines of the running-config: unlike the routing table, they include routes that are not
        installed (a backup route with a higher distance)."""
        routes = []
        for found, _ in matching(cache.running_config(), self.route_pattern()):
            prefix, next_hop, distance = self.route_fields(found)
            routes.append({"prefix": prefix, "next_hop": next_hop, "distance": distance})
        return routes

    def route_pattern(self) -> re.Pattern[str]:
        """Regex for a plain IPv4 static route line (other forms are not managed)."""
        raise NotImplementedError

    def route_fields(self, found: re.Match[str]) -> tuple[str, str, int]:
        """Prefix (``10.1.0.0/16``), next hop and distance of a matched route line."""
        raise NotImplementedError

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
        if "enabled" in wanted:
            lines.append("no shutdown" if wanted["enabled"] else "shutdown")
        return lines

    def switchport_lines(self, vlan: int | None, was: int | None) -> list[str]:
        """Make the port routed (``vlan`` None) or an access port in ``vlan``."""
        if vlan is None:
            return ["no switchport"]
        return (["switchport"] if was is None else []) + [f"switchport access vlan {vlan}"]

    def render_ntp_server(self, change: Change) -> list[str]:
        server = change.keys["server"]
        return [f"no ntp server {server}"] if change.action == "delete" else [f"ntp server {server}"]

    def render_static_route(self, change: Change) -> list[str]:
        route = self.route_text(str(change.keys["prefix"]), str(change.keys["next_hop"]))
        if change.action == "delete":
            return [f"no ip route {route}"]
        distance = int(change.after.get("distance", change.before.get("distance", 1)))
        return [f"ip route {route}" + (f" {distance}" if distance != 1 else "")]

    def route_text(self, prefix: str, next_hop: str) -> str:
        """Prefix and next hop as the platform's ``ip route`` spells them."""
        raise NotImplementedError

    def commit_error(self, output: str) -> str | None:
        return None

    def config_error(self, output: str) -> str | None:
        for found in _ERROR_LINE.finditer(output):
            message = found.group(1).strip()
            if not any(pattern.search(message) for pattern in self.benign_messages):
                return message
        return None
