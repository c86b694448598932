"""``diffsync-automation lab up|status|down`` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from nornir import InitNornir
from nornir_netmiko.tasks import netmiko_send_command

from diffsync_automation.lab.process import Endpoint, reachable
from diffsync_automation.lab.seed import platform_of

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
_SW03 = "slow:0.01, reject:^vlan 9"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the console-script entry point in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "from diffsync_automation.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_up_status_down(tmp_path: Path) -> None:
    directory = tmp_path / "lab"
    faults = ["--fault", "sw01=drop:2", "--fault", "sw03=reject:^vlan 9", "--slow", "0.01"]
    started = cli("lab", "up", "--devices", "3", "--platform", "mixed", "--inventory-dir", str(directory), *faults)
    try:
        assert started.returncode == 0, started.stderr
        record = json.loads((directory / "lab-state.json").read_text())
        pid, ports = record["pid"], [d["port"] for d in record["devices"].values()]
        assert alive(pid)
        assert [d["platform"] for d in record["devices"].values()] == [platform_of(i, "mixed") for i in (1, 2, 3)]
        assert [d["faults"] for d in record["devices"].values()] == ["drop:2, slow:0.01", "slow:0.01", _SW03]

        status = cli("lab", "status", "--inventory-dir", str(directory))
        assert status.returncode == 0
        assert status.stdout.count("listening") == 3 and "not listening" not in status.stdout
        assert f"faults: {_SW03}" in status.stdout

        nornir = InitNornir(config_file=str(directory / "nornir.yaml"))
        result = nornir.run(task=netmiko_send_command, command_string="show vlan brief", use_textfsm=True, enable=True)
        nornir.close_connections()
        assert not result.failed
        assert {r["vlan_name"] for r in result["sw02"][0].result} >= {"USERS", "SERVERS_OLD", "LEGACY"}

        password = yaml.safe_load((directory / "defaults.yaml").read_text())["password"]
        secret_free = started.stdout + started.stderr + status.stdout + (directory / "lab.log").read_text()
        assert password not in secret_free
    finally:
        stopped = cli("lab", "down", "--inventory-dir", str(directory))
    assert stopped.returncode == 0
    assert f"pid {pid} stopped" in stopped.stdout
    assert not alive(pid)
    assert not (directory / "lab-state.json").exists()
    assert not any(reachable(Endpoint("x", "cisco_ios", port)) for port in ports)
    assert cli("lab", "status", "--inventory-dir", str(directory)).returncode == 1
    assert "no lab recorded" in cli("lab", "down", "--inventory-dir", str(directory)).stdout


def test_second_up_in_same_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "lab"
    assert cli("lab", "up", "--devices", "1", "--inventory-dir", str(directory)).returncode == 0
    try:
        again = cli("lab", "up", "--devices", "1", "--inventory-dir", str(directory))
        assert again.returncode == 1
        assert "already runs" in again.stderr
    finally:
        assert cli("lab", "down", "--inventory-dir", str(directory)).returncode == 0


def test_invalid_arguments_are_rejected(tmp_path: Path) -> None:
    result = cli("lab", "up", "--devices", "0", "--inventory-dir", str(tmp_path))
    assert result.returncode == 1
    assert not (tmp_path / "lab-state.json").exists()
    assert cli("lab", "up", "--platform", "junos", "--inventory-dir", str(tmp_path)).returncode == 1
    bad_fault = cli("lab", "up", "--fault", "sw01=melt", "--inventory-dir", str(tmp_path))
    assert bad_fault.returncode == 1
    assert "unknown kind 'melt'" in bad_fault.stderr
    assert not (tmp_path / "lab-state.json").exists()
