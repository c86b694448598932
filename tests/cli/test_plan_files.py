"""Plan files against lab devices over real SSH: plan, review, apply exactly the plan, refuse stale devices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from diffsync_automation.lab import Lab, SimDevice, snapshot
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network import CheckOptions, DeviceConnection, State, check_device
from diffsync_automation.network.planfile import (
    Plan,
    PlanEntry,
    PlanError,
    apply_plan_entry,
    checksum,
    fingerprint,
    load_plan_key,
    plan_device,
)
from diffsync_automation.network.results import DeviceResult

pytestmark = pytest.mark.lab


def configure(device: SimDevice, *lines: str) -> None:
    """Change a device the way an operator would: over SSH, in configuration mode."""
    connection = ConnectHandler(**device.netmiko_params())
    try:
        connection.enable()
        connection.send_config_set(list(lines))
    finally:
        connection.disconnect()


def vlans(device: SimDevice) -> dict[int, str]:
    return {vlan["id"]: vlan["name"] for vlan in snapshot(device.state)["vlans"]}


def apply_entry(entry: PlanEntry, params: dict[str, Any]) -> DeviceResult:
    return apply_plan_entry(entry, DeviceConnection(params), CheckOptions(dry_run=False))


def make_plan(lab: Lab, state: State = State.MERGED) -> Plan:
    entries = []
    for device in lab:
        connection = DeviceConnection(device.netmiko_params())
        result, entry = plan_device(device.name, lab.intended[device.name], connection, CheckOptions(state=state))
        assert not result.errors
        if entry is not None:
            assert entry.commands == result.commands and entry.summary == result.summary
            assert entry.fingerprint == fingerprint(result.before)
            entries.append(entry)
    return Plan(devices=entries)


def test_apply_pushes_exactly_the_planned_commands(lab_factory: LabFactory) -> None:
    lab = lab_factory(2, "mixed")
    plan = Plan.from_json(make_plan(lab).to_json())
    assert [entry.host for entry in plan.devices] == ["sw01", "sw02"]
    assert lab.credentials.password not in plan.to_json()
    for entry, device in zip(plan.devices, lab):
        assert vlans(device)[20] == "SERVERS_OLD"
        result = apply_entry(entry, device.netmiko_params())
        assert not result.errors
        assert result.applied == entry.commands
        assert result.verified is True
        assert vlans(device)[20] == "SERVERS"
        assert vlans(device)[99] == "LEGACY"  # merged never deletes what the data does not list
        assert not check_device(
            device.name, lab.intended[device.name], device.netmiko_params(), state=State.MERGED
        ).changed


def test_overridden_plan_deletes_what_the_data_does_not_list(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    [entry] = make_plan(lab, State.OVERRIDDEN).devices
    assert entry.summary["delete"] == 2
    [device] = lab
    result = apply_entry(Plan.from_json(Plan(devices=[entry]).to_json()).devices[0], device.netmiko_params())
    assert not result.errors and result.verified
    assert 99 not in vlans(device)
    after = check_device(device.name, lab.intended[device.name], device.netmiko_params(), state=State.OVERRIDDEN)
    assert not after.changed


def test_device_changed_after_planning_is_refused(lab_factory: LabFactory) -> None:
    lab = lab_factory(2, "mixed")
    plan = make_plan(lab)
    changed, untouched = list(lab)
    configure(changed, "vlan 77", "name SNEAKY")

    refused = apply_entry(plan.devices[0], changed.netmiko_params())
    applied = apply_entry(plan.devices[1], untouched.netmiko_params())

    assert [error.kind for error in refused.errors] == ["plan_stale"]
    assert "changed since the plan was made" in refused.errors[0].message
    assert not refused.pushed and refused.applied == []
    assert vlans(changed)[20] == "SERVERS_OLD" and vlans(changed)[77] == "SNEAKY"
    assert not applied.errors and vlans(untouched)[20] == "SERVERS"


def test_an_entry_that_no_longer_renders_its_commands_is_refused(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "arista_eos")
    [entry] = make_plan(lab).devices
    [device] = lab
    altered = entry.model_copy(update={"commands": [*entry.commands, "reload"]})
    result = apply_entry(altered, device.netmiko_params())
    assert [error.kind for error in result.errors] == ["plan_stale"]
    assert not result.pushed and vlans(device)[20] == "SERVERS_OLD"


def test_in_sync_device_needs_no_plan_entry(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios", drift=False)
    [device] = lab
    result, entry = plan_device(
        device.name, lab.intended[device.name], DeviceConnection(device.netmiko_params()), CheckOptions()
    )
    assert entry is None and not result.changed and not result.errors


def test_unreachable_device_gets_an_error_and_no_entry(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    [device] = lab
    params = {**device.netmiko_params(), "port": 1}
    result, entry = plan_device(
        device.name, lab.intended[device.name], DeviceConnection(params), CheckOptions(read_timeout=2.0)
    )
    assert entry is None
    assert [error.kind for error in result.errors] == ["unreachable"]
    assert lab.credentials.password not in result.errors[0].message


def altered(text: str, change: Any) -> str:
    data = json.loads(text)
    change(data)
    return json.dumps(data)


def test_altered_or_foreign_plan_files_are_refused(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    text = make_plan(lab).to_json()
    assert Plan.from_json(text).devices[0].host == "sw01"

    def more_commands(data: dict[str, Any]) -> None:
        data["devices"][0]["commands"].append("reload")

    def other_fingerprint(data: dict[str, Any]) -> None:
        data["devices"][0]["fingerprint"] = fingerprint({})

    def unsafe_command_with_a_fresh_checksum(data: dict[str, Any]) -> None:
        data["devices"][0]["commands"][1] = "name " + "\x7f" * 12 + "shutdown"
        data.pop("checksum")
        data["checksum"] = checksum(data)

    for bad, message in [
        (
            altered(text, unsafe_command_with_a_fresh_checksum),
            r"sw01: devices\[0\]\.commands\[1\]: contains the non-printable character U\+007F .* the plan was edited",
        ),
        (altered(text, more_commands), "checksum does not match"),
        (altered(text, other_fingerprint), "checksum does not match"),
        (text[: len(text) // 2], "not a plan file"),
        (json.dumps({"format": "something/else"}), "not a plan file"),
        (altered(text, lambda data: data.pop("checksum")), "checksum does not match"),
    ]:
        with pytest.raises(PlanError, match=message):
            Plan.from_json(bad)


def test_signed_plans_are_refused_unless_signed_with_the_same_key(tmp_path: Path) -> None:
    key = b"plan-key-\x00-s3cret"
    plan = Plan(inventory="inv", devices=[])
    signed = plan.to_json(key)
    assert key.decode() not in signed and Plan.from_json(signed, key).inventory == "inv"
    assert Plan.from_json(signed).inventory == "inv"  # without a key only the checksum is checked

    def resealed(data: dict[str, Any]) -> None:  # an edit whose author recomputed the checksum
        data["inventory"] = "elsewhere"
        body = {name: value for name, value in data.items() if name not in ("checksum", "signature")}
        data["checksum"] = checksum(body)

    for bad, message in [
        (plan.to_json(), "not signed"),
        (plan.to_json(b"another key"), "signature does not match"),
        (altered(signed, resealed), "signature does not match"),
    ]:
        with pytest.raises(PlanError, match=message):
            Plan.from_json(bad, key)

    key_file = tmp_path / "plan.key"
    key_file.write_bytes(key + b"\n")
    assert load_plan_key(key_file) == key
    key_file.write_bytes(b"\n")
    with pytest.raises(PlanError, match="empty"):
        load_plan_key(key_file)


def test_a_secret_only_change_on_the_device_makes_the_plan_stale(lab_factory: LabFactory) -> None:
    """An SNMP community replaced by another (same access, so the same shape once masked) after planning."""
    lab = lab_factory(1, "cisco_ios")
    [device] = lab
    configure(device, "snmp-server community OldC0mm RO")
    data = {**lab.intended[device.name], "snmp_server": {"communities": [{"name": "N3wC0mm", "ro": True}]}}
    connection = DeviceConnection(device.netmiko_params())
    result, entry = plan_device(device.name, data, connection, CheckOptions())
    assert not result.errors and entry is not None
    assert not any(secret in Plan(devices=[entry]).to_json() for secret in ("OldC0mm", "N3wC0mm"))
    configure(device, "no snmp-server community OldC0mm RO", "snmp-server community 0therC0mm RO")
    refused = apply_plan_entry(entry, connection, CheckOptions(dry_run=False), host_data=data)
    assert [error.kind for error in refused.errors] == ["plan_stale"] and not refused.pushed
