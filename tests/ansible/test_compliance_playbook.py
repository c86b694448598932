"""Configuration compliance through the Ansible collection: ``--check --diff`` prints one unified diff per
non-compliant feature, a run without check mode remediates, and the next check is clean (real playbooks, SSH)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from ansible_helpers import playbook

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory
from tests.compliance.lab_hosts import CONFIG_MANAGED

pytestmark = [pytest.mark.lab, pytest.mark.slow]


def test_check_diff_shows_features_and_remediation_converges(lab_factory: LabFactory, tmp_path: Path) -> None:
    lab = lab_factory(2, "mixed", drift=False)
    files = write_inventory(tmp_path / "inventory", lab)
    reports = tmp_path / "reports"
    reports.mkdir()
    wanted = lab["sw01"].state.running_config() + "logging host 10.9.9.9\nsnmp-server community N3wC0mm RO\n"
    (tmp_path / "inventory" / "sw01.cfg").write_text(wanted)
    inventory = yaml.safe_load(files.ansible.read_text())
    platforms = inventory["all"]["children"]["campus"]["children"]
    host = next(group["hosts"]["sw01"] for group in platforms.values() if "sw01" in (group.get("hosts") or {}))
    host["intended_config_file"] = "sw01.cfg"
    for key in CONFIG_MANAGED:  # the intended configuration, not the seeded structured keys, manages these
        host.pop(key, None)
    files.ansible.write_text(yaml.safe_dump(inventory))

    check = playbook("drift_check.yml", files.ansible, reports, "--check", "--diff")
    assert check.returncode == 0, check.output
    assert {name: counts["changed"] for name, counts in check.recap().items()} == {"sw01": 1, "sw02": 0}
    assert "--- before: sw01: config logging\n+++ after: sw01: config logging\n" in check.stdout
    assert "+logging host 10.9.9.9\n" in check.stdout
    assert "+snmp-server community <removed> RO\n" in check.stdout
    assert "N3wC0mm" not in check.output
    written = json.loads((reports / "drift-report.json").read_text(encoding="utf-8"))  # the drift_report callback
    statuses = {device["host"]: device["status"] for device in written["devices"]}
    assert statuses == {"sw01": "drift", "sw02": "in_sync"}
    assert written["totals"]["compliance"]["snmp"] == {"devices": 1, "compliant": 0, "ratio": 0.0}
    assert "N3wC0mm" not in (reports / "drift-report.json").read_text(encoding="utf-8")

    fixed = playbook("remediate.yml", files.ansible, reports)
    assert fixed.returncode == 0, fixed.output
    assert "snmp-server community N3wC0mm RO" in lab["sw01"].state.running_config()
    assert "N3wC0mm" not in fixed.output
    written = json.loads((reports / "drift-report.json").read_text(encoding="utf-8"))
    assert {device["host"]: device["status"] for device in written["devices"]} == {"sw01": "synced", "sw02": "in_sync"}

    again = playbook("drift_check.yml", files.ansible, reports, "--check", "--diff")
    assert {name: counts["changed"] for name, counts in again.recap().items()} == {"sw01": 0, "sw02": 0}
