"""A worker process killed in the middle of a run: its hosts are run again elsewhere, or reported as failed.

Each test starts its own LocalCluster (two worker processes under nannies, on 127.0.0.1) and slows every lab
device down so that batches are still running when one worker gets SIGKILL; the kill waits until a worker runs
a batch whose devices have SSH sessions open, so it lands mid-session however loaded the machine is.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from dask_helpers import local_cluster
from dask_tasks import executing
from distributed import Client, LocalCluster
from nornir import InitNornir
from nornir.core.task import AggregatedResult

from diffsync_automation.lab import Lab
from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.report.model import DeviceStatus, DriftReport
from nornir_plugins import DriftReportProcessor, diffsync_sync
from nornir_plugins.dask_runner import DaskBatchError, DaskRunner

pytestmark = [pytest.mark.lab, pytest.mark.slow]

FLEET = 16
BATCH = 4
DELAY = 0.15  # seconds before each echoed line: a device check takes a few seconds
RUN_TIMEOUT = 600.0  # a hang guard, not a time limit: a saturated machine may take minutes


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
        self._thread.join(timeout=RUN_TIMEOUT)
        self.runner.close()
        assert self.result is not None, f"the run did not finish within {RUN_TIMEOUT} s"
        return self.result, self.drift.report


def slow_fleet(lab_factory: LabFactory, directory: Path) -> Lab:
    lab = lab_factory(FLEET, "mixed")
    for device in lab:
        device.set_faults(delay=DELAY)
    write_inventory(directory, lab)
    return lab


def kill_a_worker_mid_session(client: Client, lab: Lab) -> tuple[int, set[str]]:
    """SIGKILL a worker process while it runs a batch one of whose devices has an SSH session open.

    Waiting for that state (rather than for some time) makes the kill land inside a batch however slow the
    machine is: before it, the worker may still be starting or loading the run's spec. Returns the worker's pid
    and the keys the scheduler had assigned to it.
    """
    hosts = sorted(device.name for device in lab)
    pids = client.run(os.getpid)
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        connected = {device.name for device in lab if device.connections}
        for worker, keys in client.run(executing).items():
            if connected & hosts_of(set(keys), hosts):
                assigned = set(client.processing()[worker])
                os.kill(pids[worker], signal.SIGKILL)
                return pids[worker], assigned
        time.sleep(0.05)  # polling interval only: the condition above is what the kill waits for
    raise AssertionError(f"no batch had a device session open within {RUN_TIMEOUT} s")


def hosts_of(keys: set[str], hosts: list[str]) -> set[str]:
    """The hosts of batches ``nornir-<task>-<run>-<n>``: hosts n*BATCH up to (n+1)*BATCH in inventory order."""
    numbers = {int(key.rsplit("-", 1)[1]) for key in keys if not key.startswith("nornir-spec-")}
    return {host for number in numbers for host in hosts[number * BATCH : (number + 1) * BATCH]}


def test_a_killed_workers_batches_run_again_on_another_worker(lab_factory: LabFactory, tmp_path: Path) -> None:
    lab = slow_fleet(lab_factory, tmp_path)
    hosts = sorted(device.name for device in lab)
    with local_cluster() as cluster, Client(cluster, set_as_default=False) as client:
        run = Run(tmp_path, cluster)
        pid, keys = kill_a_worker_mid_session(client, lab)
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
    lab = slow_fleet(lab_factory, tmp_path)
    hosts = sorted(device.name for device in lab)
    with local_cluster(allowed_failures=0) as cluster, Client(cluster, set_as_default=False) as client:
        run = Run(tmp_path, cluster)
        _, keys = kill_a_worker_mid_session(client, lab)
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
