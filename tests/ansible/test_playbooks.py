"""The playbooks against simulated devices: real ``ansible-playbook`` runs, real SSH sessions.

Each test starts four seeded devices (cisco_ios, arista_eos, cisco_nxos, juniper_junos, each with its
platform's drift: see ``diffsync_automation.lab.DRIFT``) and runs playbooks/drift_check.yml and
playbooks/remediate.yml with the inventory the lab writes, checking the printed diffs, the recap counters, the
devices and the drift reports.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest
from ansible_helpers import LabRun, Run, playbook

from diffsync_automation.lab import drift_on, snapshot

pytestmark = [pytest.mark.lab, pytest.mark.slow]

HOSTS = ["sw01", "sw02", "sw03", "sw04"]


def counters(result: Run, *names: str) -> dict[str, dict[str, int]]:
    """The recap of every host, restricted to the counters ``names``."""
    return {host: {name: counts[name] for name in names} for host, counts in result.recap().items()}


def everywhere(**expected: int) -> dict[str, dict[str, int]]:
    """The same recap counters for every lab host."""
    return {host: dict(expected) for host in HOSTS}


def converged(run: LabRun, host: str) -> bool:
    """Whether the device's live state equals its intended state in the sections ``snapshot`` reads (list order
    ignored; the drift checks of the playbooks compare every section)."""

    def canonical(data: Any) -> Any:
        return {
            key: sorted(json.dumps(item, sort_keys=True) for item in value) if isinstance(value, list) else value
            for key, value in data.items()
        }

    live = snapshot(run.lab[host].state)
    intended = run.lab.intended[host]
    return bool(canonical(live) == canonical({key: intended[key] for key in live}))  # type: ignore[literal-required]


def report(run: LabRun) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((run.reports / "drift-report.json").read_text(encoding="utf-8"))
    return data


def test_check_diff_shows_drift_and_remediate_converges(lab4: LabRun) -> None:
    check = playbook("drift_check.yml", lab4.inventory, lab4.reports, "--check", "--diff")
    assert check.returncode == 0, check.output
    assert counters(check, "ok", "changed", "failed") == everywhere(ok=1, changed=1, failed=0)
    # One unified diff per changed object, headed by host, object and action; only changed lines marked.
    for host in HOSTS:
        assert check.stdout.count(f"--- before: {host}: ") == len(drift_on(lab4.lab[host].platform))
    assert "--- before: sw01: vlan 20 (update)\n+++ after: sw01: vlan 20 (update)\n" in check.stdout
    assert '-    "name": "SERVERS_OLD",\n+    "name": "SERVERS",\n' in check.stdout
    assert "--- before: sw02: interface Ethernet2 (update)" in check.stdout
    assert '-    "description": "temp-user-port",\n+    "description": "users",\n' in check.stdout
    assert "+++ after: sw03: ntp_server 192.0.2.124 (create)\n@@ -0,0 +1,6 @@\n+{\n" in check.stdout
    assert "--- before: sw04: vlan 99 (delete)" in check.stdout
    assert '-    "name": "LEGACY",' in check.stdout
    assert not any(converged(lab4, host) for host in HOSTS)  # check mode sent nothing
    assert lab4.lab["sw01"].state.vlans[99] == "LEGACY"
    drift = report(lab4)
    assert (drift["mode"], drift["exit_code"]) == ("check", 2)
    assert (drift["totals"]["devices"], drift["totals"]["drift"]) == (4, 4)
    seeded_deletes = [
        sum(d.action == "delete" for d in drift_on(lab4.lab[device["host"]].platform)) for device in drift["devices"]
    ]
    assert [device["summary"]["delete"] for device in drift["devices"]] == seeded_deletes
    assert all(device["duration_s"] is not None and device["platform"] for device in drift["devices"])
    junit = ET.parse(lab4.reports / "drift-report.xml").getroot()
    assert (junit.get("tests"), junit.get("failures"), junit.get("errors")) == ("4", "4", "0")
    assert "no vlan 99" in (lab4.reports / "drift-report.md").read_text(encoding="utf-8")

    remediate = playbook("remediate.yml", lab4.inventory, lab4.reports, "--diff")
    assert remediate.returncode == 0, remediate.output
    assert counters(remediate, "changed", "failed") == everywhere(changed=1, failed=0)
    assert all(converged(lab4, host) for host in HOSTS)
    synced = report(lab4)
    assert (synced["mode"], synced["exit_code"], synced["totals"]["synced"]) == ("sync", 0, 4)

    again = playbook("remediate.yml", lab4.inventory, lab4.reports, "--diff")
    assert again.returncode == 0, again.output
    assert counters(again, "ok", "changed") == everywhere(ok=1, changed=0)
    assert "--- before:" not in again.stdout

    recheck = playbook("drift_check.yml", lab4.inventory, lab4.reports, "--check", "--diff")
    assert counters(recheck, "changed", "failed") == everywhere(changed=0, failed=0)
    assert (report(lab4)["exit_code"], report(lab4)["totals"]["in_sync"]) == (0, 4)


def test_failing_hosts_do_not_stop_the_others(lab4: LabRun) -> None:
    lab4.lab["sw02"].set_faults(reject=r"^description users$")  # the device refuses one command of the push
    lab4.lab["sw03"].set_faults(refuse_connections=True)  # nothing listens on its port

    result = playbook("remediate.yml", lab4.inventory, lab4.reports)

    assert result.returncode != 0
    recap = counters(result, "changed", "unreachable", "failed")
    assert recap["sw01"] == recap["sw04"] == {"changed": 1, "unreachable": 0, "failed": 0}
    assert recap["sw03"]["unreachable"] == 1
    assert recap["sw02"]["failed"] == 1
    assert converged(lab4, "sw01") and converged(lab4, "sw04")
    assert lab4.lab["sw03"].state.vlans[99] == "LEGACY"
    devices = {device["host"]: device for device in report(lab4)["devices"]}
    assert [devices[host]["status"] for host in HOSTS] == ["synced", "error", "error", "synced"]
    assert devices["sw02"]["errors"][0]["kind"] == "config_rejected"
    assert devices["sw02"]["failed_commands"] == ["description users"]
    assert devices["sw03"]["errors"][0]["kind"] == "unreachable"
    assert report(lab4)["exit_code"] == 1


def test_fail_on_drift_fails_drifting_hosts_in_check_mode(lab4: LabRun) -> None:
    result = playbook("drift_check.yml", lab4.inventory, lab4.reports, "--check", "-e", "fail_on_drift=true")

    assert result.returncode == 2
    assert counters(result, "failed") == everywhere(failed=1)
    seeded = Counter(drift.action for drift in drift_on(lab4.lab["sw01"].platform))
    counts = f"{seeded['create']} to create, {seeded['update']} to update, {seeded['delete']} to delete"
    assert f"host sw01: drift found (fail_on_drift): {counts}" in result.stdout
    assert not any(converged(lab4, host) for host in HOSTS)


def test_no_secret_in_verbose_output_or_reports(lab4: LabRun) -> None:
    credentials = lab4.lab.credentials
    lab4.lab["sw04"].set_faults(reject_login=True)  # an authentication failure and its message

    check = playbook("drift_check.yml", lab4.inventory, lab4.reports, "--check", "--diff", "-vvv")
    apply = playbook("remediate.yml", lab4.inventory, lab4.reports, "-vvv")

    assert check.recap()["sw04"]["unreachable"] == 1
    assert "refused the login" in check.stdout
    assert apply.recap()["sw01"]["changed"] == 1
    written = "".join(path.read_text(encoding="utf-8") for path in lab4.reports.glob("drift-report.*"))
    for text in (check.output, apply.output, written):
        assert credentials.password not in text
        assert credentials.secret not in text
