"""A worker process killed in the middle of a run: its hosts are run again elsewhere, or reported as failed.

Each test starts its own LocalCluster (two worker processes under nannies, on 127.0.0.1) and slows every lab
device down so that batches are still running when one worker gets SIGKILL.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from dask_helpers import local_cluster
from distributed import Client, LocalCluster
from nornir import InitNornir
from nornir.core.task import AggregatedResult

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.report.model import DeviceStatus, DriftReport
from nornir_plugins import DriftReportProcessor, diffsync_sync
from nornir_plugins.dask_runner import DaskBatchError, DaskRunner

pytestmark = [pytest.mark.lab, pytest.mark.slow]

FLEET = 16
BATCH = 4
DELAY = 0.15  # seconds before each echoed line: a device check takes a few seconds


class Run:
    """A drift check over the lab in a background thread, with the drift report it produced."""

    def __init__(self, directory: Path, cluster: LocalCluster) -> None:
        self.drift = DriftReportProcessor()
        self.runner = DaskRunner(scheduler=cluster.scheduler_address, batch_size=BATCH)
        self.nornir = InitNornir(config_file=str(directory / "nornir.yaml")).with_runner(self.runner)
        self.result: AggregatedResult | None = None
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self) -> None:
        self.result = self.nornir.with_processors([self.drift]).run(task=diffsync_sync, dry_run=True)

    def join(self) -> tuple[AggregatedResult, DriftReport]:
        """Wait for the run, then disconnect from the cluster (before the test stops it)."""
        self._thread.join(timeout=120)
        self.runner.close()
        assert self.result is not None, "the run did not finish"
        return self.result, self.drift.report


def slow_fleet(lab_factory: LabFactory, directory: Path) -> list[str]:
    lab = lab_factory(FLEET, "mixed")
    for device in lab:
        device.set_faults(delay=DELAY)
    write_inventory(directory, lab)
    return sorted(device.name for device in lab)


def kill_a_busy_worker(client: Client) -> tuple[int, set[str]]:
    """SIGKILL a worker process that is running a batch; its pid and the keys it held."""
    pids = client.run(os.getpid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        busy = {worker: keys for worker, keys in client.processing().items() if keys}
        if busy:
            time.sleep(1.0)  # well inside the batch: its devices are mid-session
            busy = {worker: keys for worker, keys in client.processing().items() if keys}
            worker, keys = next(iter(busy.items()))
            os.kill(pids[worker], signal.SIGKILL)
            return pids[worker], set(keys)
        time.sleep(0.05)
    raise AssertionError("no batch started within 60 s")


def hosts_of(keys: set[str], hosts: list[str]) -> set[str]:
    """The hosts of batches ``nornir-<task>-<run>-<n>``: hosts n*BATCH up to (n+1)*BATCH in inventory order."""
    numbers = {int(key.rsplit("-", 1)[1]) for key in keys if not key.startswith("nornir-spec-")}
    return {host for number in numbers for host in hosts[number * BATCH : (number + 1) * BATCH]}


def test_a_killed_workers_batches_run_again_on_another_worker(lab_factory: LabFactory, tmp_path: Path) -> None:
    hosts = slow_fleet(lab_factory, tmp_path)
    with local_cluster() as cluster, Client(cluster, set_as_default=False) as client:
        run = Run(tmp_path, cluster)
        pid, keys = kill_a_busy_worker(client)
        result, report = run.join()

    assert keys
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert sorted(result) == hosts and not result.failed
    assert [device.host for device in report.devices] == hosts
    assert all(device.status is DeviceStatus.DRIFT for device in report.devices)
    assert report.exit_code == 2


def test_hosts_of_a_batch_that_keeps_losing_its_worker_are_reported_as_errors(
    lab_factory: LabFactory, tmp_path: Path
) -> None:
    hosts = slow_fleet(lab_factory, tmp_path)
    with local_cluster(allowed_failures=0) as cluster, Client(cluster, set_as_default=False) as client:
        run = Run(tmp_path, cluster)
        _, keys = kill_a_busy_worker(client)
        result, report = run.join()

    assert sorted(result) == hosts
    lost = set(result.failed_hosts)
    assert lost and lost <= hosts_of(keys, hosts)
    for name in lost:
        error = result[name][0].exception
        assert isinstance(error, DaskBatchError)
        assert str(error).startswith(f"host {name}: batch nornir-diffsync_sync-") and "KilledWorker" in str(error)
    assert [device.host for device in report.devices] == hosts
    errors = {device.host: device.errors for device in report.devices if device.status is DeviceStatus.ERROR}
    assert set(errors) == lost
    assert all(entry[0].kind == "DaskBatchError" for entry in errors.values())
    assert all(device.status is DeviceStatus.DRIFT for device in report.devices if device.host not in lost)
    assert report.exit_code == 1
