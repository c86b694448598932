"""Measure the embedded lab: start-up of many devices, single-session latency, and a large Nornir run.

Run from the repository root::

    .venv/bin/python -m benchmarks.lab_nornir --devices 500 --workers 20 [--output results.json]

The Nornir part serves the lab from a separate process (as ``diffsync-automation lab up`` does), so client
and simulator do not share one interpreter. Results go to stdout as JSON; docs/lab.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netmiko import ConnectHandler
from nornir import InitNornir
from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command, netmiko_send_config

from diffsync_automation.lab import Lab
from diffsync_automation.lab.process import spawn_lab, stop_lab


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def process_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds, resident MB) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    rss = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS"))
    return cpu, int(rss.split()[1]) / 1024


def bench_startup(counts: list[int]) -> dict[str, float]:
    """Seconds to start N devices in-process (all listening) and to stop them."""
    results: dict[str, float] = {}
    for count in counts:
        lab = Lab.seeded(count, "mixed")
        start_s, _ = timed(lab.start)
        stop_s, _ = timed(lab.stop)
        results[f"start_{count}_s"] = round(start_s, 3)
        results[f"stop_{count}_s"] = round(stop_s, 3)
    return results


def bench_latency(rounds: int) -> dict[str, float]:
    """Median milliseconds of one netmiko session against an in-process device, per platform."""
    results: dict[str, float] = {}
    with Lab.seeded(2, "mixed") as lab:
        for device in lab:
            connect_ms, enable_ms, show_ms, textfsm_ms, config_ms, total_ms = [], [], [], [], [], []
            for _ in range(rounds):
                begin = time.perf_counter()
                seconds, conn = timed(lambda d=device: ConnectHandler(**d.netmiko_params()))
                connect_ms.append(seconds * 1000)
                enable_ms.append(timed(conn.enable)[0] * 1000)
                show_ms.append(timed(lambda c=conn: c.send_command("show vlan brief"))[0] * 1000)
                textfsm_ms.append(timed(lambda c=conn: c.send_command("show vlan brief", use_textfsm=True))[0] * 1000)
                config_ms.append(timed(lambda c=conn: c.send_config_set(["vlan 42", "name BENCH"]))[0] * 1000)
                conn.disconnect()
                total_ms.append((time.perf_counter() - begin) * 1000)
            prefix = device.platform
            for label, values in (
                ("connect", connect_ms),
                ("enable", enable_ms),
                ("show", show_ms),
                ("show_textfsm", textfsm_ms),
                ("config_set", config_ms),
                ("session_total", total_ms),
            ):
                results[f"{prefix}_{label}_ms"] = round(statistics.median(values), 1)
    return results


def load(task: Task) -> Result:
    """What a drift check does per device: enable, read VLANs and interfaces through TextFSM."""
    vlans = task.run(netmiko_send_command, command_string="show vlan brief", use_textfsm=True, enable=True).result
    ports = task.run(netmiko_send_command, command_string="show interfaces status", use_textfsm=True).result
    return Result(host=task.host, result={"vlans": len(vlans), "ports": len(ports)})


def push(task: Task) -> Result:
    task.run(netmiko_send_config, config_commands=["vlan 42", f"name SYNC_{task.host.name}"])
    return Result(host=task.host, changed=True)


def bench_nornir(devices: int, workers: int) -> dict[str, Any]:
    """Cold run (connect + enable + 2 TextFSM shows) over N devices, a config push, a warm re-read."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        spawn_s, lab = timed(lambda: spawn_lab(directory, devices, "mixed"))
        try:
            cpu0, rss0 = process_usage(lab.pid)
            nornir = InitNornir(
                config_file=str(directory / "nornir.yaml"),
                runner={"plugin": "threaded", "options": {"num_workers": workers}},
            )
            cold_s, cold = timed(lambda: nornir.run(task=load))
            push_s, pushed = timed(lambda: nornir.run(task=push))
            warm_s, warm = timed(lambda: nornir.run(task=load))
            cpu1, rss1 = process_usage(lab.pid)
            nornir.close_connections()
        finally:
            stop_lab(directory)
    return {
        "devices": devices,
        "workers": workers,
        "lab_up_s": round(spawn_s, 2),
        "cold_run_s": round(cold_s, 2),
        "push_run_s": round(push_s, 2),
        "warm_run_s": round(warm_s, 2),
        "failed_hosts": [len(r.failed_hosts) for r in (cold, pushed, warm)],
        "lab_cpu_s": round(cpu1 - cpu0, 2),
        "lab_rss_mb": [round(rss0, 1), round(rss1, 1)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20, help="sessions per platform for the latency medians")
    parser.add_argument("--output", type=Path, help="also write the JSON result here")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)  # netmiko's ntc-templates lookup warns on every parse

    result = {
        "cpus": os.cpu_count(),
        "startup": bench_startup([100, 500, 1000]),
        "latency": bench_latency(args.rounds),
        "nornir": bench_nornir(args.devices, args.workers),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n")


if __name__ == "__main__":
    main()
