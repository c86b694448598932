"""Secrets in configuration compliance: a plan's remediation is refused at apply when only a secret changed on the
device since the plan (the masked remediation is the same), because the digest covers the compared sections with
their secrets, salted and stretched, and shows none of them; an error quoting a line masks its secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffsync_automation.compliance.check import ComplianceStep, new_salt, running_digest
from diffsync_automation.compliance.rules import rules_for
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network import CheckOptions, DeviceConnection, DeviceRun
from diffsync_automation.network.planfile import Plan, apply_plan_entry, plan_device

RUNNING = "hostname sw01\nsnmp-server community {} RO\nlogging host 10.1.1.1\n"


def test_the_digest_changes_with_a_secret_and_shows_none() -> None:
    rules, salt = rules_for("cisco_ios"), new_salt()
    old = running_digest("cisco_ios", RUNNING.format("OldC0mm"), rules, salt)
    assert old == running_digest("cisco_ios", RUNNING.format("OldC0mm"), rules, salt)
    assert old != running_digest("cisco_ios", RUNNING.format("0therC0mm"), rules, salt)
    assert old != running_digest("cisco_ios", RUNNING.format("OldC0mm"), rules, new_salt())
    assert old.startswith("pbkdf2-sha256:") and "OldC0mm" not in old


@pytest.mark.lab
def test_a_secret_only_change_makes_apply_refuse_the_plan(lab_factory: LabFactory, tmp_path: Path) -> None:
    lab = lab_factory(1, "cisco_ios", drift=False)
    [device] = lab
    (tmp_path / "sw01.cfg").write_text(device.state.running_config() + "snmp-server community N3wC0mm RO\n")
    device.state.configure(["snmp-server community OldC0mm RO"])
    data = {key: value for key, value in lab.intended[device.name].items() if key != "snmp_server"}
    data["intended_config_file"] = "sw01.cfg"
    connection = DeviceConnection(device.netmiko_params())
    step = ComplianceStep(device.name, data, tmp_path, planning=True)
    result, entry = plan_device(device.name, data, connection, CheckOptions(), config=step)
    assert not result.errors and entry is not None and entry.config is not None
    text = Plan(devices=[entry]).to_json()
    assert "OldC0mm" not in text and "N3wC0mm" not in text
    assert "no snmp-server community <removed> RO" in entry.config.remediation

    device.state.configure(["no snmp-server community OldC0mm RO", "snmp-server community 0therC0mm RO"])
    expected = ComplianceStep(device.name, data, tmp_path, expected=entry.config)
    refused = apply_plan_entry(entry, connection, CheckOptions(dry_run=False), host_data=data, config=expected)
    assert [error.kind for error in refused.errors] == ["plan_stale"]
    assert expected.result is not None and expected.result.commands == entry.config.remediation  # masked: equal
    running = device.state.running_config()
    assert "0therC0mm" in running and "N3wC0mm" not in running


@pytest.mark.lab
def test_a_repeated_line_in_the_intended_configuration_is_a_masked_one_line_error(
    lab_factory: LabFactory, tmp_path: Path
) -> None:
    lab = lab_factory(1, "cisco_ios", drift=False)
    [device] = lab
    (tmp_path / "sw01.cfg").write_text("snmp-server community Tw1ceC0mm RO\n" * 2)
    data = {"intended_config_file": "sw01.cfg"}
    step = ComplianceStep(device.name, data, tmp_path)
    result = DeviceRun(device.name, DeviceConnection(device.netmiko_params()), CheckOptions(), config=step).check(data)
    [error] = result.errors
    assert error.kind == "intended_config" and "repeats a section" in error.message
    assert "Tw1ceC0mm" not in error.message and "\n" not in error.message
