"""The seeded lab's drift (``diffsync_automation.lab.DRIFT``) covers every feature each platform models (but those
of ``seed.NOT_SEEDED``), and a drift check over SSH finds exactly it: one change per entry, none once synced."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from diffsync_automation.lab import PLATFORMS, Platform, drift_on
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.seed import NOT_SEEDED, SNMP_COMMUNITY, SWITCH_PLATFORMS
from diffsync_automation.network.check import check_device
from diffsync_automation.network.features import supported
from diffsync_automation.network.platforms import get_platform
from diffsync_automation.network.secrets import mask

MODEL_OF_KEY = {
    "device_hostname": "system",
    "vlans": "vlan",
    "vrfs": "vrf",
    "interfaces": "interface",
    "l2_interfaces": "l2_interface",
    "l3_interfaces": "l3_interface",
    "ntp_global": "ntp_server",
    "logging_global": "logging_global",
    "lldp_global": "lldp_global",
    "snmp_server": "snmp_server",
    "users": "user",
    "banner": "banner",
    "acls": "acl_entry",
    "prefix_lists": "prefix_list_entry",
    "lag_interfaces": "lag_member",
    "bgp_address_family": "bgp_address_family",
    "bgp_global": "bgp_neighbor",
    "ospfv2": "ospf_process",
    "dns": "dns",
    "static_routes": "static_route",
}
"""The diff model each intended-data key is compared as."""


def seeded_secrets(intended: dict[str, Any]) -> list[str]:
    """The SNMP communities and password hashes of a seeded device's intended state."""
    secrets = [community["name"] for community in intended.get("snmp_server", {}).get("communities", [])]
    return secrets + [user["hashed_password"]["value"] for user in intended.get("users", [])]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_seed_drifts_every_feature_the_platform_models(platform: Platform) -> None:
    driver = get_platform(platform)
    assert driver is not None
    modelled = {feature.data_key for feature in supported(driver)}
    seeded = {drift.key for drift in drift_on(platform)}
    assert seeded == modelled - (NOT_SEEDED.keys() - seeded)  # a feature not seeded everywhere may be on some


@pytest.mark.lab
def test_drift_check_finds_exactly_the_seeded_drift_and_none_after_sync(lab_factory: LabFactory) -> None:
    lab = lab_factory(len(PLATFORMS), "mixed")
    assert {device.platform for device in lab} == set(PLATFORMS)
    for device in lab:
        intended = dict(lab.intended[device.name])
        found = check_device(device.name, intended, device.netmiko_params(), state="overridden")
        expected = Counter((MODEL_OF_KEY[drift.key], drift.action) for drift in drift_on(device.platform))
        assert not found.errors and Counter((c.change.model, c.change.action) for c in found.changes) == expected
        synced = check_device(device.name, intended, device.netmiko_params(), state="overridden", dry_run=False)
        assert not synced.errors and synced.verified, synced.errors
        shown = json.dumps([result.to_dict() for result in (found, synced)]) + found.diff_text
        assert not any(secret in shown for secret in seeded_secrets(intended))
        assert (mask(SNMP_COMMUNITY) in shown) == (device.platform in SWITCH_PLATFORMS)  # missing there, masked
        again = check_device(device.name, intended, device.netmiko_params(), state="overridden")
        assert not again.errors and not again.changed, again.commands
