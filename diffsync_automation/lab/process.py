"""Parent side of process mode: start a detached lab process, find it again, stop it.

The inventory directory is the handle: the daemon locks ``lab.lock`` there (``lock.py``), writes
``lab-state.json`` (pid and ports) when it is ready, and ``stop_lab`` reads them back. ``spawn_lab`` stops the
process it started if it gives up waiting for any reason, Ctrl-C included, so no half-started lab is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from diffsync_automation.lab.errors import LabError
from diffsync_automation.lab.faults import faults_by_host
from diffsync_automation.lab.lock import LOCKED_EXIT, holder
from diffsync_automation.lab.seed import device_name

STATE_FILE = "lab-state.json"
LOG_FILE = "lab.log"
_DAEMON_MODULE = "diffsync_automation.lab.daemon"
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class LabProcessError(LabError, RuntimeError):
    """The lab process could not be started or stopped."""


@dataclass(frozen=True)
class Endpoint:
    """Where one device of a lab process listens."""

    name: str
    platform: str
    port: int
    faults: str = ""


@dataclass(frozen=True)
class LabProcess:
    """A lab process as recorded in its state file."""

    pid: int
    platform: str
    devices: tuple[Endpoint, ...]
    inventory_dir: Path

    @property
    def alive(self) -> bool:
        """Whether the recorded process still runs and is a lab daemon."""
        return _is_lab_daemon(self.pid)


def read_lab(inventory_dir: Path) -> LabProcess | None:
    """The lab recorded in ``inventory_dir``, or None when there is no (readable) state file."""
    try:
        raw = json.loads((inventory_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    devices = tuple(
        Endpoint(name, d["platform"], int(d["port"]), str(d.get("faults", ""))) for name, d in raw["devices"].items()
    )
    return LabProcess(int(raw["pid"]), str(raw["platform"]), devices, inventory_dir)


def spawn_lab(
    inventory_dir: Path,
    devices: int,
    platform: str = "cisco_ios",
    *,
    drift: bool = True,
    faults: Sequence[str] = (),
    slow: float = 0.0,
    timeout: float = 120.0,
) -> LabProcess:
    """Start a detached lab process and wait until it serves every device and wrote the inventories.

    ``faults`` are ``HOST=KIND[:ARG]`` specs and ``slow`` a delay for every device (see ``faults.py``); they
    are checked here, so a typo fails before anything starts.
    """
    try:
        faults_by_host(faults, [device_name(index, devices) for index in range(1, devices + 1)], slow)
    except ValueError as exc:
        raise LabProcessError(str(exc)) from exc
    inventory_dir.mkdir(parents=True, exist_ok=True)
    running = read_lab(inventory_dir)
    if running is not None and running.alive:
        raise LabProcessError(f"a lab (pid {running.pid}) already runs for {inventory_dir}")
    command = [sys.executable, "-m", _DAEMON_MODULE, "--devices", str(devices), "--platform", platform]
    command += ["--inventory-dir", str(inventory_dir.resolve())] + ([] if drift else ["--no-drift"])
    command += [f"--fault={spec}" for spec in faults] + ([f"--slow={slow}"] if slow else [])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), env.get("PYTHONPATH")]))
    with open(inventory_dir / LOG_FILE, "ab") as log:
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True
        )
    try:
        return _wait_ready(child, inventory_dir, timeout)
    except BaseException:  # KeyboardInterrupt too: a lab nobody waits for must not keep running
        _stop_child(child)
        raise


def _wait_ready(child: subprocess.Popen[bytes], inventory_dir: Path, timeout: float) -> LabProcess:
    """The lab once ``child`` recorded it in the state file; LabProcessError if it exits or times out first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lab = read_lab(inventory_dir)
        if lab is not None and lab.pid == child.pid:
            return lab
        if child.poll() == LOCKED_EXIT:
            other = holder(inventory_dir)
            raise LabProcessError(f"a lab{f' (pid {other})' if other else ''} already runs for {inventory_dir}")
        if child.returncode is not None:
            raise LabProcessError(f"lab process exited with code {child.returncode}; see {inventory_dir / LOG_FILE}")
        time.sleep(0.05)
    raise LabProcessError(f"lab process not ready after {timeout:.0f} s; see {inventory_dir / LOG_FILE}")


def _stop_child(child: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Terminate a lab process that is not ready yet and reap it; SIGKILL if SIGTERM is not enough."""
    child.terminate()
    try:
        child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def stop_lab(inventory_dir: Path, timeout: float = 30.0) -> LabProcess | None:
    """Terminate the lab recorded in ``inventory_dir`` and wait for it to exit; None if none was running.

    A lab still starting has no state file yet; it is found through the pid in its lock file (no devices known).
    """
    lab = read_lab(inventory_dir) or starting_lab(inventory_dir)
    if lab is None:
        return None
    if lab.alive:
        os.kill(lab.pid, signal.SIGTERM)
        if not _wait_gone(lab.pid, timeout):
            os.kill(lab.pid, signal.SIGKILL)
            if not _wait_gone(lab.pid, 10.0):
                raise LabProcessError(f"lab process {lab.pid} did not exit")
    (inventory_dir / STATE_FILE).unlink(missing_ok=True)
    return lab


def starting_lab(inventory_dir: Path) -> LabProcess | None:
    """The lab process of ``inventory_dir`` that holds its lock but has not written its state yet (no devices)."""
    pid = holder(inventory_dir)
    if pid is None or not _is_lab_daemon(pid, inventory_dir):
        return None
    return LabProcess(pid, "", (), inventory_dir)


def reachable(endpoint: Endpoint, timeout: float = 1.0) -> bool:
    """Whether the device's port accepts TCP connections."""
    try:
        with socket.create_connection(("127.0.0.1", endpoint.port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_lab_daemon(pid):
            return True
        time.sleep(0.05)
    return False


def _is_lab_daemon(pid: int, inventory_dir: Path | None = None) -> bool:
    """True if ``pid`` runs (not a zombie) and is a lab daemon (of ``inventory_dir`` if given), so a recycled pid
    is never signalled."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child
        if finished == pid:
            return False
    except ChildProcessError:
        pass
    proc = Path("/proc") / str(pid)
    if proc.is_dir():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            arguments = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return False
        wanted = [_DAEMON_MODULE] + ([str(inventory_dir.resolve())] if inventory_dir is not None else [])
        return state != "Z" and all(argument in arguments for argument in wanted)
    if inventory_dir is not None:
        return False  # without /proc the command line cannot be checked
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
