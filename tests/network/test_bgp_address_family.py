"""``bgp_address_family`` on IOS, EOS and NX-OS: the IPv4 unicast families read where each platform keeps them (real
IOS configuration included), and over SSH against the lab: networks and activations changed in the default VRF and
a VRF, the family entered under ``router bgp`` (NX-OS: activation in the ``neighbor`` sub-section), a family
removed under the max-deletes guard, the four states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import BGP_PEER, SEED_BGP_AS
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
        Change("bgp_af_network", "delete", {**family, "prefix": "10.1.0.0/24"}),
        Change("bgp_af_neighbor", "delete", {**family, "neighbor_address": "10.1.1.2"}, {"activate": True}),
        Change("bgp_address_family", "delete", family),
        Change("bgp_global", "delete", {"as_number": 65000}, {"router_id": None}),
    ]
    assert commands_of(render_changes(changes, nxos, NetworkAdapter.top_level)) == ["no router bgp 65000"]
    alone = render_changes(changes[:3], nxos, NetworkAdapter.top_level)  # the family alone: activations first
    assert commands_of(alone) == [
        "router bgp 65000",
        "neighbor 10.1.1.2",
        "no address-family ipv4 unicast",
        "router bgp 65000",
        "no address-family ipv4 unicast",
    ]
    ios = get_platform("cisco_ios")
    assert ios is not None  # IOS: `no address-family` takes the networks and activations with it
    assert commands_of(render_changes(changes[:3], ios, NetworkAdapter.top_level)) == [
        "router bgp 65000",
        "no address-family ipv4",
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
FAMILY_LINE = {"cisco_ios": "address-family ipv4", "arista_eos": "address-family ipv4"}
NETWORK = {
    "cisco_ios": {
        "10.20.0.0/24": "network 10.20.0.0 mask 255.255.255.0",
        "10.40.0.0/16": "network 10.40.0.0 mask 255.255.0.0",
    },
}


def expected_commands(platform: str) -> dict[str, list[str]]:
    """Each entry of the overridden check below and the lines it sends on ``platform``."""
    family = FAMILY_LINE.get(platform, "address-family ipv4 unicast")
    default = [f"router bgp {AS}", family]
    vrf = (
        [f"router bgp {AS}", "address-family ipv4 vrf BLUE"]
        if platform == "cisco_ios"
        else [f"router bgp {AS}", "vrf BLUE", family]
    )

    def network(prefix: str) -> str:
        return NETWORK.get(platform, {}).get(prefix, f"network {prefix}")

    def activation(peer: str, on: bool) -> list[str]:
        if platform == "cisco_nxos":
            return [f"router bgp {AS}", f"neighbor {peer}", family if on else f"no {family}"]
        return [*default, f"neighbor {peer} activate" if on else f"no neighbor {peer} activate"]

    base = f"{AS}__default__ipv4__unicast__"
    return {
        f"{base}10.40.0.0/16": [*default, network("10.40.0.0/16")],
        f"{base}10.1.1.2": activation("10.1.1.2", True),
        f"{base}10.1.1.3": activation("10.1.1.3", False),
        f"{AS}__BLUE__ipv4__unicast__10.31.0.0/24": [
            *vrf,
            "network 10.31.0.0/24" if platform != "cisco_ios" else "network 10.31.0.0 mask 255.255.255.0",
        ],
        f"{base}10.20.0.0/24": [*default, f"no {network('10.20.0.0/24')}"],
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


def prefixes(platform_text: str) -> dict[str | None, list[str]]:
    read = read_bgp_address_family(platform_text) or {"address_family": []}
    return {family["vrf"]: [net["prefix"] for net in family["networks"]] for family in read["address_family"]}


@pytest.mark.lab
@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_bgp_address_family_drift_sync_states_and_guard(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))  # the seed's family in AS SEED_BGP_AS: 10.10.0.0/24, 10.20.0.0/24
    rig.device.state.configure(DEVICE_LINES[platform])
    intended = families(DEFAULT_FAMILY, VRF_FAMILY)
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    commands = {item.change.name: [command.command for command in item.commands] for item in found.changes}
    assert commands == expected_commands(platform)  # each network and activation on its own, deletes last
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
                "neighbors": [
                    {"neighbor_address": "10.1.1.2", "activate": True},
                    *(
                        {"neighbor_address": peer, "activate": False}
                        for peer in (BGP_PEER["neighbor_address"], "10.1.1.3")
                    ),
                ],
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

    # merged adds a network and keeps the family's others; replaced makes the family exactly the data (the VRF's
    # family is not given: left alone); deleted removes just the network listed.
    added = families({"afi": "ipv4", "networks": [{"prefix": "10.50.0.0/24"}]})
    merged = check_device(rig.name, added, rig.params, state="merged", dry_run=False)
    assert not merged.errors and merged.verified, merged.errors
    assert [(item.change.name, item.change.action) for item in merged.changes] == [
        (f"{AS}__default__ipv4__unicast__10.50.0.0/24", "create")
    ]
    only = families({"afi": "ipv4", "networks": [{"prefix": "10.10.0.0/24"}]})
    replaced = check_device(rig.name, only, rig.params, state="replaced")
    assert {(item.change.name.split("__")[-1], item.change.action) for item in replaced.changes} == {
        ("10.40.0.0/16", "delete"),
        ("10.50.0.0/24", "delete"),
        ("10.1.1.2", "delete"),
    }
    with_process = {**only, "bgp_global": {"as_number": AS}}  # the process's own section: its families stay
    replaced_both = check_device(rig.name, with_process, rig.params, state="replaced")
    assert not replaced_both.errors and not any("BLUE" in item.change.name for item in replaced_both.changes)
    one = families({"afi": "ipv4", "networks": [{"prefix": "10.40.0.0/16"}]})
    deleted = check_device(rig.name, one, rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified and len(deleted.changes) == 1, deleted.errors
    assert prefixes(rig.device.state.running_config())[None] == ["10.10.0.0/24", "10.50.0.0/24"]

    # overridden removes the VRF's family (its networks with it), guarded by max-deletes; deleted takes a family
    # listed alone, activations and all.
    guarded = check_device(
        rig.name, families(DEFAULT_FAMILY), rig.params, state="overridden", dry_run=False, max_deletes=0
    )
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    vrf_gone = families({**DEFAULT_FAMILY, "networks": [{"prefix": "10.10.0.0/24"}, {"prefix": "10.50.0.0/24"}]})
    dropped = check_device(rig.name, vrf_gone, rig.params, state="overridden", dry_run=False)
    assert not dropped.errors and dropped.verified and dropped.applied == VRF_DELETE[platform], dropped.errors
    whole = check_device(rig.name, families({"afi": "ipv4"}), rig.params, state="deleted", dry_run=False)
    assert not whole.errors and whole.verified, whole.errors
    assert read_bgp_address_family(rig.device.state.running_config()) == {"as_number": AS, "address_family": []}
