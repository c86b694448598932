"""Seeded Junos devices: the intended state as ``set`` lines committed on an EX-style switch, plus the drift.

Access ports reference their VLAN by ID (``vlan members 20``), which Junos accepts as well as a name, so a
VLAN can be renamed without touching its ports. Static routes use Junos preferences (5 is the default). The
Junos-only features of the seed (BGP, OSPF, the LAG, banner, SNMP, users, a firewall filter, a prefix list) are
``JUNOS_FEATURES``; the drift changes one thing in each.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from diffsync_automation.lab.junos_config import JunosConfig, quote
from diffsync_automation.lab.junos_state import DEFAULT_PREFERENCE, JunosState, assign_uids
from diffsync_automation.lab.schema import HostIntent, RouteIntent

JUNOS_DEFAULT_PREFERENCE = DEFAULT_PREFERENCE
MANAGEMENT_PORT = "me0"
ACCESS_PORTS = [f"ge-0/0/{n}" for n in range(8)]

BANNER_TEXT = "Authorised access only"
DRIFTED_BANNER = "Welcome"
COMMUNITY = "c4mpus-R0"
STRAY_COMMUNITY = "0ld-Rw!"
"""A read-write community only the drifted device has."""
NETOPS_HASH = "$6$Xq3Ld9pR$Uo7vQ2mZ0yH1cT5bN8wK4eJ6gA3sD9fL2hP0rV7xC1iB5nM8tY4uE6oW3qZ9aS2dF1gH7jK0lP5zX8cV4bN6mQ."
"""A SHA-512-crypt hash (what ``encrypted-password`` holds) of user ``netops``."""
FILTER = "VTY-SSH"
"""The seeded firewall filter: SSH from the management network (term 10), SNMP to the switch (term 20), then discard
everything (term 30); with drift the device lacks term 20, which a sync inserts before term 30."""
SNMP_TERM = 20
PREFIX_LIST = "CAMPUS"
STRAY_PREFIX = "192.168.0.0/16"
"""A prefix only the drifted device's prefix list holds (listed between the two intended ones)."""
BGP_PEER = "172.16.0.2"
DRIFTED_PEER_DESCRIPTION = "old core"
ROUTER_ID = "192.0.2.1"
"""``routing-options router-id``: the one router id BGP and OSPF share on Junos."""
OSPF_INTERFACES = {"lo0": "0.0.0.0", "me0": "0.0.0.0"}
"""Interfaces in OSPF and their areas; ``lo0`` is passive, which the drift leaves out."""
LAG = "ae1"
LAG_PORTS = ACCESS_PORTS[6:8]
"""The ports bundled in ``LAG`` with LACP active (ports 7 and 8, as on the IOS-style devices); with drift port 8
is not in it. Junos creates ae1 only with ``chassis aggregated-devices ethernet device-count`` of 2 or more."""
AE_DEVICE_COUNT = 2
TRAP_COMMUNITY = "c4mpus-Tr4p"
"""The community (trap group name) traps go to the receivers with; a secret."""
TRAP_RECEIVER = "192.0.2.61"
STRAY_TRAP_RECEIVER = "192.0.2.66"
"""A trap target only the drifted device has."""
VRF_ROUTE: RouteIntent = {
    "vrf": "GUEST",
    "prefix": "10.50.0.0/16",
    "next_hop": "172.16.0.2",
    "interface": "ge-0/0/5",
    "distance": 10,
}
"""A route in the routing instance of VRF ``GUEST`` through a next hop and an exit interface; the drift, which
deletes that VRF, takes it with it."""
JUNOS_FEATURES: dict[str, Any] = {
    "bgp_global": {
        "as_number": 65000,
        "bgp": {"router_id": ROUTER_ID},
        "neighbors": [{"neighbor_address": BGP_PEER, "remote_as": 65001, "description": "core uplink"}],
    },
    "bgp_address_family": {"as_number": 65000, "address_family": [{"afi": "ipv4", "safi": "unicast"}]},
    "ospfv2": {
        "processes": [
            {
                "process_id": 1,
                "router_id": ROUTER_ID,
                "passive_interfaces": ["lo0"],
                "interfaces": [{"name": name, "area": area} for name, area in OSPF_INTERFACES.items()],
            }
        ]
    },
    "lag_interfaces": [{"name": LAG, "members": [{"member": port, "mode": "active"} for port in LAG_PORTS]}],
    "banner": [{"banner": "login", "text": BANNER_TEXT}],
    "snmp_server": {
        "location": "campus core",
        "contact": "noc@campus.example.net",
        "communities": [{"name": COMMUNITY, "ro": True}],
        "hosts": [{"host": TRAP_RECEIVER, "community_string": TRAP_COMMUNITY, "version": "2c"}],
    },
    "users": [{"name": "netops", "role": "super-user", "hashed_password": {"type": "sha512", "value": NETOPS_HASH}}],
    "acls": [
        {
            "afi": "ipv4",
            "acls": [
                {
                    "name": FILTER,
                    "aces": [
                        {
                            "sequence": 10,
                            "grant": "permit",
                            "protocol": "tcp",
                            "source": {"prefix": "172.16.0.0/16"},
                            "destination": {"any": True, "port_protocol": {"eq": 22}},
                        },
                        {
                            "sequence": SNMP_TERM,
                            "grant": "permit",
                            "protocol": "udp",
                            "source": {"address": "172.16.0.0", "wildcard_bits": "0.0.255.255"},
                            "destination": {"host": "192.0.2.1", "port_protocol": {"eq": 161}},
                        },
                        {
                            "sequence": 30,
                            "grant": "deny",
                            "protocol": "ip",
                            "source": {"any": True},
                            "destination": {"any": True},
                        },
                    ],
                }
            ],
        }
    ],
    "prefix_lists": [
        {
            "afi": "ipv4",
            "prefix_lists": [
                {
                    "name": PREFIX_LIST,
                    "entries": [
                        {"sequence": 10, "action": "permit", "prefix": "10.0.0.0/8"},
                        {"sequence": 20, "action": "permit", "prefix": "172.16.0.0/12"},
                    ],
                }
            ],
        }
    ],
}
"""Intended features only the Junos devices of the seeded lab carry (the other platforms seed theirs in ``seed``)."""


def intent_lines(intent: HostIntent) -> list[str]:
    """``set`` statements (without ``set``) configuring ``intent`` on a device with nothing configured."""
    lines = []
    if "device_hostname" in intent:
        lines.append(f"system host-name {intent['device_hostname']}")
    for item in intent.get("ntp_global", {}).get("servers", []):
        server = f"system ntp server {item['server']}"
        lines += [f"{server} prefer"] if item.get("prefer") else []
        lines += [f"{server} key {item['key_id']}"] if item.get("key_id") is not None else []
        lines += [f"{server} routing-instance {item['vrf']}"] if item.get("vrf") else []
        lines += [server] if not {"prefer", "key_id", "vrf"} & set(item) else []
    if intent.get("ntp_global", {}).get("source"):
        lines.append(f"system ntp source-address {intent['ntp_global']['source']}")
    for intf in intent.get("interfaces", []):
        name = intf["name"]
        if intf["description"]:
            lines.append(f"interfaces {name} description {quote(intf['description'])}")
        if not intf["enabled"]:
            lines.append(f"interfaces {name} disable")
        if intf["mtu"] is not None:
            lines.append(f"interfaces {name} mtu {intf['mtu']}")
        if intf["access_vlan"] is not None:
            switching = f"interfaces {name} unit 0 family ethernet-switching"
            lines += [f"{switching} interface-mode access", f"{switching} vlan members {intf['access_vlan']}"]
    for route in intent.get("static_routes", []):
        at = f"routing-instances {route['vrf']} " if route.get("vrf") else ""
        base = f"{at}routing-options static route {route['prefix']}"
        distance = route.get("distance", JUNOS_DEFAULT_PREFERENCE)
        qualified = f"{base} qualified-next-hop {route['next_hop']}"
        if route.get("interface"):
            lines.append(f"{qualified} interface {route['interface']}.0")
        if distance == JUNOS_DEFAULT_PREFERENCE and not route.get("interface"):
            lines.append(f"{base} next-hop {route['next_hop']}")
        elif distance != JUNOS_DEFAULT_PREFERENCE:
            lines.append(f"{qualified} preference {distance}")
    lines += [f"vlans {vlan['name']} vlan-id {vlan['id']}" for vlan in intent.get("vlans", [])]
    return lines + _feature_lines(intent)


def _feature_lines(intent: HostIntent) -> list[str]:
    """The resource features of ``intent`` (switch ports, addresses, LLDP, banner, SNMP, users) as statements."""
    lines = []
    for port in intent.get("l2_interfaces", []):
        switching = f"interfaces {port['name']} unit 0 family ethernet-switching"
        lines.append(f"{switching} interface-mode {port.get('mode', 'access')}")
        if port.get("mode") == "trunk":
            allowed = ",".join(port["trunk"]["allowed_vlans"]).split(",")
            lines += [f"{switching} vlan members {vlan}" for vlan in allowed]
            native = port["trunk"].get("native_vlan", 1)
            lines += [f"interfaces {port['name']} native-vlan-id {native}"] if native != 1 else []
        elif port.get("access", {}).get("vlan", 1) != 1:
            lines.append(f"{switching} vlan members {port['access']['vlan']}")
    for port in intent.get("l3_interfaces", []):
        inet = f"interfaces {port['name']} unit 0 family inet"
        lines += [f"{inet} address {entry['address']}" for entry in port.get("ipv4", [])]
        lines += [f"{inet}6 address {entry['address']}" for entry in port.get("ipv6", [])]
    for vrf in intent.get("vrfs", []):
        instance = f"routing-instances {vrf['name']}"
        lines.append(f"{instance} instance-type {'vrf' if vrf.get('rd') else 'virtual-router'}")
        lines += [f"{instance} description {quote(vrf['description'])}"] if vrf.get("description") else []
        lines += [f"{instance} route-distinguisher {vrf['rd']}"] if vrf.get("rd") else []
    lines += _bgp_lines(intent.get("bgp_global"))
    lines += _routing_lines(intent)
    lldp = intent.get("lldp_global", {})
    lines += ["protocols lldp interface all"] if lldp.get("enabled") else []
    lines += [f"protocols lldp advertisement-interval {lldp['timer']}"] if lldp.get("timer") else []
    statement = {"login": "message", "motd": "announcement"}
    lines += [f"system login {statement[item['banner']]} {quote(item['text'])}" for item in intent.get("banner", [])]
    snmp = intent.get("snmp_server", {})
    lines += [f"snmp {key} {quote(snmp[key])}" for key in ("location", "contact") if snmp.get(key)]
    for community in snmp.get("communities", []):
        access = "read-write" if community.get("rw") else "read-only"
        lines.append(f"snmp community {quote(community['name'])} authorization {access}")
    for host in snmp.get("hosts", []):
        group = f"snmp trap-group {quote(host['community_string'])}"
        lines += [
            f"{group} version {'v2' if host.get('version', '2c') == '2c' else 'v1'}",
            f"{group} targets {host['host']}",
        ]
    for user in intent.get("users", []):
        lines.append(f"system login user {user['name']} class {user['role']}")
        if user.get("hashed_password"):
            password = user["hashed_password"]["value"]
            lines.append(f"system login user {user['name']} authentication encrypted-password {quote(password)}")
    return lines + _filter_lines(intent)


def _filter_lines(intent: HostIntent) -> list[str]:
    """Firewall filters (a term per ACE, named by its sequence) and prefix lists (an item per prefix)."""
    lines = []
    for family in intent.get("acls", []):
        for acl in family["acls"]:
            for ace in acl.get("aces", []):
                term = f"firewall family inet filter {acl['name']} term {ace['sequence']}"
                for side in ("source", "destination"):
                    address = _address(ace.get(side, {}))
                    lines += [f"{term} from {side}-address {address}"] if address else []
                lines += [f"{term} from protocol {ace['protocol']}"] if ace.get("protocol", "ip") != "ip" else []
                for side in ("source", "destination"):
                    port = ace.get(side, {}).get("port_protocol", {}).get("eq")
                    lines += [f"{term} from {side}-port {port}"] if port is not None else []
                lines.append(f"{term} then {'accept' if ace['grant'] == 'permit' else 'discard'}")
    for family in intent.get("prefix_lists", []):
        for prefix_list in family["prefix_lists"]:
            lines += [f"policy-options prefix-list {prefix_list['name']} {e['prefix']}" for e in prefix_list["entries"]]
    return lines


def _address(side: dict[str, Any]) -> str | None:
    """An ACE address as a filter matches it (``any``: no match)."""
    if "host" in side:
        return f"{side['host']}/32"
    if "address" in side:
        return str(IPv4Network(f"{side['address']}/{side['wildcard_bits']}"))
    return side.get("prefix")


def _bgp_lines(bgp: dict[str, Any] | None) -> list[str]:
    """The BGP process and its neighbours, in groups ``IBGP`` and ``EBGP`` as the driver keeps them."""
    if not bgp:
        return []
    lines = [f"routing-options autonomous-system {bgp['as_number']}"]
    router_id = (bgp.get("bgp") or {}).get("router_id")
    lines += [f"routing-options router-id {router_id}"] if router_id else []
    for neighbor in bgp.get("neighbors", []):
        internal = neighbor["remote_as"] == bgp["as_number"]
        group = f"protocols bgp group {'IBGP' if internal else 'EBGP'}"
        lines.append(f"{group} type {'internal' if internal else 'external'}")
        lines.append(f"{group} neighbor {neighbor['neighbor_address']} peer-as {neighbor['remote_as']}")
        if neighbor.get("description"):
            lines.append(
                f"{group} neighbor {neighbor['neighbor_address']} description {quote(neighbor['description'])}"
            )
    return lines


def _add_stray_prefix(config: JunosConfig) -> None:
    """The seeded prefix list with ``STRAY_PREFIX`` set between its two prefixes (as if added before the second)."""
    base = f"policy-options prefix-list {PREFIX_LIST}"
    items = config.find("policy-options", "prefix-list", PREFIX_LIST, "<prefix>")
    assert isinstance(items, list)
    config.delete(base)
    for prefix in [items[0], STRAY_PREFIX, *items[1:]]:
        config.set(f"{base} {prefix}")


def _routing_lines(intent: HostIntent) -> list[str]:
    """OSPF, the BGP IPv4 unicast family and the aggregated Ethernet bundles (with the device count they need)."""
    lines = []
    for process in intent.get("ospfv2", {}).get("processes", []):
        for entry in process.get("interfaces", []):
            interface = f"protocols ospf area {entry['area']} interface {entry['name']}.0"
            lines += [interface, *([f"{interface} passive"] if entry["name"] in process["passive_interfaces"] else [])]
    lines += ["protocols bgp family inet unicast"] if intent.get("bgp_address_family", {}).get("address_family") else []
    lags = intent.get("lag_interfaces", [])
    lines += [f"chassis aggregated-devices ethernet device-count {AE_DEVICE_COUNT}"] if lags else []
    for lag in lags:
        modes = {member.get("mode", "on") for member in lag["members"]} & {"active", "passive"}
        lines += [f"interfaces {lag['name']} aggregated-ether-options lacp {mode}" for mode in modes]
        lines += [f"interfaces {member['member']} ether-options 802.3ad {lag['name']}" for member in lag["members"]]
    return lines


def junos_state(intent: HostIntent, *, serial: str, management_address: str, drift: bool) -> JunosState:
    """A Junos device whose committed configuration is ``intent``, its management address and the drift."""
    config = JunosConfig()
    for line in intent_lines(intent):
        config.set(line)
    config.set(f"interfaces {MANAGEMENT_PORT} unit 0 family inet address {management_address}")
    if drift:
        config.rename("vlans SERVERS to SERVERS_OLD")
        config.set(f"interfaces {ACCESS_PORTS[1]} description temp-user-port")
        config.delete("system ntp server 192.0.2.124")
        config.set("routing-options static route 10.99.0.0/16 next-hop 172.16.0.1")
        config.set("vlans LEGACY vlan-id 99")
        if "l2_interfaces" in intent:  # the uplink trunk lacks its last VLAN
            config.delete(f"interfaces {ACCESS_PORTS[0]} unit 0 family ethernet-switching vlan members 30")
        if "lldp_global" in intent:
            config.delete("protocols lldp advertisement-interval")
        if intent.get("vrfs"):  # the first VRF is missing
            config.delete(f"routing-instances {intent['vrfs'][0]['name']}")
        if "bgp_global" in intent:
            peer = f"protocols bgp group EBGP neighbor {BGP_PEER}"
            config.set(f"{peer} description {quote(DRIFTED_PEER_DESCRIPTION)}")
        if "banner" in intent:
            config.set(f"system login message {quote(DRIFTED_BANNER)}")
        if "snmp_server" in intent:
            config.set(f"snmp community {quote(STRAY_COMMUNITY)} authorization read-write")
            config.set(f"snmp trap-group {quote(TRAP_COMMUNITY)} targets {STRAY_TRAP_RECEIVER}")
        if "users" in intent:
            config.set("system login user netops class read-only")
        if "ospfv2" in intent:
            config.delete("protocols ospf area 0.0.0.0 interface lo0.0 passive")
        if "lag_interfaces" in intent:
            config.delete(f"interfaces {LAG_PORTS[1]} ether-options 802.3ad")
        if "bgp_address_family" in intent:
            config.delete("protocols bgp family inet unicast")
        if "acls" in intent:
            config.delete(f"firewall family inet filter {FILTER} term {SNMP_TERM}")
        if "prefix_lists" in intent:
            _add_stray_prefix(config)
    state = JunosState(serial=serial)
    state.committed = config  # built here and owned by the device alone: the factory state, no commit history
    assign_uids(config)
    return state
