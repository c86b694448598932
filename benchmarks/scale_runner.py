"""Measure the drift check over many lab devices: Nornir's threaded runner, the process runner and the Dask runner.

Run from the repository root (needs the ``lab``, ``nornir``, ``network``, ``dask`` and ``bench`` extras)::

    .venv/bin/python -m benchmarks.scale_runner --devices 100 1000 2000 --batch-sizes 25 50 [--output r.json]

For each fleet size a lab process serves the devices (as ``diffsync-automation lab up`` does) and every runner
makes the same dry-run drift check (``diffsync_sync`` with ``DriftReportProcessor``; the threaded runner also
with ``CloseConnectionsProcessor``, as the CLI runs it). Before the runs, the floor: a bare netmiko session
(connect, privilege check, the two show commands a check reads, logout) on a sample of devices, one at a time,
timed per step with the CPU it cost this process and the lab. The peak thread count of this process is sampled
during every run. The Dask runner uses a
local cluster of worker processes on 127.0.0.1, started and warmed up (modules imported) before the clock runs;
its start-up time is reported apart. Each configuration runs ``--repeat`` times and the median run is reported,
with the CPU time of the driver, the lab and the Dask workers, and the report's totals (a host that failed is
an ``error`` there; Nornir prints its traceback on stderr; each run starts with no failed host, so a failure
is not carried into the next run). Every Dask report is compared with the threaded one (clock fields aside),
and so is every process runner's (``--processes``: its worker processes start inside the clock, as in the CLI;
their CPU is sampled).
Results go to stdout as JSON; docs/scale.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import psutil
import yaml
from netmiko import ConnectHandler
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.plugins.runners import RunnerPlugin
from nornir.plugins.runners import ThreadedRunner

from diffsync_automation.lab.process import spawn_lab, stop_lab
from diffsync_automation.report.model import DriftReport
from nornir_plugins import CloseConnectionsProcessor, DriftReportProcessor, diffsync_sync
from nornir_plugins.dask_runner import DaskRunner
from nornir_plugins.process_runner import ProcessRunner


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def comparable(report: DriftReport) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report.to_json())
    del data["started_at"], data["finished_at"]
    for device in data["devices"]:
        del device["duration_s"]
    return data


class RunSampler:
    """Samples this process's thread count in the background (paramiko runs one thread per open SSH session), and
    the CPU time of the worker processes the run starts (descendants other than ``exclude``: last sample per
    process, so a worker's last ~0.1 s may be missed)."""

    def __init__(self, exclude: set[int], every_s: float = 0.1) -> None:
        self.peak = 0
        self.workers_cpu: dict[int, float] = {}
        self._before: dict[int, float] = {}
        self._exclude = exclude
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RunSampler:
        self._before = self._workers()  # a process runner's fork server outlives each run
        self._thread.start()
        return self

    def _workers(self) -> dict[int, float]:
        """CPU seconds so far of each descendant process not excluded."""
        seen: dict[int, float] = {}
        for child in psutil.Process().children(recursive=True):
            if child.pid not in self._exclude:
                with suppress(psutil.Error):  # it ended between the listing and the reading
                    seen[child.pid] = cpu_seconds([child])
        return seen

    @property
    def workers_cpu_s(self) -> float:
        """CPU seconds the descendant processes spent during the run."""
        return sum(cpu - self._before.get(pid, 0.0) for pid, cpu in self.workers_cpu.items())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self._every_s):
            self.peak = max(self.peak, threading.active_count())
            self.workers_cpu.update(self._workers())


def different_hosts(report: dict[str, Any], reference: dict[str, Any]) -> dict[str, list[str]]:
    """Hosts whose entries differ between two comparable reports, each with the fields that differ ("*" when the
    rest of the report differs)."""
    mine = {device["host"]: device for device in report.pop("devices")}
    theirs = {device["host"]: device for device in reference.pop("devices")}
    hosts = {
        host: sorted(
            key
            for key in mine.get(host, {}).keys() | theirs.get(host, {}).keys()
            if mine.get(host, {}).get(key) != theirs.get(host, {}).get(key)
        )
        for host in mine.keys() | theirs.keys()
        if mine.get(host) != theirs.get(host)
    }
    return hosts | ({"*": []} if report != reference else {})


def check(
    nornir: Nornir, runner: RunnerPlugin, processes: dict[str, list[psutil.Process]], close_each: bool
) -> tuple[float, Any]:
    """One timed dry-run drift check over every host: wall seconds, CPU seconds per process group, the report.

    All runs share one Nornir object, which skips the hosts that failed in an earlier run: forget them first, so
    every run checks every host (a host skipped anyway is in the report as a ``skipped`` error, never left out).
    """
    nornir.data.reset_failed_hosts()
    drift = DriftReportProcessor()
    processors: list[Any] = [drift, CloseConnectionsProcessor()] if close_each else [drift]
    before = {name: cpu_seconds(group) for name, group in processes.items()}
    started = time.perf_counter()
    known = {process.pid for group in processes.values() for process in group}
    with RunSampler(exclude=known) as sampled:
        nornir.with_runner(runner).with_processors(processors).run(task=diffsync_sync, dry_run=True)
    wall = time.perf_counter() - started
    cpu: dict[str, Any] = {name: round(cpu_seconds(group) - before[name], 2) for name, group in processes.items()}
    if "workers" not in processes and sampled.workers_cpu_s > 0.05:  # the process runner's workers and fork server
        cpu["workers"] = round(sampled.workers_cpu_s, 2)
    cpu["peak_threads_driver"] = sampled.peak
    return wall, (cpu, drift.report)  # failed hosts count as errors in the report's totals


def compared_runs(
    nornir: Nornir,
    runner: RunnerPlugin,
    processes: dict[str, list[psutil.Process]],
    close_each: bool,
    repeat: int,
    reference: DriftReport,
) -> tuple[list[float], list[dict[str, Any]], DriftReport, dict[str, list[str]]]:
    """``repeat`` checks with ``runner``: walls, CPUs, the last report, and the hosts reported unlike ``reference``."""
    walls, cpus, differing = [], [], {}
    for _ in range(repeat):
        wall, (cpu, report) = check(nornir, runner, processes, close_each)
        walls.append(wall)
        cpus.append(cpu)
        differing.update(different_hosts(comparable(report), comparable(reference)))
    return walls, cpus, report, differing


def bare_sessions(directory: Path, sample: int, lab: psutil.Process) -> dict[str, Any]:
    """The floor per device: a bare netmiko session doing what a check reads, one device at a time.

    Median milliseconds per step (wall), and the CPU seconds per device of this process and of the lab.
    """
    hosts = yaml.load((directory / "hosts.yaml").read_text(), Loader=yaml.CSafeLoader)
    defaults = yaml.load((directory / "defaults.yaml").read_text(), Loader=yaml.CSafeLoader)
    secret = defaults["connection_options"]["netmiko"]["extras"]["secret"]
    steps: dict[str, list[float]] = {"connect": [], "privilege": [], "show_vlan": [], "show_running": [], "logout": []}
    own_cpu, lab_cpu = time.process_time(), cpu_seconds([lab])
    names = list(hosts)[:sample]
    for name in names:
        host = hosts[name]
        params = {"host": host["hostname"], "port": host["port"], "device_type": host["platform"]}
        credentials = {"username": defaults["username"], "password": defaults["password"], "secret": secret}
        clock = time.perf_counter()
        conn = ConnectHandler(**params, **credentials)
        steps["connect"].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        conn.enable()  # checks the prompt first, as NetmikoSession.open does
        steps["privilege"].append(time.perf_counter() - clock)
        prompt = rf"(?m)^{conn.base_prompt}[>#]\s*$"
        for step, command in (("show_vlan", "show vlan"), ("show_running", "show running-config")):
            clock = time.perf_counter()
            conn.send_command(command, expect_string=prompt)  # with the echo check, as NetmikoSession.show
            steps[step].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        conn.disconnect()
        steps["logout"].append(time.perf_counter() - clock)
    result: dict[str, Any] = {f"{step}_ms": round(statistics.median(v) * 1000, 1) for step, v in steps.items()}
    result["session_ms"] = round(sum(result[f"{step}_ms"] for step in steps), 1)
    result["client_cpu_ms_per_device"] = round((time.process_time() - own_cpu) / len(names) * 1000, 1)
    result["lab_cpu_ms_per_device"] = round((cpu_seconds([lab]) - lab_cpu) / len(names) * 1000, 1)
    result["sample"] = len(names)
    return result


def summary(walls: list[float], cpus: list[dict[str, float]], report: DriftReport) -> dict[str, Any]:
    """Median and every wall time; CPU of the median run; the report's exit code and totals."""
    middle = sorted(range(len(walls)), key=walls.__getitem__)[len(walls) // 2]
    return {
        "wall_s": round(walls[middle], 2),
        "walls_s": [round(wall, 2) for wall in walls],
        "devices_per_s": round(report.totals.devices / walls[middle], 1),
        "cpu_s": cpus[middle],
        "exit_code": report.exit_code,
        "totals": report.totals.model_dump(),
    }


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return round(time.perf_counter() - started, 2), value


def bench_fleet(
    devices: int,
    threads: list[int],
    processes_list: list[int],
    workers: int,
    batch_sizes: list[int],
    repeat: int,
    sample: int,
) -> dict[str, Any]:
    driver = [psutil.Process()]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        lab_up_s, lab = timed(lambda: spawn_lab(directory, devices, "mixed"))
        processes = {"driver": driver, "lab": [psutil.Process(lab.pid)]}
        try:
            floor = bare_sessions(directory, min(sample, devices), processes["lab"][0])
            nornir = InitNornir(config_file=str(directory / "nornir.yaml"))
            runs: dict[str, Any] = {}
            for count in threads:
                walls, cpus = [], []
                for _ in range(repeat):
                    wall, (cpu, reference) = check(nornir, ThreadedRunner(count), processes, close_each=True)
                    nornir.close_connections()
                    walls.append(wall)
                    cpus.append(cpu)
                runs[f"threaded_{count}"] = {"num_workers": count, **summary(walls, cpus, reference)}
            for count in processes_list:
                per_process = -(-threads[0] // count)  # the CLI's split of --workers
                runner = ProcessRunner(count, per_process)
                walls, cpus, report, differing = compared_runs(nornir, runner, processes, True, repeat, reference)
                runs[f"processes_{count}"] = {
                    "processes": count,
                    "num_workers": per_process,
                    "same_report_as_threaded": not differing,
                    "hosts_reported_differently": {host: differing[host] for host in sorted(differing)[:5]},
                    **summary(walls, cpus, report),
                }
            for batch_size in batch_sizes:
                with DaskRunner(workers=workers, batch_size=batch_size) as runner:
                    start_s, client = timed(lambda r=runner: r.client)
                    client.run(__import__, "nornir_plugins.tasks")  # what a worker imports before its first batch
                    pids = client.run(os.getpid).values()
                    groups = {**processes, "workers": [psutil.Process(pid) for pid in pids]}
                    walls, cpus, report, differing = compared_runs(nornir, runner, groups, False, repeat, reference)
                runs[f"dask_batch_{batch_size}"] = {
                    "workers": workers,
                    "batch_size": batch_size,
                    "cluster_start_s": start_s,
                    "same_report_as_threaded": not differing,
                    "hosts_reported_differently": {host: differing[host] for host in sorted(differing)[:5]},
                    **summary(walls, cpus, report),
                }
        finally:
            stop_lab(directory)
    return {"devices": devices, "lab_up_s": lab_up_s, "bare_session": floor, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, nargs="+", default=[100, 1000, 2000])
    parser.add_argument("--threads", type=int, nargs="+", default=[25, 50, 100], help="threads of the threaded runner")
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[2],
        help="worker processes of the process runner, each with its share of the first --threads value",
    )
    parser.add_argument("--dask-workers", type=int, default=2, help="worker processes of the local Dask cluster")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[25, 50])
    parser.add_argument("--sample", type=int, default=20, help="devices timed with a bare netmiko session")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; the median is reported")
    parser.add_argument("--output", type=Path, help="also write the JSON result here")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)  # netmiko's ntc-templates lookup warns on every parse

    result = {
        "cpus": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in os.getloadavg()],
        "fleets": [
            bench_fleet(
                count, args.threads, args.processes, args.dask_workers, args.batch_sizes, args.repeat, args.sample
            )
            for count in args.devices
        ],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n")


if __name__ == "__main__":
    main()
