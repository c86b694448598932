"""``bgp_address_family`` on IOS, EOS and NX-OS: the IPv4 unicast families read where each platform keeps them (real
IOS configuration included), and over SSH against the lab: networks and activations changed in the default VRF and
a VRF, the family entered under ``router bgp`` (NX-OS: activation in the ``neighbor`` sub-section), a family
removed under the max-deletes guard, the four states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import SEED_BGP_AS
from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device
from diffsync_automation.network.errors import IntendedStateError
from diffsync_automation.network.platforms import get_platform
from diffsync_automation.network.platforms.bgp import read_bgp_address_family
from diffsync_automation.network.render import commands_of, render_changes
from diffsync_automation.network.schema import validate_host_data
from tests.network.conftest import Rig

FIXTURES = Path(__file__).parents[1] / "lab/fixtures"
AS = SEED_BGP_AS


def test_families_are_read_as_each_platform_prints_them() -> None:
    # NAPALM's real IOS section: activations in `address-family ipv4`, peer groups' lines left alone.
    ios = read_bgp_address_family((FIXTURES / "cisco_ios/running_config_router_bgp.raw").read_text())
    assert ios == {
        "as_number": 65001,
        "address_family": [
            {
                "afi": "ipv4",
                "safi": "unicast",
                "vrf": None,
                "networks": [],
                "neighbors": [
                    {"neighbor_address": "10.0.0.3", "activate": True},
                    {"neighbor_address": "10.0.0.5", "activate": True},
                ],
            }
        ],
    }
    classful = "router bgp 1\n address-family ipv4 vrf RED\n  network 172.16.0.0\n  network 10.1.0.0 mask 255.255.0.0\n"
    assert read_bgp_address_family(classful)["address_family"][0]["networks"] == [  # type: ignore[index]
        {"prefix": "172.16.0.0/16"},
        {"prefix": "10.1.0.0/16"},
    ]
    nxos = (
        "router bgp 65000\n  address-family ipv4 unicast\n    network 10.1.0.0/24\n  address-family ipv6 unicast\n"
        "    network 2001:db8::/32\n  neighbor 10.1.1.2\n    remote-as 65001\n    address-family ipv4 unicast\n"
        "      send-community\n  vrf BLUE\n    address-family ipv4 unicast\n      network 10.2.0.0/24\n"
    )
    families = read_bgp_address_family(nxos)["address_family"]  # type: ignore[index]
    assert [(family["vrf"], family["networks"], family["neighbors"]) for family in families] == [
        (None, [{"prefix": "10.1.0.0/24"}], [{"neighbor_address": "10.1.1.2", "activate": True}]),
        ("BLUE", [{"prefix": "10.2.0.0/24"}], []),
    ]
    assert read_bgp_address_family("hostname r1\n") is None


def test_schema_problems_name_the_path() -> None:
    data: dict[str, Any] = {
        "bgp_address_family": {
            "as_number": 65000,
            "address_family": [
                {"afi": "ipv4", "vrf": "BLUE", "neighbors": [{"neighbor_address": "10.1.1.2"}]},
                {
                    "afi": "ipv4",
                    "networks": [{"prefix": "10.1.0.1/24"}, {"address": "10.1.0.0", "prefix": "10.1.0.0/24"}],
                },
                {"afi": "ipv6"},
            ],
        }
    }
    with pytest.raises(IntendedStateError) as caught:
        validate_host_data("r1", data)
    messages = {problem.path: problem.message for problem in caught.value.problems}
    assert "default VRF only" in messages["bgp_address_family.address_family[0]"]
    assert "host bits" in messages["bgp_address_family.address_family[1].networks[0].prefix"]
    assert "not both" in messages["bgp_address_family.address_family[1].networks[1]"]
    assert "bgp_address_family.address_family[2].afi" in messages
    mask = {
        "as_number": 1,
        "address_family": [{"afi": "ipv4", "networks": [{"address": "10.1.0.0", "mask": "255.0.0.0"}]}],
    }
    with pytest.raises(IntendedStateError, match="without host bits"):
        validate_host_data("r1", {"bgp_address_family": mask})


def test_a_removed_process_takes_its_families_with_it() -> None:
    nxos = get_platform("cisco_nxos")
    assert nxos is not None
    family = {"as_number": 65000, "vrf": "default", "afi": "ipv4", "safi": "unicast"}
    changes = [
        Change("bgp_address_family", "delete", family, {"networks": ["10.1.0.0/24"], "neighbors": ["10.1.1.2"]}),
        Change("bgp_global", "delete", {"as_number": 65000}, {"router_id": None}),
    ]
    assert commands_of(render_changes(changes, nxos, NetworkAdapter.top_level)) == ["no router bgp 65000"]
    alone = render_changes(changes[:1], nxos, NetworkAdapter.top_level)  # the family alone: activations first
    assert commands_of(alone) == [
        "router bgp 65000",
        "neighbor 10.1.1.2",
        "no address-family ipv4 unicast",
        "router bgp 65000",
        "no address-family ipv4 unicast",
    ]


# Two neighbours (.3 activated in IPv4 unicast) and VRF BLUE's family, as an operator left them.
DEVICE_LINES: dict[str, list[str]] = {
    "cisco_ios": [
        "vrf definition BLUE",
        "rd 65000:1",
        "address-family ipv4",
        f"router bgp {AS}",
        "neighbor 10.1.1.2 remote-as 65001",
        "neighbor 10.1.1.3 remote-as 65003",
        "address-family ipv4",
        "neighbor 10.1.1.3 activate",
        "address-family ipv4 vrf BLUE",
        "network 10.30.0.0 mask 255.255.255.0",
        "end",
    ],
    "arista_eos": [
        "vrf instance BLUE",
        f"router bgp {AS}",
        "neighbor 10.1.1.2 remote-as 65001",
        "neighbor 10.1.1.3 remote-as 65003",
        "address-family ipv4",
        "neighbor 10.1.1.3 activate",
        "vrf BLUE",
        "address-family ipv4",
        "network 10.30.0.0/24",
        "end",
    ],
    "cisco_nxos": [
        "vrf context BLUE",
        f"router bgp {AS}",
        "neighbor 10.1.1.2",
        "remote-as 65001",
        "neighbor 10.1.1.3",
        "remote-as 65003",
        "address-family ipv4 unicast",
        f"router bgp {AS}",
        "vrf BLUE",
        "address-family ipv4 unicast",
        "network 10.30.0.0/24",
        "end",
    ],
}
DEFAULT_UPDATE = {
    "cisco_ios": [
        f"router bgp {AS}",
        "address-family ipv4",
        "no network 10.20.0.0 mask 255.255.255.0",
        "network 10.40.0.0 mask 255.255.0.0",
        "no neighbor 10.1.1.3 activate",
        "neighbor 10.1.1.2 activate",
    ],
    "arista_eos": [
        f"router bgp {AS}",
        "address-family ipv4",
        "no network 10.20.0.0/24",
        "network 10.40.0.0/16",
        "no neighbor 10.1.1.3 activate",
        "neighbor 10.1.1.2 activate",
    ],
    "cisco_nxos": [
        f"router bgp {AS}",
        "address-family ipv4 unicast",
        "no network 10.20.0.0/24",
        "network 10.40.0.0/16",
        f"router bgp {AS}",
        "neighbor 10.1.1.3",
        "no address-family ipv4 unicast",
        f"router bgp {AS}",
        "neighbor 10.1.1.2",
        "address-family ipv4 unicast",
    ],
}
VRF_UPDATE = {
    "cisco_ios": [f"router bgp {AS}", "address-family ipv4 vrf BLUE", "network 10.31.0.0 mask 255.255.255.0"],
    "arista_eos": [f"router bgp {AS}", "vrf BLUE", "address-family ipv4", "network 10.31.0.0/24"],
    "cisco_nxos": [f"router bgp {AS}", "vrf BLUE", "address-family ipv4 unicast", "network 10.31.0.0/24"],
}
VRF_DELETE = {
    "cisco_ios": [f"router bgp {AS}", "no address-family ipv4 vrf BLUE"],
    "arista_eos": [f"router bgp {AS}", "vrf BLUE", "no address-family ipv4"],
    "cisco_nxos": [f"router bgp {AS}", "vrf BLUE", "no address-family ipv4 unicast"],
}


def families(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"bgp_address_family": {"as_number": AS, "address_family": list(entries)}}


DEFAULT_FAMILY: dict[str, Any] = {
    "afi": "ipv4",
    "safi": "unicast",
    "networks": [{"prefix": "10.10.0.0/24"}, {"address": "10.40.0.0", "mask": "255.255.0.0"}],
    "neighbors": [{"neighbor_address": "10.1.1.2"}, {"neighbor_address": "10.1.1.3", "activate": False}],
}
VRF_FAMILY: dict[str, Any] = {
    "afi": "ipv4",
    "vrf": "BLUE",
    "networks": [{"prefix": "10.30.0.0/24"}, {"prefix": "10.31.0.0/24"}],
}


@pytest.mark.lab
@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_bgp_address_family_drift_sync_states_and_guard(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))  # the seed's family in AS SEED_BGP_AS: 10.10.0.0/24, 10.20.0.0/24
    rig.device.state.configure(DEVICE_LINES[platform])
    intended = families(DEFAULT_FAMILY, VRF_FAMILY)
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    commands = {item.change.name: [command.command for command in item.commands] for item in found.changes}
    assert commands == {
        f"{AS}__default__ipv4__unicast": DEFAULT_UPDATE[platform],
        f"{AS}__BLUE__ipv4__unicast": VRF_UPDATE[platform],
    }
    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert read_bgp_address_family(rig.device.state.running_config()) == {
        "as_number": AS,
        "address_family": [
            {
                "afi": "ipv4",
                "safi": "unicast",
                "vrf": None,
                "networks": [{"prefix": "10.10.0.0/24"}, {"prefix": "10.40.0.0/16"}],
                "neighbors": [{"neighbor_address": "10.1.1.2", "activate": True}],
            },
            {
                "afi": "ipv4",
                "safi": "unicast",
                "vrf": "BLUE",
                "networks": [{"prefix": "10.30.0.0/24"}, {"prefix": "10.31.0.0/24"}],
                "neighbors": [],
            },
        ],
    }
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # replaced leaves the VRF's family alone; overridden removes it, guarded by max-deletes.
    replaced = check_device(rig.name, families({**DEFAULT_FAMILY, "networks": []}), rig.params, state="replaced")
    assert [item.change.name for item in replaced.changes] == [f"{AS}__default__ipv4__unicast"]
    guarded = check_device(
        rig.name, families(DEFAULT_FAMILY), rig.params, state="overridden", dry_run=False, max_deletes=0
    )
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    dropped = check_device(rig.name, families(DEFAULT_FAMILY), rig.params, state="overridden", dry_run=False)
    assert not dropped.errors and dropped.verified and dropped.applied == VRF_DELETE[platform], dropped.errors

    # merged compares only the lists given: activations change, networks stay; deleted removes the family.
    activations = {"afi": "ipv4", "neighbors": [{"neighbor_address": "10.1.1.3"}]}
    merged = check_device(rig.name, families(activations), rig.params, state="merged", dry_run=False)
    assert not merged.errors and merged.verified, merged.errors
    running = rig.device.state.running_config()
    assert "10.10.0.0" in running and "10.40.0.0" in running
    deleted = check_device(rig.name, families({"afi": "ipv4"}), rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert read_bgp_address_family(rig.device.state.running_config()) == {"as_number": AS, "address_family": []}
