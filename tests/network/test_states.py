"""The ``state`` option, with Ansible resource-module meaning, against the lab on both platforms."""

from __future__ import annotations

from typing import Any

import pytest
from network_helpers import by_name, live, run

from diffsync_automation.lab.seed import port_names

pytestmark = pytest.mark.lab

DEFAULT_PORT = {"description": "", "enabled": True, "access_vlan": 1, "mtu": None, "speed": None, "duplex": None}


def ports(rig: Any) -> list[str]:
    """The eight access ports of the seeded device, in order (management port excluded)."""
    return port_names(rig.platform)[1]


def uplink(rig: Any) -> str:
    """The port seeded with description 'uplink' and MTU 9000."""
    return next(i["name"] for i in rig.intended["interfaces"] if i["description"] == "uplink")


def converge(rig: Any, data: dict[str, Any], state: str) -> list[str]:
    """Sync ``data`` with ``state``, check the second diff is empty, return the commands sent."""
    result = run(rig, data, state=state, dry_run=False)
    assert not result.failed, result.errors
    assert result.verified is True
    assert run(rig, data, state=state).commands == []
    return result.applied


def test_merged_sets_only_what_is_given_and_never_deletes(rig: Any) -> None:
    port = uplink(rig)
    data = {"interfaces": [{"name": port, "description": "to core"}], "vlans": [{"id": 60, "name": "SIXTY"}]}
    assert converge(rig, data, "merged") == ["vlan 60", "name SIXTY", f"interface {port}", "description to core"]
    state = rig.device.state
    assert state.interfaces[port].mtu == 9000  # not given: left alone
    assert state.vlans[99] == "LEGACY" and state.vlans[20] == "SERVERS_OLD"  # not listed: left alone
    assert state.vlans[60] == "SIXTY"


def test_replaced_resets_attributes_left_out_but_keeps_other_objects(rig: Any) -> None:
    port = uplink(rig)
    data = {"interfaces": [{"name": port, "description": "to core"}], "vlans": [{"id": 20, "name": "SERVERS"}]}
    commands = converge(rig, data, "replaced")
    assert commands == ["vlan 20", "name SERVERS", f"interface {port}", "description to core", "no mtu"]
    assert by_name(live(rig)["interfaces"])[port] == {"name": port, **DEFAULT_PORT, "description": "to core"}
    assert rig.device.state.vlans[99] == "LEGACY"  # only on the device: kept


def test_overridden_makes_managed_sections_exactly_the_data(rig: Any) -> None:
    port = uplink(rig)
    data = {
        "vlans": [{"id": 10, "name": "USERS"}],
        "interfaces": [{"name": port, "description": "to core", "mtu": 9000}],
        "static_routes": [{"prefix": "0.0.0.0/0", "next_hop": "172.16.0.1"}],
    }
    converge(rig, data, "overridden")
    current = live(rig)
    assert [vlan["id"] for vlan in current["vlans"]] == [1, 10]  # VLAN 1 cannot go and is never deleted
    assert current["static_routes"] == [
        {"vrf": None, "prefix": "0.0.0.0/0", "next_hop": "172.16.0.1", "interface": None, "distance": 1, "name": None}
    ]
    interfaces = by_name(current["interfaces"])
    assert interfaces.pop(port) == {"name": port, **DEFAULT_PORT, "description": "to core", "mtu": 9000}
    for name in ports(rig):  # physical ports only on the device are put back to their defaults
        if name != port:
            assert interfaces[name] == {"name": name, **DEFAULT_PORT}
    assert [server["server"] for server in current["ntp_global"]["servers"]] == ["192.0.2.123"]  # not managed


def test_overridden_deletes_logical_interfaces_only_on_the_device(clean_rig: Any) -> None:
    rig = clean_rig
    converge(rig, {"interfaces": [*rig.intended["interfaces"], {"name": "Loopback9"}]}, "merged")
    assert "Loopback9" in rig.device.state.interfaces
    commands = converge(rig, {"interfaces": rig.intended["interfaces"]}, "overridden")
    assert commands == ["no interface Loopback9"]


def test_deleted_removes_listed_objects_and_empty_sections(rig: Any) -> None:
    port = ports(rig)[1]  # seeded with a drifted description, in VLAN 10
    assert rig.device.state.interfaces[port].description == "temp-user-port"
    hostname = rig.device.state.hostname
    data = {
        "device_hostname": "ignored",  # a device always keeps a hostname
        "vlans": [{"id": 99}, {"id": 1, "name": "default"}],  # matched by id: the id is all an entry needs
        "interfaces": [{"name": port}],
        "ntp_global": {},  # empty: every NTP server (and the source) goes
    }
    commands = converge(rig, data, "deleted")
    assert commands == [
        "no ntp server 192.0.2.123",
        f"interface {port}",
        "switchport access vlan 1",
        "no description",
        "no vlan 99",
    ]
    state = rig.device.state
    assert state.hostname == hostname and state.ntp_global == {"servers": []}
    assert sorted(state.vlans) == [1, 10, 20, 30]
    assert by_name(live(rig)["interfaces"])[port] == {"name": port, **DEFAULT_PORT}
    assert len(state.static_routes) == 3  # not managed


def test_unknown_state_is_refused() -> None:
    from diffsync_automation.network import check_device

    with pytest.raises(ValueError, match="purged"):
        check_device("sw1", {}, {"device_type": "cisco_ios"}, state="purged")
