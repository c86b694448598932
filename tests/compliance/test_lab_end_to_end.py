"""``drift`` / ``sync`` / ``drift`` and ``backup`` with intended configurations, as processes against the lab
over SSH: the compliance report (JSON against the schema, JUnit, HTML), exit codes, masking, and structured
keys taking their features out of the compliance check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from junitparser import Failure, JUnitXml

from diffsync_automation.lab import Lab, write_inventory
from tests.compliance.lab_hosts import lab_hosts

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "docs" / "drift-report.schema.json").read_text(encoding="utf-8"))
SECRETS = ("OldC0mm", "N3wC0mm")


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The console-script entry point in a fresh interpreter, as a pipeline would run it."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "from diffsync_automation.cli import main; main()", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)


def report(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    return data


def failing(data: dict[str, Any]) -> dict[str, list[str]]:
    return {
        device["host"]: sorted(name for name, feature in device["compliance"].items() if not feature["compliant"])
        for device in data["devices"]
    }


def test_drift_sync_drift_and_backup(lab_factory: Callable[..., Lab], tmp_path: Path) -> None:
    lab = lab_factory(2, "mixed", drift=False)
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    for name, entry in hosts.items():
        device = lab[name].state
        acl = "ip access-list extended MGMT" if device.platform == "cisco_ios" else "ip access-list MGMT"
        extra = "snmp-server community N3wC0mm RO\nlogging host 10.9.9.9\n"
        extra += f"{acl}\n permit tcp any any eq 22\n deny ip any any\n"
        intended = device.running_config() + extra  # after `end`, which is ignored
        (inventory / f"{name}.cfg").write_text(intended.replace(f"hostname {name}", "hostname other"))
        entry["data"]["intended_config_file"] = f"{name}.cfg"
        device.configure(["snmp-server community OldC0mm RO"])
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))

    checked = cli(
        "drift",
        "-i",
        inventory,
        "--json",
        tmp_path / "d.json",
        "--junit",
        tmp_path / "d.xml",
        "--html",
        tmp_path / "d.html",
        "--markdown",
        tmp_path / "d.md",
    )
    assert checked.returncode == 2, checked.stderr
    first = report(tmp_path / "d.json")
    # hostname is managed by the structured key device_hostname: the intended file's `hostname other` is ignored.
    assert failing(first) == {"sw01": ["acl", "logging", "snmp"], "sw02": ["acl", "logging", "snmp"]}
    assert all("hostname" not in device["compliance"] for device in first["devices"])
    assert first["totals"]["compliance"]["snmp"] == {"devices": 2, "compliant": 0, "ratio": 0.0}
    sw01 = next(device for device in first["devices"] if device["host"] == "sw01")
    assert sw01["compliance"]["logging"] == {
        "compliant": False,
        "missing": ["logging host 10.9.9.9"],
        "extra": [],
        "remediation": ["logging host 10.9.9.9"],
    }
    cases = {case.name: case for suite in JUnitXml.fromfile(str(tmp_path / "d.xml")) for case in suite}
    assert any(isinstance(result, Failure) for result in cases["sw01 snmp"].result)
    assert not cases["sw01 services"].result
    assert 'data-feature="snmp" data-compliant="no"' in (tmp_path / "d.html").read_text()
    for name in ("d.json", "d.xml", "d.html", "d.md"):
        text = (tmp_path / name).read_text()
        assert not any(secret in text for secret in SECRETS), name
    assert not any(secret in checked.stdout + checked.stderr for secret in SECRETS)

    planned = cli("sync", "-i", inventory, "--plan", tmp_path / "plan.json", "--json", tmp_path / "p.json")
    assert planned.returncode == 2, planned.stdout + planned.stderr
    plan_report = report(tmp_path / "p.json")
    assert failing(plan_report) == failing(first)  # a plan run never reports a device compliant that is not
    remediations = {
        entry["host"]: entry["config"]["remediation"]
        for entry in json.loads((tmp_path / "plan.json").read_text())["devices"]
    }
    assert all("snmp-server community <removed> RO" in remediation for remediation in remediations.values()), (
        remediations
    )
    assert "N3wC0mm" not in (tmp_path / "plan.json").read_text()

    synced = cli("sync", "-i", inventory, "--json", tmp_path / "s.json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    after = report(tmp_path / "s.json")
    assert {device["status"] for device in after["devices"]} == {"synced"}
    assert failing(after) == {"sw01": [], "sw02": []}
    assert "OldC0mm" not in lab["sw01"].state.running_config()
    assert "snmp-server community N3wC0mm RO" in lab["sw02"].state.running_config()
    assert lab["sw01"].state.hostname == "sw01"

    again = cli("drift", "-i", inventory, "--json", tmp_path / "a.json")
    assert again.returncode == 0, again.stdout
    assert {device["status"] for device in report(tmp_path / "a.json")["devices"]} == {"in_sync"}

    backups = tmp_path / "backups"
    saved = cli("backup", "-i", inventory, "--out", backups)
    assert saved.returncode == 0, saved.stderr
    assert sorted(path.name for path in backups.iterdir()) == ["sw01.cfg", "sw02.cfg"]
    text = (backups / "sw02.cfg").read_text()
    assert "snmp-server community <removed> RO" in text and "hostname sw02" in text
    assert not any(secret in text for secret in SECRETS)


def test_bad_intended_config_fails_only_its_host(lab_factory: Callable[..., Lab], tmp_path: Path) -> None:
    lab = lab_factory(2, "cisco_ios", drift=False)
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    (inventory / "t.j2").write_text("logging host {{ syslog_server }}\n")
    hosts["sw01"]["data"]["intended_config_template"] = "t.j2"
    hosts["sw02"]["data"].update(intended_config_template="t.j2", syslog_server="10.0.0.5")
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    checked = cli("drift", "-i", inventory, "--json", tmp_path / "d.json")
    assert checked.returncode == 1
    devices = {device["host"]: device for device in report(tmp_path / "d.json")["devices"]}
    assert devices["sw01"]["status"] == "error"
    assert devices["sw01"]["errors"][0]["kind"] == "intended_config"
    assert "'syslog_server' is undefined" in devices["sw01"]["errors"][0]["message"]
    assert devices["sw02"]["status"] == "drift"
    assert devices["sw02"]["compliance"]["logging"]["missing"] == ["logging host 10.0.0.5"]

    # A backup's masked line as intended configuration: sw01 is refused and gets nothing, sw02 is still synced.
    for name, line in (("sw01", "snmp-server community <removed> RO"), ("sw02", "logging host 10.0.0.5")):
        (inventory / f"{name}.cfg").write_text(f"{lab[name].state.running_config()}{line}\n")
        del hosts[name]["data"]["intended_config_template"]
        hosts[name]["data"]["intended_config_file"] = f"{name}.cfg"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    running = lab["sw01"].state.running_config()
    number = len(running.splitlines()) + 1
    synced = cli("sync", "-i", inventory, "--json", tmp_path / "s.json")
    assert synced.returncode == 1
    devices = {device["host"]: device for device in report(tmp_path / "s.json")["devices"]}
    assert [error["kind"] for error in devices["sw01"]["errors"]] == ["intended_config"]
    assert (
        f"intended line {number} 'snmp-server community <removed> RO' (feature snmp) holds '<removed>', the masked"
        " placeholder a backup or compliance report writes in place of a secret, not the secret itself"
        in devices["sw01"]["errors"][0]["message"]
    )
    assert lab["sw01"].state.running_config() == running and devices["sw01"]["applied"] == []
    assert devices["sw02"]["status"] == "synced", devices["sw02"]["errors"]


def test_rejected_remediation_line_is_an_error_without_secrets(lab_factory: Callable[..., Lab], tmp_path: Path) -> None:
    lab = lab_factory(2, "cisco_ios", drift=False)
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    for name, entry in hosts.items():
        wanted = lab[name].state.running_config() + "logging host 10.9.9.9\nsnmp-server community N3wC0mm RO\n"
        (inventory / f"{name}.cfg").write_text(wanted)
        entry["data"]["intended_config_file"] = f"{name}.cfg"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    lab["sw01"].set_faults(reject=r"^snmp-server")
    synced = cli("sync", "-i", inventory, "--json", tmp_path / "s.json")
    assert synced.returncode == 1
    devices = {device["host"]: device for device in report(tmp_path / "s.json")["devices"]}
    sw01 = devices["sw01"]
    assert sw01["status"] == "error"
    assert sw01["applied"] == ["logging host 10.9.9.9"]
    assert sw01["failed_commands"] == ["snmp-server community <removed> RO"]
    assert sw01["compliance"]["logging"]["compliant"] and not sw01["compliance"]["snmp"]["compliant"]  # re-read
    assert devices["sw02"]["status"] == "synced", devices["sw02"]["errors"]
    assert "N3wC0mm" not in (tmp_path / "s.json").read_text() + synced.stdout + synced.stderr


def test_sync_flips_negated_global_settings(lab_factory: Callable[..., Lab], tmp_path: Path) -> None:
    """A global setting and its ``no`` form are one line on IOS: remediation that undoes ``no service pad`` (sw01)
    or puts it back (sw02) syncs, and the re-read device is compliant."""
    lab = lab_factory(2, "cisco_ios", drift=False)
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    sw01, sw02 = lab["sw01"].state, lab["sw02"].state
    factory = sw02.running_config()
    sw02.configure(["service pad", "service password-encryption"])  # PAD on (not shown), passwords encrypted
    intended = {
        "sw01": sw01.running_config()
        .replace("no service pad\n", "")
        .replace("no service password-encryption", "service password-encryption"),
        "sw02": factory,
    }
    for name, entry in hosts.items():
        (inventory / f"{name}.cfg").write_text(intended[name])
        entry["data"]["intended_config_file"] = f"{name}.cfg"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))

    checked = cli("drift", "-i", inventory, "--json", tmp_path / "d.json")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    services = {device["host"]: device["compliance"]["services"] for device in report(tmp_path / "d.json")["devices"]}
    assert services["sw01"]["extra"] == ["no service pad", "no service password-encryption"]
    assert services["sw02"]["missing"] == ["no service pad", "no service password-encryption"]

    synced = cli("sync", "-i", inventory, "--json", tmp_path / "s.json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    after = report(tmp_path / "s.json")
    assert {device["host"]: device["status"] for device in after["devices"]} == {"sw01": "synced", "sw02": "synced"}
    assert failing(after) == {"sw01": [], "sw02": []}
    for name, state in (("sw01", sw01), ("sw02", sw02)):  # the intended lines (a line put back comes last)
        assert sorted(state.running_config().splitlines()[3:]) == sorted(intended[name].splitlines()[3:]), name

    again = cli("drift", "-i", inventory, "--json", tmp_path / "a.json")
    assert again.returncode == 0, again.stdout + again.stderr
