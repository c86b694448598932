"""Commands a sync would send, computed from a ``Diff`` without touching the device.

This is the ``commands``/``rendered`` output of Ansible's network resource modules: the diff is walked, each
element with an action becomes a ``Change`` built exactly as the device models build it during a sync, the
changes are put in push order and the platform renders each one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from diffsync_automation.adapter import Adapter
from diffsync_automation.diff import Diff
from diffsync_automation.network.changes import Change, changes_from_diff, order_changes
from diffsync_automation.network.models import LIST_OF_ENTRY, SENT_BEFORE_CONTAINER
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.push import RenderedChange


def render_changes(
    changes: Iterable[Change],
    platform: Platform,
    type_order: Sequence[str],
    on_device: Mapping[str, Sequence[int]] | None = None,
) -> list[RenderedChange]:
    """``changes`` in push order with their commands (changes needing no command are kept, with none).

    ``on_device`` (``acl_sequences(device)``) names the ACEs the device adapter holds, per ACL: each new ACE learns
    the entry it goes before (``placed``), and new ACEs are rendered in ascending sequence order.

    A port made routed (``interfaces[].access_vlan: null``) loses its switch port settings with ``no switchport``,
    so the delete of its ``l2_interface`` would only send lines the routed port refuses: it is dropped. So is the
    delete of an ACE, prefix-list entry, BGP neighbour or address family whose list or process is deleted (that
    removes it); a port still leaves its port-channel before the port-channel is removed.
    """
    changes = list(changes)
    routed = {
        change.keys["name"]
        for change in changes
        if change.model == "interface" and change.action != "delete" and change.after.get("access_vlan", 0) is None
    }
    changes = [
        change
        for change in changes
        if not (change.model == "l2_interface" and change.action == "delete" and change.keys["name"] in routed)
    ]
    removed_lists = {(change.model, change.name) for change in changes if change.action == "delete"}
    changes = [
        change
        for change in changes
        if not (
            change.action == "delete"
            and change.model in LIST_OF_ENTRY
            and change.model not in SENT_BEFORE_CONTAINER
            and (LIST_OF_ENTRY[change.model][0], str(change.keys[LIST_OF_ENTRY[change.model][1]])) in removed_lists
        )
    ]
    changes = placed(changes, on_device or {})
    ordered = order_changes(changes, type_order, deletes_first=platform.commit_command is not None)
    # A device runs one BGP process: the old one goes before a new ASN's is created.
    ordered.sort(key=lambda change: not (change.model == "bgp_global" and change.action == "delete"))
    return [RenderedChange(change, tuple(platform.render(change))) for change in ordered]


def render_diff(
    diff: Diff, platform: Platform, type_order: Sequence[str], on_device: Mapping[str, Sequence[int]] | None = None
) -> list[RenderedChange]:
    """The rendered changes a sync of ``diff`` would push (``on_device``: see ``render_changes``)."""
    return render_changes(changes_from_diff(diff), platform, type_order, on_device)


def acl_sequences(device: Adapter) -> dict[str, list[int]]:
    """ACL name -> the sequences of the ACEs ``device`` holds (a diff leaves out those ``merged`` does not compare)."""
    found: dict[str, list[int]] = {}
    for entry in device.get_all("acl_entry"):
        keys = entry.get_identifiers()
        found.setdefault(str(keys["name"]), []).append(int(keys["sequence"]))
    return found


def placed(changes: list[Change], on_device: Mapping[str, Sequence[int]]) -> list[Change]:
    """``changes`` with each new ACE's ``next_entry`` (the lowest sequence above it among the ACEs the device keeps:
    those of ``on_device``, read before or after the sync, that ``changes`` neither create nor delete) and the ACE
    changes in ascending sequence order.

    Created in that order, each before the next entry the device keeps, the ACEs end up in sequence order on a
    device that evaluates them in configuration order (Junos), whichever entries were there before.
    """
    moving = {
        (str(change.keys["name"]), int(change.keys["sequence"]))
        for change in changes
        if change.model == "acl_entry" and change.action != "update"
    }
    result = []
    for change in changes:
        if change.model == "acl_entry" and change.action == "create":
            name, sequence = str(change.keys["name"]), int(change.keys["sequence"])
            kept = [other for other in on_device.get(name, ()) if other > sequence and (name, other) not in moving]
            change = dataclasses.replace(change, next_entry=min(kept, default=None))
        result.append(change)
    return sorted(result, key=lambda change: int(change.keys["sequence"]) if change.model == "acl_entry" else 0)


def commands_of(rendered: Iterable[RenderedChange]) -> list[str]:
    """The flat, ordered command list."""
    return [command for item in rendered for command in item.commands]
