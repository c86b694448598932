"""``diffsync_sync`` on Junos lab devices: the same per-device check, committed once per device."""

from __future__ import annotations

import pytest
from nornir_fleet import FleetFactory

from nornir_plugins import diffsync_sync

pytestmark = pytest.mark.lab


def test_junos_drift_then_sync_converges(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(2, "juniper_junos")
    nr = fleet.nornir(dry_run=True)
    checked = nr.run(task=diffsync_sync, state="overridden")
    assert not checked.failed and all(multi[0].changed for multi in checked.values())
    # The apply reuses the connections Nornir cached (netmiko probes them with a NUL byte first).
    applied = nr.run(task=diffsync_sync, state="overridden", dry_run=False)
    assert not applied.failed
    assert all(multi[0].changed and multi[0].device_result.verified for multi in applied.values())
    commands = applied["sw01"][0].result["commands"]
    assert "rename vlans SERVERS_OLD to SERVERS" in commands and "delete vlans LEGACY" in commands
    assert fleet.states() == fleet.intended_states()
