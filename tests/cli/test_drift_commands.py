"""``diffsync-automation drift|sync|apply`` end to end: real processes against a lab the CLI starts itself."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from junitparser import Failure, JUnitXml
from netmiko import ConnectHandler

from diffsync_automation.network.planfile import Plan
from tests.cli.cli_helpers import seeded_totals

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "docs" / "drift-report.schema.json").read_text(encoding="utf-8"))


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The console-script entry point in a fresh interpreter, as a pipeline would run it."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "from diffsync_automation.cli import main; main()", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)


@pytest.fixture
def lab_dir(tmp_path: Path) -> Iterator[Path]:
    """A lab of three devices started (and stopped) with ``diffsync-automation lab up|down``."""
    directory = tmp_path / "lab"
    started = cli("lab", "up", "--devices", "3", "--platform", "mixed", "--inventory-dir", directory)
    assert started.returncode == 0, started.stderr
    yield directory
    assert cli("lab", "down", "--inventory-dir", directory).returncode == 0


def password(lab_dir: Path) -> str:
    return str(yaml.safe_load((lab_dir / "defaults.yaml").read_text())["password"])


def report(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    return data


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {device["host"]: device["status"] for device in data["devices"]}


def configure(lab_dir: Path, host: str, *lines: str) -> None:
    """Change one lab device over SSH, with the inventory's connection details."""
    hosts = yaml.safe_load((lab_dir / "hosts.yaml").read_text())
    defaults = yaml.safe_load((lab_dir / "defaults.yaml").read_text())
    connection = ConnectHandler(
        device_type=hosts[host]["platform"],
        host=hosts[host]["hostname"],
        port=hosts[host]["port"],
        username=defaults["username"],
        password=defaults["password"],
        secret=defaults["connection_options"]["netmiko"]["extras"]["secret"],
    )
    try:
        connection.enable()
        connection.send_config_set(list(lines))
    finally:
        connection.disconnect()


def test_drift_then_sync_then_no_drift(lab_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    found = cli(
        "drift", "--inventory", lab_dir, "--json", out / "d.json", "--junit", out / "d.xml",
        "--markdown", out / "d.md", "--html", out / "d.html",
    )  # fmt: skip
    assert found.returncode == 2, found.stderr
    data = report(out / "d.json")
    assert statuses(data) == {"sw01": "drift", "sw02": "drift", "sw03": "drift"}
    assert data["mode"] == "check" and data["exit_code"] == 2
    # The default state, overridden, reports the rogue VLAN 99 and route as deletes.
    assert all(data["totals"][action] == count for action, count in seeded_totals(lab_dir).items())
    # VLAN 20 gets its name back on every platform (``name SERVERS``, Junos ``rename vlans SERVERS_OLD to SERVERS``).
    assert all(any(command.endswith(" SERVERS") for command in device["commands"]) for device in data["devices"])
    suite = next(iter(JUnitXml.fromfile(str(out / "d.xml"))))
    assert sorted(case.name for case in suite) == ["sw01", "sw02", "sw03"]
    assert all(isinstance(case.result[0], Failure) for case in suite)
    assert (out / "d.md").read_text(encoding="utf-8").count("| ⚠️ drift |") == 3
    assert (out / "d.html").read_text(encoding="utf-8").count('<tr class="device"') == 3
    for host in ("sw01", "sw02", "sw03"):
        assert host in found.stdout
    assert "report written" in found.stdout
    secret = password(lab_dir)
    assert secret not in found.stdout + found.stderr
    assert not any(secret in path.read_text(encoding="utf-8") for path in out.iterdir())

    fixed = cli("sync", "-i", lab_dir, "--json", out / "s.json")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Beginning sync" not in fixed.stdout + fixed.stderr  # the engine's log events stay out of the output
    synced = report(out / "s.json")
    assert set(statuses(synced).values()) == {"synced"} and synced["mode"] == "sync"
    assert all(device["applied"] == device["commands"] for device in synced["devices"])

    again = cli("drift", "-i", lab_dir, "--json", out / "again.json", "--workers", "1")
    assert again.returncode == 0, again.stdout + again.stderr
    assert set(statuses(report(out / "again.json")).values()) == {"in_sync"}


def test_plan_then_apply_refuses_a_device_changed_meanwhile(lab_dir: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    planned = cli("sync", "-i", lab_dir, "--plan", plan, "--limit", "sw01", "--limit", "sw02")
    assert planned.returncode == 2, planned.stdout + planned.stderr
    assert "plan saved" in planned.stdout
    content = json.loads(plan.read_text(encoding="utf-8"))
    assert [device["host"] for device in content["devices"]] == ["sw01", "sw02"]
    assert content["checksum"].startswith("sha256:")
    assert password(lab_dir) not in plan.read_text(encoding="utf-8")
    assert cli("drift", "-i", lab_dir, "-l", "sw01").returncode == 2  # planning changed nothing

    tampered = tmp_path / "tampered.json"
    content["devices"][0]["commands"].append("reload")
    tampered.write_text(json.dumps(content), encoding="utf-8")
    refused = cli("apply", "--plan", tampered)
    assert refused.returncode == 1
    assert "checksum does not match" in refused.stderr

    configure(lab_dir, "sw02", "vlan 77", "name SNEAKY")
    applied = cli("apply", "--plan", plan, "--json", tmp_path / "apply.json", "--junit", tmp_path / "apply.xml")
    assert applied.returncode == 1, applied.stdout + applied.stderr
    outcome = report(tmp_path / "apply.json")
    assert outcome["mode"] == "apply"
    assert statuses(outcome) == {"sw01": "synced", "sw02": "error"}
    [error] = next(device for device in outcome["devices"] if device["host"] == "sw02")["errors"]
    assert error["kind"] == "plan_stale"

    assert cli("drift", "-i", lab_dir, "-l", "sw01").returncode == 0
    assert cli("drift", "-i", lab_dir, "-l", "sw02").returncode == 2
    assert cli("drift", "-i", lab_dir, "-l", "sw03").returncode == 2  # not in the plan, not touched

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hosts = yaml.safe_load((lab_dir / "hosts.yaml").read_text())
    (elsewhere / "hosts.yaml").write_text(yaml.safe_dump({"sw01": hosts["sw01"]}), encoding="utf-8")
    for name in ("groups.yaml", "defaults.yaml"):
        (elsewhere / name).write_text((lab_dir / name).read_text())
    again = cli("apply", "--plan", plan, "-i", elsewhere, "--json", tmp_path / "again.json")
    assert again.returncode == 1
    kinds = {device["host"]: device["errors"][0]["kind"] for device in report(tmp_path / "again.json")["devices"]}
    assert kinds == {"sw01": "plan_stale", "sw02": "inventory"}  # sw01 already has the plan's changes


def test_command_line_mistakes_exit_1_not_2(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    missing = cli("drift", "-i", inventory)
    assert missing.returncode == 1 and "no inventory file in this directory" in missing.stderr
    hosts = "r1:\n  hostname: 127.0.0.1\n  port: 1\n  platform: cisco_ios\n  data:\n    vlans: [{id: 10, name: A}]\n"
    (inventory / "hosts.yaml").write_text(hosts, encoding="utf-8")
    unmatched = cli("drift", "-i", inventory, "--limit", "r9")
    assert unmatched.returncode == 1 and "match --limit r9" in unmatched.stderr
    assert cli("drift", "-i", tmp_path / "nowhere").returncode == 1
    assert cli("drift", "-i", inventory, "--state", "bogus").returncode == 1
    assert cli("drift", "--no-such-option").returncode == 1
    refused = cli("sync", "-i", inventory, "--plan", tmp_path / "never.json", "--read-timeout", "2")
    assert refused.returncode == 1 and "plan not saved" in refused.stdout and "unreachable" in refused.stdout
    assert not (tmp_path / "never.json").exists()  # r1 answers on no port: a plan must cover every device
    (tmp_path / "plan.json").write_text("{}", encoding="utf-8")
    not_a_plan = cli("apply", "--plan", tmp_path / "plan.json")
    assert not_a_plan.returncode == 1 and "not a plan file" in not_a_plan.stderr


def test_malformed_inventory_yaml_is_one_line_naming_file_line_and_column(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    hosts = inventory / "hosts.yaml"
    hosts.write_text("r1:\n  hostname: 127.0.0.1\n  data: {vlans: [1, 2}\n", encoding="utf-8")
    failed = cli("drift", "-i", inventory)
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        f"error: {hosts}:3:22: invalid YAML: expected ',' or ']', but got '}}' (while parsing a flow sequence);"
        " fix the syntax at that line and column"
    ]
    debug = cli("--debug", "drift", "-i", inventory)
    assert debug.returncode == 1 and debug.stderr.startswith("error: ")
    assert "Traceback (most recent call last)" in debug.stderr and "ParserError" in debug.stderr


def test_an_unexpected_error_is_one_line_and_debug_adds_the_traceback(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "hosts.yaml").write_text("r1:\n  hostname: 127.0.0.1\n  port: 1\n  platform: cisco_ios\n")
    (tmp_path / "a-file").write_text("")
    options = ("drift", "-i", inventory, "--json", tmp_path / "a-file" / "r.json")  # a report under a file
    failed = cli(*options)
    assert failed.returncode == 1
    [line] = failed.stderr.strip().splitlines()
    assert line.startswith("error: ") and "a-file" in line and "Traceback" not in failed.stderr
    debug = cli("--debug", *options)
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr


def test_connect_timeout_bounds_a_device_that_never_completes_the_handshake(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts TCP (the kernel does), never sends an SSH banner
        port = listener.getsockname()[1]
        hosts = f"r1:\n  hostname: 127.0.0.1\n  port: {port}\n  platform: cisco_ios\n  password: pw-r1-secret\n"
        (inventory / "hosts.yaml").write_text(hosts + "  data:\n    vlans: []\n", encoding="utf-8")
        checked = cli("drift", "-i", inventory, "--connect-timeout", "1.5", "--json", tmp_path / "r.json")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    [error] = report(tmp_path / "r.json")["devices"][0]["errors"]
    assert error["kind"] == "timeout"
    assert "did not complete the SSH handshake within 1.5 s" in error["message"]


def test_a_hung_and_a_dropping_device_fail_alone_with_their_cause(tmp_path: Path) -> None:
    lab = tmp_path / "faulty"
    started = cli(
        "lab", "up", "--devices", "3", "--platform", "cisco_ios", "--inventory-dir", lab,
        "--fault", "sw01=silent", "--fault", "sw02=drop:2",
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    try:
        options = ("--read-timeout", "1.5", "--connect-timeout", "3", "--json", tmp_path / "r.json")
        synced = cli("sync", "-i", lab, *options)
    finally:
        cli("lab", "down", "--inventory-dir", lab)
    assert synced.returncode == 1, synced.stdout + synced.stderr
    devices = {device["host"]: device for device in report(tmp_path / "r.json")["devices"]}
    assert devices["sw03"]["status"] == "synced"
    [hung] = devices["sw01"]["errors"]
    assert hung["kind"] == "timeout" and "no reply within 1.5 s while logging in" in hung["message"]
    [dropped] = devices["sw02"]["errors"]
    assert dropped["kind"] == "connection_lost" and "closed the connection while sending" in dropped["message"]
    assert "noticed after" not in dropped["message"]  # seen when the channel closed, not after the read timeout
    assert devices["sw02"]["applied"] == devices["sw02"]["commands"][:2]


def test_applying_a_plan_without_changes_does_nothing(tmp_path: Path) -> None:
    Plan(inventory=str(tmp_path / "nowhere")).write(tmp_path / "empty.json")
    applied = cli("apply", "--plan", tmp_path / "empty.json", "--json", tmp_path / "applied.json")
    assert applied.returncode == 0, applied.stderr
    assert "nothing to apply" in applied.stderr
    assert report(tmp_path / "applied.json")["totals"]["devices"] == 0


def test_apply_with_a_plan_key_refuses_an_unsigned_plan_in_one_line(tmp_path: Path) -> None:
    Plan(inventory=str(tmp_path / "nowhere")).write(tmp_path / "plan.json")
    key_file = tmp_path / "plan.key"
    key_file.write_text("k3y-never-shown\n", encoding="utf-8")
    refused = cli("apply", "--plan", tmp_path / "plan.json", "--plan-key-file", key_file)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "the plan is not signed" in refused.stderr
    assert "k3y" not in refused.stderr


@pytest.mark.parametrize("command", ["drift", "sync", "apply"])
def test_help_teaches_with_examples_and_exit_codes(command: str) -> None:
    shown = cli(command, "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    assert "Examples:" in text
    assert f"diffsync-automation {command}" in text
    assert "Exit codes: 0 no drift" in text
