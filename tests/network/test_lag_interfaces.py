"""``lag_interfaces`` on IOS, EOS and NX-OS: port-channels and their members read from ``channel-group`` lines, and
over SSH against the lab: a port moved between channels and re-moded, a channel created before its members join
and removed after they left, the four states and the max-deletes guard."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import port_names
from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device, render_intended
from diffsync_automation.network.errors import IntendedStateError
from diffsync_automation.network.platforms import UnsupportedSection, get_platform
from diffsync_automation.network.render import commands_of, render_changes
from diffsync_automation.network.schema import validate_host_data
from tests.network.conftest import Rig

PORT_CHANNEL = {"cisco_ios": "Port-channel", "arista_eos": "Port-Channel", "cisco_nxos": "port-channel"}


def test_members_are_read_from_channel_group_lines() -> None:
    nxos = get_platform("cisco_nxos")
    assert nxos is not None
    config = (
        "interface port-channel1\n  lacp min-links 2\n\ninterface port-channel2\n\ninterface Ethernet1/2\n  shutdown\n"
        "  channel-group 2\n\ninterface Ethernet1/3\n  channel-group 3 force mode passive\n"
    )
    assert nxos.gather(lambda command: config, frozenset({"lag_interfaces"}))["lag_interfaces"] == [
        {"name": "port-channel1", "members": []},
        {"name": "port-channel2", "members": [{"member": "Ethernet1/2", "mode": "on"}]},
        {"name": "port-channel3", "members": [{"member": "Ethernet1/3", "mode": "passive"}]},
    ]


def test_modes_the_platform_lacks_and_names_that_are_not_channels_are_refused() -> None:
    pagp = {"lag_interfaces": [{"name": "Po1", "members": [{"member": "Ethernet1", "mode": "desirable"}]}]}
    with pytest.raises(UnsupportedSection, match="mode desirable is not available on arista_eos"):
        render_intended("r1", pagp, "arista_eos")
    with pytest.raises(UnsupportedSection, match="GigabitEthernet0/2 is not a port-channel"):
        render_intended("r1", {"lag_interfaces": [{"name": "Gi0/2"}]}, "cisco_ios")
    with pytest.raises(IntendedStateError, match="quote the mode 'on'"):
        validate_host_data("r1", {"lag_interfaces": [{"name": "Po1", "members": [{"member": "Gi0/1", "mode": True}]}]})


def test_members_leave_before_their_port_channel_is_removed() -> None:
    ios = get_platform("cisco_ios")
    assert ios is not None
    changes = [
        Change("lag_interface", "delete", {"name": "Port-channel1"}),
        Change("lag_member", "delete", {"member": "GigabitEthernet0/7"}, {"lag": "Port-channel1", "mode": "active"}),
        Change("lag_interface", "create", {"name": "Port-channel2"}),
        Change("lag_member", "create", {"member": "GigabitEthernet0/8"}, {}, {"lag": "Port-channel2", "mode": "on"}),
    ]
    assert commands_of(render_changes(changes, ios, NetworkAdapter.top_level)) == [
        "interface Port-channel2",
        "interface GigabitEthernet0/8",
        "channel-group 2 mode on",
        "interface GigabitEthernet0/7",
        "no channel-group",
        "no interface Port-channel1",
    ]


def lag(platform: str, number: int, *members: tuple[str, str]) -> dict[str, Any]:
    return {
        "name": f"{PORT_CHANNEL[platform]}{number}",
        "members": [{"member": m, "mode": mode} for m, mode in members],
    }


def joined(platform: str, number: int, mode: str) -> str:
    """The ``channel-group`` line a member shows (NX-OS prints a static member without its mode)."""
    return (
        f"channel-group {number}"
        if platform == "cisco_nxos" and mode == "on"
        else f"channel-group {number} mode {mode}"
    )


@pytest.mark.lab
@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_lag_interfaces_drift_sync_states_and_guard(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))  # the seed: channel 1 with ports 7 and 8 (LACP active)
    ports = port_names(rig.device.platform)[1]
    six, seven, eight = ports[5], ports[6], ports[7]
    po1, po2 = f"{PORT_CHANNEL[platform]}1", f"{PORT_CHANNEL[platform]}2"
    lacp = ["feature lacp"] if platform == "cisco_nxos" else []
    # Port 7 moves to a new channel 2, port 6 joins it statically, port 8 and channel 1 go.
    intended = {"lag_interfaces": [lag(platform, 2, (seven, "active"), (six, "on"))]}
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    assert [(item.change.label, [command.command for command in item.commands]) for item in found.changes] == [
        (f"lag_interface {po2}", [f"interface {po2}"]),
        (f"lag_member {seven}", [*lacp, f"interface {seven}", "no channel-group", "channel-group 2 mode active"]),
        (f"lag_member {six}", [f"interface {six}", joined(platform, 2, "on")]),
        (f"lag_member {eight}", [f"interface {eight}", "no channel-group"]),
        (f"lag_interface {po1}", [f"no interface {po1}"]),
    ]
    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified and synced.before and synced.after, synced.errors
    assert synced.before["lag_interfaces"] == [lag(platform, 1, (seven, "active"), (eight, "active"))]
    assert synced.after["lag_interfaces"] == [lag(platform, 2, (six, "on"), (seven, "active"))]
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # merged re-modes port 6 and leaves port 7; replaced puts the mode left out back to on (port 7, listed as it
    # is, stays: replaced removes the members of a listed channel that the data leaves out).
    merged = check_device(
        rig.name, {"lag_interfaces": [lag(platform, 2, (six, "passive"))]}, rig.params, state="merged", dry_run=False
    )
    assert not merged.errors and merged.verified, merged.errors
    assert merged.applied == [*lacp, f"interface {six}", "no channel-group", "channel-group 2 mode passive"]
    plain = {"lag_interfaces": [{"name": po2, "members": [{"member": six}, {"member": seven, "mode": "active"}]}]}
    replaced = check_device(rig.name, plain, rig.params, state="replaced", dry_run=False)
    assert not replaced.errors and replaced.verified, replaced.errors
    assert replaced.applied == [f"interface {six}", "no channel-group", joined(platform, 2, "on")]

    # Removing the channel counts it and its members; deleted by name takes the members out first.
    guarded = check_device(
        rig.name, {"lag_interfaces": []}, rig.params, state="overridden", dry_run=False, max_deletes=2
    )
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and "would delete 3" in guarded.errors[0].message
    deleted = check_device(rig.name, {"lag_interfaces": [{"name": "Po2"}]}, rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert deleted.applied == [
        f"interface {six}",
        "no channel-group",
        f"interface {seven}",
        "no channel-group",
        f"no interface {po2}",
    ]
    running = rig.device.state.running_config()
    assert "channel-group" not in running and f"interface {po2}" not in running
