"""The drift check on lab devices over real SSH: the Dask runner gives the threaded runner's report and exit code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dask_helpers import NornirFactory
from distributed import LocalCluster
from nornir.core.task import AggregatedResult

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.report.model import DriftReport
from nornir_plugins import DriftCheckError, DriftReportProcessor, diffsync_sync

pytestmark = pytest.mark.lab

FLEET = 24


def comparable(report: DriftReport) -> dict[str, Any]:
    """The report's JSON without the clock: run start and end, each device's duration."""
    data: dict[str, Any] = json.loads(report.to_json())
    del data["started_at"], data["finished_at"]
    for device in data["devices"]:
        del device["duration_s"]
    return data


def outcome(result: AggregatedResult) -> dict[str, Any]:
    return {
        name: (multi.failed, multi.changed, multi[0].diff, multi[0].result if not multi.failed else None)
        for name, multi in result.items()
    }


def test_check_gives_the_threaded_report_and_exit_code(
    lab_factory: LabFactory, tmp_path: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster
) -> None:
    lab = lab_factory(FLEET, "mixed")
    lab["sw03"].set_faults(reject_login=True)
    lab["sw05"].set_faults(refuse_connections=True)
    write_inventory(tmp_path, lab)
    in_sync = nornir_factory(tmp_path).filter(filter_func=lambda host: host.name in {"sw10", "sw11"})
    assert not in_sync.run(task=diffsync_sync, dry_run=False).failed

    reports, results = {}, {}
    for plugin, options in (
        ("threaded", {}),
        ("dask", {"scheduler": dask_cluster.scheduler_address, "batch_size": 5}),
    ):
        drift = DriftReportProcessor()
        nr = nornir_factory(tmp_path, plugin, **options)
        results[plugin] = nr.with_processors([drift]).run(task=diffsync_sync, dry_run=True)
        reports[plugin] = drift.report

    threaded, dask = reports["threaded"], reports["dask"]
    assert comparable(dask) == comparable(threaded)
    assert dask.exit_code == threaded.exit_code == 1
    totals = dask.totals
    assert (totals.devices, totals.error, totals.in_sync, totals.drift) == (FLEET, 2, 2, FLEET - 4)
    assert outcome(results["dask"]) == outcome(results["threaded"])
    for name in ("sw03", "sw05"):
        error = results["dask"][name][0].exception
        assert isinstance(error, DriftCheckError) and str(error) == str(results["threaded"][name][0].exception)
        assert error.kinds == results["threaded"][name][0].exception.kinds
    assert results["dask"]["sw01"][0].device_result.diff == results["threaded"]["sw01"][0].device_result.diff
    secrets = (lab.credentials.password, lab.credentials.secret)
    assert not [secret for secret in secrets if secret in dask.to_json()]


def test_apply_gives_the_threaded_report(
    lab_factory: LabFactory, tmp_path: Path, nornir_factory: NornirFactory, dask_cluster: LocalCluster
) -> None:
    """Two identical fleets, one fixed by each runner: same report, and both converge."""
    reports = {}
    for plugin, options in (
        ("threaded", {}),
        ("dask", {"scheduler": dask_cluster.scheduler_address, "batch_size": 4}),
    ):
        lab = lab_factory(10, "mixed")
        directory = tmp_path / plugin
        write_inventory(directory, lab)
        drift = DriftReportProcessor()
        nr = nornir_factory(directory, plugin, **options)
        nr.with_processors([drift]).run(task=diffsync_sync, state="overridden", dry_run=False)
        reports[plugin] = drift.report
        check = DriftReportProcessor()
        nornir_factory(directory).with_processors([check]).run(task=diffsync_sync, state="overridden", dry_run=True)
        assert check.report.exit_code == 0 and check.report.totals.in_sync == 10

    assert comparable(reports["dask"]) == comparable(reports["threaded"])
    assert reports["dask"].mode == "sync" and reports["dask"].totals.synced == 10
