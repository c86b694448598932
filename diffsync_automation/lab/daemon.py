"""Process mode: ``python -m diffsync_automation.lab.daemon`` serves a lab until SIGTERM.

Started by ``process.spawn_lab`` (``diffsync-automation lab up``). It first locks the inventory directory
(``lock.py``: one lab per directory), then writes the inventories and, last, the state file whose presence tells
the parent that every device listens. Until the inventories are written SIGTERM keeps its default action, so a
parent that gives up on a starting lab stops it at once, also while it seeds thousands of devices. Credentials
are generated here and written only to the inventory files, so they never appear on a command line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import signal
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any, cast

from diffsync_automation.lab.faults import faults_by_host
from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.lab import Lab
from diffsync_automation.lab.lock import LOCK_FILE, LOCKED_EXIT, acquire, holder
from diffsync_automation.lab.seed import PlatformChoice

STATE_FILE = "lab-state.json"
_PLATFORM_CHOICES = ("cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos", "mixed")


def _raise_fd_limit() -> None:
    """Each device needs a listening socket plus one per open session: lift the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def write_state(path: Path, lab: Lab, platform: str) -> None:
    """Record pid and ports (never credentials) through a temporary file, then rename it into place."""
    state: dict[str, Any] = {
        "pid": os.getpid(),
        "platform": platform,
        "started_at": time.time(),
        "devices": {d.name: {"port": d.port, "platform": d.platform, "faults": d.faults.describe()} for d in lab},
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    """Serve the lab until SIGTERM or SIGINT; exit with ``LOCKED_EXIT`` if another lab holds the directory."""
    parser = argparse.ArgumentParser(description="Serve a simulated device lab until SIGTERM.")
    parser.add_argument("--devices", type=int, required=True)
    parser.add_argument("--platform", choices=_PLATFORM_CHOICES, default="cisco_ios")
    parser.add_argument("--inventory-dir", type=Path, required=True)
    parser.add_argument("--no-drift", action="store_true", help="live state equals the intended state")
    parser.add_argument("--fault", action="append", default=[], help="HOST=KIND[:ARG], see docs/lab.md")
    parser.add_argument("--slow", type=float, default=0.0, help="seconds every device waits before each answer")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    _raise_fd_limit()
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    args.inventory_dir.mkdir(parents=True, exist_ok=True)
    lock = acquire(args.inventory_dir)
    if lock is None:
        logging.getLogger(__name__).error(
            "not started: a lab (pid %s) holds %s", holder(args.inventory_dir), args.inventory_dir / LOCK_FILE
        )
        return LOCKED_EXIT
    state_path = args.inventory_dir / STATE_FILE
    state_path.unlink(missing_ok=True)  # left by a lab that was killed
    platform = cast(PlatformChoice, args.platform)
    lab = Lab.seeded(args.devices, platform, drift=not args.no_drift)
    faults = faults_by_host(args.fault, lab.devices, args.slow)
    with lab:
        for host, device_faults in faults.items():
            lab[host].set_faults(device_faults)
        write_inventory(args.inventory_dir, lab)
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        write_state(state_path, lab, platform)
        try:
            while not stop.wait(1.0):
                pass
        finally:
            state_path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
