"""``acls`` and ``prefix_lists`` over SSH against the lab on IOS, EOS and NX-OS: entries read as each platform
prints them, drift named per entry, an ACE update as remove-then-add, lists removed whole, the four states and
the max-deletes guard."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.check import check_device
from tests.network.conftest import Rig

pytestmark = pytest.mark.lab

# What an operator left on each device, in the form the platform prints it.
DEVICE_LINES: dict[str, list[str]] = {
    "cisco_ios": [
        "ip access-list extended MGMT_IN",
        "10 permit tcp any host 192.0.2.1 eq 22",
        "20 permit udp 10.0.0.0 0.255.255.255 any eq snmp",
        "30 deny ip any any",
        "ip access-list standard ROGUE",
        "10 permit 10.9.9.9",
        "20 deny any",
        "exit",
        "ip prefix-list PL_IN seq 5 permit 10.0.0.0/8 le 24",
        "ip prefix-list PL_IN seq 10 deny 0.0.0.0/0 le 32",
    ],
    "arista_eos": [
        "ip access-list MGMT_IN",
        "10 permit tcp any host 192.0.2.1 eq ssh",
        "20 permit udp 10.0.0.0/8 any eq snmp",
        "30 deny ip any any",
        "ip access-list standard ROGUE",
        "10 permit host 10.9.9.9",
        "20 deny any",
        "ip prefix-list PL_IN",
        "seq 5 permit 10.0.0.0/8 le 24",
        "seq 10 deny 0.0.0.0/0 le 32",
        "exit",
    ],
    "cisco_nxos": [
        "ip access-list MGMT_IN",
        "10 permit tcp any 192.0.2.1/32 eq 22",
        "20 permit udp 10.0.0.0/8 any eq 161",
        "30 deny ip any any",
        "ip access-list ROGUE",
        "10 permit ip 10.9.9.9/32 any",
        "20 deny ip any any",
        "exit",
        "ip prefix-list PL_IN seq 5 permit 10.0.0.0/8 le 24",
        "ip prefix-list PL_IN seq 10 deny 0.0.0.0/0 le 32",
    ],
}
EXPECTED_ACE_20 = {
    "cisco_ios": ["ip access-list extended MGMT_IN", "no 20", "20 permit udp 10.0.0.0 0.255.255.255 any eq 162"],
    "arista_eos": ["ip access-list MGMT_IN", "no 20", "20 permit udp 10.0.0.0/8 any eq 162"],
    "cisco_nxos": ["ip access-list MGMT_IN", "no 20", "20 permit udp 10.0.0.0/8 any eq 162"],
}
ROGUE_REMOVAL = {
    "cisco_ios": ["no ip access-list standard ROGUE"],
    "arista_eos": ["no ip access-list standard ROGUE"],
    "cisco_nxos": ["no ip access-list ROGUE"],
}
PREFIX_UPDATE = {
    "cisco_ios": [
        "no ip prefix-list PL_IN seq 5 permit 10.0.0.0/8 le 24",
        "ip prefix-list PL_IN seq 5 permit 10.0.0.0/8 le 16",
    ],
    "arista_eos": ["ip prefix-list PL_IN", "no seq 5", "seq 5 permit 10.0.0.0/8 le 16"],
}
PREFIX_UPDATE["cisco_nxos"] = PREFIX_UPDATE["cisco_ios"]


def intended_filters() -> dict[str, Any]:
    """MGMT_IN with entry 20 changed and entry 40 new, ROGUE gone, PL_IN entry 5 changed, PL_NEW new."""
    aces = [
        {
            "sequence": 10,
            "grant": "permit",
            "protocol": "tcp",
            "source": {"any": True},
            "destination": {"host": "192.0.2.1", "port_protocol": {"eq": 22}},
        },
        {
            "sequence": 20,
            "grant": "permit",
            "protocol": "udp",
            "source": {"address": "10.0.0.0", "wildcard_bits": "0.255.255.255"},
            "destination": {"any": True, "port_protocol": {"eq": 162}},
        },
        {"sequence": 30, "grant": "deny", "protocol": "ip", "source": {"any": True}, "destination": {"any": True}},
        {
            "sequence": 40,
            "grant": "permit",
            "protocol": "icmp",
            "source": {"prefix": "192.0.2.0/24"},
            "destination": {"any": True},
        },
        {
            "sequence": 50,
            "grant": "permit",
            "protocol": "tcp",
            "source": {"any": True},
            "destination": {"any": True, "port_protocol": {"eq": 80}},
        },
    ]
    return {
        "acls": [{"afi": "ipv4", "acls": [{"name": "MGMT_IN", "acl_type": "extended", "aces": aces}]}],
        "prefix_lists": [
            {
                "afi": "ipv4",
                "prefix_lists": [
                    {
                        "name": "PL_IN",
                        "entries": [
                            {"sequence": 5, "action": "permit", "prefix": "10.0.0.0/8", "le": 16},
                            {"sequence": 10, "action": "deny", "prefix": "0.0.0.0/0", "le": 32},
                        ],
                    },
                    {
                        "name": "PL_NEW",
                        "entries": [
                            {"sequence": 5, "action": "permit", "prefix": "192.168.0.0/16", "ge": 24, "le": 28},
                        ],
                    },
                ],
            }
        ],
    }


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_filters_drift_sync_states_and_guard(platform: str, lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, platform, drift=False))
    # Start from no lists at all: the seeded lab has an ACL and a prefix list of its own.
    emptied = check_device(rig.name, {"acls": [], "prefix_lists": []}, rig.params, state="overridden", dry_run=False)
    assert not emptied.errors and emptied.verified, emptied.errors
    rig.device.state.configure(DEVICE_LINES[platform])
    intended = intended_filters()
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    by_object = {(item.change.model, item.change.name): item for item in found.changes}
    assert sorted((model, name, item.change.action) for (model, name), item in by_object.items()) == [
        ("acl", "ROGUE", "delete"),
        ("acl_entry", "MGMT_IN__20", "update"),
        ("acl_entry", "MGMT_IN__40", "create"),
        ("acl_entry", "MGMT_IN__50", "create"),
        ("prefix_list", "PL_NEW", "create"),
        ("prefix_list_entry", "PL_IN__5", "update"),
        ("prefix_list_entry", "PL_NEW__5", "create"),
    ]  # ROGUE's entries go with the list: no delete of their own
    commands = {key: [command.command for command in item.commands] for key, item in by_object.items()}
    assert commands[("acl_entry", "MGMT_IN__20")] == EXPECTED_ACE_20[platform]
    assert commands[("acl", "ROGUE")] == ROGUE_REMOVAL[platform]
    assert commands[("prefix_list_entry", "PL_IN__5")] == PREFIX_UPDATE[platform]
    assert "MGMT_IN__20" in found.diff_text and "MGMT_IN__10" not in found.diff_text

    guarded = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed

    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    running = rig.device.state.running_config()
    assert "ROGUE" not in running and "le 28" in running
    assert ("50 permit tcp any any eq 80" if platform == "cisco_nxos" else "50 permit tcp any any eq www") in running
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # merged adds one entry and leaves the others; deleted by list name removes lists whole.
    extra = {
        "prefix_lists": [
            {
                "afi": "ipv4",
                "prefix_lists": [
                    {"name": "PL_IN", "entries": [{"sequence": 20, "action": "permit", "prefix": "172.16.0.0/12"}]}
                ],
            }
        ]
    }
    merged = check_device(rig.name, extra, rig.params, state="merged", dry_run=False)
    assert not merged.errors and merged.verified and len(merged.changes) == 1, merged.errors
    by_name = {
        "acls": [{"afi": "ipv4", "acls": [{"name": "MGMT_IN"}]}],
        "prefix_lists": [{"afi": "ipv4", "prefix_lists": [{"name": "PL_IN"}]}],
    }
    deleted = check_device(rig.name, by_name, rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert deleted.applied == ["no ip prefix-list PL_IN", f"no {EXPECTED_ACE_20[platform][0]}"]
    running = rig.device.state.running_config()
    assert "MGMT_IN" not in running and "PL_IN" not in running and "PL_NEW" in running
