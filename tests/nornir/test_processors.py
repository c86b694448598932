"""``DriftReportProcessor`` over real runs: every host of the (filtered) inventory is in the report.

Nornir does not run a host that failed in an earlier ``nr.run`` of the same Nornir object (``nr.data.failed_hosts``)
unless asked to; the report must say so for that host instead of leaving it out.
"""

from __future__ import annotations

import socket

import pytest
from nornir.plugins.runners import ThreadedRunner
from nornir_fleet import FleetFactory

from diffsync_automation.report import DeviceStatus
from nornir_plugins import DriftReportProcessor, diffsync_sync

pytestmark = pytest.mark.lab

SKIPPED = "skipped"


def closed_port() -> int:
    """A port on 127.0.0.1 that the OS handed out and that nothing listens on any more."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


def test_a_host_that_failed_in_an_earlier_run_is_reported_as_skipped(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(3)
    nr = fleet.nornir().filter(filter_func=lambda host: host.name != "sw03")
    nr.inventory.hosts["sw02"].port = closed_port()
    drift = DriftReportProcessor()

    first = nr.with_processors([drift]).run(task=diffsync_sync, dry_run=True)
    assert list(first.failed_hosts) == ["sw02"]
    assert [device.host for device in drift.report.devices] == ["sw01", "sw02"]

    second = nr.with_processors([drift]).run(task=diffsync_sync, dry_run=True)
    assert list(second) == ["sw01"]  # Nornir did not run sw02 again
    devices = {device.host: device for device in drift.report.devices}
    assert list(devices) == ["sw01", "sw02"]  # sw03, filtered out, is not the run's business
    skipped = devices["sw02"]
    assert skipped.status == DeviceStatus.ERROR
    assert [error.kind for error in skipped.errors] == [SKIPPED]
    assert "nr.data.reset_failed_hosts()" in skipped.errors[0].message
    assert devices["sw01"].status == DeviceStatus.DRIFT
    assert drift.report.totals.devices == 2 and drift.report.exit_code == 1

    nr.data.reset_failed_hosts()
    third = nr.with_processors([drift]).run(task=diffsync_sync, dry_run=True)
    assert sorted(third) == ["sw01", "sw02"]
    assert [error.kind for error in {d.host: d for d in drift.report.devices}["sw02"].errors] == ["unreachable"]


def test_scale_runner_checks_a_failed_host_again_in_its_next_run(fleet_factory: FleetFactory) -> None:
    scale_runner = pytest.importorskip("benchmarks.scale_runner")
    psutil = pytest.importorskip("psutil")
    fleet = fleet_factory(2)
    nr = fleet.nornir()
    nr.inventory.hosts["sw02"].port = closed_port()
    processes = {"driver": [psutil.Process()]}

    reports = [scale_runner.check(nr, ThreadedRunner(2), processes, close_each=True)[1][1] for _ in range(2)]

    for report in reports:
        errors = {device.host: [error.kind for error in device.errors] for device in report.devices}
        assert errors == {"sw01": [], "sw02": ["unreachable"]}
