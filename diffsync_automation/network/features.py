"""Features: the intended-state sections under the names of the Ansible network resource modules.

A feature is what a network team manages as one thing (``l2_interfaces``, ``static_routes``), named after the
resource module of the cisco.ios / arista.eos / cisco.nxos / junipernetworks.junos collections that manages
it, and held in one intended-data key. Which features a platform supports follows from the sections it
declares (``Platform.sections``), so the list ``diffsync-automation features`` prints cannot drift from what
the platform drivers do.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from diffsync_automation.network.platforms import Platform, get_platform, platform_names
from diffsync_automation.network.schema import IntendedState


@dataclass(frozen=True)
class Feature:
    """A resource-module name and the intended-data key that holds it."""

    name: str
    data_key: str
    summary: str


FEATURES: tuple[Feature, ...] = (
    Feature("hostname", "device_hostname", "the device's hostname"),
    Feature("interfaces", "interfaces", "description, enabled, MTU, speed, duplex (access VLAN: see l2_interfaces)"),
    Feature("l2_interfaces", "l2_interfaces", "switch ports: access or trunk, access VLAN, allowed and native VLANs"),
    Feature("l3_interfaces", "l3_interfaces", "VRF membership, IPv4 primary and secondary addresses, IPv6 addresses"),
    Feature(
        "lag_interfaces", "lag_interfaces", "port-channels and their member ports with the mode they join in (LACP)"
    ),
    Feature("vlans", "vlans", "VLAN ids and names"),
    Feature("vrfs", "vrfs", "VRF definitions: description, route distinguisher, route targets"),
    Feature("ntp_global", "ntp_global", "NTP servers (VRF, prefer, key id) and the source interface"),
    Feature("logging_global", "logging_global", "syslog hosts and the buffered log size"),
    Feature(
        "snmp_server",
        "snmp_server",
        "location, contact, v2c communities (ro/rw), trap and inform hosts (strings masked)",
    ),
    Feature("users", "users", "local users: privilege / role and the password hash (masked, compared as hashes)"),
    Feature("lldp_global", "lldp_global", "LLDP on or off, advertisement interval and hold time"),
    Feature("banner", "banner", "one-line motd, login and exec banners"),
    Feature("acls", "acls", "named IPv4 ACLs, standard and extended: entries by sequence (permit/deny, protocol, ...)"),
    Feature("prefix_lists", "prefix_lists", "IPv4 prefix lists: entries by sequence (action, prefix, ge, le)"),
    Feature("bgp_global", "bgp_global", "the BGP process: AS number, router id, neighbours (remote AS, ...)"),
    Feature(
        "bgp_address_family",
        "bgp_address_family",
        "BGP IPv4 unicast families per VRF: networks advertised, neighbours activated",
    ),
    Feature("ospfv2", "ospfv2", "OSPFv2 processes: router id, passive interfaces, areas (networks; NX-OS interfaces)"),
    Feature("dns", "dns", "domain name and name servers (cisco.ios.ios_system's domain_name, name_servers)"),
    Feature("static_routes", "static_routes", "IPv4 static routes: VRF, next hop and/or interface, distance, name"),
)


def supported(platform: Platform) -> list[Feature]:
    """The features whose intended-data key ``platform`` reads and configures, in ``FEATURES`` order."""
    return [feature for feature in FEATURES if feature.data_key in platform.sections]


def data_keys(data_key: str, schema: type[IntendedState] = IntendedState) -> list[str]:
    """Every key a host may write under ``data_key``: ``vlans[].id``, ``l2_interfaces[].trunk.native_vlan``..."""
    return _paths(data_key, schema.model_fields[data_key].annotation)


def _paths(prefix: str, annotation: Any) -> list[str]:
    annotation = _without_none(annotation)
    if typing.get_origin(annotation) is list:
        return _paths(f"{prefix}[]", typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [
            path
            for name, field in annotation.model_fields.items()
            for path in _paths(f"{prefix}.{name}", field.annotation)
        ]
    return [prefix]


def _without_none(annotation: Any) -> Any:
    """``X | None`` -> ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def _unmanaged(key: str, unmanaged: frozenset[str]) -> bool:
    """``key`` is one of ``unmanaged`` or inside one (``vrfs[].route_import[]`` inside ``vrfs[].route_import``)."""
    return any(key == prefix or key.startswith((f"{prefix}.", f"{prefix}[")) for prefix in unmanaged)


def feature_table(platforms: list[str] | None = None) -> dict[str, dict[str, list[str]]]:
    """``{platform: {feature: [intended-data keys]}}`` for the given (default: every registered) platforms.

    Raises ``KeyError`` naming an unknown platform.
    """
    table: dict[str, dict[str, list[str]]] = {}
    for name in platforms if platforms is not None else platform_names():
        platform = get_platform(name)
        if platform is None:
            raise KeyError(name)
        table[name] = {
            feature.name: [key for key in data_keys(feature.data_key) if not _unmanaged(key, platform.unmanaged_keys)]
            for feature in supported(platform)
        }
    return table
