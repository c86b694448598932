"""Seeded Junos devices: the intended state as ``set`` lines committed on an EX-style switch, plus the drift.

Access ports reference their VLAN by ID (``vlan members 20``), which Junos accepts as well as a name, so a
VLAN can be renamed without touching its ports. Static routes use Junos preferences (5 is the default).
"""

from __future__ import annotations

from diffsync_automation.lab.junos_config import JunosConfig, quote
from diffsync_automation.lab.junos_state import DEFAULT_PREFERENCE, JunosState
from diffsync_automation.lab.schema import HostIntent

JUNOS_DEFAULT_PREFERENCE = DEFAULT_PREFERENCE
MANAGEMENT_PORT = "me0"
ACCESS_PORTS = [f"ge-0/0/{n}" for n in range(8)]


def intent_lines(intent: HostIntent) -> list[str]:
    """``set`` statements (without ``set``) configuring ``intent`` on a device with nothing configured."""
    lines = []
    if "device_hostname" in intent:
        lines.append(f"system host-name {intent['device_hostname']}")
    lines += [f"system ntp server {server}" for server in intent.get("ntp_servers", [])]
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
        base = f"routing-options static route {route['prefix']}"
        distance = route.get("distance", JUNOS_DEFAULT_PREFERENCE)
        if distance == JUNOS_DEFAULT_PREFERENCE:
            lines.append(f"{base} next-hop {route['next_hop']}")
        else:
            lines.append(f"{base} qualified-next-hop {route['next_hop']} preference {distance}")
    lines += [f"vlans {vlan['name']} vlan-id {vlan['id']}" for vlan in intent.get("vlans", [])]
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
    state = JunosState(serial=serial)
    state.committed = config  # built here and owned by the device alone: the factory state, no commit history
    return state
