"""remediate.yml against Junos lab devices: the inventory's ``junipernetworks.junos.junos`` selects the driver."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_helpers import playbook

from diffsync_automation.lab import snapshot
from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.junos_seed import COMMUNITY, NETOPS_HASH, STRAY_COMMUNITY
from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.lab.pytest_plugin import LabFactory

pytestmark = [pytest.mark.lab, pytest.mark.slow]


def test_remediate_converges_junos_devices_in_one_commit_each(lab_factory: LabFactory, tmp_path: Path) -> None:
    lab = lab_factory(2, "juniper_junos")
    inventory = write_inventory(tmp_path / "inventory", lab).ansible
    reports = tmp_path / "reports"
    reports.mkdir()

    result = playbook("remediate.yml", inventory, reports, "--diff")

    assert result.returncode == 0, result.output
    assert {host: counts["changed"] for host, counts in result.recap().items()} == {"sw01": 1, "sw02": 1}
    assert "--- before: sw01: vlan 20 (update)" in result.stdout
    assert "<secret:" in result.output  # the SNMP drift is shown, its community as a token
    assert not any(secret in result.output for secret in (COMMUNITY, STRAY_COMMUNITY, NETOPS_HASH))
    for device in lab:
        live, intended = snapshot(device.state), lab.intended[device.name]
        assert live == {key: intended[key] for key in live}  # type: ignore[literal-required]
        assert isinstance(device.state, JunosState) and len(device.state.history) == 1  # one commit per device
