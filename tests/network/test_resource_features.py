"""The resource features (``l2_interfaces``, ``l3_interfaces``, ``vrfs``, ``dns``, ``logging_global``, speed and
duplex) over SSH against the lab on IOS, EOS and NX-OS: seeded drift, sync, the four states, the max-deletes
guard, push order."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from diffsync_automation.lab import drift_on
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device
from diffsync_automation.network.features import feature_table
from diffsync_automation.network.platforms import UnsupportedSection, get_platform
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab


def cleared(rig: Rig, section: str, empty: Any) -> None:
    """Give the device ``empty`` as ``section`` in place of its seeded one, so a test starts without it."""
    result = check_device(rig.name, {section: empty}, rig.params, state="overridden", dry_run=False)
    assert not result.errors and result.verified, result.errors


@pytest.fixture(params=["cisco_ios", "arista_eos", "cisco_nxos"])
def switch(request: pytest.FixtureRequest, lab_factory: LabFactory) -> Rig:
    """One seeded device (its intended data manages every feature: see ``diffsync_automation.lab.DRIFT``)."""
    return Rig(lab_factory(1, request.param))


def test_trunk_drift_is_found_synced_and_converges(switch: Rig) -> None:
    uplink, users = (item["name"] for item in switch.intended["l2_interfaces"][:2])
    found = check_device(switch.name, switch.intended, switch.params, state="overridden")
    seeded = Counter(drift.action for drift in drift_on(switch.platform))
    assert not found.errors and all(found.summary[action] == count for action, count in seeded.items())
    l2 = [item for item in found.changes if item.change.model == "l2_interface"]
    assert [(item.change.action, [command.command for command in item.commands]) for item in l2] == [
        ("update", [f"interface {uplink}", "switchport trunk allowed vlan 1,10,20,30"])
    ]
    dns = [item for item in found.changes if item.change.model == "dns"]
    assert [[command.command for command in item.commands] for item in dns] == [["ip name-server 192.0.2.54"]]
    # Port 2 becomes a trunk with native VLAN 10; the uplink stops restricting VLANs.
    intended = switch.intended
    intended["l2_interfaces"][0]["trunk"] = {"native_vlan": 1}
    intended["l2_interfaces"][1] = {
        "name": users,
        "mode": "trunk",
        "trunk": {"allowed_vlans": [10, "20-30"], "native_vlan": 10},
    }
    synced = check_device(switch.name, intended, switch.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert f"interface {users}" in synced.applied and "switchport trunk native vlan 10" in synced.applied
    assert synced.applied.index("switchport mode trunk") < synced.applied.index("switchport trunk native vlan 10")
    assert "no switchport trunk allowed vlan" in synced.applied
    running = switch.device.state.running_config()
    assert "switchport trunk allowed vlan 10,20-30" in running and "allowed vlan 1,10,20" not in running
    again = check_device(switch.name, intended, switch.params, state="overridden")
    assert not again.errors and not again.changed, again.commands


def test_merged_deleted_and_the_guard(switch: Rig) -> None:
    uplink = switch.intended["l2_interfaces"][0]["name"]
    only_uplink: dict[str, Any] = {"l2_interfaces": [{"name": uplink, "mode": "trunk"}]}
    merged = check_device(switch.name, only_uplink, switch.params, state="merged")
    assert not merged.errors and not merged.changed  # only the mode is compared, and it matches
    guarded = check_device(switch.name, only_uplink, switch.params, state="overridden", dry_run=False, max_deletes=2)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    assert "would delete 5 objects" in guarded.errors[0].message  # ports 2-6; ports 7-8 are at their defaults
    deleted = check_device(switch.name, only_uplink, switch.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert deleted.applied == [f"interface {uplink}", "switchport mode access", "no switchport trunk allowed vlan"]
    assert "switchport mode trunk" not in switch.device.state.running_config()


def test_addresses_drift_swap_and_removal(switch: Rig) -> None:
    mgmt = switch.intended["l3_interfaces"][0]["name"]
    loopback = "loopback5" if switch.platform == "cisco_nxos" else "Loopback5"
    ios = switch.platform == "cisco_ios"
    stray = "10.255.255.1 255.255.255.0" if ios else "10.255.255.1/24"
    addresses = {"l3_interfaces": switch.intended["l3_interfaces"]}
    found = check_device(switch.name, addresses, switch.params, state="overridden")
    assert not found.errors and found.commands == [f"interface {mgmt}", f"no ip address {stray} secondary"]
    primary, secondary = (
        ("10.9.9.1 255.255.255.255", "10.9.8.1 255.255.255.0") if ios else ("10.9.9.1/32", "10.9.8.1/24")
    )
    wanted = [{"address": "10.9.9.1/32"}, {"address": "10.9.8.1/24", "secondary": True}]
    addresses["l3_interfaces"].append({"name": loopback, "ipv4": wanted, "ipv6": [{"address": "2001:DB8::1/128"}]})
    created = check_device(switch.name, addresses, switch.params, state="merged", dry_run=False)
    assert not created.errors and created.verified, created.errors
    assert created.applied[-4:] == [
        f"interface {loopback}",
        f"ip address {primary}",
        f"ip address {secondary} secondary",
        "ipv6 address 2001:db8::1/128",
    ]
    # The secondary becomes the primary: it is removed as a secondary before it is set as the primary.
    addresses["l3_interfaces"][-1]["ipv4"] = [{"address": "10.9.8.1/24"}, {"address": "10.9.9.1/32", "secondary": True}]
    swapped = check_device(switch.name, addresses, switch.params, state="replaced", dry_run=False)
    assert not swapped.errors and swapped.verified, swapped.errors
    assert swapped.applied == [
        f"interface {loopback}",
        f"no ip address {secondary} secondary",
        f"ip address {secondary}",
        f"ip address {primary} secondary",
    ]
    removed = check_device(
        switch.name, {"l3_interfaces": [{"name": loopback}]}, switch.params, state="deleted", dry_run=False
    )
    assert not removed.errors and removed.verified, removed.errors
    assert removed.applied == [f"interface {loopback}", "no ip address", "no ipv6 address 2001:db8::1/128"]
    assert "10.9.8.1" not in switch.device.state.running_config()


def test_speed_and_duplex_set_then_back_to_negotiation(switch: Rig) -> None:
    eos = switch.platform == "arista_eos"
    intended = {"interfaces": [{**item} for item in switch.intended["interfaces"]]}
    port = intended["interfaces"][3]
    port.update(speed=100, duplex="half")
    forced = check_device(switch.name, intended, switch.params, state="merged", dry_run=False)
    assert not forced.errors and forced.verified, forced.errors
    expected = ["speed forced 100half"] if eos else ["speed 100", "duplex half"]
    assert forced.applied[-len(expected) - 1 :] == [f"interface {port['name']}", *expected]  # after the seeded drift
    port.update(speed="auto", duplex="auto")
    negotiated = check_device(switch.name, intended, switch.params, state="replaced", dry_run=False)
    assert not negotiated.errors and negotiated.verified, negotiated.errors
    assert negotiated.applied == [f"interface {port['name']}", *(["no speed"] if eos else ["no speed", "no duplex"])]


def test_junos_speed_and_duplex_are_ether_options(junos: Rig) -> None:
    driver = get_platform("juniper_junos")
    assert driver is not None
    with pytest.raises(UnsupportedSection, match="Junos has no speed of 1500 Mb/s"):
        driver.render(Change("interface", "update", {"name": "ge-0/0/1"}, {"speed": None}, {"speed": 1500}))
    assert "interfaces[].speed" in feature_table(["juniper_junos"])["juniper_junos"]["interfaces"]
    mx_form = "set interfaces xe-0/0/1 speed 10g\nset interfaces xe-0/0/1 link-mode half-duplex\n"
    read = driver.gather(lambda command: mx_form, frozenset({"interfaces"}))["interfaces"]
    assert [(item["speed"], item["duplex"]) for item in read if item["name"] == "xe-0/0/1"] == [(10000, "half")]
    intended = {"interfaces": [{**item} for item in junos.intended["interfaces"]]}
    port = intended["interfaces"][3]
    port.update(speed=2500, duplex="full")
    base = f"interfaces {port['name']} ether-options"
    forced = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not forced.errors and forced.verified, forced.errors
    assert {f"set {base} speed 2.5g", f"set {base} link-mode full-duplex"} <= set(forced.applied)
    port.update(speed="auto", duplex="auto")
    negotiated = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not negotiated.errors and negotiated.verified, negotiated.errors
    assert [line for line in negotiated.applied if "ether-options" in line] == [
        f"delete {base} speed",
        f"delete {base} link-mode",
    ]


def test_vrfs_exist_before_interfaces_join_them_and_go_after_they_leave(switch: Rig) -> None:
    eos, nxos = switch.platform == "arista_eos", switch.platform == "cisco_nxos"
    loopback = "loopback5" if nxos else "Loopback5"
    header = {"cisco_ios": "vrf definition", "arista_eos": "vrf instance", "cisco_nxos": "vrf context"}[switch.platform]
    member = {"cisco_ios": "vrf forwarding", "arista_eos": "vrf", "cisco_nxos": "vrf member"}[switch.platform]
    address = "ip address " + ("10.9.9.1 255.255.255.255" if switch.platform == "cisco_ios" else "10.9.9.1/32")
    blue: dict[str, Any] = {"name": "BLUE", "description": "blue tenants"}
    if not eos:  # EOS keeps rd and route targets under router bgp (not managed)
        blue.update(rd="65000:1", route_import=["65000:1", "65000:2"], route_export=["65000:1"])
    intended = switch.intended
    intended["vrfs"] = [blue, *([{"name": "management"}] if nxos else [])]
    intended["interfaces"].append({"name": loopback, "description": "blue loopback"})
    intended["l3_interfaces"].append({"name": loopback, "vrf": "BLUE", "ipv4": [{"address": "10.9.9.1/32"}]})
    created = check_device(switch.name, intended, switch.params, state="overridden", dry_run=False)
    assert not created.errors and created.verified, created.errors
    applied = created.applied
    assert applied.index(f"{header} BLUE") < applied.index(f"{member} BLUE") < applied.index(address)
    if not eos:
        blue.update(rd="65000:9", route_import=["65000:2"])
        changed = check_device(switch.name, intended, switch.params, state="replaced", dry_run=False)
        assert not changed.errors and changed.verified, changed.errors
        context = ["address-family ipv4 unicast"] if nxos else []
        assert changed.applied == [
            f"{header} BLUE",
            "no rd 65000:1",
            "rd 65000:9",
            *context,
            "no route-target import 65000:1",
            *(["exit", "exit"] if nxos else []),
        ]
    # The loopback leaves the VRF (its address is set again: leaving removes it), then the VRF goes.
    intended["vrfs"] = intended["vrfs"][1:]
    intended["l3_interfaces"][-1]["vrf"] = None
    left = check_device(switch.name, intended, switch.params, state="overridden", dry_run=False)
    assert not left.errors and left.verified, left.errors
    assert left.applied == [f"interface {loopback}", f"no {member} BLUE", address, f"no {header} BLUE"]
    assert f"{header} BLUE" not in switch.device.state.running_config()


def test_dns_deleted_removes_domain_and_servers(switch: Rig) -> None:
    removed = check_device(switch.name, {"dns": {}}, switch.params, state="deleted", dry_run=False)
    assert not removed.errors and removed.verified, removed.errors
    assert removed.applied == ["no ip domain-name campus.example.net", "no ip name-server 192.0.2.53"]
    again = check_device(switch.name, {"dns": {}}, switch.params, state="deleted")
    assert not again.errors and not again.changed


def test_logging_hosts_and_buffer(switch: Rig) -> None:
    nxos = switch.platform == "cisco_nxos"
    command = "logging server" if nxos else "logging host"
    hosts = [{"hostname": "192.0.2.10"}, {"hostname": "192.0.2.11"}]
    cleared(switch, "logging_global", {})
    added = check_device(
        switch.name, {"logging_global": {"hosts": hosts}}, switch.params, state="merged", dry_run=False
    )
    assert not added.errors and added.verified, added.errors
    assert added.applied == [f"{command} 192.0.2.10", f"{command} 192.0.2.11"]
    buffered = {"hosts": hosts[1:], "buffered": {"size": 32768}}
    replaced = check_device(switch.name, {"logging_global": buffered}, switch.params, state="replaced", dry_run=False)
    if nxos:  # NX-OS logs to a logfile instead: refused before anything is sent
        assert "not managed on NX-OS" in replaced.errors[0].message and not replaced.pushed
        return
    assert not replaced.errors and replaced.verified, replaced.errors
    assert replaced.applied == [f"no {command} 192.0.2.10", "logging buffered 32768"]
    removed = check_device(switch.name, {"logging_global": {}}, switch.params, state="deleted", dry_run=False)
    assert not removed.errors and removed.verified, removed.errors
    assert removed.applied == [f"no {command} 192.0.2.11", "no logging buffered"]


def test_junos_dns_drift_and_syslog_hosts_in_one_commit(lab_factory: LabFactory) -> None:
    junos = Rig(lab_factory(1, "juniper_junos"))
    synced = check_device(junos.name, junos.intended, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert "set system name-server 192.0.2.54" in synced.applied
    removed = check_device(junos.name, {"dns": {}}, junos.params, state="deleted", dry_run=False)
    assert not removed.errors and removed.verified, removed.errors
    assert sorted(removed.applied) == [
        "delete system domain-name",
        "delete system name-server 192.0.2.53",
        "delete system name-server 192.0.2.54",
    ]
    syslog = {"logging_global": {"hosts": [{"hostname": "192.0.2.10"}]}}
    cleared(junos, "logging_global", {})
    added = check_device(junos.name, syslog, junos.params, state="merged", dry_run=False)
    assert not added.errors and added.verified and added.applied == ["set system syslog host 192.0.2.10 any any"]
    buffered = check_device(junos.name, {"logging_global": {"buffered": {"size": 8192}}}, junos.params, dry_run=False)
    assert "not managed on Junos" in buffered.errors[0].message and not buffered.pushed


def test_trunk_becomes_a_routed_port_with_an_address(switch: Rig) -> None:
    intended = switch.intended
    uplink = intended["l2_interfaces"].pop(0)["name"]
    next(item for item in intended["interfaces"] if item["name"] == uplink)["access_vlan"] = None
    intended["l3_interfaces"].append({"name": uplink, "ipv4": [{"address": "10.7.7.1/30"}]})
    routed = check_device(switch.name, intended, switch.params, state="overridden", dry_run=False)
    assert not routed.errors and routed.verified, routed.errors
    applied = routed.applied
    # ``no switchport`` drops the trunk settings: no l2 reset lines are sent to the routed port.
    assert "switchport mode access" not in applied and "no switchport trunk allowed vlan" not in applied
    assert applied.index("no switchport") < max(
        i for i, line in enumerate(applied) if line.startswith("ip address 10.7.7.1")
    )


def test_lldp_on_with_timers_then_back_to_defaults(switch: Rig) -> None:
    holdtime = "lldp hold-time" if switch.platform == "arista_eos" else "lldp holdtime"
    enable = {"cisco_ios": ["lldp run"], "arista_eos": [], "cisco_nxos": ["feature lldp"]}[switch.platform]
    wanted = {"lldp_global": {"enabled": True, "timer": 10, "holdtime": 40}}
    if enable:  # the seeded device runs LLDP (on by default on EOS): start with it off
        cleared(switch, "lldp_global", {"enabled": False})
    on = check_device(switch.name, wanted, switch.params, state="merged", dry_run=False)
    assert not on.errors and on.verified, on.errors
    assert on.applied == [*enable, "lldp timer 10", f"{holdtime} 40"]  # on (EOS: on by default) before timers
    reset = check_device(switch.name, {"lldp_global": {}}, switch.params, state="deleted", dry_run=False)
    assert not reset.errors and reset.verified, reset.errors
    again = check_device(switch.name, {"lldp_global": {}}, switch.params, state="deleted")
    assert not again.errors and not again.changed


def test_one_line_banner_set_replaced_and_removed(switch: Rig) -> None:
    switch.unseed("banner")
    motd = {"banner": [{"banner": "motd", "text": "Authorized access only #1"}]}
    added = check_device(switch.name, motd, switch.params, state="merged", dry_run=False)
    assert not added.errors and added.verified, added.errors
    changed = check_device(switch.name, {"banner": [{"banner": "motd", "text": "Lab"}]}, switch.params, dry_run=False)
    assert not changed.errors and changed.verified, changed.errors
    if switch.platform == "arista_eos":  # the banner command, its text and EOF: typed again, it replaces the text
        assert added.applied == ["banner motd", "Authorized access only #1", "EOF"]
        assert changed.applied == ["banner motd", "Lab", "EOF"]
        assert "banner motd\nLab\nEOF\n" in switch.device.state.running_config()
    else:
        assert added.applied == ["banner motd %Authorized access only #1%"]  # '#' is in the text: next delimiter
        assert changed.applied == ["no banner motd", "banner motd #Lab#"]
    removed = check_device(switch.name, {"banner": []}, switch.params, state="overridden", dry_run=False)
    assert not removed.errors and removed.verified and removed.applied == ["no banner motd"]
