"""The routing table both dialects render: connected, local and static routes derived from the state."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from diffsync_automation.lab.state import DeviceState, StaticRoute


@dataclass(frozen=True)
class Hop:
    """A next hop and the interface the route leaves through."""

    address: IPv4Address
    interface: str


@dataclass(frozen=True)
class Installed:
    """One routing-table entry; connected and local entries have an interface but no hops."""

    code: str
    prefix: IPv4Network
    distance: int = 0
    hops: tuple[Hop, ...] = ()
    interface: str | None = None


def installed_routes(state: DeviceState, static_only: bool, local: bool = True) -> list[Installed]:
    """Routing-table entries sorted by prefix.

    Every static route is installed, even when no connected subnet holds its next hop; its egress interface
    is then the first interface with an address (a simplification: real devices would not install it).
    For each prefix only the routes with the lowest distance are installed, as on the devices.
    """
    entries: list[Installed] = []
    if not static_only:
        for intf in state.sorted_interfaces():
            if intf.enabled and intf.address is not None:
                entries.append(Installed("C", intf.address.network, interface=intf.name))
                if local and intf.address.network.prefixlen < 32:
                    entries.append(Installed("L", IPv4Network(f"{intf.address.ip}/32"), interface=intf.name))
    by_prefix: dict[IPv4Network, list[StaticRoute]] = defaultdict(list)
    for route in state.static_routes:
        by_prefix[route.prefix].append(route)
    for prefix, routes in by_prefix.items():
        best = min(route.distance for route in routes)
        hops = tuple(
            Hop(r.next_hop, _egress(state, r.next_hop)) for r in routes if r.distance == best and r.next_hop is not None
        )
        entries.append(Installed("S", prefix, best, hops))
    return sorted(entries, key=lambda e: (e.prefix.network_address, e.prefix.prefixlen, e.code))


def _egress(state: DeviceState, next_hop: IPv4Address) -> str:
    connected = state.egress_interface(next_hop)
    if connected is not None:
        return connected.name
    fallback = next((i for i in state.sorted_interfaces() if i.enabled and i.address is not None), None)
    return fallback.name if fallback is not None else "Null0"
