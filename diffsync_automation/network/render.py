"""Commands a sync would send, computed from a ``Diff`` without touching the device.

This is the ``commands``/``rendered`` output of Ansible's network resource modules: the diff is walked, each
element with an action becomes a ``Change`` built exactly as the device models build it during a sync, the
changes are put in push order and the platform renders each one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from diffsync_automation.diff import Diff
from diffsync_automation.network.changes import Change, changes_from_diff, order_changes
from diffsync_automation.network.models import SENT_BEFORE_CONTAINER, container_of
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.push import RenderedChange


def render_changes(changes: Iterable[Change], platform: Platform, type_order: Sequence[str]) -> list[RenderedChange]:
    """``changes`` in push order with their commands (changes needing no command are kept, with none).

    A port made routed (``interfaces[].access_vlan: null``) loses its switch port settings with ``no switchport``,
    so the delete of its ``l2_interface`` would only send lines the routed port refuses: it is dropped. So is the
    delete of an ACE, prefix-list entry, BGP neighbour, address family or family entry whose list, process or family
    is deleted (that removes it); a port still leaves its port-channel before the port-channel is removed.
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
    changes = _without_entries_of_removed(changes, platform, type_order)
    ordered = order_changes(changes, type_order, deletes_first=platform.commit_command is not None)
    # A device runs one BGP process: the old one goes before a new ASN's is created.
    ordered.sort(key=lambda change: not (change.model == "bgp_global" and change.action == "delete"))
    return [RenderedChange(change, tuple(platform.render(change))) for change in ordered]


def _without_entries_of_removed(changes: list[Change], platform: Platform, type_order: Sequence[str]) -> list[Change]:
    """``changes`` minus the deletes of entries whose container is deleted too, unless the entry type is sent before
    its container (``SENT_BEFORE_CONTAINER``, the platform's ``entries_sent_before_container``) and the container's
    own delete is sent (a family inside a removed BGP process goes with the process, activations and all)."""
    removed = {(change.model, change.name) for change in changes if change.action == "delete"}
    sent_before = SENT_BEFORE_CONTAINER | platform.entries_sent_before_container
    rank = {name: index for index, name in enumerate(type_order)}
    dropped: set[tuple[str, str]] = set()
    for change in sorted(changes, key=lambda change: rank.get(change.model, len(rank))):  # containers first
        if change.action != "delete":
            continue
        fields = {**change.before, **change.keys}
        container = container_of(change.model, fields.__getitem__)
        if container in removed and (change.model not in sent_before or container in dropped):
            dropped.add((change.model, change.name))
    return [change for change in changes if change.action != "delete" or (change.model, change.name) not in dropped]


def render_diff(diff: Diff, platform: Platform, type_order: Sequence[str]) -> list[RenderedChange]:
    """The rendered changes a sync of ``diff`` would push."""
    return render_changes(changes_from_diff(diff), platform, type_order)


def commands_of(rendered: Iterable[RenderedChange]) -> list[str]:
    """The flat, ordered command list."""
    return [command for item in rendered for command in item.commands]
