"""``diffsync_sync`` over real SSH: real InitNornir, SimpleInventory and the threaded runner on 20+ lab devices.

The seeded drift (``diffsync_automation.lab.DRIFT``) per device: updates, creates, and two objects only on the
device (deleted by ``state: overridden``, kept by ``merged``).
"""

from __future__ import annotations

import pytest
from nornir.core.task import MultiResult, Task
from nornir_fleet import FleetFactory

from diffsync_automation.network import DeviceResult
from diffsync_automation.report import DeviceStatus
from nornir_plugins import DriftCheckError, DriftReportProcessor, diffsync_sync

pytestmark = pytest.mark.lab

FLEET_SIZE = 20


def test_dry_run_reports_the_drift_of_every_device_and_changes_nothing(
    fleet_factory: FleetFactory, capfd: pytest.CaptureFixture[str]
) -> None:
    fleet = fleet_factory(FLEET_SIZE)
    before = fleet.states()
    nr = fleet.nornir(dry_run=True)
    nr.inventory.hosts["sw01"].platform = "ios"  # napalm-style name, as nornir-netmiko accepts
    drift = DriftReportProcessor()

    result = nr.with_processors([drift]).run(task=diffsync_sync)

    assert not result.failed
    assert len(result) == FLEET_SIZE
    for host, multi in result.items():
        outcome = multi[0]
        assert outcome.changed, host
        # The default state, overridden, shows the rogue objects as deletes.
        assert all(outcome.result["summary"][action] == n for action, n in fleet.seeded(host).items()), host
        assert "SERVERS_OLD" in outcome.diff
        assert any(command.endswith("ntp server 192.0.2.124") for command in outcome.result["commands"])
        assert "diff" not in outcome.result  # print_result shows the diff once: Result.diff
        assert '  - name: "SERVERS_OLD"\n  + name: "SERVERS"' in outcome.diff
        assert outcome.device_result.dry_run and not outcome.device_result.pushed
    assert fleet.states() == before
    assert capfd.readouterr().out == ""

    report = drift.report
    assert report.mode == "check"
    assert [device.host for device in report.devices] == sorted(result)
    updates = sum(fleet.seeded(host)["update"] for host in result)
    assert report.totals.drift == FLEET_SIZE and report.totals.update == updates
    assert report.exit_code == 2
    assert all(device.duration_s is not None and device.duration_s > 0 for device in report.devices)


def test_apply_converges_and_a_second_run_reports_no_change(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(FLEET_SIZE)
    nr = fleet.nornir(dry_run=True)
    drift = DriftReportProcessor()

    applied = nr.with_processors([drift]).run(task=diffsync_sync, state="overridden", dry_run=False)

    assert not applied.failed
    assert all(multi[0].changed and multi[0].device_result.verified for multi in applied.values())
    summary = applied["sw02"][0].result["summary"]
    assert all(summary[action] == n for action, n in fleet.seeded("sw02").items())
    assert fleet.states() == fleet.intended_states()
    assert drift.report.mode == "sync" and drift.report.totals.synced == FLEET_SIZE
    assert drift.report.exit_code == 0

    # Devices that closed their sessions since (a reboot, an idle timeout) get a fresh login.
    fleet.lab["sw03"].drop_connections()
    fleet.lab["sw04"].drop_connections()
    again = nr.with_processors([drift]).run(task=diffsync_sync, state="overridden", dry_run=False)

    assert not again.failed
    for host, multi in again.items():
        assert not multi[0].changed, host
        assert multi[0].diff == "" and multi[0].result["commands"] == []
    assert drift.report.totals.in_sync == FLEET_SIZE


def test_an_unreachable_host_and_invalid_data_fail_alone(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(FLEET_SIZE + 2)
    fleet.lab["sw03"].set_faults(refuse_connections=True)
    before = fleet.states()
    nr = fleet.nornir()
    nr.inventory.hosts["sw04"]["vlans"] = [{"id": 5000, "name": "USERS"}]
    drift = DriftReportProcessor()

    result = nr.with_processors([drift]).run(task=diffsync_sync, dry_run=False)

    assert set(result.failed_hosts) == {"sw03", "sw04"} == set(nr.data.failed_hosts)
    unreachable, invalid = result["sw03"][0].exception, result["sw04"][0].exception
    assert isinstance(unreachable, DriftCheckError) and unreachable.kinds == ["unreachable"]
    assert str(unreachable).startswith("host sw03: could not open an SSH connection")
    assert isinstance(invalid, DriftCheckError) and invalid.kinds == ["intended_state"]
    assert "host sw04: vlans[0].id" in str(invalid)
    assert fleet.states()["sw03"] == before["sw03"] and fleet.states()["sw04"] == before["sw04"]
    succeeded = [host for host in result if host not in ("sw03", "sw04")]
    assert len(succeeded) == FLEET_SIZE
    for host in succeeded:
        assert result[host][0].changed and result[host][0].device_result.verified, host

    devices = {device.host: device for device in drift.report.devices}
    assert [error.kind for error in devices.pop("sw03").errors] == ["unreachable"]
    assert [error.kind for error in devices.pop("sw04").errors] == ["intended_state"]
    assert {device.status for device in devices.values()} == {DeviceStatus.SYNCED} and len(devices) == FLEET_SIZE
    assert drift.report.exit_code == 1
    printed = drift.report.to_json() + "".join(str(multi[0].result) for multi in result.values())
    assert not any(secret in printed for secret in fleet.secrets)


def test_data_key_and_missing_data(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(3)
    nr = fleet.nornir()
    for host in nr.inventory.hosts.values():
        host.data = {"intended": dict(host.items())}
    nr.inventory.groups["campus"].data = {}
    del nr.inventory.hosts["sw03"].data["intended"]

    result = nr.run(task=diffsync_sync, data_key="intended", dry_run=True)

    assert result["sw01"][0].changed and result["sw02"][0].changed
    assert result["sw01"][0].result["summary"]["update"] == fleet.seeded("sw01")["update"]
    error = result["sw03"][0].exception
    assert isinstance(error, DriftCheckError) and error.kinds == ["intended_state"]
    assert "no 'intended' data" in str(error)


def test_the_processor_reads_diffsync_sync_run_as_a_subtask(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(2)
    fleet.lab["sw02"].set_faults(reject_login=True)

    def check_then_note(task: Task) -> str:
        task.run(task=diffsync_sync, dry_run=True)
        return "checked"

    drift = DriftReportProcessor()
    result = fleet.nornir().with_processors([drift]).run(task=check_then_note)

    assert isinstance(result["sw01"], MultiResult) and result["sw01"][0].result == "checked"
    by_host = {device.host: device for device in drift.report.devices}
    assert by_host["sw01"].status == DeviceStatus.DRIFT and by_host["sw01"].changes == fleet.seeded("sw01").total()
    assert by_host["sw02"].status == DeviceStatus.ERROR
    assert by_host["sw02"].errors[0].kind == "authentication"
    assert isinstance(result["sw02"][1].exception, DriftCheckError)
    assert isinstance(result["sw02"][1].exception.result, DeviceResult)
