"""Reading the live state: what the device adapter parses from the lab's real show output over SSH."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Any

import pytest
from network_helpers import by_name, live
from ntc_templates.parse import parse_output

from diffsync_automation.lab import StaticRoute
from diffsync_automation.network import DeviceAdapter, DeviceDataError, NetmikoSession, get_platform
from diffsync_automation.network.platforms import UnreadableOutput, UnsupportedSection, parse_table
from diffsync_automation.network.platforms.bgp import read_bgp_global

pytestmark = pytest.mark.lab


def gather(rig: Any, sections: set[str] | None = None) -> dict[str, Any]:
    platform = get_platform(rig.platform)
    assert platform is not None
    with NetmikoSession.from_params(rig.name, rig.params, read_timeout=10) as session:
        device = DeviceAdapter(rig.name, session, platform, sections)
        device.load()
        assert device.gathered is not None
        return device.gathered.plain()


def comparable(state: dict[str, Any]) -> dict[str, Any]:
    """Order-independent form: lists sorted, interfaces keyed by name."""
    return {
        "device_hostname": state["device_hostname"],
        "vlans": sorted((vlan["id"], vlan["name"]) for vlan in state["vlans"]),
        "interfaces": by_name(state["interfaces"]),
        "ntp_global": sorted((server["vrf"], server["server"]) for server in state["ntp_global"]["servers"]),
        "static_routes": sorted(
            (route["prefix"], route["next_hop"], route["distance"]) for route in state["static_routes"]
        ),
    }


def test_gathered_state_equals_the_device_state(rig: Any) -> None:
    assert comparable(gather(rig)) == comparable(live(rig))


def test_parsing_keeps_what_show_tables_would_lose(rig: Any) -> None:
    state = rig.device.state
    port = sorted(state.interfaces)[1]
    backup = StaticRoute(IPv4Network("0.0.0.0/0"), IPv4Address("172.16.0.9"), 200)
    state.configure(
        [
            f"interface {port}",
            "description to core 1, rack B",  # longer than the status table column
            "no switchport",  # routed physical port
            "interface Loopback0",
            "description router id",
            "shutdown",
            "mtu 1400",
            # A backup default route: configured, but not in the routing table (a better one exists).
            state.dialect.route_line(backup),
            "vlan 42",
            "name VOICE-2",
        ]
    )
    gathered = comparable(gather(rig))
    assert gathered == comparable(live(rig))
    assert gathered["interfaces"][port]["description"] == "to core 1, rack B"
    assert gathered["interfaces"][port]["access_vlan"] is None
    assert gathered["interfaces"]["Loopback0"] == {
        "name": "Loopback0",
        "description": "router id",
        "enabled": False,
        "access_vlan": None,
        "mtu": 1400,
        "speed": None,
        "duplex": None,
    }
    assert ("0.0.0.0/0", "172.16.0.9", 200) in gathered["static_routes"]


def test_only_the_managed_sections_are_read(rig: Any) -> None:
    gathered = gather(rig, {"vlans", "ntp_global"})
    assert set(gathered) == {"vlans", "ntp_global"}
    assert gathered["ntp_global"] == live(rig)["ntp_global"]


def test_offline_parse_of_saved_output_matches_the_live_read(rig: Any) -> None:
    """Ansible's ``parsed``: the same parsers run on saved show output, without a device."""
    platform = get_platform(rig.platform)
    assert platform is not None
    with NetmikoSession.from_params(rig.name, rig.params, read_timeout=10) as session:
        saved = {command: session.show(command) for command in ("show vlan", "show running-config")}
    offline = platform.gather(saved.__getitem__, frozenset(live(rig)))
    assert comparable(offline) == comparable(live(rig))


def test_cached_templates_parse_like_ntc_templates(rig: Any) -> None:
    with NetmikoSession.from_params(rig.name, rig.params, read_timeout=10) as session:
        output = session.show("show vlan")
    ours = parse_table(rig.platform, "show vlan", output)
    assert ours == parse_output(platform=rig.platform, command="show vlan", data=output)
    assert {int(row["vlan_id"]) for row in ours} == set(rig.device.state.vlans)


class SavedOutput:
    """A session replaying saved show output (as Ansible's ``parsed`` does); nothing else is needed to load."""

    host = "sw9"
    usable = True

    def __init__(self, outputs: dict[str, str]) -> None:
        self.outputs = outputs

    def show(self, command: str) -> str:
        return self.outputs[command]


def test_output_the_templates_cannot_read_is_a_device_data_error() -> None:
    platform = get_platform("arista_eos")
    assert platform is not None
    garbled = "VLAN  Name    Status    Ports\n----- ------- --------- -----\nten   USERS   active\n"
    device = DeviceAdapter("sw9", SavedOutput({"show vlan": garbled}), platform, {"vlans"})  # type: ignore[arg-type]
    with pytest.raises(DeviceDataError) as caught:
        device.load()
    assert str(caught.value).startswith("host sw9: 'show vlan' output does not match its ntc-template")
    with pytest.raises(UnreadableOutput, match="no template"):
        parse_table("arista_eos", "show ntp associations detail", "")


def test_acl_entries_outside_the_subset_are_refused_with_the_line() -> None:
    ios = get_platform("cisco_ios")
    assert ios is not None
    config = "ip access-list extended WEB\n 10 permit tcp any any eq www\n 20 permit tcp any any range 1 10\n"
    with pytest.raises(UnsupportedSection, match="acl WEB: cannot read the entry '20 permit tcp any any range 1 10'"):
        ios.gather(lambda command: config, frozenset({"acls"}))
    readable = "ip access-list extended WEB\n statistics per-entry\n 10 permit tcp any any eq www\n"
    assert ios.gather(lambda command: readable, frozenset({"acls"}))["acls"][0]["acls"][0]["aces"] == [
        {
            "sequence": 10,
            "grant": "permit",
            "protocol": "tcp",
            "source": {"any": True},
            "destination": {"any": True, "port_protocol": {"eq": 80}},
        }
    ]


def test_bgp_reads_the_process_lines_apart_from_vrfs_and_address_families() -> None:
    nxos, ios = get_platform("cisco_nxos"), get_platform("cisco_ios")
    assert nxos is not None and ios is not None
    nxos_config = (
        "feature bgp\nrouter bgp 65010\n  router-id 10.0.0.5\n  log-neighbor-changes\n  neighbor 10.2.0.1\n"
        "    remote-as 65011\n    description spine-1\n    password 3 0123abcd\n    address-family ipv4 unicast\n"
        "      send-community\n  neighbor 10.2.0.2 remote-as 65012\n    shutdown\n  vrf RED\n    neighbor 10.9.0.1\n"
        "      remote-as 65099\n      description red-peer\n"
    )
    assert nxos.gather(lambda command: nxos_config, frozenset({"bgp_global"}))["bgp_global"] == {
        "as_number": 65010,
        "bgp": {"router_id": "10.0.0.5"},
        "neighbors": [
            {"neighbor_address": "10.2.0.1", "remote_as": 65011, "description": "spine-1"},
            {"neighbor_address": "10.2.0.2", "remote_as": 65012, "shutdown": True},
        ],
    }
    ios_config = (
        "router bgp 65020\n bgp router-id 10.0.0.6\n neighbor EDGE peer-group\n neighbor 10.3.0.1 remote-as 65021\n"
        " neighbor 10.3.0.1 update-source Loopback0\n neighbor 10.3.0.2 peer-group EDGE\n !\n address-family ipv4\n"
        "  neighbor 10.3.0.1 activate\n exit-address-family\n!\nip route 0.0.0.0 0.0.0.0 10.3.0.1\n"
    )
    assert ios.gather(lambda command: ios_config, frozenset({"bgp_global"}))["bgp_global"] == {
        "as_number": 65020,
        "bgp": {"router_id": "10.0.0.6"},
        "neighbors": [
            {"neighbor_address": "10.3.0.1", "remote_as": 65021, "update_source": "Loopback0"},
            {"neighbor_address": "10.3.0.2"},
        ],
    }
    assert ios.gather(lambda command: "hostname r1\n", frozenset({"bgp_global"}))["bgp_global"] is None
    # A real EOS section (NAPALM's mocked data): peer groups and IPv6 neighbours are left alone.
    eos_section = (
        Path(__file__).parents[1] / "lab/fixtures/arista_eos/show_running_config_section_router_bgp.raw"
    ).read_text()
    assert read_bgp_global(eos_section) == {
        "as_number": 13335,
        "bgp": {"router_id": None},
        "neighbors": [
            {"neighbor_address": "192.168.0.1", "remote_as": 32934},
            {"neighbor_address": "172.17.17.1", "remote_as": 13414},
        ],
    }
