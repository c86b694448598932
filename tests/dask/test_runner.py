"""``DaskRunner`` against the threaded runner on an inventory without devices: results, processor hooks,
inheritance of groups and defaults on the workers, secrets, values that cannot travel, and options."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import dask
import pytest
import yaml
from dask_helpers import NornirFactory
from dask_tasks import ReadOnlyFact, grouped, leak, unpicklable
from distributed import LocalCluster
from nornir.core.exceptions import NornirSubTaskError
from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Result, Task

from nornir_plugins import DriftReportProcessor
from nornir_plugins.dask_runner import DaskBatchError, DaskRunner, RemoteTaskError

PASSWORD = "correct-horse-battery-staple"
HOSTS = 12


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """Hosts in two groups inheriting from ``campus``, defaults with credentials; no device behind them."""
    hosts = {
        f"h{number:02d}": {
            "hostname": "127.0.0.1",
            "port": 10000 + number,
            "groups": ["ios" if number % 2 else "eos"],
            "data": {"site": "lab-b"} if number % 3 == 0 else {},
        }
        for number in range(1, HOSTS + 1)
    }
    groups = {
        "campus": {"data": {"site": "lab-a", "vlans": [1, 10, 20]}},
        "ios": {"platform": "cisco_ios", "groups": ["campus"]},
        "eos": {"platform": "arista_eos", "groups": ["campus"], "data": {"vlans": [1, 30]}},
    }
    defaults = {"username": "admin", "password": PASSWORD, "data": {"role": "access"}}
    for name, content in (("hosts", hosts), ("groups", groups), ("defaults", defaults)):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(content))
    config = {
        "inventory": {
            "plugin": "SimpleInventory",
            "options": {name: str(tmp_path / f"{name[:-5]}s.yaml") for name in ("host_file", "group_file")}
            | {"defaults_file": str(tmp_path / "defaults.yaml")},
        },
        "logging": {"enabled": False},
        "ssh": {"config_file": "/dev/null"},
    }
    (tmp_path / "nornir.yaml").write_text(yaml.safe_dump(config))
    return tmp_path


class HookLog:
    """Every processor call, per host, in the order this host saw them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runs: list[str] = []
        self.hosts: dict[str, list[tuple[Any, ...]]] = {}

    def task_started(self, task: Task) -> None:
        self.runs.append(f"started {task.name}")

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        self.runs.append(f"completed {task.name} {sorted(result)}")

    def task_instance_started(self, task: Task, host: Host) -> None:
        self._log(host, "task_instance_started", task)

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self._log(host, "task_instance_completed", task, describe(result))

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        self._log(host, "subtask_instance_started", task)

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self._log(host, "subtask_instance_completed", task, describe(result))

    def _log(self, host: Host, hook: str, task: Task, *result: Any) -> None:
        parent = task.parent_task.name if task.parent_task else None
        entry = (hook, task.name, task.task.__name__, task.params, task.severity_level, parent, task.host is host)
        with self.lock:
            self.hosts.setdefault(host.name, []).append(entry + result)


def describe(item: Result | MultiResult) -> Any:
    """Everything comparable of a result tree (a traceback's text included); identity of hosts checked apart."""
    if isinstance(item, MultiResult):
        return ("multi", item.name, [describe(entry) for entry in item])
    error = item.exception
    if isinstance(error, NornirSubTaskError):
        cause: Any = ("subtask", error.task.name, describe(error.result))
    else:
        cause = None if error is None else (type(error), str(error), getattr(error, "fact", None))
    extras = {key: value for key, value in vars(item).items() if key == "tag"}
    return (item.name, item.result, item.changed, item.diff, item.failed, item.severity_level, cause, extras)


def hosts_of(item: Result | MultiResult) -> list[Host | None]:
    if isinstance(item, MultiResult):
        return [host for entry in item for host in hosts_of(entry)]
    return [item.host]


def test_results_and_hooks_match_the_threaded_runner(
    inventory: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster
) -> None:
    params = {"fail_subtask": "h04", "fail_task": "h07", "read_only": "h09"}
    outcomes, logs = {}, {}
    for plugin, options in (
        ("threaded", {}),
        ("dask", {"scheduler": dask_cluster.scheduler_address, "batch_size": 5}),
    ):
        nr = nornir_factory(inventory, plugin, **options)
        log = HookLog()
        outcomes[plugin] = nr.with_processors([log]).run(task=grouped, **params)
        logs[plugin] = log
        assert nr.data.failed_hosts == {"h04", "h07", "h09"}

    threaded, dask = outcomes["threaded"], outcomes["dask"]
    assert isinstance(dask, AggregatedResult) and dask.name == "grouped"
    assert list(dask) == list(threaded)
    for name in threaded:
        assert describe(dask[name]) == describe(threaded[name]), name
        driver_host = dask[name][0].host
        assert driver_host is not None and driver_host.name == name
        assert all(host is driver_host for host in hosts_of(dask[name]))
    assert logs["dask"].hosts == logs["threaded"].hosts
    assert logs["dask"].runs == logs["threaded"].runs
    # Inheritance resolved on the workers as on the driver: own data, then groups in order, then defaults.
    assert dask["h03"][1].result == "lab-b" and dask["h01"][1].result == "lab-a"
    assert dask["h02"][0].result["vlans"] == [1, 30] and dask["h01"][0].result["vlans"] == [1, 10, 20]
    assert dask["h01"][2][1].result == "access"
    # Exceptions keep their class and attributes, even with an __init__ that differs from their args.
    assert isinstance(dask["h09"][0].exception, ReadOnlyFact) and dask["h09"][0].exception.fact == "serial"
    subtask_error = dask["h04"][0].exception
    assert isinstance(subtask_error, NornirSubTaskError)
    assert subtask_error.result is dask["h04"][3] or subtask_error.result[0] is dask["h04"][3]
    assert isinstance(dask["h07"][0].exception, KeyError) and "Traceback" in dask["h07"][0].result


def test_secrets_do_not_come_back_from_the_workers(
    inventory: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster
) -> None:
    nr = nornir_factory(inventory, "dask", scheduler=dask_cluster.scheduler_address)

    result = nr.run(task=leak)

    assert result["h01"][0].result == {"password": "***", "note": "ok"}
    assert result["h01"][0].diff == "password ***"
    error = result["h02"][0].exception
    assert isinstance(error, RemoteTaskError) and error.remote_type == "builtins.RuntimeError"
    assert str(error) == "login with *** refused" and "***" in error.remote_traceback
    texts = [repr(vars(entry)) for multi in result.values() for entry in multi]
    texts += [error.remote_traceback, str(result["h02"][0].result)]
    assert not [text for text in texts if PASSWORD in text]


def test_values_that_do_not_pickle_come_back_as_text(
    inventory: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster
) -> None:
    nr = nornir_factory(inventory, "dask", scheduler=dask_cluster.scheduler_address)

    result = nr.run(task=unpicklable)

    assert not result.failed and len(result) == HOSTS
    first = result["h01"][0]
    assert isinstance(first.result, str) and "lock" in first.result
    assert isinstance(first.handle, str) and "Event" in first.handle


def test_arguments_that_do_not_pickle_are_refused_before_anything_runs(
    inventory: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster
) -> None:
    nr = nornir_factory(inventory, "dask", scheduler=dask_cluster.scheduler_address)

    with pytest.raises(TypeError, match="cannot be sent to Dask workers"):
        nr.run(task=grouped, fail_task=threading.Lock())


@pytest.mark.integration
def test_empty_selection_and_close_connections_do_not_reach_the_cluster(
    inventory: Path, nornir_factory: NornirFactory
) -> None:
    runner = DaskRunner(scheduler="tcp://127.0.0.1:1")  # nothing listens there: any contact would fail
    nr = nornir_factory(inventory).with_runner(runner)

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        assert dict(nr.filter(filter_func=lambda host: False).run(task=grouped)) == {}
        nr.close_connections()  # Nornir's own task runs in-process, on the driver's connections

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), pytest.raises(OSError):
        nr.run(task=grouped)


@pytest.mark.parametrize(
    "options",
    [
        {"scheduler": "tcp://127.0.0.1:1", "workers": 2},
        {"workers": 0},
        {"batch_size": 0},
        {"num_workers": 0},
        {"retries": -1},
    ],
)
def test_invalid_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        DaskRunner(**options)


@pytest.mark.integration
def test_a_local_cluster_runs_the_task_and_stops_with_the_runner(
    inventory: Path, nornir_factory: NornirFactory
) -> None:
    nr = nornir_factory(inventory, "dask", workers=1, batch_size=4)
    runner = nr.runner
    assert isinstance(runner, DaskRunner)

    result = nr.run(task=grouped)
    workers = list(runner.client.run(os.getpid).values())
    runner.close()

    assert sorted(result) == [f"h{number:02d}" for number in range(1, HOSTS + 1)] and not result.failed
    assert result["h02"][0].result == {"platform": "arista_eos", "vlans": [1, 30], "port": 10002}
    assert len(workers) == 1 and workers[0] != os.getpid()
    with pytest.raises(ProcessLookupError):  # the worker process is gone, not just disconnected
        os.kill(workers[0], 0)


def test_a_batch_the_workers_cannot_run_fails_each_of_its_hosts(
    inventory: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster, tmp_path: Path, monkeypatch: Any
) -> None:
    """The task's module exists on the driver only: every batch fails on the workers, and every host says why."""
    (tmp_path / "driver_only_tasks.py").write_text(
        "from nornir.core.task import Result\n\ndef local(task):\n    return Result(host=task.host, result=1)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))  # after the workers started: they cannot import it
    from driver_only_tasks import local  # type: ignore[import-not-found]

    drift = DriftReportProcessor()
    nr = nornir_factory(inventory, "dask", scheduler=dask_cluster.scheduler_address, batch_size=5, retries=0)
    result = nr.with_processors([drift]).run(task=local)

    assert len(result) == HOSTS and set(result.failed_hosts) == set(result)
    for name, multi in result.items():
        assert len(multi) == 1 and isinstance(multi[0].exception, DaskBatchError)
        assert str(multi[0].exception).startswith(f"host {name}: batch nornir-local-")
        assert "No module named 'driver_only_tasks'" in str(multi[0].exception)
    assert drift.report.totals.error == HOSTS and drift.report.exit_code == 1
    assert {device.errors[0].kind for device in drift.report.devices} == {"DaskBatchError"}
