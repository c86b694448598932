"""``drift`` then ``sync`` then ``drift`` against a Junos lab started by ``lab up --platform juniper_junos``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_drift_commands import cli, report, statuses

pytestmark = pytest.mark.lab


def test_junos_drift_sync_no_drift(tmp_path: Path) -> None:
    lab_dir, out = tmp_path / "lab", tmp_path / "out"
    started = cli("lab", "up", "--devices", "2", "--platform", "juniper_junos", "--inventory-dir", lab_dir)
    assert started.returncode == 0, started.stderr
    try:
        found = cli("drift", "-i", lab_dir, "--json", out / "d.json")
        assert found.returncode == 2, found.stdout + found.stderr
        data = report(out / "d.json")
        assert statuses(data) == {"sw01": "drift", "sw02": "drift"}
        assert all("rename vlans SERVERS_OLD to SERVERS" in device["commands"] for device in data["devices"])
        synced = cli("sync", "-i", lab_dir, "--json", out / "s.json")
        assert synced.returncode == 0, synced.stdout + synced.stderr
        assert set(statuses(report(out / "s.json")).values()) == {"synced"}
        again = cli("drift", "-i", lab_dir, "--json", out / "again.json")
        assert again.returncode == 0, again.stdout + again.stderr
        assert set(statuses(report(out / "again.json")).values()) == {"in_sync"}
    finally:
        assert cli("lab", "down", "--inventory-dir", lab_dir).returncode == 0
