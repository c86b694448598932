"""The CLI's --scheduler / --dask-workers run the same checks on a dask cluster and write the same report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from distributed import LocalCluster

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory

pytestmark = pytest.mark.lab


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diffsync_automation.cli", *args], capture_output=True, text=True, timeout=180
    )


def devices(report_file: Path) -> tuple[int, list[dict[str, Any]]]:
    """Exit code and device entries of a JSON report, without timings."""
    data = json.loads(report_file.read_text())
    return data["exit_code"], [{k: v for k, v in d.items() if k != "duration_s"} for d in data["devices"]]


def test_drift_on_a_scheduler_matches_the_threaded_run(
    lab_factory: LabFactory, tmp_path: Path, dask_cluster: LocalCluster
) -> None:
    lab = lab_factory(6, "mixed")
    lab["sw04"].set_faults(refuse_connections=True)
    write_inventory(tmp_path, lab)
    threaded = cli("drift", "-i", str(tmp_path), "--json", str(tmp_path / "threaded.json"))
    scheduler = dask_cluster.scheduler_address
    on_dask = cli("drift", "-i", str(tmp_path), "--scheduler", scheduler, "--json", str(tmp_path / "dask.json"))
    assert threaded.returncode == on_dask.returncode == 1  # drift everywhere, but one device unreachable
    assert devices(tmp_path / "dask.json") == devices(tmp_path / "threaded.json")
    assert "sw04" in on_dask.stdout


def test_local_dask_workers_and_conflicting_options(lab_factory: LabFactory, tmp_path: Path) -> None:
    write_inventory(tmp_path, lab_factory(3, "mixed"))
    local = cli("drift", "-i", str(tmp_path), "--dask-workers", "1", "--json", str(tmp_path / "local.json"))
    assert local.returncode == 2, local.stderr
    assert devices(tmp_path / "local.json")[0] == 2
    both = cli("drift", "-i", str(tmp_path), "--dask-workers", "1", "--scheduler", "tcp://127.0.0.1:1")
    assert both.returncode == 1
    assert "not both" in both.stderr
