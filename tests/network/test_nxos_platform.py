"""cisco_nxos over SSH against the lab's NX-OS simulator: read, render, push, verify."""

from __future__ import annotations

from collections import Counter

import pytest

from diffsync_automation.lab import drift_on
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import SNMP_COMMUNITY, USER_HASHES
from diffsync_automation.network.check import check_device
from diffsync_automation.network.secrets import mask
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab


@pytest.fixture
def nxos(lab_factory: LabFactory) -> Rig:
    return Rig(lab_factory(1, "cisco_nxos"))


def test_drift_found_then_synced_then_no_drift(nxos: Rig) -> None:
    nxos.device.state.configure(["vrf context management", "ip route 0.0.0.0/0 10.9.0.1"])  # the management path
    found = check_device(nxos.name, nxos.intended, nxos.params, state="overridden")
    assert not found.errors
    seeded = Counter(drift.action for drift in drift_on("cisco_nxos"))
    assert all(found.summary[action] == count for action, count in seeded.items())
    assert found.commands == [
        "hostname sw01-campus",
        "vlan 20",
        "name SERVERS",
        "vrf context GUEST",
        "description guest wireless",
        "exit",  # an ip route typed in vrf context GUEST would be a route of GUEST
        "ip access-list VTY-SSH",
        "20 deny ip any any",
        "no ip prefix-list CAMPUS seq 10 permit 10.0.0.0/8 le 16",
        "ip prefix-list CAMPUS seq 10 permit 10.0.0.0/8 le 24",
        "interface Ethernet1/2",
        "description users",
        "interface Ethernet1/1",
        "switchport trunk allowed vlan 1,10,20,30",
        "interface mgmt0",
        "no ip address 10.255.255.1/24 secondary",
        "feature lacp",
        "interface Ethernet1/8",
        "channel-group 1 mode active",
        "router bgp 65010",
        "neighbor 172.16.0.1",
        "description campus-core",
        "router bgp 65010",
        "address-family ipv4 unicast",
        "network 10.20.0.0/24",
        "router ospf 1",
        "router-id 10.255.1.1",
        "ntp server 192.0.2.124",
        "ip name-server 192.0.2.54",
        "no logging server 192.0.2.99",
        f"snmp-server community {mask(SNMP_COMMUNITY)} group network-operator",
        f"username netops password 5 {mask(USER_HASHES['cisco_nxos'][2])} role network-admin",
        "lldp timer 30",
        "no banner motd",
        "banner motd #Authorised access only#",
        "no ip route 10.99.0.0/16 172.16.0.1",
        "no vlan 99",
    ]
    synced = check_device(nxos.name, nxos.intended, nxos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified and synced.applied == found.commands
    again = check_device(nxos.name, nxos.intended, nxos.params, state="overridden")
    assert not again.errors and not again.changed
    assert "vrf context management\n  ip route 0.0.0.0/0 10.9.0.1\n" in nxos.device.state.running_config()


def test_every_attribute_an_svi_and_a_hostname_round_trip(nxos: Rig) -> None:
    intended = nxos.intended
    intended["device_hostname"] = "nx-core"
    intended["interfaces"][3].update(description="routed now", enabled=False, access_vlan=None, mtu=9100)
    svi = {"name": "Vlan10", "description": "users gateway", "enabled": True, "access_vlan": None, "mtu": None}
    intended["interfaces"].append(svi)
    intended["static_routes"][1]["distance"] = 20
    synced = check_device(nxos.name, intended, nxos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert "feature interface-vlan" in synced.applied
    assert synced.applied.index("feature interface-vlan") < synced.applied.index("interface Vlan10")
    running = nxos.device.state.running_config()
    assert "hostname nx-core" in running and "ip route 10.0.0.0/8 172.16.0.2 20" in running
