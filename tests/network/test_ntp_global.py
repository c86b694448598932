"""``ntp_global`` over SSH on each platform: drift per server, sync with the options, the four states and the
max-deletes guard."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import CAMPUS_NTP
from tests.network.conftest import Rig
from tests.network.network_helpers import run

SOURCE = {"cisco_ios": "Loopback0", "arista_eos": "Loopback0", "cisco_nxos": "loopback0", "juniper_junos": "192.0.2.1"}
"""The source each platform gets: an interface, on Junos an address (``source-address``)."""


def ntp(rig: Rig) -> dict[str, Any]:
    return rig.device.state.ntp_global


def server(rig: Rig, address: str) -> dict[str, Any]:
    """The device's entry for ``address`` (Junos re-adds an updated server last: order is not compared)."""
    return next(entry for entry in ntp(rig)["servers"] if entry["server"] == address)


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos"])
def test_ntp_global_drift_sync_options_and_states(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform))  # seeded drift: 192.0.2.124 is missing
    first, second = CAMPUS_NTP
    drift = run(rig, {"ntp_global": rig.intended["ntp_global"]})
    assert drift.diff == {"ntp_server": {second: {"+": {"prefer": False, "key_id": None}}}}  # the exact server

    wanted = {
        "servers": [{"server": first, "prefer": True, "key_id": 7}, {"server": second, "vrf": "MGMT"}],
        "source": SOURCE[platform],
    }
    synced = run(rig, {"ntp_global": wanted}, state="overridden", dry_run=False)
    assert not synced.failed and synced.verified, synced.errors
    assert ntp(rig) == wanted
    assert run(rig, {"ntp_global": wanted}).commands == []  # converged

    unpreferred = {"servers": [{"server": first, "prefer": False}, {"server": "192.0.2.55"}]}
    merged = run(rig, {"ntp_global": unpreferred}, state="merged", dry_run=False)
    assert not merged.failed, merged.errors
    assert server(rig, first) == {"server": first, "key_id": 7}  # merged: the key it left out stays
    assert server(rig, second) == {"server": second, "vrf": "MGMT"} and server(rig, "192.0.2.55")

    replaced = run(rig, {"ntp_global": {"servers": [{"server": first}]}}, state="replaced", dry_run=False)
    assert not replaced.failed, replaced.errors
    assert server(rig, first) == {"server": first}  # replaced: the options it leaves out go back to defaults,
    assert "source" not in ntp(rig) and len(ntp(rig)["servers"]) == 3  # the source too; unlisted servers stay

    deleted = run(rig, {"ntp_global": {"servers": [{"server": second, "vrf": "MGMT"}]}}, state="deleted", dry_run=False)
    assert not deleted.failed, deleted.errors
    assert sorted(entry["server"] for entry in ntp(rig)["servers"]) == [first, "192.0.2.55"]

    guarded = run(rig, {"ntp_global": {"servers": []}}, state="overridden", dry_run=False, max_deletes=1)
    assert guarded.failed and "max" in guarded.errors[0].message and len(ntp(rig)["servers"]) == 2  # nothing sent


def test_junos_refuses_a_source_interface_before_sending_anything(lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, "juniper_junos", drift=False))
    result = run(rig, {"ntp_global": {"servers": [{"server": "192.0.2.9"}], "source": "lo0"}}, dry_run=False)
    assert result.failed and result.errors[0].message.endswith(
        "ntp_global.source on Junos is the address NTP leaves from (source-address), not 'lo0'"
    )
    assert result.commands == [] and ntp(rig)["servers"] == [{"server": server} for server in CAMPUS_NTP]
