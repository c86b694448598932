"""``diffsync-automation lab up|status|down`` as real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from nornir import InitNornir
from nornir_netmiko.tasks import netmiko_send_command

from diffsync_automation.lab.lock import LOCKED_EXIT, acquire, holder
from diffsync_automation.lab.process import Endpoint, reachable
from diffsync_automation.lab.seed import platform_of

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
_SW03 = "slow:0.01, reject:^vlan 9"


# Ctrl-C reaches `lab up` from a terminal with SIGINT's default action; a test run in a background job may have
# inherited SIGINT ignored, which Python would keep, so the entry point restores the default first.
_ENTRY = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from diffsync_automation.cli import main; main()"
)
_ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the console-script entry point in a fresh interpreter."""
    command = [sys.executable, "-c", _ENTRY, *args]
    return subprocess.run(command, capture_output=True, text=True, env=_ENV, timeout=120, check=False)


def cli_background(*args: str) -> subprocess.Popen[str]:
    """Start the entry point without waiting for it."""
    command = [sys.executable, "-c", _ENTRY, *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_ENV)


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


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def lab_daemons(directory: Path) -> list[int]:
    """Pids of the lab processes serving ``directory``, from their command lines."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            arguments = (proc / "cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if (
            "diffsync_automation.lab.daemon" in arguments
            and str(directory.resolve()) in arguments
            and alive(int(proc.name))
        ):
            pids.append(int(proc.name))
    return pids


def blocked_lab(directory: Path) -> tuple[subprocess.Popen[str], int]:
    """A ``lab up`` whose lab process cannot become ready: its first inventory file is a FIFO nobody reads.

    Returns the ``lab up`` process and, once it holds the directory's lock, the pid of its lab process.
    """
    directory.mkdir()
    os.mkfifo(directory / "hosts.yaml.tmp")
    up = cli_background("lab", "up", "--devices", "2", "--inventory-dir", str(directory))
    wait_for(lambda: holder(directory) is not None, "the lab process to lock the directory")
    pid = holder(directory)
    assert pid is not None and lab_daemons(directory) == [pid]
    return up, pid


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_up_stops_the_lab_it_started(tmp_path: Path, stop_signal: signal.Signals) -> None:
    directory = tmp_path / "lab"
    up, pid = blocked_lab(directory)
    try:
        up.send_signal(stop_signal)
        _, stderr = up.communicate(timeout=60)
    finally:
        up.kill()
    assert up.returncode == 130, stderr
    assert "lab up interrupted" in stderr and "Traceback" not in stderr
    assert not alive(pid)
    assert lab_daemons(directory) == []
    assert not (directory / "lab-state.json").exists()

    (directory / "hosts.yaml.tmp").unlink()  # the lock went with the process: the directory serves a new lab
    assert cli("lab", "up", "--devices", "1", "--inventory-dir", str(directory)).returncode == 0
    assert cli("lab", "down", "--inventory-dir", str(directory)).returncode == 0


def test_down_stops_a_lab_that_is_still_starting(tmp_path: Path) -> None:
    directory = tmp_path / "lab"
    up, pid = blocked_lab(directory)
    try:
        status = cli("lab", "status", "--inventory-dir", str(directory))
        stopped = cli("lab", "down", "--inventory-dir", str(directory))
        _, stderr = up.communicate(timeout=60)
    finally:
        up.kill()
    assert status.returncode == 1 and f"lab starting in {directory}: pid {pid}" in status.stdout
    assert stopped.returncode == 0
    assert f"pid {pid} stopped while it was still starting" in stopped.stdout
    assert up.returncode == 1 and "lab process exited" in stderr
    assert not alive(pid)
    assert lab_daemons(directory) == []


def test_up_is_refused_while_the_directory_is_locked(tmp_path: Path) -> None:
    """The lock, not the state file, decides: a lab that has not written its state yet still holds the directory."""
    directory = tmp_path / "lab"
    directory.mkdir()
    lock = acquire(directory)
    assert lock is not None
    try:
        daemon = subprocess.run(
            [
                sys.executable,
                "-m",
                "diffsync_automation.lab.daemon",
                "--devices",
                "1",
                "--inventory-dir",
                str(directory),
            ],
            capture_output=True,
            text=True,
            env=_ENV,
            timeout=120,
            check=False,
        )
        refused = cli("lab", "up", "--devices", "1", "--inventory-dir", str(directory))
    finally:
        os.close(lock)
    assert daemon.returncode == LOCKED_EXIT
    assert f"a lab (pid {os.getpid()}) holds" in daemon.stderr
    assert refused.returncode == 1
    assert f"a lab (pid {os.getpid()}) already runs for {directory}" in refused.stderr
    assert not (directory / "hosts.yaml").exists() and not (directory / "lab-state.json").exists()


def test_concurrent_ups_start_one_lab(tmp_path: Path) -> None:
    """Two ``lab up`` at once: one lab serves, with an inventory of its own, and the other ``lab up`` is refused."""
    directory = tmp_path / "lab"
    ups = [cli_background("lab", "up", "--devices", "3", "--inventory-dir", str(directory)) for _ in range(2)]
    outputs = [up.communicate(timeout=120) for up in ups]
    try:
        assert sorted(up.returncode for up in ups) == [0, 1], outputs
        assert "already runs" in next(stderr for up, (_, stderr) in zip(ups, outputs) if up.returncode == 1)
        record = json.loads((directory / "lab-state.json").read_text())
        assert lab_daemons(directory) == [record["pid"]]
        hosts = yaml.safe_load((directory / "hosts.yaml").read_text())
        ports = {name: device["port"] for name, device in record["devices"].items()}
        assert {name: host["port"] for name, host in hosts.items()} == ports
    finally:
        assert cli("lab", "down", "--inventory-dir", str(directory)).returncode == 0
