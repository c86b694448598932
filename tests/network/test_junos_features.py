"""The resource features on juniper_junos: parsed from ``display set`` lines and rendered as ``set``/``delete``
(unit tests), and each pushed over SSH to a lab device, committed and read back from its configuration."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from diffsync_automation.lab.junos_seed import TRAP_COMMUNITY
from diffsync_automation.lab.junos_state import FIRST_UID
from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device
from diffsync_automation.network.platforms import JunosPlatform, UnsupportedSection
from diffsync_automation.network.secrets import mask
from tests.network.conftest import Rig
from tests.network.network_helpers import junos_gathered, junos_lines

JUNOS = JunosPlatform()
HASH = "$6$Ab12Cd34$" + "x" * 86
PEER = {"as_number": 1, "neighbor_address": "10.0.0.1"}


# ---------------------------------------------------------------------- reading and rendering
def test_switch_ports_read_members_by_id_name_range_and_all() -> None:
    switching = "set interfaces {} unit 0 family ethernet-switching"
    ports = junos_gathered(
        "set vlans USERS vlan-id 10",
        "set interfaces ge-0/0/0 native-vlan-id 10",
        switching.format("ge-0/0/0") + " interface-mode trunk",
        *(switching.format("ge-0/0/0") + f" vlan members {member}" for member in ("USERS", "20-22", "5")),
        switching.format("ge-0/0/1") + " interface-mode trunk",
        switching.format("ge-0/0/1") + " vlan members all",
        switching.format("ge-0/0/2"),  # switching with nothing set: an access port in the default VLAN
        "set interfaces ge-0/0/3 unit 0 family inet address 10.0.0.1/24",  # routed: not a switch port
        section="l2_interfaces",
    )
    assert [(port["name"], port["mode"], port["access"]["vlan"], port["trunk"]) for port in ports] == [
        ("ge-0/0/0", "trunk", 1, {"allowed_vlans": "5,10,20-22", "native_vlan": 10}),
        ("ge-0/0/1", "trunk", 1, {"allowed_vlans": "1-4094", "native_vlan": 1}),
        ("ge-0/0/2", "access", 1, {"allowed_vlans": "1-4094", "native_vlan": 1}),
    ]


def test_a_switch_port_change_replaces_its_members_and_a_delete_stops_switching() -> None:
    switching = "interfaces ge-0/0/4 unit 0 family ethernet-switching"
    trunk = Change("l2_interface", "create", {"name": "ge-0/0/4"}, {}, {"mode": "trunk", "allowed_vlans": "1-4094"})
    assert JUNOS.render(trunk) == [f"set {switching} interface-mode trunk", f"set {switching} vlan members all"]
    before = {"mode": "trunk", "access_vlan": 1, "allowed_vlans": "10,20", "native_vlan": 30}
    access = Change("l2_interface", "update", {"name": "ge-0/0/4"}, before, {"mode": "access", "access_vlan": 10})
    assert JUNOS.render(access) == [
        f"set {switching} interface-mode access",
        f"delete {switching} vlan members",
        f"set {switching} vlan members 10",
    ]
    gone = Change("l2_interface", "delete", {"name": "ge-0/0/4"}, before, {})
    assert JUNOS.render(gone) == [f"delete {switching}", "delete interfaces ge-0/0/4 native-vlan-id"]


def test_the_primary_address_is_the_marked_one_else_the_lowest() -> None:
    inet = "set interfaces {} unit 0 family inet address {}"
    ports = junos_gathered(
        inet.format("ge-0/0/1", "192.0.2.1/24"),
        inet.format("ge-0/0/1", "10.0.0.1/24"),
        inet.format("ge-0/0/2", "192.0.2.5/24") + " primary",
        inet.format("ge-0/0/2", "10.0.0.5/24"),
        "set interfaces lo0 unit 0 family inet6 address 2001:DB8::1/128",
        section="l3_interfaces",
    )
    primaries = {port["name"]: [entry["address"] for entry in port["ipv4"] if not entry["secondary"]] for port in ports}
    assert primaries == {"ge-0/0/1": ["10.0.0.1/24"], "ge-0/0/2": ["192.0.2.5/24"], "lo0": []}
    assert ports[2]["ipv6"] == [{"address": "2001:db8::1/128"}]


def test_routing_instances_read_as_vrfs_with_their_targets() -> None:
    vrfs = junos_gathered(
        "set routing-instances RED instance-type vrf",
        "set routing-instances RED route-distinguisher 65000:1",
        "set routing-instances RED vrf-target target:65000:1",
        "set routing-instances RED vrf-target export target:65000:9",
        "set routing-instances RED interface ge-0/0/1.0",
        "set routing-instances LITE instance-type virtual-router",
        "set routing-instances FWD instance-type forwarding",  # not a VRF
        section="vrfs",
    )
    assert vrfs == [
        {"name": "RED", "description": "", "rd": "65000:1", "route_import": ["65000:1"], "route_export": ["65000:9"]},
        {"name": "LITE", "description": "", "rd": None, "route_import": [], "route_export": []},
    ]


def test_bgp_reads_the_as_router_id_and_the_neighbours_of_its_groups() -> None:
    process = junos_gathered(
        "set routing-options router-id 192.0.2.1",
        "set routing-options autonomous-system 65000",
        "set protocols bgp group IBGP type internal",
        "set protocols bgp group IBGP neighbor 10.0.0.2",  # an internal peer: the local AS
        "set protocols bgp group EBGP peer-as 65009",
        'set protocols bgp group EBGP neighbor 10.0.0.9 description "transit A"',  # the group's peer-as
        section="bgp_global",
    )
    assert process == {
        "as_number": 65000,
        "bgp": {"router_id": "192.0.2.1"},
        "neighbors": [
            {"neighbor_address": "10.0.0.2", "remote_as": 65000},
            {"neighbor_address": "10.0.0.9", "description": "transit A", "remote_as": 65009},
        ],
    }
    assert junos_gathered("set protocols bgp group X neighbor 10.0.0.2", section="bgp_global") is None  # no AS: no BGP
    with pytest.raises(UnsupportedSection, match=r"neighbor 10\.0\.0\.3 is in group PEERS"):
        junos_gathered(
            "set routing-options autonomous-system 1",
            "set protocols bgp group PEERS neighbor 10.0.0.3",
            section="bgp_global",
        )


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (Change("banner", "create", {"banner": "exec"}, {}, {"text": "hi"}), "login and motd banners only"),
        (Change("l2_interface", "create", {"name": "ge-0/0/1"}, {}, {"mode": "trunk", "access_vlan": 5}), "no access"),
        (Change("l2_interface", "create", {"name": "ge-0/0/1"}, {}, {"allowed_vlans": "10"}), "carries one VLAN"),
        (Change("lldp_global", "update", {"host": "x"}, {}, {"holdtime": 120}), "hold-multiplier"),
        (Change("lldp_global", "update", {"host": "x"}, {}, {"timer": 40000}), "Junos takes 5-32768"),
        (Change("user", "create", {"name": "bob"}, {}, {"role": None}), "Junos needs a login class"),
        (Change("user", "create", {"name": "bob"}, {}, {"privilege": 15, "role": "operator"}), "privilege"),
        (Change("user", "create", {"name": "b"}, {}, {"role": "op", "password_type": "9", "password": "x"}), "sha512"),
        (Change("vrf", "create", {"name": "RED"}, {}, {"route_import": ["65000:1"]}), "route targets need an rd"),
        (Change("bgp_neighbor", "create", PEER, {}, {"remote_as": 2, "update_source": "lo0"}), "local-address"),
        (Change("vrf", "create", {"name": "R"}, {}, {"rd": "1:1", "route_export": ["1:1", "1:2"]}), "one route_export"),
    ],
)  # fmt: skip
def test_what_junos_lacks_is_refused_before_anything_is_sent(change: Change, refusal: str) -> None:
    with pytest.raises(UnsupportedSection, match=refusal):
        JUNOS.render(change)


def test_settings_the_models_cannot_compare_are_refused_when_read() -> None:
    with pytest.raises(UnsupportedSection, match="community with settings other than authorization"):
        junos_gathered("set snmp community pub clients 192.0.2.0/24", section="snmp_server")
    with pytest.raises(UnsupportedSection, match="password hash of user bob"):
        junos_gathered('set system login user bob authentication encrypted-password "$5$abc"', section="users")


# ---------------------------------------------------------------------- over SSH, committed
@pytest.mark.lab
def test_a_trunk_with_a_native_vlan_is_committed_and_read_back(junos: Rig) -> None:
    trunk = {"name": "ge-0/0/5", "mode": "trunk", "trunk": {"allowed_vlans": ["10", "20-30"], "native_vlan": 30}}
    synced = check_device(junos.name, {"l2_interfaces": [trunk]}, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert "set interfaces ge-0/0/5 native-vlan-id 30" in junos_lines(junos)
    assert "set interfaces ge-0/0/5 unit 0 family ethernet-switching vlan members 20-30" in junos_lines(junos)
    assert synced.after is not None
    read_back = next(port for port in synced.after["l2_interfaces"] if port["name"] == "ge-0/0/5")
    assert read_back["trunk"] == {"allowed_vlans": "10,20-30", "native_vlan": 30}


@pytest.mark.lab
def test_addresses_change_primary_and_families_in_one_commit(junos: Rig) -> None:
    port = {
        "name": "ge-0/0/7",
        "ipv4": [{"address": "10.9.0.9/24"}, {"address": "10.1.0.1/24", "secondary": True}],
        "ipv6": [{"address": "2001:db8:9::9/64"}],
    }
    intended: dict[str, Any] = {"interfaces": [{"name": "ge-0/0/7", "access_vlan": None}], "l3_interfaces": [port]}
    synced = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert "set interfaces ge-0/0/7 unit 0 family inet address 10.9.0.9/24 primary" in junos_lines(junos)
    port["ipv4"] = [{"address": "10.1.0.1/24"}]  # the secondary becomes the primary, the old primary goes
    del port["ipv6"]  # replaced: no IPv6 address
    moved = check_device(junos.name, {"l3_interfaces": [port]}, junos.params, state="replaced", dry_run=False)
    assert not moved.errors and moved.verified, moved.errors
    assert moved.applied == [
        "delete interfaces ge-0/0/7 unit 0 family inet address 10.9.0.9/24",
        "delete interfaces ge-0/0/7 unit 0 family inet6 address 2001:db8:9::9/64",
    ]


@pytest.mark.lab
def test_lldp_turned_off_on_with_a_timer_then_removed(junos: Rig) -> None:
    off = check_device(junos.name, {"lldp_global": {"enabled": False}}, junos.params, state="merged", dry_run=False)
    assert not off.errors and off.verified and off.applied == ["set protocols lldp disable"], off.errors
    lldp = {"lldp_global": {"enabled": True, "timer": 20}}
    on = check_device(junos.name, lldp, junos.params, state="merged", dry_run=False)
    assert not on.errors and on.verified, on.errors
    assert on.applied == [
        "delete protocols lldp disable",
        "set protocols lldp interface all",
        "set protocols lldp advertisement-interval 20",
    ]
    removed = check_device(junos.name, {"lldp_global": {}}, junos.params, state="deleted", dry_run=False)
    assert not removed.errors and removed.verified and removed.applied == ["delete protocols lldp"], removed.errors
    assert not any(line.startswith("set protocols lldp") for line in junos_lines(junos))


@pytest.mark.lab
def test_the_motd_banner_is_the_login_announcement(junos: Rig) -> None:
    banners = [{"banner": "motd", "text": "Change window: Sunday 02:00"}]
    synced = check_device(junos.name, {"banner": banners}, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert synced.applied == ['set system login announcement "Change window: Sunday 02:00"']


@pytest.mark.lab
def test_snmp_communities_are_compared_pushed_and_never_shown(junos: Rig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    intended = {"snmp_server": {"location": "rack 4", "communities": [{"name": "N3w#Rw;x", "rw": True}]}}
    synced = check_device(junos.name, intended, junos.params, state="replaced", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert synced.applied == [
        'set snmp location "rack 4"',
        'delete snmp contact',
        *(f'delete snmp community "{mask(name)}"' for name in ("c4mpus-R0", "0ld-Rw!")),
        f'set snmp community "{mask("N3w#Rw;x")}" authorization read-write',
        f'delete snmp trap-group "{mask(TRAP_COMMUNITY)}"',  # replaced without hosts: no trap receivers
    ]  # fmt: skip
    assert 'set snmp community "N3w#Rw;x" authorization read-write' in junos_lines(junos)
    shown = json.dumps(synced.to_dict(), default=str) + caplog.text
    assert not any(secret in shown for secret in ("N3w#Rw;x", "c4mpus-R0", "0ld-Rw!"))


@pytest.mark.lab
def test_a_user_is_created_with_its_hash_and_class_and_gets_a_uid(junos: Rig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    user = {"name": "auditor", "role": "read-only", "hashed_password": {"type": "sha512", "value": HASH}}
    synced = check_device(junos.name, {"users": [user]}, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert synced.applied == [
        "set system login user auditor class read-only",
        f'set system login user auditor authentication encrypted-password "{mask(HASH)}"',
    ]
    assert f"set system login user auditor uid {FIRST_UID + 1}" in junos_lines(junos)  # netops has the first
    assert f'set system login user auditor authentication encrypted-password "{HASH}"' in junos_lines(junos)
    assert HASH not in json.dumps(synced.to_dict(), default=str) + caplog.text
    only_netops = {"users": [junos.intended["users"][0]]}
    guarded = check_device(junos.name, only_netops, junos.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    gone = check_device(junos.name, {"users": [{"name": "auditor"}]}, junos.params, state="deleted", dry_run=False)
    assert not gone.errors and gone.applied == ["delete system login user auditor"]


@pytest.mark.lab
def test_a_vrf_with_rd_and_targets_and_an_interface_in_it(junos: Rig) -> None:
    vrf = {"name": "RED", "rd": "65000:7", "route_import": ["65000:7"], "route_export": ["65000:8"]}
    port = {"name": "ge-0/0/5", "vrf": "RED", "ipv4": [{"address": "10.6.0.1/24"}]}
    intended = {"interfaces": [{"name": "ge-0/0/5", "access_vlan": None}], "vrfs": [vrf], "l3_interfaces": [port]}
    synced = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert {
        "set routing-instances RED instance-type vrf",
        "set routing-instances RED interface ge-0/0/5.0",
        "set routing-instances RED route-distinguisher 65000:7",
        "set routing-instances RED vrf-target import target:65000:7",
        "set routing-instances RED vrf-target export target:65000:8",
    } <= set(junos_lines(junos))
    lite = check_device(junos.name, {"vrfs": [{"name": "RED"}]}, junos.params, state="replaced", dry_run=False)
    assert not lite.errors and lite.verified, lite.errors  # without rd and targets: VRF-lite, the port stays in it
    assert "set routing-instances RED instance-type virtual-router" in lite.applied
    assert "set routing-instances RED interface ge-0/0/5.0" in junos_lines(junos)


@pytest.mark.lab
def test_a_bgp_neighbour_whose_remote_as_changes_moves_to_the_other_group(junos: Rig) -> None:
    bgp = {"as_number": 65000, "neighbors": [{"neighbor_address": "172.16.0.9", "remote_as": 65009}]}
    added = check_device(junos.name, {"bgp_global": bgp}, junos.params, state="merged", dry_run=False)
    assert not added.errors and added.verified, added.errors
    assert added.applied == [
        "set protocols bgp group EBGP type external",
        "set protocols bgp group EBGP neighbor 172.16.0.9 peer-as 65009",
    ]
    bgp["neighbors"][0]["remote_as"] = 65000  # now an internal peer
    moved = check_device(junos.name, {"bgp_global": bgp}, junos.params, state="merged", dry_run=False)
    assert not moved.errors and moved.verified, moved.errors
    assert moved.applied == [
        "delete protocols bgp group EBGP neighbor 172.16.0.9",
        "set protocols bgp group IBGP type internal",
        "set protocols bgp group IBGP neighbor 172.16.0.9 peer-as 65000",
    ]
    removed = check_device(
        junos.name, {"bgp_global": {"as_number": 65000}}, junos.params, state="deleted", dry_run=False
    )
    assert not removed.errors and removed.verified, removed.errors
    assert removed.applied == ["delete protocols bgp", "delete routing-options autonomous-system"]


def test_trap_groups_read_as_receivers_of_their_version_with_their_name_as_community() -> None:
    hosts = junos_gathered(
        'set snmp trap-group "Tr@p 1" version v1',
        'set snmp trap-group "Tr@p 1" targets 192.0.2.61',
        "set snmp trap-group both targets 192.0.2.62",  # no version: all, v1 and v2c traps
        section="snmp_server",
    )["hosts"]
    assert hosts == [
        {"host": "192.0.2.61", "community_string": "Tr@p 1", "version": "1", "informs": False},
        {"host": "192.0.2.62", "community_string": "both", "version": "1", "informs": False},
        {"host": "192.0.2.62", "community_string": "both", "version": "2c", "informs": False},
    ]
    with pytest.raises(UnsupportedSection, match=r"trap group of 192\.0\.2\.61 \(only version and targets") as refused:
        junos_gathered("set snmp trap-group S3cr3t categories link", "set snmp trap-group S3cr3t targets 192.0.2.61",
                 section="snmp_server")  # fmt: skip
    assert "S3cr3t" not in str(refused.value)


@pytest.mark.parametrize(
    ("hosts", "refusal"),
    [
        (["192.0.2.61 informs 2c <secret:000000000001>"], "informs need SNMPv3"),
        (["192.0.2.61 traps 2c <secret:000000000001> mgmt_junos"], "use_vrf is not managed on Junos"),
        (["192.0.2.61 traps 1 <secret:000000000001>", "192.0.2.62 traps 2c <secret:000000000001>"], "same hosts"),
    ],
)
def test_receivers_a_trap_group_cannot_hold_are_refused_before_anything_is_sent(hosts: list[str], refusal: str) -> None:
    with pytest.raises(UnsupportedSection, match=refusal):
        JUNOS.render(Change("snmp_server", "update", {"host": "sw01"}, {"hosts": []}, {"hosts": hosts}))


@pytest.mark.lab
def test_trap_receivers_change_version_and_targets_and_are_never_shown(
    junos: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    hosts = [
        {"host": "192.0.2.61", "community_string": TRAP_COMMUNITY, "version": "1"},
        *({"host": "192.0.2.62", "community_string": "N3w#Tr4p", "version": version} for version in ("1", "2c")),
    ]
    synced = check_device(junos.name, {"snmp_server": {"hosts": hosts}}, junos.params, state="merged", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    old, new = (f'snmp trap-group "{mask(name)}"' for name in (TRAP_COMMUNITY, "N3w#Tr4p"))
    assert synced.applied == [
        f"set {old} version v1",
        f"delete {old} targets 192.0.2.66",  # the drift's stray target
        f"set {new} version all",  # both versions to the same targets: one group sending v1 and v2c traps
        f"set {new} targets 192.0.2.62",
    ]
    assert 'set snmp trap-group "N3w#Tr4p" targets 192.0.2.62' in junos_lines(junos)
    again = check_device(junos.name, {"snmp_server": {"hosts": hosts}}, junos.params, state="merged")
    assert not again.errors and not again.changes
    shown = json.dumps([synced.to_dict(), again.to_dict()], default=str) + caplog.text
    assert not any(secret in shown for secret in (TRAP_COMMUNITY, "N3w#Tr4p"))
