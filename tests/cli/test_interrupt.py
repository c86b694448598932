"""Interrupting ``diffsync-automation sync``: a real process against slow lab devices, signalled mid-push.

Every device is slowed down per line, so pushes take long enough to be caught in the middle. The test
synchronises on what the devices hold (the VLANs the push creates, one state change per line), never on time.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from diffsync_automation.cli.interrupt import stop_on_signals
from diffsync_automation.lab import Lab, SimDevice, snapshot
from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.stop import RUN_STOP

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "docs" / "drift-report.schema.json").read_text(encoding="utf-8"))
NEW_VLANS = {"sw01": range(101, 161), "sw02": range(201, 211), "sw03": range(301, 306)}
"""VLANs each device's push creates: two lines each (``vlan N``, ``name NEWN``), each changing the device."""


def inventory_adding_vlans(lab: Lab, directory: Path) -> Path:
    """The lab inventory, with every host's intended state its live one plus the VLANs of ``NEW_VLANS``."""
    files = write_inventory(directory, lab)
    hosts = yaml.safe_load(files.hosts.read_text(encoding="utf-8"))
    for device in lab:
        intended: dict[str, Any] = dict(snapshot(device.state))
        intended["vlans"] = intended["vlans"] + [{"id": v, "name": f"NEW{v}"} for v in NEW_VLANS[device.name]]
        hosts[device.name]["data"] = intended
    files.hosts.write_text(yaml.safe_dump(hosts), encoding="utf-8")
    return directory


def vlans_now(device: SimDevice) -> Mapping[int, str]:
    """The device's VLANs while the lab's thread may be changing its configuration (a read it disturbed is redone)."""
    while True:
        try:
            return device.state.vlans
        except RuntimeError:  # the configuration changed size while it was read
            continue


def created(device: SimDevice) -> int:
    """How many of the device's new VLANs exist so far."""
    vlans = vlans_now(device)
    return sum(vlan in vlans for vlan in NEW_VLANS[device.name])


def named(device: SimDevice) -> bool:
    """Whether every new VLAN of the device has its name: the last line of its push ran."""
    vlans = vlans_now(device)
    return all(vlans.get(vlan) == f"NEW{vlan}" for vlan in NEW_VLANS[device.name])


def after_lines(before: dict[str, Any], applied: list[str]) -> dict[str, Any]:
    """The configuration ``before`` becomes once the VLAN lines ``applied`` ran (as the device interprets them)."""
    vlans = {vlan["id"]: vlan["name"] for vlan in before["vlans"]}
    current = 0
    for line in applied:
        keyword, value = line.split()
        if keyword == "vlan":
            current = int(value)
            vlans.setdefault(current, f"VLAN{current:04d}")
        else:
            assert keyword == "name", line
            vlans[current] = value
    return {**before, "vlans": [{"id": key, "name": name} for key, name in sorted(vlans.items())]}


@pytest.mark.lab
@pytest.mark.parametrize(
    "runner",
    [
        pytest.param(["--workers", "2"], id="threaded"),  # sw03 waits for a free worker
        pytest.param(["--dask-workers", "1"], id="dask"),  # all three run at once; sw03 is still reading
        pytest.param(["--processes", "2", "--workers", "4"], id="processes"),  # as on dask, in worker processes
    ],
)
def test_signals_stop_new_devices_let_pushes_finish_or_cut_them_and_report_it(
    lab_factory: LabFactory, tmp_path: Path, runner: list[str]
) -> None:
    lab = lab_factory(3, "cisco_ios")
    inventory = inventory_adding_vlans(lab, tmp_path / "inventory")
    before = {device.name: copy.deepcopy(snapshot(device.state)) for device in lab}
    for device in lab:
        device.set_faults(delay=0.15)
    lab["sw03"].set_faults(delay=1.0)  # reads slowly: not yet pushing when the first signal comes
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    command = [
        sys.executable, "-c", "from diffsync_automation.cli import main; main()",
        "sync", "-i", str(inventory), *runner, "--json", str(out / "r.json"), "--junit", str(out / "r.xml"),
        "--markdown", str(out / "r.md"), "--html", str(out / "r.html"),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:

        def wait_for(condition: Callable[[], bool], what: str) -> None:
            deadline = time.monotonic() + 120
            while not condition():
                assert process.poll() is None, f"sync ended before {what}: {process.communicate()}"
                assert time.monotonic() < deadline, f"no {what} within 120 s"
                time.sleep(0.02)

        wait_for(lambda: created(lab["sw01"]) > 0 and created(lab["sw02"]) > 0, "push on sw01 and sw02")
        # Ctrl-C in a terminal reaches the whole process group (worker processes included); sw01 and sw02 are
        # pushing, sw03 has not started pushing.
        os.killpg(process.pid, signal.SIGINT)
        wait_for(lambda: named(lab["sw02"]), "end of the push on sw02")
        process.send_signal(signal.SIGTERM)  # as a CI runner cancelling the job: the second signal cuts sw01's push
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    for device in lab:
        device.clear_faults()

    assert process.returncode == 130, stdout + stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    [line] = stderr.strip().splitlines()
    assert line.startswith("interrupted by SIGINT, pushes under way aborted by a second SIGTERM")
    assert "1 device(s) finished, 1 cut short, 1 not started" in line
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert report["exit_code"] == 130 and report["interrupted"] == line.split(";")[0]
    devices = {device["host"]: device for device in report["devices"]}
    assert {host: device["status"] for host, device in devices.items()} == {
        "sw01": "interrupted", "sw02": "synced", "sw03": "not_started",
    }  # fmt: skip

    cut = devices["sw01"]
    assert cut["applied"] and cut["not_attempted"] and not cut["unknown"] and not cut["rejected"]
    assert cut["applied"] + cut["not_attempted"] == cut["commands"]
    assert cut["errors"][0]["kind"] == "interrupted" and cut["verified"] is None
    assert devices["sw02"]["verified"] is True and devices["sw02"]["applied"] == devices["sw02"]["commands"]
    assert devices["sw03"]["applied"] == [] and devices["sw03"]["not_attempted"] == devices["sw03"]["commands"]
    # The devices hold exactly what the report says was applied, and nothing else.
    for host, device in devices.items():
        assert snapshot(lab[host].state) == after_lines(before[host], device["applied"]), host

    assert (out / "r.md").read_text(encoding="utf-8").count("⏹️ interrupted") >= 1
    assert 'data-status="not_started"' in (out / "r.html").read_text(encoding="utf-8")
    assert 'skipped="1"' in (out / "r.xml").read_text(encoding="utf-8")


def test_the_grace_period_ends_in_an_abort_and_the_handlers_are_restored() -> None:
    previous = signal.getsignal(signal.SIGTERM)
    with stop_on_signals(grace=0.0) as caught:
        assert not RUN_STOP.draining
        os.kill(os.getpid(), signal.SIGTERM)
        assert RUN_STOP.wait_abort(timeout=60)  # the timer of a zero grace period fires at once
        assert caught.grace_expired and caught.signals == ["SIGTERM"]
    assert caught.summary() == "interrupted by SIGTERM, pushes still under way after the grace period aborted"
    assert signal.getsignal(signal.SIGTERM) is previous and not RUN_STOP.draining
