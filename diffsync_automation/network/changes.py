"""``Change``: one object to create, update or delete on a device, and the order changes are pushed in.

Changes come from two places that must agree: the device models' create/update/delete during a sync, and
``changes_from_diff`` when commands are computed without a device (and for the Ansible module's diff). Both build
the same ``Change`` values, so a dry run shows exactly the commands a sync would send.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from diffsync_automation.diff import Diff, DiffElement

Action = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class Change:
    """``before``: the device's attributes (empty for a create); ``after``: the attributes to set (all given ones
    for a create, only the changed ones for an update, empty for a delete)."""

    model: str
    action: Action
    keys: Mapping[str, Any]
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)
    next_entry: int | None = None
    """For a new entry of an ordered list (an ACE): the sequence of the entry the device keeps right after it (None:
    it goes last). Platforms that order entries by number ignore it; Junos, which keeps a filter's terms in the
    order they were configured, inserts the new term before that one (see ``render.placed``)."""

    @property
    def name(self) -> str:
        """The object's unique id (identifier values joined by ``__``, as diffsync builds it; identifiers that are
        None, such as a static route's VRF in the global table, are left out as the model leaves them out)."""
        return "__".join(str(value) for value in self.keys.values() if value is not None)

    @property
    def label(self) -> str:
        """``vlan 20``: the object as an operator reads it."""
        return f"{self.model} {' '.join(str(value) for value in self.keys.values() if value is not None)}"

    def without(self, attributes: Iterable[str]) -> Change:
        """The same change minus ``attributes``: for a platform that renders those itself, elsewhere."""
        dropped = set(attributes)
        return Change(
            self.model,
            self.action,
            self.keys,
            {key: value for key, value in self.before.items() if key not in dropped},
            {key: value for key, value in self.after.items() if key not in dropped},
            self.next_entry,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "model": self.model,
            "name": self.name,
            "action": self.action,
            "keys": dict(self.keys),
            "before": dict(self.before),
            "after": dict(self.after),
        }


@runtime_checkable
class ChangeSink(Protocol):
    """An adapter that wants to hear about its models' create/update/delete calls."""

    def record(self, change: Change) -> None:
        """Take note of ``change`` (a device adapter queues it for the push)."""


def order_changes(changes: Iterable[Change], type_order: Sequence[str], *, deletes_first: bool = False) -> list[Change]:
    """Creates and updates in ``type_order``, then deletes in reverse ``type_order``.

    With VLANs before interfaces in ``type_order``, VLANs exist before ports are moved into them and are deleted
    only after ports have left them. Changes of one type keep their relative order; types missing from
    ``type_order`` go after the known ones.

    ``deletes_first`` is for a candidate configuration committed as a whole (Junos): nothing in between is
    live, so the deletes go first and free the names (a VLAN name moving to another ID, a rename onto the name
    of a VLAN being deleted) that the creates and updates then take.
    """
    rank = {name: index for index, name in enumerate(type_order)}
    last = len(type_order)
    delete_group, other_group = (0, 1) if deletes_first else (1, 0)

    def key(change: Change) -> tuple[int, int]:
        position = rank.get(change.model, last)
        return (delete_group, last - position) if change.action == "delete" else (other_group, position)

    return sorted(changes, key=key)


def changes_from_diff(diff: Diff) -> list[Change]:
    """Every create, update and delete of ``diff``, parents before children, in diff order."""
    return list(_walk(diff.get_children()))


def _walk(elements: Iterable[DiffElement]) -> Iterator[Change]:
    for element in elements:
        action = element.action
        before = dict(element.dest_attrs or {})
        if action == "create":
            yield Change(element.type, "create", dict(element.keys), {}, dict(element.source_attrs or {}))
        elif action == "update":
            yield Change(element.type, "update", dict(element.keys), before, element.get_attrs_diffs()["+"])
        elif action == "delete":
            yield Change(element.type, "delete", dict(element.keys), before, {})
        yield from _walk(element.get_children())
