"""``diffsync-automation features``: the features each platform driver supports, from the drivers themselves."""

from __future__ import annotations

import json

import pytest

from diffsync_automation.network.features import FEATURES
from diffsync_automation.network.platforms import CliPlatform, get_platform, platform_names
from diffsync_automation.network.schema import IntendedState
from tests.cli.cli_helpers import cli

pytestmark = pytest.mark.integration  # the command line runs in a fresh interpreter


def test_json_lists_each_platform_with_its_feature_keys() -> None:
    shown = cli("features", "--json")
    assert shown.returncode == 0, shown.stderr
    table = json.loads(shown.stdout)
    assert sorted(table) == platform_names()
    assert table["cisco_ios"]["l2_interfaces"] == [
        "l2_interfaces[].name",
        "l2_interfaces[].mode",
        "l2_interfaces[].access.vlan",
        "l2_interfaces[].trunk.allowed_vlans",
        "l2_interfaces[].trunk.native_vlan",
    ]
    assert table["cisco_nxos"]["hostname"] == ["device_hostname"]
    assert table["arista_eos"]["ntp_global"] == [
        "ntp_global.servers[].server",
        "ntp_global.servers[].vrf",
        "ntp_global.servers[].prefer",
        "ntp_global.servers[].key_id",
        "ntp_global.source",
    ]
    assert table["juniper_junos"]["ntp_global"] == table["arista_eos"]["ntp_global"]  # Junos: source is an address
    assert table["juniper_junos"]["l2_interfaces"] == table["cisco_ios"]["l2_interfaces"]  # one inventory feeds both
    assert table["juniper_junos"]["l3_interfaces"] == table["cisco_ios"]["l3_interfaces"]
    assert table["arista_eos"]["vrfs"] == [
        "vrfs[].name",
        "vrfs[].description",
        "vrfs[].rd",
        "vrfs[].route_import[]",
        "vrfs[].route_export[]",
    ]
    assert "static_routes[].vrf" in table["cisco_nxos"]["static_routes"]
    junos_routes = [key for key in table["cisco_nxos"]["static_routes"] if key != "static_routes[].name"]
    assert table["juniper_junos"]["static_routes"] == junos_routes  # Junos routes have no names
    assert "snmp_server.hosts[].community_string" in table["cisco_ios"]["snmp_server"]
    junos_snmp = [key for key in table["cisco_ios"]["snmp_server"] if key != "snmp_server.hosts[].informs"]
    assert table["juniper_junos"]["snmp_server"] == junos_snmp  # trap groups send traps
    assert table["cisco_nxos"]["logging_global"] == ["logging_global.hosts[].hostname"]
    assert "prefix_lists[].prefix_lists[].entries[].le" in table["cisco_nxos"]["prefix_lists"]
    assert "acls[].acls[].aces[].destination.port_protocol.eq" in table["arista_eos"]["acls"]
    assert table["juniper_junos"]["acls"] == table["cisco_ios"]["acls"]  # firewall filters take the whole subset
    assert "prefix_lists[].prefix_lists[].entries[].le" not in table["juniper_junos"]["prefix_lists"]
    assert "bgp_global.neighbors[].update_source" in table["cisco_ios"]["bgp_global"]
    assert table["juniper_junos"]["bgp_global"] == table["cisco_ios"]["bgp_global"]  # Junos: update_source an address
    assert table["cisco_nxos"]["ospfv2"] == [
        "ospfv2.processes[].process_id",
        "ospfv2.processes[].router_id",
        "ospfv2.processes[].passive_interfaces[]",
        "ospfv2.processes[].interfaces[].name",
        "ospfv2.processes[].interfaces[].area",
    ]
    assert "ospfv2.processes[].interfaces[].area" not in table["cisco_ios"]["ospfv2"]
    assert table["juniper_junos"]["ospfv2"] == table["cisco_nxos"]["ospfv2"]  # interfaces per area, no networks
    assert table["cisco_nxos"]["lag_interfaces"] == [
        "lag_interfaces[].name",
        "lag_interfaces[].members[].member",
        "lag_interfaces[].members[].mode",
    ]
    assert "bgp_address_family.address_family[].neighbors[].activate" in table["arista_eos"]["bgp_address_family"]
    assert table["juniper_junos"]["lag_interfaces"] == table["cisco_nxos"]["lag_interfaces"]
    assert table["juniper_junos"]["bgp_address_family"] == [
        "bgp_address_family.as_number",
        "bgp_address_family.address_family[].afi",
        "bgp_address_family.address_family[].safi",
    ]
    one = cli("features", "--json", "--platform", "arista_eos")
    assert list(json.loads(one.stdout)) == ["arista_eos"]


def test_unknown_platform_is_refused_and_human_output_is_a_table() -> None:
    refused = cli("features", "--platform", "cisco_xr")
    assert refused.returncode == 1 and "unknown platform 'cisco_xr'" in refused.stderr
    shown = cli("features", "-p", "cisco_ios")
    assert shown.returncode == 0 and "l2_interfaces[].trunk.native_vlan" in shown.stdout.replace("\n", " ")


def test_every_schema_key_is_a_feature_and_every_declared_section_is_implemented() -> None:
    assert sorted(feature.data_key for feature in FEATURES) == sorted(IntendedState.model_fields)
    for name in platform_names():
        platform = get_platform(name)
        assert platform is not None and platform.sections <= set(IntendedState.model_fields)
        if isinstance(platform, CliPlatform):
            assert all(hasattr(platform, f"gather_{section}") for section in platform.sections), name
