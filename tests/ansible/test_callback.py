"""The drift_report callback's mapping from task results to report entries (the files are tested in
test_playbooks.py, where real runs write them)."""

from __future__ import annotations

from ansible_collections.diffsync.automation.plugins.callback.drift_report import device_entry
from diffsync_automation.report.model import DeviceStatus

SUMMARY = {"create": 1, "update": 2, "delete": 0, "no-change": 3, "skip": 0}


def test_unreachable_result_without_drift_data_is_an_error() -> None:
    entry = device_entry("sw03", {"unreachable": True, "msg": "host sw03: could not open an SSH connection"})
    assert entry.status is DeviceStatus.ERROR
    assert (entry.errors[0].kind, entry.errors[0].message) == (
        "unreachable",
        "host sw03: could not open an SSH connection",
    )


def test_argument_failure_keeps_its_kind() -> None:
    entry = device_entry("sw01", {"failed": True, "error_kind": "arguments", "msg": "host sw01: no username"})
    assert (entry.status, entry.errors[0].kind) == (DeviceStatus.ERROR, "arguments")


def test_check_mode_drift_and_the_structured_diff() -> None:
    result = {
        "changed": True,
        "dry_run": True,
        "platform": "cisco_ios",
        "state": "overridden",
        "summary": SUMMARY,
        "structured_diff": {"vlan": {"20": {"+": {"name": "SERVERS"}, "-": {"name": "OLD"}}}},
        "diff": [{"before": {}, "after": {}}],
        "commands": ["vlan 20", "name SERVERS"],
        "errors": [],
    }
    entry = device_entry("sw01", result, duration_s=0.5)
    assert (entry.status, entry.platform, entry.state, entry.duration_s) == (
        DeviceStatus.DRIFT,
        "cisco_ios",
        "overridden",
        0.5,
    )
    assert entry.diff == result["structured_diff"] and entry.commands == ["vlan 20", "name SERVERS"]


def test_fail_on_drift_is_drift_not_an_error() -> None:
    result = {"failed": True, "error_kind": "drift", "msg": "drift found", "dry_run": True, "summary": SUMMARY}
    assert device_entry("sw01", result).status is DeviceStatus.DRIFT


def test_device_errors_and_refused_generic_syncs_are_errors() -> None:
    rejected = {
        "failed": True,
        "dry_run": False,
        "summary": SUMMARY,
        "errors": [{"kind": "config_rejected", "message": "host sw02: the device rejected 'x'"}],
        "applied": ["vlan 20"],
        "failed_commands": ["x"],
    }
    entry = device_entry("sw02", rejected)
    assert (entry.status, entry.errors[0].kind, entry.failed_commands) == (DeviceStatus.ERROR, "config_rejected", ["x"])
    refused = {"failed": True, "dry_run": False, "summary": SUMMARY, "error_kind": "max_deletes", "msg": "too many"}
    entry = device_entry("localhost", refused)
    assert (entry.status, entry.errors[0].kind, entry.errors[0].message) == (
        DeviceStatus.ERROR,
        "max_deletes",
        "too many",
    )


def test_synced_and_in_sync() -> None:
    synced = device_entry("sw01", {"changed": True, "dry_run": False, "summary": SUMMARY, "remaining": {}})
    in_sync = device_entry("sw01", {"changed": False, "dry_run": False, "summary": {"no-change": 4}})
    assert (synced.status, in_sync.status) == (DeviceStatus.SYNCED, DeviceStatus.IN_SYNC)
