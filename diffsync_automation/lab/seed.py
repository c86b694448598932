"""The seeded lab: intended state per device, and a live state that differs from it in documented ways.

Every device gets the same intended layout (hostname, management port and address, eight access ports and
their switch-port modes, the campus VLANs, NTP and name servers, two static routes). With ``drift=True`` its
live state then differs in exactly the ways of ``drift_on(platform)`` (``DRIFT``; docs/lab.md lists them),
so a drift report over N devices finds ``len(drift_on(platform))`` differences per device.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any, Literal, cast

from diffsync_automation.lab.junos_seed import (
    ACCESS_PORTS,
    DRIFTED_BANNER,
    DRIFTED_PEER_DESCRIPTION,
    JUNOS_DEFAULT_PREFERENCE,
    JUNOS_FEATURES,
    LAG,
    MANAGEMENT_PORT,
    STRAY_PREFIX,
    STRAY_TRAP_RECEIVER,
    VRF_ROUTE,
    junos_state,
)
from diffsync_automation.lab.junos_seed import FILTER as JUNOS_FILTER
from diffsync_automation.lab.junos_seed import PREFIX_LIST as JUNOS_PREFIX_LIST
from diffsync_automation.lab.junos_seed import SNMP_TERM as JUNOS_SNMP_TERM
from diffsync_automation.lab.platforms import dialect_for, simulated_platforms
from diffsync_automation.lab.schema import HostIntent, InterfaceIntent, snapshot, state_from_intent
from diffsync_automation.lab.state import PLATFORMS, DeviceState, Platform, StaticRoute, natural_key

PlatformChoice = Literal["cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos", "mixed"]

CAMPUS_VLANS = {1: "default", 10: "USERS", 20: "SERVERS", 30: "VOICE"}
CAMPUS_NTP = ["192.0.2.123", "192.0.2.124"]
MGMT_GATEWAY = "172.16.0.1"
MGMT_NETWORK = IPv4Network("172.16.0.0/16")

# (description, enabled, access VLAN, MTU) of access ports 1-8.
_PORTS: list[tuple[str, bool, int, int | None]] = [
    ("uplink", True, 1, 9000),
    ("users", True, 10, None),
    ("users", True, 10, None),
    ("servers", True, 20, None),
    ("servers", True, 20, None),
    ("voice", True, 30, None),
    ("", False, 1, None),
    ("", False, 1, None),
]

UPLINK_TRUNK_VLANS = "1,10,20,30"
"""VLANs the seeded uplink (port 1) trunk is meant to carry; with drift it carries only ``1,10,20``."""

HOSTNAME_SUFFIX = "-campus"
"""With drift, the intended hostname of device ``swNN`` is ``swNN-campus``: the device still carries its lab
name (which keeps the lab's device names and prompts), the intent follows the site's naming standard."""

CAMPUS_DOMAIN = "campus.example.net"
CAMPUS_NAME_SERVERS = ["192.0.2.53", "192.0.2.54"]
CAMPUS_SYSLOG = "192.0.2.80"
STRAY_SYSLOG = "192.0.2.99"
CAMPUS_VRF = {"name": "GUEST", "description": "guest wireless"}
LLDP_TIMER = 30
PREFIX_LIST = "CAMPUS"
PREFIX_LIST_LE = 24
"""The seeded prefix list permits 10.0.0.0/8 up to this length (the drift: up to /16) and denies the rest."""
MGMT_ACL = "VTY-SSH"
"""The seeded extended ACL: SSH from the management network (seq 10), then deny everything (seq 20, which the
drift leaves out)."""
STRAY_SECONDARY = "10.255.255.1/24"
"""The secondary IPv4 address the seeded drift leaves on the management port."""

LAG_NUMBER = 1
"""The seeded port-channel: ports 7 and 8 join it with LACP (mode active); with drift port 8 is not in it."""
SEED_BGP_AS = 65010
"""The AS number of the seeded BGP process: ``bgp_global`` (router id, one peer) and the ``bgp_address_family``
living in it (a device runs one process)."""
BGP_NETWORKS = ("10.10.0.0/24", "10.20.0.0/24")
"""The networks the seeded IPv4 unicast family advertises; with drift the device lacks the second."""

SWITCH_PLATFORMS: frozenset[Platform] = frozenset({"cisco_ios", "arista_eos", "cisco_nxos"})
"""Platforms whose seeded ports are switch ports with addresses the project manages (``l2_interfaces``,
``l3_interfaces``), with IOS-style VRFs, ACLs and prefix lists."""
JUNOS: frozenset[Platform] = frozenset({"juniper_junos"})
BANNER_PLATFORMS: frozenset[Platform] = frozenset({"cisco_ios", "cisco_nxos"})
"""Platforms whose driver manages one-line banners (EOS banners are multi-line text ended by ``EOF``)."""

LAB_USER = "admin"
"""The lab's login user: seeded as a local user of every IOS-style device, so ``users`` with ``state:
overridden`` keeps it."""
NETOPS_USER = "netops"
"""The second seeded local user, which the drift leaves out."""
USER_HASHES: dict[Platform, tuple[str, str, str]] = {
    "cisco_ios": (
        "9",
        "$9$cAmPuSaDmInSaLt$Q2FtcHVzTGFiQWRtaW5IYXNoT25seUZvclRlc3Rz",
        "$9$NeTopSsAlTvAlUe$TmV0b3BzTGFiSGFzaE9ubHlGb3JUZXN0c0Nhbg",
    ),
    "arista_eos": (
        "sha512",
        "$6$cAmPuSaDmIn$Q2FtcHVzTGFiQWRtaW5IYXNoT25seUZvclRlc3RzAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAh",
        "$6$NeTopSsAlT$TmV0b3BzTGFiSGFzaE9ubHlGb3JUZXN0c0NhbkxvZ0luAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e",
    ),
    "cisco_nxos": (
        "5",
        "$5$CaMpUs$Q2FtcHVzTGFiQWRtaW5IYXNoT25seUZvclRlc3Rz",
        "$5$NeTops$TmV0b3BzTGFiSGFzaE9ubHlGb3JUZXN0c0Nhbg",
    ),
}
"""Per platform: the hash type as the device prints it, and the (made-up, matching no password) hashes of
``LAB_USER`` and ``NETOPS_USER``; secrets, which every output shows as tokens."""
SNMP_COMMUNITY = "campus-ro-9Vq"
"""The seeded read-only community (a secret), which the drift leaves out."""
SNMP_LOCATION = "campus MDF"
SNMP_CONTACT = "NOC"
BGP_PEER = {"neighbor_address": "172.16.0.1", "remote_as": 65000, "description": "campus-core"}
BGP_ROUTER_ID = "10.255.0.1"
OSPF_PROCESS = 1
OSPF_ROUTER_ID = "10.255.1.1"
"""The seeded OSPF process's router id, which the drift leaves out."""
OSPF_NETWORK = {"prefix": "172.16.0.0/16", "area": "0.0.0.0"}
"""The seeded OSPF network statement (not on NX-OS, which enables OSPF per interface)."""
BANNER_TEXT = "Authorised access only"
STALE_BANNER_TEXT = "Property of campus IT"
"""The motd banner text the drift leaves on the device."""


@dataclass(frozen=True)
class Drift:
    """One way a seeded device differs from its intent: the intended-data key it shows in, what a drift
    report finds there, and the platforms that carry it (all by default)."""

    key: str
    action: Literal["create", "update", "delete"]
    text: str
    platforms: frozenset[Platform] = frozenset(PLATFORMS)


DRIFT: tuple[Drift, ...] = (
    Drift("device_hostname", "update", f"the device is named swNN (intended swNN{HOSTNAME_SUFFIX})"),
    Drift("vlans", "update", "VLAN 20 is named SERVERS_OLD on the device (intended SERVERS)"),
    Drift("vlans", "delete", "VLAN 99 LEGACY exists only on the device"),
    Drift("interfaces", "update", "port 2 has description 'temp-user-port' on the device (intended 'users')"),
    Drift(
        "l2_interfaces",
        "update",
        "port 1 (uplink trunk) allows VLANs 1,10,20 on the device (intended 1,10,20,30)",
        SWITCH_PLATFORMS | JUNOS,
    ),
    Drift(
        "l3_interfaces",
        "update",
        f"the management port has a secondary address {STRAY_SECONDARY} on the device",
        SWITCH_PLATFORMS | JUNOS,
    ),
    Drift("vrfs", "create", f"VRF {CAMPUS_VRF['name']} is missing on the device", SWITCH_PLATFORMS | JUNOS),
    Drift("ntp_global", "create", "NTP server 192.0.2.124 is missing on the device"),
    Drift("logging_global", "update", f"the device also sends syslog to {STRAY_SYSLOG} (intended {CAMPUS_SYSLOG})"),
    Drift(
        "lldp_global",
        "update",
        f"the LLDP timer is the platform default on the device (intended {LLDP_TIMER} s)",
        SWITCH_PLATFORMS | JUNOS,
    ),
    Drift("acls", "create", f"ACL {MGMT_ACL} lacks its final deny (seq 20) on the device", SWITCH_PLATFORMS),
    Drift(
        "prefix_lists",
        "update",
        f"prefix list {PREFIX_LIST} seq 10 permits 10.0.0.0/8 le 16 on the device (intended le {PREFIX_LIST_LE})",
        SWITCH_PLATFORMS,
    ),
    Drift("dns", "update", f"name server {CAMPUS_NAME_SERVERS[1]} is missing on the device"),
    Drift(
        "snmp_server",
        "update",
        "the read-only community is missing on the device (location and contact are as intended)",
        SWITCH_PLATFORMS,
    ),
    Drift("users", "create", f"local user {NETOPS_USER} is missing on the device", SWITCH_PLATFORMS),
    Drift(
        "banner",
        "update",
        f"the motd banner reads '{STALE_BANNER_TEXT}' on the device (intended '{BANNER_TEXT}')",
        BANNER_PLATFORMS,
    ),
    Drift(
        "bgp_global",
        "update",
        f"BGP neighbour {BGP_PEER['neighbor_address']} is described {DRIFTED_PEER_DESCRIPTION!r} on the device"
        f" (intended {BGP_PEER['description']!r})",
        SWITCH_PLATFORMS,
    ),
    Drift("ospfv2", "update", f"OSPF process {OSPF_PROCESS} has no router id on the device", SWITCH_PLATFORMS),
    Drift(
        "lag_interfaces",
        "create",
        f"port 8 is not a member of port-channel {LAG_NUMBER} on the device",
        SWITCH_PLATFORMS,
    ),
    Drift(
        "bgp_address_family",
        "update",
        f"BGP IPv4 unicast does not advertise {BGP_NETWORKS[1]} on the device",
        SWITCH_PLATFORMS,
    ),
    Drift("banner", "update", f"the login banner reads {DRIFTED_BANNER!r} on the device", JUNOS),
    Drift(
        "bgp_global",
        "update",
        f"BGP neighbour 172.16.0.2 is described {DRIFTED_PEER_DESCRIPTION!r} on the device (intended 'core uplink')",
        JUNOS,
    ),
    Drift(
        "snmp_server",
        "update",
        f"the device also has a read-write community (intended: one read-only) and sends traps to"
        f" {STRAY_TRAP_RECEIVER} too",
        JUNOS,
    ),
    Drift("users", "update", "user netops has login class read-only on the device (intended super-user)", JUNOS),
    Drift("ospfv2", "update", "OSPF interface lo0.0 is not passive on the device", JUNOS),
    Drift("lag_interfaces", "create", f"port 8 is not a member of {LAG} on the device", JUNOS),
    Drift("bgp_address_family", "create", "BGP has no family inet unicast on the device", JUNOS),
    Drift(
        "static_routes",
        "create",
        f"route {VRF_ROUTE['prefix']} of VRF {VRF_ROUTE['vrf']} (through {VRF_ROUTE['interface']}) went with the VRF",
        JUNOS,
    ),
    Drift(
        "acls",
        "create",
        f"filter {JUNOS_FILTER} lacks term {JUNOS_SNMP_TERM} on the device (the sync inserts it before term 30)",
        JUNOS,
    ),
    Drift(
        "prefix_lists",
        "delete",
        f"prefix list {JUNOS_PREFIX_LIST} also holds {STRAY_PREFIX} on the device",
        JUNOS,
    ),
    Drift("static_routes", "delete", "static route 10.99.0.0/16 via 172.16.0.1 exists only on the device"),
)
"""Every difference the seeded drift makes, the single source of truth for what ``drift`` reports on a
seeded lab: ``drift_on(platform)`` of them per device (docs/lab.md lists them)."""


NOT_SEEDED: dict[str, str] = {}
"""Features the project models that the seeded lab leaves out, and why (tests/network/test_seeded_drift.py
requires every modelled feature in ``DRIFT`` or here). A feature here may still be seeded on the platforms whose
``DRIFT`` entries carry it."""


def drift_on(platform: Platform) -> list[Drift]:
    """The seeded differences a device of ``platform`` carries."""
    return [drift for drift in DRIFT if platform in drift.platforms]


@dataclass
class Fleet:
    """Devices to simulate with the intended state of each, keyed by device (inventory) name."""

    states: list[DeviceState]
    intended: dict[str, HostIntent] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [state.hostname for state in self.states]
        if len(set(names)) != len(names):
            raise ValueError("device hostnames must be unique: they name the devices")
        for state in self.states:
            if state.hostname not in self.intended:
                self.intended[state.hostname] = snapshot(state)


def mixed_platforms() -> list[Platform]:
    """What ``mixed`` cycles through: every simulated platform the project can also drive (has a driver in
    ``diffsync_automation.network.platforms``), so a mixed lab exercises every front end end to end."""
    simulated = cast(list[Platform], simulated_platforms())
    try:
        from diffsync_automation.network.platforms import platform_names
    except ImportError:  # the lab alone (no ``network`` extra): nothing to restrict to
        return simulated
    drivers = set(platform_names())
    return [platform for platform in simulated if platform in drivers]


def platform_of(index: int, choice: PlatformChoice, cycle: list[Platform] | None = None) -> Platform:
    """Platform of device ``index`` (1-based): ``mixed`` cycles through ``mixed_platforms()`` (sw01 IOS,
    sw02 EOS, ...)."""
    if choice == "mixed":
        platforms = cycle or mixed_platforms()
        return platforms[(index - 1) % len(platforms)]
    return choice


def device_name(index: int, count: int) -> str:
    """``sw01`` .. ``swNN``, zero-padded to the width of ``count`` (at least two digits)."""
    return f"sw{index:0{max(2, len(str(count)))}d}"


def port_names(platform: Platform) -> tuple[str, list[str]]:
    """Management interface and the eight access ports of a seeded device."""
    if platform == "juniper_junos":
        return MANAGEMENT_PORT, list(ACCESS_PORTS)
    mgmt, *ports = dialect_for(platform).ports
    return mgmt, ports


def intended_host(index: int, name: str, platform: Platform, *, drift: bool = True) -> HostIntent:
    """The intended state of seeded device ``index``, named ``name`` in the lab: every feature of ``DRIFT``
    that ``platform`` carries (with drift, the intended hostname is ``name`` + ``HOSTNAME_SUFFIX``)."""
    mgmt, ports = port_names(platform)
    interfaces: list[InterfaceIntent] = [
        {"name": mgmt, "description": "oob management", "enabled": True, "access_vlan": None, "mtu": None}
    ]
    interfaces += [
        {"name": port, "description": desc, "enabled": enabled, "access_vlan": vlan, "mtu": mtu}
        for port, (desc, enabled, vlan, mtu) in zip(ports, _PORTS)
    ]
    # Junos calls the administrative distance preference, 5 by default for a static route.
    default_distance = JUNOS_DEFAULT_PREFERENCE if platform == "juniper_junos" else 1
    intent: HostIntent = {
        "device_hostname": name + HOSTNAME_SUFFIX if drift else name,
        "vlans": [{"id": vlan_id, "name": vlan_name} for vlan_id, vlan_name in CAMPUS_VLANS.items()],
        "interfaces": sorted(interfaces, key=lambda item: natural_key(item["name"])),
        "ntp_global": {"servers": [{"server": server} for server in CAMPUS_NTP]},
        "logging_global": {"hosts": [{"hostname": CAMPUS_SYSLOG}]},
        "dns": {"domain_name": CAMPUS_DOMAIN, "name_servers": list(CAMPUS_NAME_SERVERS)},
        "static_routes": [
            {"prefix": "0.0.0.0/0", "next_hop": MGMT_GATEWAY, "distance": default_distance},
            {"prefix": "10.0.0.0/8", "next_hop": "172.16.0.2", "distance": 10},
        ],
    }
    if platform in SWITCH_PLATFORMS:
        intent["l2_interfaces"] = _l2_intent(ports)
        intent["l3_interfaces"] = _l3_intent(index, platform, mgmt)
        intent["vrfs"] = [dict(CAMPUS_VRF), *([{"name": "management"}] if platform == "cisco_nxos" else [])]
        intent["lldp_global"] = {"enabled": True, "timer": LLDP_TIMER}
        intent["acls"] = [{"afi": "ipv4", "acls": [{"name": MGMT_ACL, "acl_type": "extended", "aces": _aces()}]}]
        intent["prefix_lists"] = [{"afi": "ipv4", "prefix_lists": [{"name": PREFIX_LIST, "entries": _entries()}]}]
        intent["interfaces"] = _with_port_channel(platform, intent["interfaces"])
        intent["lag_interfaces"] = [{"name": _port_channel(platform), "members": _lag_members(ports)}]
        networks = [{"prefix": prefix} for prefix in BGP_NETWORKS]
        family = {"afi": "ipv4", "safi": "unicast", "networks": networks}
        intent["bgp_address_family"] = {"as_number": SEED_BGP_AS, "address_family": [family]}
        intent.update(_control_plane_intent(platform))
    if platform in JUNOS:  # the bundled ports carry no unit: Junos refuses a family on a LAG member
        bundled = {member["member"] for lag in JUNOS_FEATURES["lag_interfaces"] for member in lag["members"]}
        ports_and_bundle = [intf.copy() for intf in intent["interfaces"]]
        for intf in ports_and_bundle:
            intf["access_vlan"] = None if intf["name"] in bundled else intf["access_vlan"]
        bundle: InterfaceIntent = {"name": LAG, "description": "", "enabled": True, "access_vlan": None, "mtu": None}
        intent["interfaces"] = sorted([*ports_and_bundle, bundle], key=lambda item: natural_key(item["name"]))
        intent["l2_interfaces"] = [port for port in _l2_intent(ports) if port["name"] not in bundled]
        intent["l3_interfaces"] = _l3_intent(index, platform, mgmt)
        intent["vrfs"] = [dict(CAMPUS_VRF)]
        intent["lldp_global"] = {"enabled": True, "timer": LLDP_TIMER}
        intent.update(copy.deepcopy(JUNOS_FEATURES))  # type: ignore[typeddict-item]
        intent["static_routes"] = [*intent["static_routes"], copy.deepcopy(VRF_ROUTE)]
    return intent


def _control_plane_intent(platform: Platform) -> HostIntent:
    """SNMP, local users, the motd banner, BGP and OSPF of an IOS-style device."""
    _, admin_hash, netops_hash = USER_HASHES[platform]
    ospf: dict[str, Any] = {"process_id": OSPF_PROCESS, "router_id": OSPF_ROUTER_ID}
    if platform != "cisco_nxos":
        ospf["networks"] = [dict(OSPF_NETWORK)]
    intent: HostIntent = {
        "snmp_server": {
            "location": SNMP_LOCATION,
            "contact": SNMP_CONTACT,
            "communities": [{"name": SNMP_COMMUNITY, "ro": True}],
        },
        "users": [_user_intent(platform, LAB_USER, admin_hash), _user_intent(platform, NETOPS_USER, netops_hash)],
        "bgp_global": {"as_number": SEED_BGP_AS, "bgp": {"router_id": BGP_ROUTER_ID}, "neighbors": [dict(BGP_PEER)]},
        "ospfv2": {"processes": [ospf]},
    }
    if platform in BANNER_PLATFORMS:
        intent["banner"] = [{"banner": "motd", "text": BANNER_TEXT}]
    return intent


def _user_intent(platform: Platform, name: str, hashed: str) -> dict[str, Any]:
    """A seeded user in the intended-state schema: privilege 15 (IOS, EOS), role network-admin (EOS, NX-OS)."""
    user: dict[str, Any] = {"name": name, "hashed_password": {"type": USER_HASHES[platform][0], "value": hashed}}
    if platform != "cisco_nxos":
        user["privilege"] = 15
    if platform != "cisco_ios":
        user["role"] = "network-admin"
    return user


def _port_channel(platform: Platform) -> str:
    """The seeded port-channel's name as the platform spells it."""
    return f"{dialect_for(platform).port_channel}{LAG_NUMBER}"


def _with_port_channel(platform: Platform, interfaces: list[InterfaceIntent]) -> list[InterfaceIntent]:
    """The interfaces with the seeded port-channel (it is an interface too: ``interfaces`` would delete it)."""
    channel: InterfaceIntent = {
        "name": _port_channel(platform),
        "description": "",
        "enabled": True,
        "access_vlan": None,
        "mtu": None,
    }
    return sorted([*interfaces, channel], key=lambda item: natural_key(item["name"]))


def _lag_members(ports: list[str]) -> list[dict[str, Any]]:
    """Ports 7 and 8 in the port-channel with LACP."""
    return [{"member": port, "mode": "active"} for port in ports[6:8]]


def _lag_and_bgp_lines(platform: Platform, ports: list[str], drift: bool) -> list[str]:
    """The seeded port-channel's members and BGP IPv4 unicast family as each platform takes them, with their drift
    (NX-OS: ``feature lacp`` and ``feature bgp`` first)."""
    lines = ["feature lacp", "feature bgp"] if platform == "cisco_nxos" else []
    for port in ports[6:7] if drift else ports[6:8]:
        lines += [f"interface {port}", f"channel-group {LAG_NUMBER} mode active"]
    family = "address-family ipv4 unicast" if platform == "cisco_nxos" else "address-family ipv4"
    lines += [f"router bgp {SEED_BGP_AS}", family]
    for prefix in BGP_NETWORKS[:1] if drift else BGP_NETWORKS:
        network = IPv4Network(prefix)
        lines.append(
            f"network {network.network_address} mask {network.netmask}"
            if platform == "cisco_ios"
            else f"network {prefix}"
        )
    return [*lines, "exit", "exit"]


def _l2_intent(ports: list[str]) -> list[dict[str, Any]]:
    """Port 1 is the uplink trunk, ports 2-8 access ports in their VLANs."""
    trunk = {"allowed_vlans": [UPLINK_TRUNK_VLANS], "native_vlan": 1}
    l2: list[dict[str, Any]] = [{"name": ports[0], "mode": "trunk", "trunk": trunk}]
    l2 += [
        {"name": port, "mode": "access", "access": {"vlan": vlan}} for port, (*_, vlan, _) in zip(ports[1:], _PORTS[1:])
    ]
    return l2


def _l3_intent(index: int, platform: Platform, mgmt: str) -> list[dict[str, Any]]:
    """The management port's address (in NX-OS's ``management`` VRF)."""
    l3: dict[str, Any] = {"name": mgmt, "ipv4": [{"address": management_address(index).with_prefixlen}]}
    if platform == "cisco_nxos":
        l3["vrf"] = "management"
    return [l3]


def management_address(index: int) -> IPv4Interface:
    """The management port's address of seeded device ``index``."""
    return IPv4Interface(f"{MGMT_NETWORK.network_address + 256 + index}/{MGMT_NETWORK.prefixlen}")


def live_state(
    index: int, name: str, platform: Platform, intent: HostIntent, drift: bool, template: DeviceState | None = None
) -> DeviceState:
    """Device ``name``'s starting state: ``intent`` plus its management address and, optionally, the drift
    (the device is named ``name`` whatever its intended hostname).

    ``template``, a ``shared_state`` of the same platform, intent (apart from the hostname) and drift, saves
    running every line through the CLI engine again: its tree is copied.
    """
    if platform == "juniper_junos":
        junos_address = management_address(index).with_prefixlen
        junos = junos_state(intent, serial=f"SIM{index:07d}", management_address=junos_address, drift=drift)
        for server in _name_servers(drift):
            junos.committed.set(f"system name-server {server}")
        junos.committed.set(f"system domain-name {CAMPUS_DOMAIN}")
        for host in _syslog_hosts(drift):
            junos.committed.set(f"system syslog host {host} any any")
        junos.committed.set(f"system host-name {name}")
        if drift:  # the intended address, marked primary, and a stray secondary
            junos.committed.set(f"interfaces {MANAGEMENT_PORT} unit 0 family inet address {junos_address} primary")
            junos.committed.set(f"interfaces {MANAGEMENT_PORT} unit 0 family inet address {STRAY_SECONDARY}")
        return junos
    if template is None:
        state = shared_state(platform, intent, drift)
        state.hostname = name
    else:
        state = DeviceState(platform, name, config=template.config.copy())
    state.serial = f"SIM{index:07d}"
    mgmt, _ = port_names(platform)
    lines = [f"interface {mgmt}", state.dialect.address_line(management_address(index))]
    if drift:
        lines.append(state.dialect.address_line(IPv4Interface(STRAY_SECONDARY)) + " secondary")
    state.configure(lines)
    state.saved = True
    return state


def _name_servers(drift: bool) -> list[str]:
    """The seeded name servers: the drift leaves out the second."""
    return CAMPUS_NAME_SERVERS[:1] if drift else list(CAMPUS_NAME_SERVERS)


def _syslog_hosts(drift: bool) -> list[str]:
    """The seeded syslog hosts: the drift adds a stray one."""
    return [CAMPUS_SYSLOG, STRAY_SYSLOG] if drift else [CAMPUS_SYSLOG]


def _entries(le: int = PREFIX_LIST_LE) -> list[dict[str, Any]]:
    """The seeded prefix list's entries."""
    return [
        {"sequence": 10, "action": "permit", "prefix": "10.0.0.0/8", "le": le},
        {"sequence": 20, "action": "deny", "prefix": "0.0.0.0/0", "le": 32},
    ]


def _aces() -> list[dict[str, Any]]:
    """The seeded ACL's entries."""
    ssh = {"any": True, "port_protocol": {"eq": "22"}}
    return [
        {
            "sequence": 10,
            "grant": "permit",
            "protocol": "tcp",
            "source": {"prefix": "172.16.0.0/16"},
            "destination": ssh,
        },
        {"sequence": 20, "grant": "deny", "protocol": "ip", "source": {"any": True}, "destination": {"any": True}},
    ]


def _acl_lines(platform: Platform, drift: bool) -> list[str]:
    """The seeded ACL as each platform writes it (IOS: an extended list with wildcard masks)."""
    if platform == "cisco_ios":
        lines = [f"ip access-list extended {MGMT_ACL}", "10 permit tcp 172.16.0.0 0.0.255.255 any eq 22"]
    else:
        lines = [f"ip access-list {MGMT_ACL}", "10 permit tcp 172.16.0.0/16 any eq 22"]
    return [*lines, *([] if drift else ["20 deny ip any any"]), "exit"]


def _prefix_list_lines(platform: Platform, drift: bool) -> list[str]:
    """The seeded prefix list as each platform takes it: EOS in a section, IOS and NX-OS one line per entry."""
    entries = [
        f"seq {entry['sequence']} {entry['action']} {entry['prefix']} le {entry['le']}"
        for entry in _entries(16 if drift else PREFIX_LIST_LE)
    ]
    if platform == "arista_eos":
        return [f"ip prefix-list {PREFIX_LIST}", *entries, "exit"]
    return [f"ip prefix-list {PREFIX_LIST} {entry}" for entry in entries]


def _switch_feature_lines(platform: Platform, drift: bool) -> list[str]:
    """Syslog, LLDP, VRF, ACL and prefix-list lines of an IOS-style device, with their drift."""
    syslog = "logging server" if platform == "cisco_nxos" else "logging host"
    lines = [f"{syslog} {host}" for host in _syslog_hosts(drift)]
    lines += {"cisco_ios": ["lldp run"], "cisco_nxos": ["feature lldp"]}.get(platform, [])
    if not drift:
        lines.append(f"lldp timer {LLDP_TIMER}")
        header = {"cisco_ios": "vrf definition", "arista_eos": "vrf instance", "cisco_nxos": "vrf context"}[platform]
        lines += [f"{header} {CAMPUS_VRF['name']}", f"description {CAMPUS_VRF['description']}", "exit"]
    lines += _acl_lines(platform, drift) + _prefix_list_lines(platform, drift)
    return lines


def _control_plane_lines(platform: Platform, drift: bool) -> list[str]:
    """SNMP, local users, the motd banner, BGP and OSPF of an IOS-style device, with their drift."""
    _, admin_hash, netops_hash = USER_HASHES[platform]
    read_only = {"cisco_ios": "RO", "arista_eos": "ro", "cisco_nxos": "group network-operator"}[platform]
    lines = [f"snmp-server location {SNMP_LOCATION}", f"snmp-server contact {SNMP_CONTACT}"]
    lines += [] if drift else [f"snmp-server community {SNMP_COMMUNITY} {read_only}"]
    lines.append(user_line(platform, LAB_USER, admin_hash))
    lines += [] if drift else [user_line(platform, NETOPS_USER, netops_hash)]
    if platform in BANNER_PLATFORMS:
        lines.append(f"banner motd #{STALE_BANNER_TEXT if drift else BANNER_TEXT}#")
    return lines + _bgp_lines(platform, drift) + _ospf_lines(platform, drift)


def user_line(platform: Platform, name: str, hashed: str) -> str:
    """A local user with privilege 15 / role network-admin, as the platform prints it."""
    if platform == "cisco_ios":
        return f"username {name} privilege 15 secret 9 {hashed}"
    if platform == "arista_eos":
        return f"username {name} privilege 15 role network-admin secret sha512 {hashed}"
    return f"username {name} password 5 {hashed} role network-admin"


def _bgp_lines(platform: Platform, drift: bool) -> list[str]:
    """The BGP process with one peer (NX-OS: ``feature bgp`` first, the peer's settings in its sub-section); the
    drift gives the peer a stale description."""
    peer, remote_as = BGP_PEER["neighbor_address"], BGP_PEER["remote_as"]
    description = DRIFTED_PEER_DESCRIPTION if drift else BGP_PEER["description"]
    if platform == "cisco_nxos":
        return [
            "feature bgp",
            f"router bgp {SEED_BGP_AS}",
            f"router-id {BGP_ROUTER_ID}",
            f"neighbor {peer}",
            f"remote-as {remote_as}",
            f"description {description}",
            "exit",
            "exit",
        ]
    router_id_line = "bgp router-id" if platform == "cisco_ios" else "router-id"
    return [
        f"router bgp {SEED_BGP_AS}",
        f"{router_id_line} {BGP_ROUTER_ID}",
        f"neighbor {peer} remote-as {remote_as}",
        f"neighbor {peer} description {description}",
        "exit",
    ]


def _ospf_lines(platform: Platform, drift: bool) -> list[str]:
    """OSPF process 1 with its router id (which the drift leaves out) and, but on NX-OS, one network."""
    lines = ["feature ospf"] if platform == "cisco_nxos" else []
    lines += [f"router ospf {OSPF_PROCESS}", *([] if drift else [f"router-id {OSPF_ROUTER_ID}"])]
    network = IPv4Network(OSPF_NETWORK["prefix"])
    if platform == "cisco_ios":
        lines.append(
            f"network {network.network_address} {network.hostmask} area {int(IPv4Address(OSPF_NETWORK['area']))}"
        )
    elif platform == "arista_eos":
        lines.append(f"network {network} area {OSPF_NETWORK['area']}")
    return [*lines, "exit"]


def shared_state(platform: Platform, intent: HostIntent, drift: bool) -> DeviceState:
    """``intent`` with the drift, without what differs per device (management address, serial)."""
    state = state_from_intent(platform, intent)
    dialect = state.dialect
    _, ports = port_names(platform)
    trunk_vlans = "1,10,20" if drift else UPLINK_TRUNK_VLANS
    lines = [f"interface {ports[0]}", "switchport mode trunk", f"switchport trunk allowed vlan {trunk_vlans}"]
    lines += [f"ip domain-name {CAMPUS_DOMAIN}", *(f"ip name-server {server}" for server in _name_servers(drift))]
    lines += _switch_feature_lines(platform, drift)
    lines += _lag_and_bgp_lines(platform, ports, drift)
    lines += _control_plane_lines(platform, drift)
    if drift:
        lines += [
            "vlan 20",
            "name SERVERS_OLD",
            f"interface {ports[1]}",
            "description temp-user-port",
            "no ntp server 192.0.2.124",
            dialect.route_line(StaticRoute(IPv4Network("10.99.0.0/16"), IPv4Address(MGMT_GATEWAY))),
            "vlan 99",
            "name LEGACY",
        ]
    state.configure(lines)
    return state


def build_fleet(count: int, platform: PlatformChoice = "cisco_ios", *, drift: bool = True) -> Fleet:
    """``count`` seeded devices with their intended state."""
    if count < 1:
        raise ValueError("a lab needs at least one device")
    states: list[DeviceState] = []
    intended: dict[str, HostIntent] = {}
    cycle = mixed_platforms() if platform == "mixed" else None
    templates: dict[Platform, DeviceState] = {}  # the seeded intents differ only in their hostname
    for index in range(1, count + 1):
        name = device_name(index, count)
        device_platform = platform_of(index, platform, cycle)
        intended[name] = intent = intended_host(index, name, device_platform, drift=drift)
        template = None
        if device_platform != "juniper_junos":  # a Junos device is seeded from its set lines directly
            if device_platform not in templates:
                templates[device_platform] = shared_state(device_platform, intent, drift)
            template = templates[device_platform]
        states.append(live_state(index, name, device_platform, intent, drift, template))
    return Fleet(states, intended)
