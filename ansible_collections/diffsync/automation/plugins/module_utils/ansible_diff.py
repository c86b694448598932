# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Drift in Ansible's diff format: one before/after pair per changed object.

``ansible-playbook --diff`` prints each pair as its own unified diff, headed by the object
(``--- before: sw01: vlan 20 (update)``), so an update shows only the attributes that change.
Both modes feed it "change" dicts (model, action, keys, before, after): the network mode takes them from
``DeviceResult.changes``, the generic mode from the library's ``network.changes.changes_from_diff``.
"""

from __future__ import annotations

import typing as t


def _label(change: t.Mapping[str, t.Any]) -> str:
    """``vlan 20``; identifiers that are None (a server or route in the global table) are left out, as in reports."""
    keys = " ".join(str(value) for value in dict(change.get("keys") or {}).values() if value is not None)
    return f"{change['model']} {keys}".strip()


def change_to_ansible(host: str, change: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The diff entry of one change; created objects have an empty before, deleted ones an empty after."""
    keys = dict(change.get("keys") or {})
    before = dict(change.get("before") or {})
    after = dict(change.get("after") or {})
    action = change["action"]
    header = f"{host}: {_label(change)} ({action})"
    entry: dict[str, t.Any] = {"before_header": header, "after_header": header}
    if action == "create":
        entry["before"], entry["after"] = "", dict(keys, **after)
    elif action == "delete":
        entry["before"], entry["after"] = dict(keys, **before), ""
    else:
        entry["before"], entry["after"] = dict(keys, **before), dict(keys, **dict(before, **after))
    return entry


def to_ansible_diff(host: str, changes: t.Iterable[t.Mapping[str, t.Any]]) -> list[dict[str, t.Any]]:
    """The ``diff`` result key: one entry per change, in the order given (push order for devices)."""
    return [change_to_ansible(host, change) for change in changes]
