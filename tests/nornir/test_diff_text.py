"""``Result.diff`` of ``diffsync_sync``: objects named as Ansible and the reports name them, one block each."""

from __future__ import annotations

from diffsync_automation.network.changes import Change
from nornir_plugins.diff_text import readable_diff


def test_objects_are_named_by_their_keys_and_only_changed_attributes_show() -> None:
    changes = [
        Change(
            "vlan", "update", {"id": 20}, before={"name": "SERVERS_OLD", "state": "active"}, after={"name": "SERVERS"}
        ),
        Change("static_route", "create", {"prefix": "10.99.0.0/16", "next_hop": "172.16.0.1"}, after={"distance": 5}),
        Change("ntp_server", "delete", {"address": "192.0.2.99"}, before={"prefer": False}),
    ]
    assert readable_diff(changes).splitlines() == [
        "vlan 20 (update)",
        '  - name: "SERVERS_OLD"',
        '  + name: "SERVERS"',
        "static_route 10.99.0.0/16 172.16.0.1 (create)",
        "  + distance: 5",
        "ntp_server 192.0.2.99 (delete)",
    ]
    assert readable_diff([]) == ""
