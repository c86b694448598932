"""``users`` over SSH against the lab on IOS, EOS and NX-OS: password hashes compared as tokens, never shown,
pushed for real and read back in each platform's form; a cleartext password is refused without being echoed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import user_line as device_line
from diffsync_automation.network.check import check_device
from diffsync_automation.network.secrets import mask
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab

OLD, ROGUE, NEW_ALICE, BOB = (
    "$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM",
    "$9$RfGsVmPz3Vxq2.$8MqJtHvWbYl0CkUu4xZsE1dRfN6pLoQaTyIgHjKb5Xc",
    "$9$Ab3dEf5hIj7kLm$0pQrStUvWxYz1A2B3C4D5E6F7G8H9I0J1K2L3M4N5Oe",
    "$9$ZyXwVuTsRqPoNm$a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v",
)
"""Password hashes (secrets): alice's on the device, a user only on the device, alice's intended one, bob's."""
KIND = {"cisco_ios": "9", "arista_eos": "sha512", "cisco_nxos": "5"}


def intended_user(platform: str, name: str, hashed: str) -> dict[str, Any]:
    user: dict[str, Any] = {"name": name, "hashed_password": {"type": KIND[platform], "value": hashed}}
    if platform != "cisco_nxos":
        user["privilege"] = 15
    if platform != "cisco_ios":
        user["role"] = "network-admin"
    return user


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_users_hashes_masked_compared_and_synced(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))
    rig.unseed("users")
    rig.device.state.configure([device_line(platform, "alice", OLD), device_line(platform, "mallory", ROGUE)])
    intended = {"users": [intended_user(platform, "alice", NEW_ALICE), intended_user(platform, "bob", BOB)]}

    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    commands = {item.change.name: [command.command for command in item.commands] for item in found.changes}
    assert commands == {
        "alice": [device_line(platform, "alice", mask(NEW_ALICE))],
        "bob": [device_line(platform, "bob", mask(BOB))],
        "mallory": ["no username mallory"],
    }

    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    running = rig.device.state.running_config()
    assert device_line(platform, "alice", NEW_ALICE) in running and "mallory" not in running
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    cleartext = {"users": [{"name": "carol", "configured_password": "Cle4r-text"}]}
    refused = check_device(rig.name, cleartext, rig.params, state="merged")
    assert [error.kind for error in refused.errors] == ["intended_state"]
    assert "give hashed_password" in refused.errors[0].message

    outputs = json.dumps([result.to_dict() for result in (found, synced, again, refused)]) + found.diff_text
    assert mask(BOB) in outputs
    for secret in (OLD, ROGUE, NEW_ALICE, BOB, "Cle4r-text"):
        assert secret not in outputs
