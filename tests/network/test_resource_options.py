"""Options of the resource features over SSH against the lab on IOS, EOS and NX-OS: static routes in a VRF, through
an exit interface, with a distance and a name; SNMP notification receivers (their communities never shown)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.check import check_device
from diffsync_automation.network.secrets import mask
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab

SHORT_PORT = {"cisco_ios": "Gi0/1", "arista_eos": "Et1", "cisco_nxos": "Eth1/1"}
"""Port 1 as an operator abbreviates it: the data may use it, the device prints the full name."""


@pytest.fixture(params=["cisco_ios", "arista_eos", "cisco_nxos"])
def switch(request: pytest.FixtureRequest, lab_factory: LabFactory) -> Rig:
    """One seeded device (its intended data manages every feature: see ``diffsync_automation.lab.DRIFT``)."""
    return Rig(lab_factory(1, request.param))


def _route_lines(platform: str, port: str) -> dict[str, list[str]]:
    """The lines creating the two test routes, in the platform's syntax."""
    if platform == "cisco_ios":
        return {
            "vrf": [f"ip route vrf GUEST 10.50.0.0 255.255.0.0 {port} 192.0.2.1 10 name TO-CORE"],
            "null": ["ip route 10.60.0.0 255.255.0.0 Null0 name DISCARD"],
        }
    if platform == "arista_eos":
        return {
            "vrf": [f"ip route vrf GUEST 10.50.0.0/16 {port} 192.0.2.1 10 name TO-CORE"],
            "null": ["ip route 10.60.0.0/16 Null0 name DISCARD"],
        }
    return {
        "vrf": ["vrf context GUEST", f"ip route 10.50.0.0/16 {port} 192.0.2.1 name TO-CORE 10", "exit"],
        "null": ["ip route 10.60.0.0/16 Null0 name DISCARD"],
    }


def test_static_routes_in_a_vrf_through_an_interface_with_distance_and_name(switch: Rig) -> None:
    port = switch.device.state.dialect.ports[1]
    routes: list[dict[str, Any]] = [
        {"vrf": "GUEST", "prefix": "10.50.0.0/16", "interface": SHORT_PORT[switch.platform], "next_hop": "192.0.2.1"}
        | {"distance": 10, "name": "TO-CORE"},
        {"prefix": "10.60.0.0/16", "interface": "null0", "name": "DISCARD"},  # as the devices print it: Null0
    ]
    vrfs = [item for item in switch.intended["vrfs"] if item["name"] == "GUEST"]
    created = check_device(
        switch.name, {"vrfs": vrfs, "static_routes": routes}, switch.params, state="merged", dry_run=False
    )
    assert not created.errors and created.verified, created.errors
    lines = _route_lines(switch.platform, port)
    vrf_header = created.applied.index(next(line for line in created.applied if line.endswith(" GUEST")))
    assert created.applied[-len(lines["vrf"]) - 1 :] == [*lines["vrf"], *lines["null"]]
    route_line = next(line for line in lines["vrf"] if "10.50.0.0" in line)
    assert vrf_header < created.applied.index(route_line)  # the VRF exists before its route
    # The data's order and its short port name compare equal to what the device shows.
    overridden = {"static_routes": [*switch.intended["static_routes"], *routes]}
    again = check_device(switch.name, overridden, switch.params, state="overridden")
    assert not again.errors and [item.change.label for item in again.changes] == [
        "static_route 10.99.0.0/16 172.16.0.1"  # the seeded drift, nothing else
    ]
    # The name goes and the distance changes: the route is removed and added again without its name.
    routes[0] = {**routes[0], "distance": 20, "name": None}
    replaced = check_device(switch.name, {"static_routes": [routes[0]]}, switch.params, state="replaced", dry_run=False)
    assert not replaced.errors and replaced.verified, replaced.errors
    assert "TO-CORE" not in switch.device.state.running_config()
    deleted = check_device(
        switch.name,
        {"static_routes": [{"vrf": "GUEST", "prefix": "10.50.0.0/16", "next_hop": "192.0.2.1", "interface": port}]},
        switch.params,
        state="deleted",
        dry_run=False,
    )
    assert not deleted.errors and deleted.verified and deleted.changed, deleted.errors
    running = switch.device.state.running_config()
    assert "10.50.0.0" not in running and "DISCARD" in running


TRAPS, INFORMS, ROGUE = "Trap-Rcv.1", "Inf0rm#Rcv", "Old_Rcv&9"
"""Community strings of notification receivers (each a secret)."""
HOST_LINES: dict[str, dict[str, str]] = {
    "cisco_ios": {
        "rogue": f"snmp-server host 192.0.2.66 {ROGUE}",
        "traps": f"snmp-server host 192.0.2.61 version 2c {TRAPS}",
        "informs": f"snmp-server host 192.0.2.62 informs version 2c {INFORMS}",
    },
    "arista_eos": {
        "rogue": f"snmp-server host 192.0.2.66 version 1 {ROGUE}",
        "traps": f"snmp-server host 192.0.2.61 version 2c {TRAPS}",
        "informs": f"snmp-server host 192.0.2.62 informs version 2c {INFORMS}",
    },
    "cisco_nxos": {
        "rogue": f"snmp-server host 192.0.2.66 traps version 1 {ROGUE}",
        "traps": f"snmp-server host 192.0.2.61 traps version 2c {TRAPS}",
        "informs": f"snmp-server host 192.0.2.62 informs version 2c {INFORMS}",
    },
}


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_snmp_hosts_synced_with_their_communities_never_shown(
    platform: str, lab_factory: LabFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rig = Rig(lab_factory(1, platform, drift=False))
    rig.unseed("snmp_server")
    lines = HOST_LINES[platform]
    rig.device.state.configure([lines["rogue"]])
    hosts = [
        {"host": "192.0.2.61", "community_string": TRAPS},
        {"host": "192.0.2.62", "community_string": INFORMS, "informs": True},
    ]
    intended = {"snmp_server": {"hosts": hosts}}
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    expected = [
        f"no {lines['rogue'].replace(ROGUE, mask(ROGUE))}",
        lines["traps"].replace(TRAPS, mask(TRAPS)),
        lines["informs"].replace(INFORMS, mask(INFORMS)),
    ]
    if platform == "cisco_ios":  # IOS configures a host's community read-only when it is not: not wanted here
        expected = [
            f"no snmp-server community {mask(ROGUE)}",
            *expected,
            *(f"no snmp-server community {mask(name)}" for name in (TRAPS, INFORMS)),
        ]
    assert found.commands == expected
    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    running = rig.device.state.running_config()
    assert lines["traps"] in running and lines["informs"] in running and ROGUE not in running
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands
    # merged compares only the keys given: the hosts stay when only the location is managed.
    merged = check_device(rig.name, {"snmp_server": {"location": "rack 4"}}, rig.params, state="merged", dry_run=False)
    assert not merged.errors and merged.applied == ["snmp-server location rack 4"], merged.errors
    deleted = check_device(rig.name, {"snmp_server": {}}, rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert "snmp-server host" not in rig.device.state.running_config()
    outputs = json.dumps([result.to_dict() for result in (found, synced, again, merged, deleted)], default=str)
    outputs += found.diff_text + caplog.text
    assert mask(TRAPS) in outputs
    for secret in (TRAPS, INFORMS, ROGUE):
        assert secret not in outputs


def test_nxos_snmp_host_sent_in_a_vrf(lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, "cisco_nxos", drift=False))
    rig.unseed("snmp_server")
    traps = HOST_LINES["cisco_nxos"]["traps"]
    rig.device.state.configure([traps])  # the receiver, in no VRF yet
    host = {"host": "192.0.2.61", "community_string": TRAPS, "use_vrf": "management"}
    found = check_device(rig.name, {"snmp_server": {"hosts": [host]}}, rig.params, state="overridden", dry_run=False)
    assert not found.errors and found.verified and found.applied == ["snmp-server host 192.0.2.61 use-vrf management"]
    assert f"{traps}\nsnmp-server host 192.0.2.61 use-vrf management" in rig.device.state.running_config()
    moved = {"snmp_server": {"hosts": [{**host, "use_vrf": "GUEST"}]}}
    again = check_device(rig.name, moved, rig.params, state="overridden", dry_run=False)
    assert (
        not again.errors
        and again.verified
        and again.applied
        == [
            "no snmp-server host 192.0.2.61 use-vrf management",
            "snmp-server host 192.0.2.61 use-vrf GUEST",
        ]
    ), again.errors


def test_replacing_an_acl_replaces_its_entries_and_keeps_other_acls(switch: Rig) -> None:
    header = "ip access-list extended" if switch.platform == "cisco_ios" else "ip access-list"
    switch.device.state.configure(
        [f"{header} VTY-SSH", "30 permit ip any any", f"{header} OTHER", "10 deny ip any any"]
    )
    acls = {"acls": switch.intended["acls"]}  # VTY-SSH with seq 10 and 20 (the seeded drift lacks seq 20)
    replaced = check_device(switch.name, acls, switch.params, state="replaced", dry_run=False)
    assert not replaced.errors and replaced.verified, replaced.errors
    assert sorted((item.change.label, item.change.action) for item in replaced.changes) == [
        ("acl_entry VTY-SSH 20", "create"),
        ("acl_entry VTY-SSH 30", "delete"),
    ]
    again = check_device(switch.name, acls, switch.params, state="replaced")
    assert not again.errors and not again.changed, again.commands
    assert f"{header} OTHER" in switch.device.state.running_config()  # a list the data does not give stays


LOGIN_HASH, OTHER_HASH = (
    "$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM",
    "$9$RfGsVmPz3Vxq2.$8MqJtHvWbYl0CkUu4xZsE1dRfN6pLoQaTyIgHjKb5Xc",
)
USER_LINE = {
    "cisco_ios": "username {} privilege 15 secret 9 {}",
    "arista_eos": "username {} privilege 15 role network-admin secret sha512 {}",
    "cisco_nxos": "username {} password 5 {} role network-admin",
}


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_the_login_user_is_never_deleted(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))
    rig.unseed("users")
    login = rig.params["username"]
    rig.device.state.configure(
        [USER_LINE[platform].format(login, LOGIN_HASH), USER_LINE[platform].format("bob", OTHER_HASH)]
    )
    overridden = check_device(rig.name, {"users": []}, rig.params, state="overridden", dry_run=False)
    assert not overridden.errors and overridden.verified, overridden.errors
    assert overridden.applied == ["no username bob"]  # the login user is kept, not reported as drift
    deleted = check_device(rig.name, {"users": [{"name": login}]}, rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and not deleted.changed, deleted.commands
    assert f"username {login} " in rig.device.state.running_config()


def test_eos_vrf_rd_and_route_targets_live_under_router_bgp(lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, "arista_eos", drift=False))
    rig.unseed("bgp_global")
    blue = {"name": "BLUE", "rd": "65000:1", "route_import": ["65000:1", "65000:2"], "route_export": ["65000:1"]}
    data: dict[str, Any] = {"bgp_global": {"as_number": 65000}, "vrfs": [blue]}
    created = check_device(rig.name, data, rig.params, state="merged", dry_run=False)
    assert not created.errors and created.verified, created.errors
    assert created.applied == [
        "vrf instance BLUE",
        "router bgp 65000",
        "vrf BLUE",
        "rd 65000:1",
        "route-target import vpn-ipv4 65000:1",
        "route-target import vpn-ipv4 65000:2",
        "route-target export vpn-ipv4 65000:1",
        "router bgp 65000",
    ]
    blue.update(rd="65000:9", route_import=["65000:2"])
    changed = check_device(rig.name, data, rig.params, state="replaced", dry_run=False)
    assert not changed.errors and changed.verified, changed.errors
    assert changed.applied == [
        "router bgp 65000",
        "vrf BLUE",
        "no rd",
        "rd 65000:9",
        "no route-target import vpn-ipv4 65000:1",
    ]
    # Without bgp_global the AS number the settings live under is unknown: refused, nothing sent.
    refused = check_device(rig.name, {"vrfs": [{**blue, "rd": "65000:5"}]}, rig.params, state="merged", dry_run=False)
    assert [error.kind for error in refused.errors] == ["intended_state"] and not refused.applied
    assert "give bgp_global" in refused.errors[0].message
    data["vrfs"] = rig.intended["vrfs"]  # the seeded GUEST stays, BLUE goes
    removed = check_device(rig.name, data, rig.params, state="overridden", dry_run=False)
    assert not removed.errors and removed.verified, removed.errors
    assert removed.applied == ["no vrf instance BLUE", "router bgp 65000", "no vrf BLUE"]
    assert "rd 65000:9" not in rig.device.state.running_config()
