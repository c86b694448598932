"""Measure what one lab costs per device: seeding, start-up and resident memory, per platform and in a process.

Run from the repository root::

    .venv/bin/python -m benchmarks.lab_scale --devices 2000

In-process figures come from one interpreter per platform (a fresh ``python -m benchmarks.lab_scale --one``),
so memory of one run does not leak into the next. The process figure times ``spawn_lab`` (what ``lab up``
does: seed, listen, write the inventories) and reads the lab process's RSS. Results go to stdout as JSON;
docs/lab.md records a run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from diffsync_automation.lab import Lab, build_fleet
from diffsync_automation.lab.process import spawn_lab, stop_lab
from diffsync_automation.lab.seed import PlatformChoice


def rss_mb(pid: int | None = None) -> float:
    """Resident memory in MB of ``pid`` (default: this process)."""
    pages = int(Path(f"/proc/{pid or 'self'}/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def one(count: int, platform: PlatformChoice) -> dict[str, Any]:
    """Seed and start ``count`` devices in this interpreter; memory is measured after a full collection."""
    gc.collect()
    base = rss_mb()
    started = time.perf_counter()
    fleet = build_fleet(count, platform)
    seeded = time.perf_counter()
    gc.collect()
    after_seed = rss_mb()
    lab = Lab(fleet).start()
    listening = time.perf_counter()
    gc.collect()
    after_start = rss_mb()
    lab.stop()
    return {
        "platform": platform,
        "devices": count,
        "seed_s": round(seeded - started, 2),
        "start_s": round(listening - seeded, 2),
        "tree_kb_per_device": round((after_seed - base) * 1024 / count, 1),
        "idle_kb_per_device": round((after_start - base) * 1024 / count, 1),
    }


def in_process(count: int, platforms: list[str]) -> list[dict[str, Any]]:
    command = [sys.executable, "-W", "ignore", "-m", "benchmarks.lab_scale", "--devices", str(count), "--one"]
    return [json.loads(subprocess.check_output([*command, platform], text=True)) for platform in platforms]


def process_mode(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        lab = spawn_lab(Path(directory), count, "mixed")
        ready = time.perf_counter() - started
        try:
            rss = rss_mb(lab.pid)
        finally:
            stop_lab(Path(directory))
    return {"devices": count, "platform": "mixed", "lab_up_s": round(ready, 2), "rss_mb": round(rss, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--one", help="measure one platform in this interpreter (used internally)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.one:
        print(json.dumps(one(args.devices, args.one)))
        return
    result = {
        "load_average": os.getloadavg(),
        "in_process": in_process(args.devices, ["cisco_ios", "arista_eos", "cisco_nxos"]),
        "process": process_mode(args.devices),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
