"""``ProcessRunner`` (the ``processes`` runner): the threaded runner's results and reports from worker processes,
a worker that dies, a stop request, the workers' end, and how the CLI picks it."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
import yaml
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.plugins.runners import RunnersPluginRegister
from nornir.core.task import AggregatedResult, MultiResult, Result
from nornir.plugins.runners import ThreadedRunner
from nornir_fleet import FleetFactory
from process_tasks import exit_on, wait_for_drain, with_subtasks

from diffsync_automation.cli.inventory_source import InventoryError
from diffsync_automation.cli.runs import AUTO_PROCESSES_FROM, RunnerChoice
from diffsync_automation.network.errors import Interrupted
from diffsync_automation.network.stop import RUN_STOP
from diffsync_automation.report.model import DriftReport
from nornir_plugins import DriftCheckError, DriftReportProcessor, diffsync_sync
from nornir_plugins.process_runner import ProcessRunner, WorkerProcessError, default_processes

RunnersPluginRegister.register("processes", ProcessRunner)

HOSTS = 8


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """Hosts in two groups with inherited data, defaults with credentials; no device behind them."""
    hosts = {
        f"h{n:02d}": {"hostname": "127.0.0.1", "port": 10000 + n, "groups": ["ios" if n % 2 else "eos"]}
        for n in range(1, HOSTS + 1)
    }
    groups = {"campus": {"data": {"site": "lab-a"}}, "ios": {"groups": ["campus"]}, "eos": {"data": {"site": "b"}}}
    for name, content in (("hosts", hosts), ("groups", groups), ("defaults", {"username": "admin"})):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(content))
    return tmp_path


def open_nornir(directory: Path, plugin: str = "threaded", **options: Any) -> Nornir:
    files = {f"{kind}_file": str(directory / f"{kind}s.yaml") for kind in ("host", "group")}
    return InitNornir(
        inventory={
            "plugin": "SimpleInventory",
            "options": {**files, "defaults_file": str(directory / "defaults.yaml")},
        },
        runner={"plugin": plugin, "options": options},
        logging={"enabled": False},
    )


def describe(item: Result | MultiResult) -> Any:
    """Everything comparable of a result tree; the hosts' identity is checked apart."""
    if isinstance(item, MultiResult):
        return ("multi", item.name, [describe(entry) for entry in item])
    error = item.exception
    return (item.name, item.result, item.changed, item.diff, item.failed, type(error), str(error))


class Hooks:
    """Processor calls per host, in order."""

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[str, str]]] = {}

    def __getattr__(self, hook: str) -> Any:
        def record(task: Any, host: Any = None, result: Any = None) -> None:
            if host is not None:
                self.calls.setdefault(host.name, []).append((hook, task.name))

        return record


@pytest.mark.integration  # worker processes
def test_results_and_hooks_match_the_threaded_runner(inventory: Path) -> None:
    outcomes: dict[str, AggregatedResult] = {}
    hooks: dict[str, Hooks] = {}
    for plugin, options in (("threaded", {}), ("processes", {"processes": 2, "num_workers": 2})):
        hooks[plugin] = Hooks()
        nr = open_nornir(inventory, plugin, **options)
        outcomes[plugin] = nr.with_processors([hooks[plugin]]).run(
            task=with_subtasks, fail_subtask="h03", fail_task="h06"
        )
        assert nr.data.failed_hosts == {"h03", "h06"}
    threaded, processes = outcomes["threaded"], outcomes["processes"]
    assert list(processes) == list(threaded)
    for name, multi in processes.items():
        assert describe(multi) == describe(threaded[name]), name
        assert all(result.host is multi[0].host and result.host.name == name for result in multi)
    assert hooks["processes"].calls == hooks["threaded"].calls
    assert processes["h01"][1].result == "lab-a" and processes["h02"][1].result == "b"


@pytest.mark.integration  # worker processes
def test_a_dead_worker_fails_only_the_host_it_was_running(inventory: Path) -> None:
    nr = open_nornir(inventory, "processes", processes=2, num_workers=1)
    result = nr.run(task=exit_on, host="h02")
    assert sorted(result) == [f"h{n:02d}" for n in range(1, HOSTS + 1)]
    error = result["h02"][0].exception
    assert isinstance(error, WorkerProcessError) and "died (exit code 3) while running it" in str(error)
    assert nr.data.failed_hosts == {"h02"}
    assert len({result[name][0].result for name in result if name != "h02"}) >= 1  # the other worker's pid at least


@pytest.mark.integration  # worker processes
def test_a_stop_request_reaches_the_workers(inventory: Path, tmp_path: Path) -> None:
    marker = tmp_path / "h01.running"
    nr = open_nornir(inventory, "processes", processes=1, num_workers=1)

    def drain_once_h01_runs() -> None:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            RUN_STOP.wait_abort(0.02)
        RUN_STOP.drain()

    drainer = threading.Thread(target=drain_once_h01_runs)
    drainer.start()
    try:
        result = nr.run(task=wait_for_drain, host="h01", marker=marker)
    finally:
        drainer.join()
        RUN_STOP.reset()
    assert result["h01"][0].result == "drained: True"
    for name in sorted(set(result) - {"h01"}):
        assert isinstance(result[name][0].exception, Interrupted), name


def test_arguments_that_do_not_pickle_are_refused_before_any_worker_starts(inventory: Path) -> None:
    nr = open_nornir(inventory, "processes", processes=2, num_workers=1)
    with pytest.raises(TypeError, match="cannot be sent to worker processes: its function and arguments must pickle"):
        nr.run(task=with_subtasks, fail_subtask=threading.Lock())
    assert not multiprocessing.active_children()


@pytest.mark.integration  # worker processes
def test_no_worker_outlives_the_run(inventory: Path) -> None:
    nr = open_nornir(inventory, "processes", processes=2, num_workers=2)
    pids = {result[0].result for result in nr.run(task=exit_on, host="none").values()}
    assert len(pids) == 2
    assert not [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not multiprocessing.active_children()


def test_the_cli_picks_processes_for_large_inventories_only() -> None:
    assert isinstance(RunnerChoice(25).runner(AUTO_PROCESSES_FROM - 1), ThreadedRunner)
    large = RunnerChoice(25).runner(AUTO_PROCESSES_FROM)
    if default_processes() > 1:
        assert isinstance(large, ProcessRunner) and large.processes == default_processes()
        assert large.num_workers == -(-25 // default_processes())
    chosen = RunnerChoice(25, processes=3).runner(5)
    assert isinstance(chosen, ProcessRunner) and (chosen.processes, chosen.num_workers) == (3, 9)
    assert isinstance(RunnerChoice(25, processes=1).runner(10_000), ThreadedRunner)
    with pytest.raises(InventoryError, match="does not combine with a dask cluster"):
        RunnerChoice(25, processes=2, dask_workers=2)


@pytest.mark.lab
def test_check_gives_the_threaded_report(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(10)
    fleet.lab["sw03"].set_faults(reject_login=True)
    reports: dict[str, DriftReport] = {}
    results: dict[str, AggregatedResult] = {}
    for plugin, options in (("threaded", {}), ("processes", {"processes": 2, "num_workers": 3})):
        drift = DriftReportProcessor()
        nr = fleet.nornir(runner={"plugin": plugin, "options": options})
        results[plugin] = nr.with_processors([drift]).run(task=diffsync_sync, dry_run=True)
        reports[plugin] = drift.report
    assert comparable(reports["processes"]) == comparable(reports["threaded"])
    assert reports["processes"].totals.error == 1 and reports["processes"].totals.drift == 9
    error = results["processes"]["sw03"][0].exception
    assert isinstance(error, DriftCheckError) and error.kinds == results["threaded"]["sw03"][0].exception.kinds
    assert not [secret for secret in fleet.secrets if secret in reports["processes"].to_json()]


@pytest.mark.lab
def test_cli_drift_with_processes_writes_the_threaded_report(fleet_factory: FleetFactory, tmp_path: Path) -> None:
    fleet = fleet_factory(6)
    reports = {}
    for processes in ("1", "2"):
        out = tmp_path / f"drift-{processes}.json"
        command = ["-m", "diffsync_automation.cli", "drift", "-i", str(fleet.directory), "--json", str(out)]
        completed = subprocess.run([sys.executable, *command, "--processes", processes], capture_output=True, text=True)
        assert completed.returncode == 2, completed.stderr
        reports[processes] = without_clock(json.loads(out.read_text()))
    assert reports["2"] == reports["1"] and len(reports["2"]["devices"]) == 6


def comparable(report: DriftReport) -> dict[str, Any]:
    return without_clock(json.loads(report.to_json()))


def without_clock(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON report without its clock fields (run start and end, each device's duration)."""
    for key in ("started_at", "finished_at"):
        data.pop(key)
    for device in data["devices"]:
        device.pop("duration_s")
    return data
