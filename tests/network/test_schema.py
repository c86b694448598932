"""The intended-state schema: validation errors name host, path and problem; absent keys are not managed."""

from __future__ import annotations

from typing import Any

import pytest
from network_helpers import run

from diffsync_automation.compliance.mask import MASK
from diffsync_automation.network import IntendedAdapter, IntendedStateError, get_platform, validate_host_data
from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms import UnsupportedSection
from diffsync_automation.network.schema import IntendedState, SectionItem, format_path

IOS = get_platform("cisco_ios")


def problems(data: Any, host: str = "r1") -> list[tuple[str, str]]:
    with pytest.raises(IntendedStateError) as caught:
        validate_host_data(host, data)
    assert caught.value.host == host
    return [(p.path, p.message) for p in caught.value.problems]


def test_error_names_host_path_and_message() -> None:
    data = {"interfaces": [{"name": "Gi0/1"}, {"name": "Gi0/2"}, {"name": "Gi0/3", "mtu": "jumbo"}]}
    with pytest.raises(IntendedStateError) as caught:
        validate_host_data("r1", data)
    error = caught.value
    assert (error.host, error.path) == ("r1", "interfaces[2].mtu")
    assert error.message.startswith("Input should be a valid integer")
    assert str(error).startswith("host r1: interfaces[2].mtu: Input should be a valid integer")
    assert error.kind == "intended_state"


def test_every_problem_is_reported_with_its_path() -> None:
    found = problems(
        {
            "device_hostname": "9lives",
            "vlans": [{"id": 10, "name": "USERS"}, {"id": 5000, "name": "two words"}],
            "ntp_global": {"servers": [{"server": "192.0.2.1"}, {"server": "ntp.example.com", "key_id": 0}]},
            "static_routes": [{"prefix": "10.1.0.1/16", "next_hop": "192.0.2.1"}],
        }
    )
    paths = [path for path, _ in found]
    assert paths == [
        "device_hostname",
        "vlans[1].id",
        "vlans[1].name",
        "ntp_global.servers[1].server",
        "ntp_global.servers[1].key_id",
        "static_routes[0].prefix",
    ]
    messages = dict(found)
    assert "start with a letter" in messages["device_hostname"]
    assert "host bits set" in messages["static_routes[0].prefix"]
    assert "not an IPv4 address" in messages["ntp_global.servers[1].server"]


def test_unknown_keys_inside_a_section_are_errors_but_other_host_keys_are_not() -> None:
    data = {
        "hostname": "127.0.0.1",  # Nornir's connection address, not managed
        "ansible_port": 2222,
        "vlans": [{"id": 10, "name": "USERS", "colour": "blue"}],
    }
    assert problems(data) == [("vlans[0].colour", "Extra inputs are not permitted")]


def test_wrong_types_are_reported_not_raised_from_deep_inside() -> None:
    found = problems({"vlans": "10,20", "interfaces": [{"name": "Gi0/1", "enabled": "sometimes"}]})
    assert [path for path, _ in found] == ["vlans", "interfaces[0].enabled"]
    assert problems(["not", "a", "mapping"]) == [("(host data)", "must be a mapping, not list")]


def test_absent_or_null_sections_are_not_managed() -> None:
    state = validate_host_data("r1", {"vlans": None, "static_routes": [], "groups": ["x"]})
    assert state.managed() == frozenset({"static_routes"})
    assert state.plain() == {"static_routes": []}


def test_ntp_vrf_default_is_the_global_table() -> None:
    state = validate_host_data("r1", {"ntp_global": {"servers": [{"server": "192.0.2.1", "vrf": "default"}]}})
    assert state.ntp_global is not None and state.ntp_global.servers[0].vrf is None  # as a device may print it


def test_the_retired_ntp_servers_key_is_refused_with_the_shape_that_replaced_it() -> None:
    found = problems({"ntp_servers": ["192.0.2.1"], "vlans": [{"id": 5000, "name": "X"}]})
    assert [path for path, _ in found] == ["ntp_servers", "vlans[0].id"]  # reported with the other problems
    assert "ntp_global: {servers: [{server: 192.0.2.1}" in found[0][1]
    assert [path for path, _ in problems({"ntp_servers": None})] == ["ntp_servers"]  # null too: never ignored


def test_vlan_1_can_only_be_listed_with_its_default_name() -> None:
    assert problems({"vlans": [{"id": 1, "name": "users"}]}) == [
        ("vlans[0].name", "VLAN 1 is the default VLAN; its name is always 'default'")
    ]
    assert validate_host_data("r1", {"vlans": [{"id": 1, "name": "default"}]}).vlans is not None


def test_defaults_are_filled_in_and_addresses_normalised() -> None:
    state = validate_host_data(
        "r1",
        {"static_routes": [{"prefix": "10.1.0.0/16", "next_hop": "192.0.2.1"}], "interfaces": [{"name": "Gi0/1"}]},
    )
    assert state.plain()["static_routes"] == [
        {"vrf": None, "prefix": "10.1.0.0/16", "next_hop": "192.0.2.1", "interface": None, "distance": 1, "name": None}
    ]
    assert state.plain()["interfaces"][0] == {
        "name": "Gi0/1",
        "description": "",
        "enabled": True,
        "access_vlan": None,
        "mtu": None,
        "speed": None,
        "duplex": None,
    }


def test_duplicates_are_found_after_interface_names_are_expanded() -> None:
    assert IOS is not None
    data = {"interfaces": [{"name": "GigabitEthernet0/1"}, {"name": "Gi0/1", "description": "again"}]}
    adapter = IntendedAdapter("r1", data, IOS)
    with pytest.raises(IntendedStateError) as caught:
        adapter.load()
    assert str(caught.value) == (
        "host r1: interfaces[1]: duplicate interface GigabitEthernet0/1: already given at interfaces[0]"
    )


def test_format_path() -> None:
    assert format_path(("interfaces", 2, "mtu")) == "interfaces[2].mtu"
    assert format_path(("ntp_global", "servers", 0)) == "ntp_global.servers[0]"
    assert format_path(()) == "(host data)"


@pytest.mark.lab
def test_lab_intended_data_fits_the_schema(clean_rig: Any) -> None:
    state = validate_host_data(clean_rig.name, clean_rig.intended)
    assert state.managed() == frozenset(clean_rig.intended)


@pytest.mark.lab
def test_check_device_reports_bad_data_before_connecting(rig: Any) -> None:
    rig.device.set_faults(refuse_connections=True)  # a connection attempt would add an 'unreachable' error
    rig.intended["interfaces"][0]["mtu"] = "jumbo"
    result = run(rig, dry_run=False)
    assert [error.kind for error in result.errors] == ["intended_state"]
    assert result.errors[0].message.startswith(f"host {rig.name}: interfaces[0].mtu: Input should be a valid integer")
    assert result.changes == [] and result.before is None


def test_interface_feature_problems_and_normalised_values() -> None:
    found = problems(
        {
            "l2_interfaces": [
                {"name": "Gi0/1", "mode": "hybrid"},
                {"name": "Gi0/2", "trunk": {"allowed_vlans": ["10-5", "x"]}},
            ],
            "l3_interfaces": [
                {"name": "Lo1", "ipv4": [{"address": "10.0.0.1/32"}, {"address": "10.0.1.1/32"}]},
                {"name": "Lo2", "ipv4": [{"address": "10.0.2.1/24", "secondary": True}]},
                {"name": "Lo3", "ipv4": [{"address": "10.0.3.1"}], "ipv6": [{"address": "2001:db8::zz/64"}]},
            ],
        }
    )
    assert [path for path, _ in found] == [
        "l2_interfaces[0].mode",
        "l2_interfaces[1].trunk.allowed_vlans",
        "l3_interfaces[0].ipv4",
        "l3_interfaces[1].ipv4",
        "l3_interfaces[2].ipv4[0].address",
        "l3_interfaces[2].ipv6[0].address",
    ]
    assert "'10-5' is not a VLAN range within 1-4094" in found[1][1]
    assert "at most one address may be primary" in found[2][1]
    assert "secondary addresses need a primary" in found[3][1]
    assert "needs a prefix length" in found[4][1]
    state = validate_host_data("r1", {"l2_interfaces": [{"name": "Et1", "trunk": {"allowed_vlans": [30, "10-12,11"]}}]})
    assert state.l2_interfaces is not None and state.l2_interfaces[0].trunk is not None
    assert state.l2_interfaces[0].trunk.allowed_vlans == "10-12,30"


def test_deleted_entries_need_only_their_identifiers() -> None:
    data = {"vlans": [{"id": 99}], "static_routes": [{"prefix": "10.99.0.0/16", "next_hop": "172.16.0.1"}]}
    assert problems(data) == [("vlans[0].name", "Field required")]
    state = validate_host_data("r1", data, to_delete=True)
    assert state.vlans is not None and state.vlans[0].id == 99
    with pytest.raises(IntendedStateError) as caught:  # what is given is still validated
        validate_host_data("r1", {"vlans": [{"id": 5000, "name": "two words"}]}, to_delete=True)
    assert [p.path for p in caught.value.problems] == ["vlans[0].id", "vlans[0].name"]


def test_entries_without_declared_identifiers_keep_every_required_field_when_deleting() -> None:
    class NoteData(SectionItem):
        key: str
        text: str

    class WithNotes(IntendedState):
        notes: list[NoteData] | None = None

    with pytest.raises(IntendedStateError) as caught:
        validate_host_data("r1", {"notes": [{"key": "a"}]}, WithNotes, to_delete=True)
    assert [(p.path, p.message) for p in caught.value.problems] == [("notes[0].text", "Field required")]


def test_acl_and_prefix_list_problems_and_equal_address_forms() -> None:
    def acls(*aces: dict[str, Any], acl_type: str = "extended") -> dict[str, Any]:
        return {"acls": [{"afi": "ipv4", "acls": [{"name": "A1", "acl_type": acl_type, "aces": list(aces)}]}]}

    path = "acls[0].acls[0].aces"
    tcp_any = {"grant": "permit", "protocol": "tcp", "source": {"any": True}}
    assert problems(acls({"sequence": 10, **tcp_any, "destination": {"any": True, "host": "192.0.2.1"}})) == [
        (f"{path}[0].destination", "give exactly one of any, host, address (with wildcard_bits) or prefix")
    ]
    assert problems(acls({"sequence": 10, "grant": "permit", "protocol": "tcp", "source": {"any": True}})) == [
        ("acls[0].acls[0].aces", "sequence 10: an extended ACL entry needs protocol and destination")
    ]
    icmp_port = {"sequence": 5, "grant": "deny", "protocol": "icmp", "source": {"any": True}}
    assert problems(acls({**icmp_port, "destination": {"any": True, "port_protocol": {"eq": 7}}})) == [
        ("acls[0].acls[0].aces", "sequence 5: port_protocol needs protocol tcp or udp")
    ]
    standard = acls({"sequence": 10, **tcp_any}, acl_type="standard")
    assert problems(standard) == [
        ("acls[0].acls[0].aces", "sequence 10: a standard ACL matches the source address only")
    ]
    odd_mask = {"address": "10.0.0.0", "wildcard_bits": "0.255.0.255"}
    assert problems(acls({"sequence": 1, **tcp_any, "destination": odd_mask}))[0][1].startswith(
        "address needs contiguous wildcard_bits"
    )
    assert problems({"acls": [{"afi": "ipv6", "acls": [{"name": "7bad"}]}]}) == [
        ("acls[0].afi", "Input should be 'ipv4'"),
        ("acls[0].acls[0].name", "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter"),
    ]
    entry = {"sequence": 5, "action": "permit", "prefix": "10.0.0.0/8"}
    lists = {"prefix_lists": [{"afi": "ipv4", "prefix_lists": [{"name": "P", "entries": [{**entry, "ge": 8}]}]}]}
    assert problems(lists) == [
        ("prefix_lists[0].prefix_lists[0].entries[0]", "ge must be longer than the prefix length 8")
    ]
    # The same addresses in different forms load as equal ACEs.
    wildcard = {"address": "10.0.0.0", "wildcard_bits": "0.255.255.255"}
    forms = [wildcard, {"prefix": "10.0.0.0/8"}]
    loaded = []
    for form in forms:
        adapter = IntendedAdapter("r1", acls({"sequence": 10, **tcp_any, "destination": form}), IOS)
        adapter.load()
        loaded.append(adapter.get("acl_entry", "A1__10").get_attrs())
    assert loaded[0] == loaded[1] and loaded[0]["destination"] == "10.0.0.0/8"


def test_bgp_global_problems_and_neighbour_interfaces_in_the_platform_form() -> None:
    peer = {"neighbor_address": "10.1.1.2", "remote_as": 65001}
    assert problems({"bgp_global": {"as_number": 0, "neighbors": [{**peer, "neighbor_address": "10.1.1.300"}]}}) == [
        ("bgp_global.as_number", "Input should be greater than or equal to 1"),
        ("bgp_global.neighbors[0].neighbor_address", "'10.1.1.300' is not an IPv4 address"),
    ]
    found = problems({"bgp_global": {"as_number": 65000, "neighbors": [{**peer, "description": "a\nno router bgp"}]}})
    assert [path for path, _ in found] == ["bgp_global.neighbors[0].description"]
    adapter = IntendedAdapter(
        "r1", {"bgp_global": {"as_number": 65000, "neighbors": [{**peer, "update_source": "lo0"}]}}, IOS
    )
    adapter.load()
    assert adapter.get("bgp_neighbor", "65000__10.1.1.2").get_attrs()["update_source"] == "Loopback0"


def test_ospf_areas_compare_in_either_form_and_interface_areas_are_nxos_only() -> None:
    def process(area: Any) -> dict[str, Any]:
        return {"ospfv2": {"processes": [{"process_id": 1, "networks": [{"prefix": "10.0.0.0/24", "area": area}]}]}}

    assert problems(process("backbone")) == [
        ("ospfv2.processes[0].networks[0].area", "must be an area number (0-4294967295) or dotted (0.0.0.0)")
    ]
    loaded = []
    for area in (0, "0", "0.0.0.0"):
        adapter = IntendedAdapter("r1", process(area), IOS)
        adapter.load()
        loaded.append(adapter.get("ospf_process", "1").get_attrs()["networks"])
    assert loaded == [["10.0.0.0/24 area 0.0.0.0"]] * 3
    nxos = get_platform("cisco_nxos")
    assert nxos is not None
    networks = Change("ospf_process", "create", {"process_id": 1}, {}, {"networks": ["10.0.0.0/24 area 0.0.0.0"]})
    with pytest.raises(UnsupportedSection, match="networks is not managed on cisco_nxos"):
        nxos.render(networks)
    areas = Change("ospf_process", "create", {"process_id": 1}, {}, {"interfaces": ["Loopback0 area 0.0.0.0"]})
    with pytest.raises(UnsupportedSection, match="interfaces is not managed on cisco_ios"):
        IOS.render(areas)
    gone = Change("ospf_process", "delete", {"process_id": 1}, {"interfaces": ["loopback0 area 0.0.0.0"]})
    assert nxos.render(gone) == ["interface loopback0", "no ip router ospf 1 area 0.0.0.0", "no router ospf 1"]


def test_secret_problems_never_echo_the_secret() -> None:
    data = {
        "snmp_server": {
            "communities": [{"name": "two words", "ro": True}, {"name": "Both-Ways", "ro": True, "rw": True}]
        },
        "users": [
            {"name": "alice", "hashed_password": {"type": "9", "value": "not a hash"}},
            {"name": "bob", "configured_password": "Cle4r-text"},
        ],
    }
    found = problems(data)
    assert [path for path, _ in found] == [
        "snmp_server.communities[0].name",
        "snmp_server.communities[1]",
        "users[0].hashed_password.value",
        "users[1].configured_password",
    ]
    text = repr(found)
    assert "(the value is not shown)" in text and "give hashed_password" in text
    for secret in ("two words", "Both-Ways", "not a hash", "Cle4r-text"):
        assert secret not in text
    state = validate_host_data("r1", {"snmp_server": {"communities": [{"name": "Same.1"}, {"name": "Same.1"}]}})
    assert state.snmp_server is not None
    [first, second] = state.snmp_server.communities
    assert first.name == second.name and first.name.startswith("<secret:") and "Same.1" not in repr(state)


@pytest.mark.parametrize("placeholder", [MASK, "<secret:abcdef012345>"])
def test_placeholders_copied_from_a_backup_or_plan_are_refused_naming_the_field(placeholder: str) -> None:
    data = {
        "snmp_server": {
            "communities": [{"name": placeholder}],
            "hosts": [{"host": "192.0.2.1", "community_string": placeholder}],
        },
        "users": [{"name": "alice", "hashed_password": {"type": "9", "value": placeholder}}],
        "interfaces": [{"name": "Loopback1", "description": f"key {placeholder}"}],
    }
    found = problems(data)
    assert [path for path, _ in found] == [
        "interfaces[0].description",
        "snmp_server.communities[0].name",
        "snmp_server.hosts[0].community_string",
        "users[0].hashed_password.value",
    ]
    for _, message in found:
        assert message.startswith(f"holds '{placeholder}', the masked placeholder"), message
        assert "not the secret itself; give the real value" in message


def test_a_plans_intended_data_keeps_its_tokens_but_not_a_mask() -> None:
    token = "<secret:abcdef012345>"
    state = validate_host_data("r1", {"snmp_server": {"communities": [{"name": token}]}}, tokens=True)
    assert state.snmp_server is not None and state.snmp_server.communities[0].name == token
    with pytest.raises(IntendedStateError, match=r"communities\[0\]\.name: holds '<removed>'"):
        validate_host_data("r1", {"snmp_server": {"communities": [{"name": MASK}]}}, tokens=True)


def test_text_only_resembling_a_placeholder_is_accepted() -> None:
    data = {
        "snmp_server": {"location": "<secret> rotated yearly", "communities": [{"name": "removed"}]},
        "interfaces": [{"name": "Loopback1", "description": "removed from rack <removed"}],
    }
    state = validate_host_data("r1", data)
    assert state.interfaces is not None and state.interfaces[0].description == "removed from rack <removed"


def test_snmp_host_problems_never_echo_the_community_and_routes_need_a_way_out() -> None:
    hosts = [
        {"host": "192.0.2.1", "community_string": "two words"},
        {"host": "192.0.2.2", "community_string": "V1-Inf0rm", "version": "1", "informs": True},
    ]
    found = problems({"snmp_server": {"hosts": hosts}, "static_routes": [{"prefix": "10.0.0.0/8", "name": "X"}]})
    assert [(path, message.split(" (")[0]) for path, message in found] == [
        (
            "snmp_server.hosts[0].community_string",
            "must be 1-32 printable ASCII characters without spaces, quotes or '?'",
        ),
        ("snmp_server.hosts[1]", "informs need version 2c"),
        ("static_routes[0]", "give next_hop, interface or both"),
    ]
    assert "two words" not in repr(found) and "V1-Inf0rm" not in repr(found)
    two_vrfs = [{"host": "192.0.2.1", "community_string": "C1", "use_vrf": vrf} for vrf in ("management", None)]
    [(path, message)] = problems({"snmp_server": {"hosts": two_vrfs}})
    assert path == "snmp_server" and "host 192.0.2.1 must give the same use_vrf" in message
