"""Load, diff, render, sync and converge against the lab over real SSH, on both platforms."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from network_helpers import live, normalised, run

from diffsync_automation.lab import Platform, drift_on
from diffsync_automation.network import (
    DeviceAdapter,
    DeviceResult,
    IntendedAdapter,
    NetmikoSession,
    commands_of,
    get_platform,
    render_diff,
)
from diffsync_automation.network.schema import BASE_SECTIONS

pytestmark = pytest.mark.lab


def seeded_counts(platform: Platform) -> dict[str, int]:
    """Changes per action a drift check finds on a seeded device (``diffsync_automation.lab.DRIFT``)."""
    actions = Counter(drift.action for drift in drift_on(platform))
    return {action: actions[action] for action in ("create", "update", "delete")}


def test_diff_finds_the_seeded_drift(rig: Any) -> None:
    result = run(rig, state="overridden")
    assert not result.failed
    counts = {key: result.summary[key] for key in ("create", "update", "delete")}
    assert counts == seeded_counts(rig.platform)
    assert result.diff["vlan"]["20"] == {"-": {"name": "SERVERS_OLD"}, "+": {"name": "SERVERS"}}
    assert "name    intended(SERVERS)    device(SERVERS_OLD)" in result.diff_text
    assert result.changed and result.pushed is False
    assert {change.status for change in result.changes} == {"pending"}


def test_dry_run_leaves_the_device_alone(rig: Any) -> None:
    before = live(rig)
    result = run(rig, state="overridden", dry_run=True)
    assert result.commands and live(rig) == before
    assert result.before is not None and normalised(result.before, *before) == before


def test_sync_converges_and_sends_what_the_dry_run_rendered(rig: Any) -> None:
    planned = run(rig, state="overridden").commands
    result = run(rig, state="overridden", dry_run=False)
    assert not result.failed, result.errors
    assert result.pushed and result.verified is True and result.remaining == {}
    assert result.applied == planned == result.commands
    assert {change.status for change in result.changes} == {"applied"}
    assert live(rig) == normalised(rig.intended, *BASE_SECTIONS)
    assert result.after is not None and normalised(result.after, *BASE_SECTIONS) == live(rig)
    again = run(rig, state="overridden")
    assert again.diff_text == "(no diffs)" and again.commands == [] and not again.changed


def test_device_adapter_syncs_in_one_configuration_session(rig: Any) -> None:
    """The diffsync API: ``device.sync_from(intended)`` pushes everything in one config session."""
    platform = get_platform(rig.platform)
    assert platform is not None

    class Counting(NetmikoSession):
        entered = 0

        def enter_config(self, command: str) -> None:
            Counting.entered += 1
            super().enter_config(command)

    session = Counting.from_params(rig.name, rig.params, read_timeout=10)
    with session:
        device = DeviceAdapter(rig.name, session, platform, sections=list(rig.intended))
        device.load()
        intended = IntendedAdapter(rig.name, rig.intended, platform)
        intended.load()
        rendered = commands_of(render_diff(device.diff_from(intended), platform, device.top_level))
        device.sync_from(intended)
    assert Counting.entered == 1
    assert device.last_push is not None and device.last_push.applied == rendered
    assert device.verification is not None and device.verification.converged
    assert live(rig) == normalised(rig.intended, *BASE_SECTIONS)


def test_vlans_exist_before_ports_join_them_and_go_after_ports_leave(clean_rig: Any) -> None:
    rig = clean_rig
    vlans = [vlan for vlan in rig.intended["vlans"] if vlan["id"] != 30] + [{"id": 50, "name": "CAMERAS"}]
    interfaces = [
        {**intf, "access_vlan": 50} if intf["access_vlan"] == 30 else intf for intf in rig.intended["interfaces"]
    ]
    data = {"vlans": vlans, "interfaces": interfaces}
    result = run(rig, data, state="overridden", dry_run=False)
    assert not result.failed, result.errors
    commands = result.applied
    moved = next(index for index, command in enumerate(commands) if command == "switchport access vlan 50")
    assert commands.index("vlan 50") < moved < commands.index("no vlan 30")
    # The VLAN kept the intended name: it was not auto-created by the port on IOS.
    assert rig.device.state.vlans[50] == "CAMERAS" and 30 not in rig.device.state.vlans
    assert run(rig, data, state="overridden").commands == []


def test_hostname_change_is_pushed_and_verified(clean_rig: Any) -> None:
    rig = clean_rig
    data = {"device_hostname": "core-7", "ntp_global": {"servers": [{"server": "192.0.2.55"}]}}
    result = run(rig, data, state="overridden", dry_run=False)
    assert not result.failed, result.errors
    assert result.commands == [
        "hostname core-7",
        "ntp server 192.0.2.55",
        "no ntp server 192.0.2.123",
        "no ntp server 192.0.2.124",
    ]
    assert result.verified and rig.device.state.hostname == "core-7"
    assert result.after == {
        "device_hostname": "core-7",
        "ntp_global": {
            "servers": [{"server": "192.0.2.55", "vrf": None, "prefer": False, "key_id": None}],
            "source": None,
        },
    }


def test_unmanaged_sections_are_neither_read_nor_changed(rig: Any) -> None:
    before = live(rig)
    data = {"ntp_global": {"servers": [{"server": "192.0.2.123"}, {"server": "192.0.2.124"}]}}
    result = run(rig, data, state="overridden", dry_run=False)
    assert result.managed == ["ntp_global"] and list(result.before or {}) == ["ntp_global"]
    assert result.commands == ["ntp server 192.0.2.124"]
    after = live(rig)
    assert {key: value for key, value in after.items() if key != "ntp_global"} == {
        key: value for key, value in before.items() if key != "ntp_global"
    }


def test_result_is_plain_json_without_secrets(rig: Any) -> None:
    synced = json.dumps(run(rig, state="overridden", dry_run=False).to_dict())
    rig.device.set_faults(reject_login=True)
    refused = json.dumps(run(rig, dry_run=False).to_dict())
    credentials = rig.device.credentials
    for text in (synced, refused):
        assert credentials.password not in text and credentials.secret not in text
    assert json.loads(synced)["changes"][0]["status"] == "applied"
    assert set(json.loads(synced)) >= {"host", "summary", "diff", "commands", "applied", "errors", "before", "after"}
    assert json.loads(refused)["errors"][0]["kind"] == "authentication"


def test_error_messages_are_scrubbed_of_secrets() -> None:
    result = DeviceResult("sw1")
    result.add_error("connection_lost", "login as admin/hunter2 failed", secrets=["hunter2", ""])
    assert result.errors[0].message == "login as admin/*** failed"


def test_a_session_can_be_passed_in_and_is_left_open(rig: Any) -> None:
    """The Nornir plugin passes its own connection: check_device must not close it."""
    from netmiko import ConnectHandler

    conn = ConnectHandler(**rig.params)
    try:
        result = run(rig, connection_factory=lambda: conn, platform=rig.platform, owns_connection=False)
        assert not result.failed and result.summary["update"] == seeded_counts(rig.platform)["update"]
        assert conn.is_alive()
        assert "VLAN" in conn.send_command("show vlan")
    finally:
        conn.disconnect()
