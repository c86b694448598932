"""``snmp_server`` over SSH against the lab on IOS, EOS and NX-OS: community strings compared by value but only
ever shown as tokens (diffs, commands, results), pushed for real, read back in each platform's form."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.check import check_device
from diffsync_automation.network.secrets import mask
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab

KEPT, ROGUE, NEW = "Kept-Ro.1", "Rogue#Rw2", "N3w_Rw&x"
"""Community strings: one kept, one on the device only, one to add (each a secret)."""

DEVICE_LINES: dict[str, list[str]] = {
    "cisco_ios": [f"snmp-server community {KEPT} RO", f"snmp-server community {ROGUE} RW", "snmp-server location lab"],
    "arista_eos": [f"snmp-server community {KEPT} ro", f"snmp-server community {ROGUE} rw", "snmp-server location lab"],
    "cisco_nxos": [
        f"snmp-server community {KEPT} group network-operator",
        f"snmp-server community {ROGUE} group network-admin",
        "snmp-server location lab",
    ],
}
NEW_LINE = {
    "cisco_ios": f"snmp-server community {NEW} RW",
    "arista_eos": f"snmp-server community {NEW} rw",
    "cisco_nxos": f"snmp-server community {NEW} group network-admin",
}
INTENDED: dict[str, Any] = {
    "snmp_server": {
        "location": "rack 4",
        "contact": "noc@example.net",
        "communities": [{"name": KEPT, "ro": True}, {"name": NEW, "rw": True}],
    }
}


def shown(*outputs: Any) -> str:
    """Everything a user could see, as one text."""
    return "\n".join(json.dumps(output, default=str) if not isinstance(output, str) else output for output in outputs)


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_snmp_server_communities_masked_compared_and_synced(
    platform: str, lab_factory: LabFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rig = Rig(lab_factory(1, platform, drift=False))
    rig.unseed("snmp_server")
    rig.device.state.configure(DEVICE_LINES[platform])

    found = check_device(rig.name, INTENDED, rig.params, state="overridden")
    assert not found.errors, found.errors
    [change] = found.changes
    commands = [command.command for command in change.commands]
    assert commands == [
        "snmp-server location rack 4",
        "snmp-server contact noc@example.net",
        f"no snmp-server community {mask(ROGUE)}",
        NEW_LINE[platform].replace(NEW, mask(NEW)),
    ]

    synced = check_device(rig.name, INTENDED, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    running = rig.device.state.running_config()
    assert NEW_LINE[platform] in running and ROGUE not in running and KEPT in running
    again = check_device(rig.name, INTENDED, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # Access is compared too: the kept community made read-write is removed and added again.
    rw = {"snmp_server": {"communities": [{"name": KEPT, "rw": True}]}}
    flipped = check_device(rig.name, rw, rig.params, state="merged", dry_run=False)
    assert not flipped.errors and flipped.verified, flipped.errors

    # A token copied from a report (even of a value this run knows) is a placeholder, not a community: the host
    # data is refused before the device is connected to, and the device gets nothing.
    before = rig.device.state.running_config()
    copied = {"snmp_server": {"communities": [{"name": mask(KEPT)}]}}
    refused = check_device(rig.name, copied, rig.params, state="merged", dry_run=False)
    assert [error.kind for error in refused.errors] == ["intended_state"] and not refused.applied
    assert f"snmp_server.communities[0].name: holds '{mask(KEPT)}', the masked placeholder" in refused.errors[0].message
    assert refused.before is None and rig.device.state.running_config() == before

    results = (found, synced, again, flipped, refused)
    outputs = shown(*(result.to_dict() for result in results), found.diff_text, caplog.text)
    assert mask(NEW) in outputs
    for secret in (KEPT, ROGUE, NEW):
        assert secret not in outputs
