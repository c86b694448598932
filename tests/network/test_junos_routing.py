"""``ospfv2``, ``lag_interfaces``, ``bgp_address_family`` and BGP neighbour ``shutdown``/``update_source`` on
juniper_junos: read from ``display set`` lines and rendered as ``set``/``delete``/``[de]activate`` (unit tests),
then each against a seeded lab device over SSH: its drift, the sync, the states, the max-deletes guard and the
statements committed."""

from __future__ import annotations

import pytest

from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device
from diffsync_automation.network.platforms import JunosPlatform, UnsupportedSection
from diffsync_automation.network.schema import IntendedState
from tests.network.conftest import Rig
from tests.network.network_helpers import junos_gathered, junos_lines

JUNOS = JunosPlatform()
PROCESS = {"process_id": 1}
FAMILY = {"as_number": 65000, "vrf": "default", "afi": "ipv4", "safi": "unicast"}
PEER = {"as_number": 65000, "neighbor_address": "10.0.0.9"}


# ---------------------------------------------------------------------- reading and rendering
def test_ospf_is_one_process_of_interfaces_per_area_with_the_shared_router_id() -> None:
    ospf = junos_gathered(
        "set routing-options router-id 192.0.2.1",
        "set protocols ospf area 0.0.0.0 interface lo0.0 passive",
        "set protocols ospf area 0.0.0.1 interface irb.10",
        "set protocols ospf area 0.0.0.1 interface irb.10 metric 5",  # not managed: left alone
        "set protocols ospf reference-bandwidth 10g",
        section="ospfv2",
    )
    assert ospf == {
        "processes": [
            {
                "process_id": 1,
                "router_id": "192.0.2.1",
                "passive_interfaces": ["lo0"],
                "interfaces": [{"name": "lo0", "area": "0.0.0.0"}, {"name": "irb.10", "area": "0.0.0.1"}],
            }
        ]
    }
    assert junos_gathered("set routing-options router-id 192.0.2.1", section="ospfv2") == {"processes": []}


def test_an_ospf_change_moves_interfaces_between_areas_and_marks_them_passive() -> None:
    before = {
        "router_id": "1.1.1.1",
        "passive_interfaces": ["lo0"],
        "interfaces": ["lo0 area 0.0.0.0", "me0 area 0.0.0.0"],
    }
    after = {
        "passive_interfaces": ["me0"],
        "interfaces": ["lo0 area 0.0.0.0", "me0 area 0.0.0.1", "irb.10 area 0.0.0.1"],
    }
    area = "protocols ospf area {} interface {}".format
    assert JUNOS.render(Change("ospf_process", "update", PROCESS, before, after)) == [
        f"delete {area('0.0.0.0', 'me0.0')}",
        f"set {area('0.0.0.1', 'me0.0')}",
        f"set {area('0.0.0.1', 'irb.10')}",
        f"delete {area('0.0.0.0', 'lo0.0')} passive",
        f"set {area('0.0.0.1', 'me0.0')} passive",
    ]  # fmt: skip
    assert JUNOS.render(Change("ospf_process", "create", PROCESS, {}, {"router_id": "1.1.1.1"})) == [
        "set routing-options router-id 1.1.1.1"
    ]
    assert JUNOS.render(Change("ospf_process", "create", PROCESS, {}, {})) == ["set protocols ospf"]
    assert JUNOS.render(Change("ospf_process", "delete", PROCESS, before, {})) == ["delete protocols ospf"]


def test_aggregated_ethernet_members_take_their_bundles_lacp_mode() -> None:
    lags = junos_gathered(
        "set interfaces ae0 aggregated-ether-options lacp passive",
        "set interfaces ae2 description static",
        "set interfaces ge-0/0/1 ether-options 802.3ad ae0",
        "set interfaces ge-0/0/2 gigether-options 802.3ad ae0",  # the MX form is read too
        "set interfaces ge-0/0/3 ether-options 802.3ad ae2",
        section="lag_interfaces",
    )
    assert lags == [
        {"name": "ae0", "members": [{"member": f"ge-0/0/{n}", "mode": "passive"} for n in (1, 2)]},
        {"name": "ae2", "members": [{"member": "ge-0/0/3", "mode": "on"}]},
    ]


def test_a_member_joins_with_ether_options_and_a_new_mode_replaces_the_bundles() -> None:
    member = {"member": "ge-0/0/1"}
    joined = Change("lag_member", "create", member, {}, {"lag": "ae0", "mode": "active"})
    assert JUNOS.render(joined) == [
        "set interfaces ge-0/0/1 ether-options 802.3ad ae0",
        "set interfaces ae0 aggregated-ether-options lacp active",
    ]
    static = Change("lag_member", "update", member, {"lag": "ae0", "mode": "active"}, {"mode": "on"})
    assert JUNOS.render(static) == ["delete interfaces ae0 aggregated-ether-options lacp"]
    left = Change("lag_member", "delete", member, {"lag": "ae0", "mode": "active"}, {})
    assert JUNOS.render(left) == ["delete interfaces ge-0/0/1 ether-options 802.3ad"]


def test_bgp_reads_a_deactivated_neighbour_as_shut_down_with_its_local_address() -> None:
    process = junos_gathered(
        "set routing-options autonomous-system 65000",
        "set protocols bgp group EBGP type external",
        "set protocols bgp group EBGP neighbor 10.0.0.9 local-address 192.0.2.1",
        "set protocols bgp group EBGP neighbor 10.0.0.9 peer-as 65009",
        "deactivate protocols bgp group EBGP neighbor 10.0.0.9",
        "set protocols bgp group EBGP neighbor 10.0.0.8 peer-as 65008",
        "set protocols bgp group EBGP neighbor 10.0.0.8 description x",
        "deactivate protocols bgp group EBGP neighbor 10.0.0.8 description",  # an inactive setting: not read
        section="bgp_global",
    )
    assert process["neighbors"] == [
        {"neighbor_address": "10.0.0.8", "remote_as": 65008},
        {"neighbor_address": "10.0.0.9", "update_source": "192.0.2.1", "shutdown": True, "remote_as": 65009},
    ]


def test_a_neighbour_is_deactivated_and_activated_and_moves_group_with_its_settings() -> None:
    shut = Change("bgp_neighbor", "update", PEER, {"remote_as": 65009}, {"shutdown": True, "update_source": "10.0.0.1"})
    assert JUNOS.render(shut) == [
        "set protocols bgp group EBGP neighbor 10.0.0.9 local-address 10.0.0.1",
        "deactivate protocols bgp group EBGP neighbor 10.0.0.9",
    ]
    before = {"remote_as": 65009, "shutdown": True, "update_source": "10.0.0.1"}
    moved = Change("bgp_neighbor", "update", PEER, before, {"remote_as": 65000})
    assert JUNOS.render(moved) == [
        "delete protocols bgp group EBGP neighbor 10.0.0.9",
        "set protocols bgp group IBGP type internal",
        "set protocols bgp group IBGP neighbor 10.0.0.9 peer-as 65000",
        "set protocols bgp group IBGP neighbor 10.0.0.9 local-address 10.0.0.1",
        "deactivate protocols bgp group IBGP neighbor 10.0.0.9",
    ]
    back = Change("bgp_neighbor", "update", PEER, before, {"shutdown": False, "update_source": None})
    assert JUNOS.render(back) == [
        "delete protocols bgp group EBGP neighbor 10.0.0.9 local-address",
        "activate protocols bgp group EBGP neighbor 10.0.0.9",
    ]


def test_the_ipv4_unicast_family_is_the_processes() -> None:
    assert junos_gathered(
        "set routing-options autonomous-system 65000",
        "set protocols bgp family inet unicast",
        section="bgp_address_family",
    ) == {
        "as_number": 65000,
        "address_family": [{"afi": "ipv4", "safi": "unicast", "vrf": None, "networks": [], "neighbors": []}],
    }
    assert JUNOS.render(Change("bgp_address_family", "create", FAMILY, {}, {})) == [
        "set protocols bgp family inet unicast"
    ]
    assert JUNOS.render(Change("bgp_address_family", "delete", FAMILY, {}, {})) == [
        "delete protocols bgp family inet unicast"
    ]


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (Change("ospf_process", "create", {"process_id": 2}, {}, {}), "one OSPFv2 instance"),
        (Change("ospf_process", "create", PROCESS, {}, {"networks": ["10.0.0.0/8 area 0.0.0.0"]}), "no network"),
        (Change("ospf_process", "create", PROCESS, {}, {"passive_interfaces": ["lo0"]}), "runs in no area"),
        (Change("lag_interface", "create", {"name": "Port-channel1"}, {}, {}), r"Ethernet interface \(aeN\)"),
        (Change("lag_member", "create", {"member": "ge-0/0/1"}, {}, {"lag": "ae1", "mode": "auto"}), "LACP active"),
        (Change("bgp_af_network", "create", {**FAMILY, "prefix": "10.0.0.0/24"}, {}, {}), "export policy"),
        (Change("bgp_af_neighbor", "create", {**FAMILY, "neighbor_address": "10.0.0.9"}, {}, {}), "in its group"),
        (Change("bgp_address_family", "create", {**FAMILY, "vrf": "RED"}, {}, {}), "routing instances"),
    ],
)  # fmt: skip
def test_what_junos_lacks_is_refused_before_anything_is_sent(change: Change, refusal: str) -> None:
    with pytest.raises(UnsupportedSection, match=refusal):
        JUNOS.render(change)


def test_data_junos_keeps_once_must_agree() -> None:
    data = {
        "bgp_global": {"as_number": 65000, "bgp": {"router_id": "192.0.2.1"}},
        "ospfv2": {"processes": [{"process_id": 1}]},  # complete: no router id is null, not BGP's
        "lag_interfaces": [{"name": "ae1", "members": [{"member": "ge-0/0/1", "mode": "active"}, {"member": "lo0"}]}],
    }
    problems = JUNOS.intended_problems(IntendedState.model_validate(data), complete=True)
    assert [problem.path for problem in problems] == ["ospfv2.processes[0].router_id", "lag_interfaces[0].members"]
    assert "bgp_global.bgp.router_id is 192.0.2.1" in problems[0].message and "active, on" in problems[1].message
    assert JUNOS.intended_problems(IntendedState.model_validate(data), complete=False) == []  # merged: not given


# ---------------------------------------------------------------------- over SSH, committed
@pytest.mark.lab
def test_ospf_drift_sync_states_and_guard(junos: Rig) -> None:
    intended = {"ospfv2": junos.intended["ospfv2"]}
    found = check_device(junos.name, intended, junos.params, state="overridden")
    assert not found.errors and found.commands == ["set protocols ospf area 0.0.0.0 interface lo0.0 passive"]
    moved = {"processes": [{**PROCESS, "router_id": "192.0.2.1", "interfaces": [{"name": "me0", "area": 1}]}]}
    replaced = check_device(junos.name, {"ospfv2": moved}, junos.params, state="replaced", dry_run=False)
    assert not replaced.errors and replaced.verified, replaced.errors
    assert replaced.applied == [
        "delete protocols ospf area 0.0.0.0 interface lo0.0",
        "delete protocols ospf area 0.0.0.0 interface me0.0",
        "set protocols ospf area 0.0.0.1 interface me0.0",
    ]
    nothing = {"ospfv2": {"processes": []}}
    guarded = check_device(junos.name, nothing, junos.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    gone = check_device(junos.name, {"ospfv2": {"processes": [PROCESS]}}, junos.params, state="deleted", dry_run=False)
    assert not gone.errors and gone.applied == ["delete protocols ospf"], gone.errors
    assert "set routing-options router-id 192.0.2.1" in junos_lines(junos)  # BGP's too: it stays
    bgp = check_device(junos.name, {"bgp_global": junos.intended["bgp_global"]}, junos.params, state="merged")
    assert not bgp.errors and bgp.commands == [
        'set protocols bgp group EBGP neighbor 172.16.0.2 description "core uplink"'
    ]
    merged = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not merged.errors and merged.verified, merged.errors
    assert merged.applied == [
        "set routing-options router-id 192.0.2.1",  # a new process sets it (the same value: BGP's)
        "set protocols ospf area 0.0.0.0 interface lo0.0",
        "set protocols ospf area 0.0.0.0 interface me0.0",
        "set protocols ospf area 0.0.0.0 interface lo0.0 passive",
    ]


@pytest.mark.lab
def test_lag_drift_sync_mode_guard_and_the_device_count(junos: Rig) -> None:
    intended = {"lag_interfaces": junos.intended["lag_interfaces"]}
    synced = check_device(junos.name, intended, junos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert synced.applied == [
        "set interfaces ge-0/0/7 ether-options 802.3ad ae1",
        "set interfaces ae1 aggregated-ether-options lacp active",
    ]
    for member in intended["lag_interfaces"][0]["members"]:
        member["mode"] = "passive"
    passive = check_device(junos.name, intended, junos.params, state="replaced", dry_run=False)
    assert not passive.errors and passive.verified, passive.errors
    assert passive.applied[:2] == [
        "delete interfaces ae1 aggregated-ether-options lacp",
        "set interfaces ae1 aggregated-ether-options lacp passive",
    ]
    guarded = check_device(
        junos.name, {"lag_interfaces": []}, junos.params, state="overridden", dry_run=False, max_deletes=2
    )
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    beyond = {"lag_interfaces": [{"name": "ae2", "members": [{"member": "ge-0/0/1", "mode": "active"}]}]}
    refused = check_device(junos.name, beyond, junos.params, state="merged", dry_run=False)
    assert [error.kind for error in refused.errors] == ["commit_failed"] and refused.applied == []
    assert "ae2: aggregated Ethernet device not configured" in refused.errors[0].message
    assert "a member of ae2 (802.3ad) cannot have logical units" in refused.errors[0].message  # ge-0/0/1 switches
    gone = check_device(junos.name, {"lag_interfaces": [{"name": "ae1"}]}, junos.params, state="deleted", dry_run=False)
    assert not gone.errors and gone.verified, gone.errors
    assert sorted(gone.applied) == [
        "delete interfaces ae1",
        "delete interfaces ge-0/0/6 ether-options 802.3ad",
        "delete interfaces ge-0/0/7 ether-options 802.3ad",
    ]  # fmt: skip


@pytest.mark.lab
def test_bgp_family_drift_sync_refusal_and_delete(junos: Rig) -> None:
    intended = {"bgp_address_family": junos.intended["bgp_address_family"]}
    synced = check_device(junos.name, intended, junos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified and synced.applied == ["set protocols bgp family inet unicast"]
    networks = {"as_number": 65000, "address_family": [{"afi": "ipv4", "networks": [{"prefix": "10.1.0.0/24"}]}]}
    refused = check_device(junos.name, {"bgp_address_family": networks}, junos.params, state="merged", dry_run=False)
    assert [error.kind for error in refused.errors] == ["intended_state"] and not refused.pushed
    assert "Junos has no network statement" in refused.errors[0].message
    guarded = check_device(
        junos.name,
        {"bgp_address_family": {"as_number": 65000}},
        junos.params,
        state="overridden",
        dry_run=False,
        max_deletes=0,
    )
    assert [error.kind for error in guarded.errors] == ["max_deletes"]
    family = {"as_number": 65000, "address_family": [{"afi": "ipv4"}]}
    gone = check_device(junos.name, {"bgp_address_family": family}, junos.params, state="deleted", dry_run=False)
    assert not gone.errors and gone.applied == ["delete protocols bgp family inet unicast"], gone.errors


@pytest.mark.lab
def test_a_shut_down_neighbour_is_deactivated_with_its_local_address(junos: Rig) -> None:
    peer = {"neighbor_address": "172.16.0.9", "remote_as": 65009, "shutdown": True, "update_source": "192.0.2.1"}
    bgp = {"as_number": 65000, "neighbors": [peer]}
    shut = check_device(junos.name, {"bgp_global": bgp}, junos.params, state="merged", dry_run=False)
    assert not shut.errors and shut.verified, shut.errors
    assert shut.applied == [
        "set protocols bgp group EBGP type external",
        "set protocols bgp group EBGP neighbor 172.16.0.9 peer-as 65009",
        "set protocols bgp group EBGP neighbor 172.16.0.9 local-address 192.0.2.1",
        "deactivate protocols bgp group EBGP neighbor 172.16.0.9",
    ]
    assert "deactivate protocols bgp group EBGP neighbor 172.16.0.9" in junos_lines(junos)
    peer.update(shutdown=False, update_source="lo0")
    refused = check_device(junos.name, {"bgp_global": bgp}, junos.params, state="merged", dry_run=False)
    assert [error.kind for error in refused.errors] == ["intended_state"] and "give the IPv4 address" in str(
        refused.errors
    )
    del peer["update_source"]
    up = check_device(junos.name, {"bgp_global": bgp}, junos.params, state="merged", dry_run=False)
    assert not up.errors and up.verified and up.applied == ["activate protocols bgp group EBGP neighbor 172.16.0.9"]
