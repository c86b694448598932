"""``bgp_global`` over SSH against the lab on IOS, EOS and NX-OS: the process and its neighbours read as each
platform prints them, drift named per neighbour, the ``router bgp`` line before neighbour settings (NX-OS in
``neighbor`` sub-sections), an ASN change as remove-then-create under the max-deletes guard, the four states."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.check import check_device
from diffsync_automation.network.platforms.bgp import read_bgp_global
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab

# A BGP process an operator left on each device, in the form the platform prints it.
DEVICE_LINES: dict[str, list[str]] = {
    "cisco_ios": [
        "router bgp 65000",
        "bgp router-id 10.0.0.1",
        "neighbor 10.1.1.2 remote-as 65001",
        "neighbor 10.1.1.2 description old-peer",
        "neighbor 10.1.1.3 remote-as 65003",
        "neighbor 10.1.1.3 shutdown",
        "end",
    ],
    "arista_eos": [
        "router bgp 65000",
        "router-id 10.0.0.1",
        "neighbor 10.1.1.2 remote-as 65001",
        "neighbor 10.1.1.2 description old-peer",
        "neighbor 10.1.1.3 remote-as 65003",
        "neighbor 10.1.1.3 shutdown",
        "end",
    ],
    "cisco_nxos": [
        "feature bgp",
        "router bgp 65000",
        "router-id 10.0.0.1",
        "neighbor 10.1.1.2",
        "remote-as 65001",
        "description old-peer",
        "neighbor 10.1.1.3",
        "remote-as 65003",
        "shutdown",
        "end",
    ],
}
PEER_UPDATE = {
    "cisco_ios": [
        "router bgp 65000",
        "neighbor 10.1.1.2 description core-1",
        "neighbor 10.1.1.2 update-source Loopback0",
    ],
    "arista_eos": [
        "router bgp 65000",
        "neighbor 10.1.1.2 description core-1",
        "neighbor 10.1.1.2 update-source Loopback0",
    ],
    "cisco_nxos": ["router bgp 65000", "neighbor 10.1.1.2", "description core-1", "update-source loopback0"],
}
NEW_PEER = {
    "cisco_ios": ["router bgp 65000", "neighbor 10.1.1.4 remote-as 65004", "neighbor 10.1.1.4 shutdown"],
    "arista_eos": ["router bgp 65000", "neighbor 10.1.1.4 remote-as 65004", "neighbor 10.1.1.4 shutdown"],
    "cisco_nxos": ["router bgp 65000", "neighbor 10.1.1.4", "remote-as 65004", "shutdown"],
}
REFUSAL = {
    "cisco_ios": "BGP is already running; AS is 65000",
    "arista_eos": "% BGP is already running with AS number 65000",
}
ROUTER_ID = {"cisco_ios": "bgp router-id", "arista_eos": "router-id", "cisco_nxos": "router-id"}


def intended_bgp(as_number: int = 65000) -> dict[str, Any]:
    """Router id changed, peer .2 with a new description and update source, .3 gone, .4 new and shut."""
    neighbors = [
        {
            "neighbor_address": "10.1.1.2",
            "remote_as": 65001,
            "description": "core-1",
            "update_source": "Loopback0",
        },
        {"neighbor_address": "10.1.1.4", "remote_as": 65004, "shutdown": True},
    ]
    return {"bgp_global": {"as_number": as_number, "bgp": {"router_id": "10.0.0.9"}, "neighbors": neighbors}}


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_bgp_global_drift_sync_states_and_guard(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))
    rig.unseed("bgp_global")
    rig.device.state.configure(DEVICE_LINES[platform])
    intended = intended_bgp()
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    by_object = {(item.change.model, item.change.name): item for item in found.changes}
    assert sorted((model, name, item.change.action) for (model, name), item in by_object.items()) == [
        ("bgp_global", "65000", "update"),
        ("bgp_neighbor", "65000__10.1.1.2", "update"),
        ("bgp_neighbor", "65000__10.1.1.3", "delete"),
        ("bgp_neighbor", "65000__10.1.1.4", "create"),
    ]
    commands = {key: [command.command for command in item.commands] for key, item in by_object.items()}
    assert commands[("bgp_global", "65000")] == ["router bgp 65000", f"{ROUTER_ID[platform]} 10.0.0.9"]
    assert commands[("bgp_neighbor", "65000__10.1.1.2")] == PEER_UPDATE[platform]
    assert commands[("bgp_neighbor", "65000__10.1.1.3")] == ["router bgp 65000", "no neighbor 10.1.1.3"]
    assert commands[("bgp_neighbor", "65000__10.1.1.4")] == NEW_PEER[platform]

    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    running = rig.device.state.running_config()
    assert "10.1.1.3" not in running and "core-1" in running and "old-peer" not in running
    assert read_bgp_global(running) == {
        "as_number": 65000,
        "bgp": {"router_id": "10.0.0.9"},
        "neighbors": [
            {
                "neighbor_address": "10.1.1.2",
                "remote_as": 65001,
                "description": "core-1",
                "update_source": "loopback0" if platform == "cisco_nxos" else "Loopback0",
            },
            {"neighbor_address": "10.1.1.4", "remote_as": 65004, "shutdown": True},
        ],
    }
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # A new ASN is a new process: the old one (its neighbours with it) goes first, guarded by max-deletes.
    moved = intended_bgp(65100)
    if platform in REFUSAL:  # replaced leaves the old process in place: the device refuses a second one
        refused = check_device(rig.name, moved, rig.params, state="replaced", dry_run=False)
        assert [error.kind for error in refused.errors] == ["config_rejected"] and REFUSAL[platform] in str(
            refused.errors[0]
        )
        assert "router bgp 65100" not in rig.device.state.running_config()
    guarded = check_device(rig.name, moved, rig.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    renumbered = check_device(rig.name, moved, rig.params, state="overridden", dry_run=False)
    assert not renumbered.errors and renumbered.verified, renumbered.errors
    assert renumbered.applied[0] == "no router bgp 65000"
    assert "router bgp 65000" not in rig.device.state.running_config()

    # merged touches only what it names; deleted by address removes one peer, by ASN alone the process.
    merged = check_device(
        rig.name,
        {"bgp_global": {"as_number": 65100, "neighbors": [{"neighbor_address": "10.1.1.4", "shutdown": False}]}},
        rig.params,
        state="merged",
        dry_run=False,
    )
    assert not merged.errors and merged.verified and len(merged.changes) == 1, merged.errors
    peer = {"bgp_global": {"as_number": 65100, "neighbors": [{"neighbor_address": "10.1.1.2"}]}}
    deleted = check_device(rig.name, peer, rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert deleted.applied == ["router bgp 65100", "no neighbor 10.1.1.2"]
    process = check_device(rig.name, {"bgp_global": {"as_number": 65100}}, rig.params, state="deleted", dry_run=False)
    assert not process.errors and process.applied == ["no router bgp 65100"], process.errors
    assert "router bgp" not in rig.device.state.running_config()
