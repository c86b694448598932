"""One simulated device: its running configuration (a ``ConfigNode`` tree) and the views derived from it.

The tree is the state. ``vlans``, ``interfaces``, ``ntp_global``, ``static_routes`` and ``hostname`` are read-only
views computed from it, so a line configured by hand over SSH shows in them (and in every show command built
on them). Change a device with ``configure`` (the lines go through the same CLI engine as an SSH session) or
over SSH; the views themselves cannot be assigned to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from diffsync_automation.lab.dialect import natural_key
from diffsync_automation.lab.errors import LabError
from diffsync_automation.lab.tree import ConfigNode, parse_indented

if TYPE_CHECKING:
    from diffsync_automation.lab.dialect import Dialect

Platform = Literal["cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos"]
PLATFORMS: tuple[Platform, ...] = ("cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos")

DEFAULT_MTU = 1500
_VLAN = re.compile(r"vlan (\d+)")
_INTERFACE = re.compile(r"interface (\S+)")
_HOSTNAME = re.compile(r"hostname (\S+)")
_DESCRIPTION = re.compile(r"description (.*)")
_ACCESS_VLAN = re.compile(r"switchport access vlan (\d+)")
_MTU = re.compile(r"mtu (\d+)")
_NAME = re.compile(r"name (\S+)")

__all__ = ["DEFAULT_MTU", "PLATFORMS", "DeviceState", "Interface", "Platform", "StaticRoute", "natural_key"]


class ConfigRejected(LabError, ValueError):
    """A configuration line given to ``DeviceState.configure`` was refused by the device."""


@dataclass(frozen=True)
class Interface:
    """One interface as derived from its ``interface`` section; ``access_vlan`` is ``None`` when routed."""

    name: str
    description: str = ""
    enabled: bool = True
    access_vlan: int | None = 1
    mtu: int | None = None
    address: IPv4Interface | None = None

    @property
    def effective_mtu(self) -> int:
        """The MTU show commands report: the configured one or the platform default."""
        return self.mtu if self.mtu is not None else DEFAULT_MTU


@dataclass(frozen=True)
class StaticRoute:
    """``ip route`` entry; a prefix may have several next hops and exit interfaces, each at most once per VRF."""

    prefix: IPv4Network
    next_hop: IPv4Address | None
    distance: int = 1
    interface: str | None = None
    name: str | None = None
    vrf: str | None = None


def interface_view(dialect: Dialect, name: str, node: ConfigNode) -> Interface:
    """The attributes of an interface section, with the platform's defaults for what is not configured."""
    itype = dialect.interface_type(name)
    switchport = itype.switchport if itype is not None else False
    enabled = itype.enabled if itype is not None else True
    description, access_vlan, mtu, address = "", 1, None, None
    for line in node.lines():
        if found := _DESCRIPTION.fullmatch(line):
            description = found.group(1)
        elif line in ("shutdown", "no shutdown"):
            enabled = line == "no shutdown"
        elif line in ("switchport", "no switchport"):
            switchport = line == "switchport"
        elif found := _ACCESS_VLAN.fullmatch(line):
            access_vlan = int(found.group(1))
        elif found := _MTU.fullmatch(line):
            mtu = int(found.group(1))
        elif line.startswith("ip address ") and not line.endswith(" secondary"):
            address = dialect.parse_address(line.split()[2:])
    return Interface(
        name, description, enabled, access_vlan if switchport else None, None if mtu == DEFAULT_MTU else mtu, address
    )


class DeviceState:
    """Running configuration of one device; ``saved`` tells whether it matches the startup-config."""

    def __init__(
        self,
        platform: Platform,
        hostname: str | None = None,
        *,
        privilege: int = 1,
        serial: str = "SIM0000000",
        config: ConfigNode | None = None,
    ) -> None:
        """A device with ``config`` as its running configuration, by default the platform's factory one."""
        self.platform: Platform = platform
        self.privilege = privilege
        self.saved = True
        self.serial = serial
        if config is None:
            config = ConfigNode("")
            _load(config, self.dialect, self.dialect.factory_config())
        self.config = config
        if hostname is not None:
            self.config.set("hostname", f"hostname {hostname}")

    @property
    def dialect(self) -> Dialect:
        """The platform's CLI dialect."""
        from diffsync_automation.lab.platforms import dialect_for  # the dialects import this module

        return dialect_for(self.platform)

    def configure(self, lines: Iterable[str]) -> None:
        """Apply configuration lines as if typed after ``configure terminal``; raise ``ConfigRejected`` on the
        first line the device refuses (earlier lines stay applied, as on the device)."""
        session = self.dialect.open_session(self, level="config")
        for typed in lines:
            _, line = session.typed(typed)
            reply = session.handle(line)
            if reply.error:
                raise ConfigRejected(f"{self.hostname}: {line!r} rejected: {reply.text.strip()}")

    def running_config(self) -> str:
        """``show running-config`` output."""
        return self.dialect.running_config(self)

    # ------------------------------------------------------------------ views
    @property
    def hostname(self) -> str:
        """``hostname`` line, or the platform's default."""
        node = self.config.get("hostname")
        found = _HOSTNAME.fullmatch(node.line) if node is not None else None
        return found.group(1) if found else self.dialect.default_hostname

    @hostname.setter
    def hostname(self, value: str) -> None:
        self.configure([f"hostname {value}"])

    @property
    def vlans(self) -> Mapping[int, str]:
        """VLAN id -> name, VLAN 1 included."""
        vlans = {1: self.dialect.vlan_name_default(1)}
        for node in self.config.children.values():
            if found := _VLAN.fullmatch(node.line):
                vlan_id = int(found.group(1))
                name = next((m.group(1) for line in node.lines() if (m := _NAME.fullmatch(line))), None)
                vlans[vlan_id] = name or self.dialect.vlan_name_default(vlan_id)
        return MappingProxyType(dict(sorted(vlans.items())))

    @property
    def interfaces(self) -> Mapping[str, Interface]:
        """Interface name -> ``Interface``, in the order devices list them."""
        dialect = self.dialect
        found = [(m.group(1), node) for node in self.config.children.values() if (m := _INTERFACE.fullmatch(node.line))]
        found.sort(key=lambda item: natural_key(item[0]))
        return MappingProxyType({name: interface_view(dialect, name, node) for name, node in found})

    def sorted_interfaces(self) -> list[Interface]:
        """Interfaces in the order devices list them (type name, then numbers)."""
        return list(self.interfaces.values())

    @property
    def ntp_global(self) -> dict[str, Any]:
        """The ``ntp server`` lines in configuration order and the source interface, shaped like the intended
        ``ntp_global`` with only the options that are set (a copy: change the device with ``configure``)."""
        servers: list[dict[str, Any]] = []
        source = self.config.get(self.dialect.ntp_source)
        for line in self.config.lines():
            if line.startswith("ntp server "):
                server = self.dialect.parse_ntp_server(line.split()[2:])
                entry: dict[str, Any] = {"server": str(server.address)}
                entry.update({"vrf": server.vrf} if server.vrf else {})
                entry.update({"prefer": True} if server.prefer else {})
                entry.update({"key_id": server.key} if server.key is not None else {})
                servers.append(entry)
        return {"servers": servers, **({"source": source.line.split()[-1]} if source is not None else {})}

    @property
    def static_routes(self) -> list[StaticRoute]:
        """``ip route`` entries of the default VRF through a next hop (the ones the routing table shows), in
        configuration order (a copy, like ``ntp_global``)."""
        routes = []
        for line in self.config.lines():
            if line.startswith("ip route "):
                parsed = self.dialect.parse_route(line.split()[2:], removing=False)
                if parsed.next_hop is not None and parsed.vrf is None:
                    routes.append(
                        StaticRoute(parsed.prefix, parsed.next_hop, parsed.distance or 1, parsed.interface, parsed.name)
                    )
        return routes

    def egress_interface(self, next_hop: IPv4Address) -> Interface | None:
        """The connected, enabled interface whose subnet holds ``next_hop``."""
        for intf in self.sorted_interfaces():
            if intf.enabled and intf.address is not None and next_hop in intf.address.network:
                return intf
        return None


def _load(root: ConfigNode, dialect: Dialect, text: str) -> None:
    """Load an indented configuration text into ``root`` (factory defaults; no validation)."""
    path: list[tuple[ConfigNode, str]] = [(root, "global")]
    for depth, line in parse_indented(text):
        del path[depth + 1 :]
        parent, scope = path[-1]
        node = parent.set(dialect.line_key(scope, line), line)
        path.append((node, dialect.scope_of(line, scope)))
