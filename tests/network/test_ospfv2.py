"""``ospfv2`` over SSH against the lab on IOS, EOS and NX-OS: processes read as each platform prints them, a
change sent as the lines that differ under ``router ospf N``, the four states and the max-deletes guard."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.check import check_device
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab

DEVICE_LINES: dict[str, list[str]] = {
    "cisco_ios": [
        "router ospf 1",
        "router-id 10.0.0.1",
        "passive-interface Loopback0",
        "network 10.0.0.0 0.0.0.255 area 0",
        "network 10.9.0.0 0.0.255.255 area 9",
        "router ospf 2",
        "router-id 10.0.0.2",
        "end",
    ],
    "arista_eos": [
        "router ospf 1",
        "router-id 10.0.0.1",
        "passive-interface Loopback0",
        "network 10.0.0.0/24 area 0.0.0.0",
        "network 10.9.0.0/16 area 0.0.0.9",
        "router ospf 2",
        "router-id 10.0.0.2",
        "end",
    ],
    "cisco_nxos": [
        "feature ospf",
        "router ospf 1",
        "router-id 10.0.0.1",
        "router ospf 2",
        "router-id 10.0.0.2",
        "interface loopback0",
        "ip router ospf 1 area 0.0.0.9",
        "ip ospf passive-interface",
        "end",
    ],
}
UPDATE = {
    "cisco_ios": [
        "router ospf 1",
        "router-id 10.0.0.9",
        "no passive-interface Loopback0",
        "passive-interface Vlan10",
        "no network 10.9.0.0 0.0.255.255 area 9",
        "network 10.1.0.0 0.0.0.255 area 1",
    ],
    "arista_eos": [
        "router ospf 1",
        "router-id 10.0.0.9",
        "no passive-interface Loopback0",
        "passive-interface Vlan10",
        "no network 10.9.0.0/16 area 0.0.0.9",
        "network 10.1.0.0/24 area 0.0.0.1",
    ],
    "cisco_nxos": [
        "router ospf 1",
        "router-id 10.0.0.9",
        "interface loopback0",
        "no ip router ospf 1 area 0.0.0.9",
        "ip router ospf 1 area 0.0.0.0",
        "no ip ospf passive-interface",
        "interface loopback1",
        "ip router ospf 1 area 0.0.0.1",
        "ip ospf passive-interface",
    ],
}


def intended_ospf(platform: str) -> dict[str, Any]:
    """Process 1 with a new router id, passive Vlan10 instead of Loopback0, area 1 instead of area 9; 2 gone.
    NX-OS sets areas and passive interfaces on the interfaces: loopback0 moves to area 0 and is no longer passive,
    loopback1 (``lo1``: expanded) runs area 1, passive."""
    process: dict[str, Any] = {"process_id": 1, "router_id": "10.0.0.9"}
    if platform == "cisco_nxos":
        process["passive_interfaces"] = ["loopback1"]
        process["interfaces"] = [{"name": "loopback0", "area": 0}, {"name": "lo1", "area": "0.0.0.1"}]
    else:
        process["passive_interfaces"] = ["vlan10"]
        process["networks"] = [{"prefix": "10.0.0.0/24", "area": 0}, {"prefix": "10.1.0.0/24", "area": "0.0.0.1"}]
    return {"ospfv2": {"processes": [process]}}


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_ospfv2_drift_sync_states_and_guard(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))
    rig.unseed("ospfv2")
    rig.device.state.configure(DEVICE_LINES[platform])
    intended = intended_ospf(platform)
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    commands = {item.change.name: [command.command for command in item.commands] for item in found.changes}
    assert commands == {"1": UPDATE[platform], "2": ["no router ospf 2"]}

    guarded = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    assert "router ospf 2" not in rig.device.state.running_config()
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # merged creates a process with what it names; deleted by process id removes it.
    new = {"ospfv2": {"processes": [{"process_id": 7, "router_id": "10.0.0.7"}]}}
    merged = check_device(rig.name, new, rig.params, state="merged", dry_run=False)
    assert not merged.errors and merged.verified, merged.errors
    assert merged.applied[-2:] == ["router ospf 7", "router-id 10.0.0.7"]
    gone = check_device(
        rig.name, {"ospfv2": {"processes": [{"process_id": 7}]}}, rig.params, state="deleted", dry_run=False
    )
    assert not gone.errors and gone.applied == ["no router ospf 7"], gone.errors
    assert (
        "router ospf 7" not in rig.device.state.running_config()
        and "router ospf 1" in rig.device.state.running_config()
    )
