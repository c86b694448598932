"""juniper_junos end to end over SSH: read, render, push in one commit, verify; a failed commit applies nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from network_helpers import FAST_TIMEOUT

from diffsync_automation.lab import drift_on
from diffsync_automation.lab.junos_seed import STRAY_COMMUNITY, STRAY_TRAP_RECEIVER, TRAP_COMMUNITY
from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.network.check import check_device, render_intended
from diffsync_automation.network.platforms import JunosPlatform
from diffsync_automation.network.render import commands_of
from diffsync_automation.network.secrets import mask
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab
SNMP_TERM = (
    "from source-address 172.16.0.0/16",
    "from destination-address 192.0.2.1/32",
    "from protocol udp",
    "from destination-port 161",
    "then accept",
)
"""The seeded filter's term the drift leaves out."""


VRF_ROUTE = "routing-instances GUEST routing-options static route 10.50.0.0/16 qualified-next-hop 172.16.0.2"


def committed(rig: Rig) -> JunosState:
    state = rig.device.state
    assert isinstance(state, JunosState)
    return state


def test_drift_found_then_synced_in_one_commit_then_no_drift(junos: Rig) -> None:
    found = check_device(junos.name, junos.intended, junos.params, state="overridden")
    seeded = Counter(drift.action for drift in drift_on("juniper_junos"))
    assert not found.errors and all(found.summary[action] == count for action, count in seeded.items())
    assert found.commands == [  # one candidate: deletes first, then creates and updates (see order_changes)
        "delete routing-options static route 10.99.0.0/16 next-hop 172.16.0.1",
        "delete policy-options prefix-list CAMPUS 192.168.0.0/16",
        "delete vlans LEGACY",
        "set system host-name sw01-campus",
        "rename vlans SERVERS_OLD to SERVERS",
        "set routing-instances GUEST instance-type virtual-router",  # a VRF without rd: VRF-lite
        'set routing-instances GUEST description "guest wireless"',
        *(f"set firewall family inet filter VTY-SSH term 20 {match}" for match in SNMP_TERM),
        "insert firewall family inet filter VTY-SSH term 20 before term 30",  # Junos evaluates terms in order
        "set interfaces ge-0/0/1 description users",
        # the trunk's members are replaced as a whole (the device may list a VLAN by name or in a range)
        "delete interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members",
        *(f"set interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members {vlan}" for vlan in (1, 10, 20, 30)),
        "delete interfaces me0 unit 0 family inet address 10.255.255.1/24",
        "set interfaces ge-0/0/7 ether-options 802.3ad ae1",
        "set interfaces ae1 aggregated-ether-options lacp active",  # a joining member restates its bundle's mode
        'set protocols bgp group EBGP neighbor 172.16.0.2 description "core uplink"',
        "set protocols bgp family inet unicast",
        "set protocols ospf area 0.0.0.0 interface lo0.0 passive",
        "set system ntp server 192.0.2.124",
        # the route of VRF GUEST, which the drift took with the VRF: through a next hop and an exit interface
        f"set {VRF_ROUTE} interface ge-0/0/5.0",
        f"set {VRF_ROUTE} preference 10",
        "set system name-server 192.0.2.54",
        "delete system syslog host 192.0.2.99",
        f'delete snmp community "{mask(STRAY_COMMUNITY)}"',  # shown as its token, sent as its value
        f'delete snmp trap-group "{mask(TRAP_COMMUNITY)}" targets {STRAY_TRAP_RECEIVER}',  # the group's name
        "set system login user netops class super-user",
        "set protocols lldp advertisement-interval 30",
        'set system login message "Authorised access only"',
    ]
    history = len(committed(junos).history)
    synced = check_device(junos.name, junos.intended, junos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified and synced.applied == found.commands
    assert len(committed(junos).history) == history + 1  # one commit for the whole push
    assert synced.after is not None and synced.after["vlans"] == junos.intended["vlans"]
    again = check_device(junos.name, junos.intended, junos.params, state="overridden")
    assert not again.errors and not again.changed


def test_every_attribute_and_a_hostname_change_round_trip(junos: Rig) -> None:
    intended = junos.intended
    intended["device_hostname"] = "core-sw"
    port = intended["interfaces"][3]
    port.update(description="moved | here", enabled=False, access_vlan=30, mtu=9100)
    intended["interfaces"].append(
        {"name": "ge-0/0/9", "description": "", "enabled": True, "access_vlan": None, "mtu": None}
    )
    intended["static_routes"][1]["distance"] = 20
    synced = check_device(junos.name, intended, junos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert committed(junos).hostname == "core-sw"
    lines = committed(junos).committed.set_lines()
    assert f'set interfaces {port["name"]} description "moved | here"' in lines
    assert "set routing-options static route 10.0.0.0/8 qualified-next-hop 172.16.0.2 preference 20" in lines


def test_a_failed_commit_discards_every_line_and_changes_nothing(junos: Rig) -> None:
    before = committed(junos).committed.copy()
    intended = junos.intended
    intended["l2_interfaces"][2]["access"]["vlan"] = 444  # no such VLAN: the commit check refuses it
    result = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert [error.kind for error in result.errors] == ["commit_failed"]
    assert "nothing was applied" in result.errors[0].message and "444" in result.errors[0].message
    assert result.applied == [] and result.discarded == result.commands
    assert {change.status for change in result.changes} == {"discarded"}
    assert result.verified is False and not result.changed
    assert committed(junos).committed == before and committed(junos).candidate is None


def test_a_description_junos_cannot_quote_is_refused_before_connecting_to_push(junos: Rig) -> None:
    intended = junos.intended
    intended["interfaces"][1]["description"] = 'say "hi"'
    result = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert [error.kind for error in result.errors] == ["intended_state"]
    assert not result.pushed and committed(junos).history == []


def test_rendered_commands_need_no_device(junos: Rig) -> None:
    rendered = commands_of(render_intended("x", {"vlans": [{"id": 10, "name": "USERS"}]}, "juniper_junos"))
    assert rendered == ["set vlans USERS vlan-id 10"]


def test_someone_elses_uncommitted_changes_are_never_committed_with_ours(junos: Rig) -> None:
    state = committed(junos)
    before = state.committed.copy()
    state.candidate = before.copy()
    state.candidate.set("vlans HALF-DONE vlan-id 555")  # another user's work in the shared candidate
    result = check_device(junos.name, junos.intended, junos.params, state="merged", dry_run=False)
    assert [error.kind for error in result.errors] == ["config_rejected"]
    assert "error: shared configuration database modified" in result.errors[0].message
    assert result.applied == [] and state.committed == before
    assert state.candidate is not None and state.candidate.find("vlans", "HALF-DONE") is not None


def test_reading_skips_deactivated_statements_and_resolves_vlan_names() -> None:
    output = "\n".join(
        [
            "set system host-name sw01",
            'set interfaces ge-0/0/1 description "Bob\'s desk"',
            "set interfaces ge-0/0/1 unit 0 family ethernet-switching vlan members USERS",
            "set interfaces ge-0/0/2 unit 0 family ethernet-switching interface-mode trunk",
            "set vlans USERS vlan-id 10",
            "set system ntp server 192.0.2.1 key 5 prefer",
            "set system ntp server 192.0.2.1 routing-instance mgmt_junos",
            "set system ntp server 192.0.2.2",
            "set system ntp source-address 192.0.2.7",
            "deactivate system ntp server 192.0.2.2",
            "set routing-options static route 10.0.0.0/8 next-hop 192.0.2.9",
            "set routing-options static route 10.0.0.0/8 preference 7",
        ]
    )
    data = JunosPlatform().gather(lambda command: output, frozenset({"interfaces", "ntp_global", "static_routes"}))
    assert data["ntp_global"] == {
        "servers": [{"server": "192.0.2.1", "vrf": "mgmt_junos", "prefer": True, "key_id": 5}],
        "source": "192.0.2.7",
    }  # options on one line or one each, as the device prints them
    assert data["interfaces"][0] == {
        "name": "ge-0/0/1", "description": "Bob's desk", "enabled": True, "access_vlan": 10, "mtu": None,
        "speed": None, "duplex": None,
    }  # fmt: skip
    assert data["interfaces"][1]["access_vlan"] == 1  # a trunk is a switch port: the default access VLAN, as on IOS
    assert data["static_routes"] == [
        {"prefix": "10.0.0.0/8", "next_hop": "192.0.2.9", "distance": 7, "form": "next-hop"}
    ]


def test_a_vlan_name_can_move_to_another_id_in_one_commit(junos: Rig) -> None:
    # On Junos a VLAN is named by its stanza: LEGACY (99 on the device) becomes VLAN 98 in the intended data.
    intended = junos.intended
    intended["vlans"].append({"id": 98, "name": "LEGACY"})
    found = check_device(junos.name, intended, junos.params, state="overridden")
    assert found.commands.index("delete vlans LEGACY") < found.commands.index("set vlans LEGACY vlan-id 98")
    synced = check_device(junos.name, intended, junos.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert committed(junos).vlans[98] == "LEGACY" and 99 not in committed(junos).vlans


def test_the_management_port_becomes_an_access_port(junos: Rig) -> None:
    intended = junos.intended
    mgmt = next(item for item in intended["interfaces"] if item["name"] == "me0")
    mgmt["access_vlan"] = 10  # me0 carries family inet: it has to go for ethernet-switching to commit
    del intended["l3_interfaces"]  # which l3_interfaces would keep
    synced = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    applied = synced.applied
    assert applied.index("delete interfaces me0 unit 0 family inet") < applied.index(
        "set interfaces me0 unit 0 family ethernet-switching vlan members 10"
    )
    assert committed(junos).interfaces["me0"].access_vlan == 10


def test_max_deletes_refuses_before_any_candidate_is_opened(junos: Rig) -> None:
    result = check_device(junos.name, junos.intended, junos.params, state="overridden", dry_run=False, max_deletes=1)
    assert [error.kind for error in result.errors] == ["max_deletes"]
    assert not result.pushed and committed(junos).history == [] and committed(junos).candidate is None


@pytest.mark.parametrize(
    ("dropped_at", "before_drop"),
    [("^set system ntp server", "discarded"), ("^commit$", "unknown")],
    ids=["before-the-commit", "during-the-commit"],
)
def test_a_session_lost_mid_push_is_reported_as_it_happened(junos: Rig, dropped_at: str, before_drop: str) -> None:
    before = committed(junos).committed.copy()
    junos.device.set_faults(drop_on=dropped_at)
    result = check_device(
        junos.name, junos.intended, junos.params, state="overridden", dry_run=False, read_timeout=FAST_TIMEOUT
    )
    assert [error.kind for error in result.errors] == ["connection_lost"]
    statuses = [(c.command, c.status) for change in result.changes for c in change.commands]
    in_flight = next(index for index, (command, _) in enumerate(statuses) if command.startswith("set system ntp"))
    sent = statuses[:in_flight] if before_drop == "discarded" else statuses
    assert {status for _, status in sent} == {before_drop}
    if before_drop == "discarded":  # the private candidate died with the session; the line in flight is unknown
        assert statuses[in_flight][1] == "unknown"
        assert {status for _, status in statuses[in_flight + 1 :]} <= {"not_attempted"}
    assert committed(junos).committed == before  # nothing was committed either way
    assert result.verified is False and result.applied == []


def test_a_device_without_host_name_reads_as_junos_calls_itself() -> None:
    data = JunosPlatform().gather(lambda command: "set system ntp server 192.0.2.1\n", frozenset({"device_hostname"}))
    assert data == {"device_hostname": "Amnesiac"}
