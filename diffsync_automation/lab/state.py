"""In-memory configuration of one simulated device.

The state is what a real device's running-config holds for the objects the project manages. CLI sessions
mutate it, tests seed and inspect it directly, and it outlives every SSH session of its device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Literal

Platform = Literal["cisco_ios", "arista_eos"]
PLATFORMS: tuple[Platform, ...] = ("cisco_ios", "arista_eos")

DEFAULT_MTU = 1500


@dataclass
class Interface:
    """One interface; ``access_vlan`` is ``None`` for a routed (``no switchport``) interface."""

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
    """``ip route`` entry; a prefix may have several next hops, each at most once."""

    prefix: IPv4Network
    next_hop: IPv4Address
    distance: int = 1


@dataclass
class DeviceState:
    """Running configuration of one device; ``saved`` tells whether it matches the startup-config."""

    platform: Platform
    hostname: str
    vlans: dict[int, str] = field(default_factory=lambda: {1: "default"})
    interfaces: dict[str, Interface] = field(default_factory=dict)
    ntp_servers: list[str] = field(default_factory=list)
    static_routes: list[StaticRoute] = field(default_factory=list)
    privilege: int = 1
    saved: bool = True
    serial: str = "SIM0000000"

    def sorted_interfaces(self) -> list[Interface]:
        """Interfaces in the order devices list them (type name, then numbers)."""
        return sorted(self.interfaces.values(), key=lambda i: natural_key(i.name))

    def add_route(self, route: StaticRoute) -> None:
        """Add or replace (same prefix and next hop, new distance) a static route."""
        self.static_routes = [
            r for r in self.static_routes if (r.prefix, r.next_hop) != (route.prefix, route.next_hop)
        ] + [route]

    def remove_routes(self, prefix: IPv4Network, next_hop: IPv4Address | None) -> None:
        """Remove routes to ``prefix`` (only via ``next_hop`` when given), as ``no ip route`` does."""
        self.static_routes = [
            r for r in self.static_routes if not (r.prefix == prefix and next_hop in (None, r.next_hop))
        ]

    def egress_interface(self, next_hop: IPv4Address) -> Interface | None:
        """The connected, enabled interface whose subnet holds ``next_hop``."""
        for intf in self.sorted_interfaces():
            if intf.enabled and intf.address is not None and next_hop in intf.address.network:
                return intf
        return None


def natural_key(name: str) -> tuple[str | int, ...]:
    """Sort key that orders ``Ethernet2`` before ``Ethernet10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))
