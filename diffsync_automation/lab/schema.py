"""The project-wide intended-state schema, and conversions between it and a device state.

Inventories carry these keys as host data (Nornir) or host variables (Ansible); an absent key means the
item is not managed. ``snapshot`` renders a live device state in the same shape, so tests can compare
intended and live data directly.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import Any, NotRequired, TypedDict

from diffsync_automation.lab.dialect import Dialect, NtpServerArgs
from diffsync_automation.lab.state import DeviceState, Platform, StaticRoute


class VlanIntent(TypedDict):
    """``vlans`` entry."""

    id: int
    name: str


class InterfaceIntent(TypedDict):
    """``interfaces`` entry; ``access_vlan`` is null for a routed interface, ``mtu`` null for the default."""

    name: str
    description: str
    enabled: bool
    access_vlan: int | None
    mtu: int | None


class RouteIntent(TypedDict):
    """``static_routes`` entry."""

    prefix: str
    next_hop: str
    distance: int
    vrf: NotRequired[str]
    interface: NotRequired[str]


class HostIntent(TypedDict, total=False):
    """Everything the project manages on one device, in inventory order. The keys typed ``dict``/``list[dict]`` are
    kept in the network schema's shape (``diffsync_automation.network.schema``): the lab seeds them, ``snapshot``
    does not read them back."""

    device_hostname: str
    vlans: list[VlanIntent]
    vrfs: list[dict[str, Any]]
    interfaces: list[InterfaceIntent]
    l2_interfaces: list[dict[str, Any]]
    l3_interfaces: list[dict[str, Any]]
    ntp_global: dict[str, Any]
    logging_global: dict[str, Any]
    lldp_global: dict[str, Any]
    snmp_server: dict[str, Any]
    users: list[dict[str, Any]]
    banner: list[dict[str, Any]]
    acls: list[dict[str, Any]]
    prefix_lists: list[dict[str, Any]]
    lag_interfaces: list[dict[str, Any]]
    bgp_address_family: dict[str, Any]
    bgp_global: dict[str, Any]
    ospfv2: dict[str, Any]
    dns: dict[str, Any]
    static_routes: list[RouteIntent]


INTENT_KEYS: tuple[str, ...] = tuple(HostIntent.__annotations__)
"""The intended-data keys, in the order a host's inventory entry lists them."""


def snapshot(state: DeviceState) -> HostIntent:
    """The live state of a device in the intended-state schema."""
    return {
        "device_hostname": state.hostname,
        "vlans": [{"id": vlan_id, "name": name} for vlan_id, name in sorted(state.vlans.items())],
        "interfaces": [
            {
                "name": intf.name,
                "description": intf.description,
                "enabled": intf.enabled,
                "access_vlan": intf.access_vlan,
                "mtu": intf.mtu,
            }
            for intf in state.sorted_interfaces()
        ],
        "ntp_global": state.ntp_global,
        "static_routes": [_route(route) for route in state.static_routes],
    }


def _route(route: StaticRoute) -> RouteIntent:
    """A static route as intended data: its VRF and exit interface only when it has them."""
    entry: RouteIntent = {"prefix": str(route.prefix), "next_hop": str(route.next_hop), "distance": route.distance}
    entry.update({"vrf": route.vrf} if route.vrf else {})
    entry.update({"interface": route.interface} if route.interface else {})
    return entry


def intent_lines(dialect: Dialect, intent: HostIntent) -> list[str]:
    """Configuration lines that give a device the configuration ``intent`` describes."""
    lines = [f"hostname {intent['device_hostname']}"] if "device_hostname" in intent else []
    for vlan in intent.get("vlans", []):
        if vlan["id"] != 1:
            lines += [f"vlan {vlan['id']}", f"name {vlan['name']}"]
    for item in intent.get("interfaces", []):
        lines += [f"interface {item['name']}", *_interface_lines(dialect, item)]
    lines += _ntp_lines(dialect, intent.get("ntp_global", {}))
    for r in intent.get("static_routes", []):
        route = StaticRoute(IPv4Network(r["prefix"]), IPv4Address(r["next_hop"]), r.get("distance", 1))
        lines.append(dialect.route_line(route))
    return lines


def _ntp_lines(dialect: Dialect, ntp: dict[str, Any]) -> list[str]:
    servers = [
        NtpServerArgs(item.get("vrf"), IPv4Address(item["server"]), item.get("prefer", False), item.get("key_id"))
        for item in ntp.get("servers", [])
    ]
    source = [f"{dialect.ntp_source} {ntp['source']}"] if ntp.get("source") else []
    return [*map(dialect.ntp_server_line, servers), *source]


def _interface_lines(dialect: Dialect, item: InterfaceIntent) -> list[str]:
    itype = dialect.interface_type(item["name"])
    lines = [f"description {item['description']}"] if item["description"] else []
    if itype is not None and not itype.logical:
        if item["access_vlan"] is None:
            lines.append("no switchport")
        else:
            lines += [*dialect.access_port_lines, f"switchport access vlan {item['access_vlan']}"]
    if item["mtu"] is not None:
        lines.append(f"mtu {item['mtu']}")
    lines.append("shutdown" if not item["enabled"] else "no shutdown")
    return lines


def state_from_intent(platform: Platform, intent: HostIntent, *, hostname: str | None = None) -> DeviceState:
    """A device state whose configuration is exactly ``intent`` (unmanaged items keep device defaults)."""
    state = DeviceState(platform, intent.get("device_hostname", hostname))
    for item in intent.get("interfaces", []):  # the hardware: every port the intent names exists
        key = f"interface {item['name']}"
        state.config.set(key, key)
    state.configure(intent_lines(state.dialect, intent))
    state.saved = True
    return state
