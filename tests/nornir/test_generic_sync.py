"""``diffsync_generic_sync`` with a user's own adapter pair (``vlan_adapters``): no devices, real InitNornir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from nornir import InitNornir
from nornir.core import Nornir
from vlan_adapters import FileVlans, IntendedVlans, PlainVlans

from diffsync_automation.report import DeviceStatus
from nornir_plugins import DriftReportProcessor, diffsync_generic_sync
from nornir_plugins.generic import resolve_adapter

INTENDED = [{"vid": 10, "name": "users"}, {"vid": 20, "name": "voice"}]
HOSTS = [f"r{n}" for n in range(1, 7)]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """One "device" file per host: r1 in sync, every other host with a renamed, a missing and an extra VLAN."""
    directory = tmp_path / "devices"
    directory.mkdir()
    for host in HOSTS:
        content = {"10": "users", "20": "voice"} if host == "r1" else {"10": "old-users", "30": "legacy"}
        (directory / f"{host}.json").write_text(json.dumps(content), encoding="utf-8")
    return directory


def make_nornir(tmp_path: Path, store: Path, hosts: dict[str, Any] | None = None, **options: Any) -> Nornir:
    """Real InitNornir over SimpleInventory files, threaded runner."""
    hosts = hosts or {host: {"data": {"vlans": INTENDED}} for host in HOSTS}
    (tmp_path / "hosts.yaml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
    (tmp_path / "defaults.yaml").write_text(yaml.safe_dump({"data": {"store_dir": str(store)}}), encoding="utf-8")
    return InitNornir(
        inventory={
            "plugin": "SimpleInventory",
            "options": {"host_file": str(tmp_path / "hosts.yaml"), "defaults_file": str(tmp_path / "defaults.yaml")},
        },
        runner={"plugin": "threaded", "options": {"num_workers": 4}},
        logging={"enabled": False},
        **options,
    )


def device(store: Path, host: str) -> dict[str, str]:
    content: dict[str, str] = json.loads((store / f"{host}.json").read_text(encoding="utf-8"))
    return content


def test_dry_run_reports_and_writes_nothing(tmp_path: Path, store: Path) -> None:
    nr = make_nornir(tmp_path, store, dry_run=True)
    drift = DriftReportProcessor()

    result = nr.with_processors([drift]).run(
        task=diffsync_generic_sync, source_adapter=IntendedVlans, target_adapter=FileVlans
    )

    assert not result.failed
    assert not result["r1"][0].changed and result["r1"][0].diff == ""
    changed = result["r2"][0]
    assert changed.changed
    # The default state, overridden, reports VLAN 30 that only the device side has.
    assert changed.result["summary"] == {"create": 1, "update": 1, "delete": 1, "no-change": 0, "skip": 0}
    assert "old-users" in changed.diff and "MISSING" in changed.diff
    assert device(store, "r2") == {"10": "old-users", "30": "legacy"}
    assert drift.report.mode == "check" and drift.report.exit_code == 2
    assert drift.report.totals.in_sync == 1 and drift.report.totals.drift == len(HOSTS) - 1


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("merged", {"10": "users", "20": "voice", "30": "legacy"}),
        ("overridden", {"10": "users", "20": "voice"}),
    ],
)
def test_apply_converges(tmp_path: Path, store: Path, state: str, expected: dict[str, str]) -> None:
    nr = make_nornir(tmp_path, store, dry_run=True)
    refs = {"source_adapter": "vlan_adapters:IntendedVlans", "target_adapter": "vlan_adapters.FileVlans"}

    applied = nr.run(task=diffsync_generic_sync, dry_run=False, state=state, **refs)

    assert not applied.failed
    assert [host for host in HOSTS if applied[host][0].changed] == HOSTS[1:]
    assert all(device(store, host) == expected for host in HOSTS[1:])
    assert applied["r2"][0].drift_report.status == DeviceStatus.SYNCED
    again = nr.run(task=diffsync_generic_sync, dry_run=False, state=state, **refs)
    assert not any(multi[0].changed for multi in again.values())


def test_intended_side_without_from_host_data_loads_adapter_dict_data(tmp_path: Path, store: Path) -> None:
    intended = {"vlan": {"10": {"vid": 10, "name": "users"}, "20": {"vid": 20, "name": "voice"}}}
    nr = make_nornir(tmp_path, store, hosts={"r1": {"data": {"wanted": intended}}, "r2": {}})

    result = nr.run(
        task=diffsync_generic_sync, source_adapter=PlainVlans, target_adapter=FileVlans, data_key="wanted", dry_run=True
    )

    assert not result["r1"][0].changed
    assert isinstance(result["r2"][0].exception, LookupError)
    assert str(result["r2"][0].exception) == "host r2: the inventory has no 'wanted' data"


def test_invalid_intended_data_fails_that_host_only(tmp_path: Path, store: Path) -> None:
    hosts: dict[str, Any] = {host: {"data": {"vlans": INTENDED}} for host in HOSTS}
    hosts["r3"]["data"]["vlans"] = [{"vid": "ten", "name": "users"}]
    nr = make_nornir(tmp_path, store, hosts=hosts)
    drift = DriftReportProcessor()

    result = nr.with_processors([drift]).run(
        task=diffsync_generic_sync, source_adapter=IntendedVlans, target_adapter=FileVlans, dry_run=False
    )

    assert list(result.failed_hosts) == ["r3"]
    assert "vid" in str(result["r3"][0].exception)
    assert device(store, "r3") == {"10": "old-users", "30": "legacy"}
    assert device(store, "r4") == {"10": "users", "20": "voice"}
    errors = {device.host: device.errors for device in drift.report.devices if device.status == DeviceStatus.ERROR}
    assert list(errors) == ["r3"] and errors["r3"][0].kind == "ValidationError"
    assert drift.report.mode == "sync" and drift.report.exit_code == 1


def test_bad_arguments_fail_with_the_cause(tmp_path: Path, store: Path) -> None:
    nr = make_nornir(tmp_path, store)

    result = nr.run(task=diffsync_generic_sync, source_adapter="vlan_adapters:Nope", target_adapter=FileVlans)
    assert isinstance(result["r1"][0].exception, AttributeError)
    nr.data.reset_failed_hosts()
    result = nr.run(
        task=diffsync_generic_sync, source_adapter=IntendedVlans, target_adapter=FileVlans, state="replaced"
    )
    assert "state must be one of merged, overridden" in str(result["r1"][0].exception)


def test_resolve_adapter() -> None:
    assert resolve_adapter(FileVlans) is FileVlans
    assert resolve_adapter("vlan_adapters:FileVlans") is FileVlans
    assert resolve_adapter("vlan_adapters.IntendedVlans") is IntendedVlans
    with pytest.raises(ValueError, match="must look like"):
        resolve_adapter("FileVlans")
    with pytest.raises(TypeError, match="not a diffsync_automation Adapter"):
        resolve_adapter("json:dumps")
