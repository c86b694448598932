"""Constant-time membership for the child-id lists of parent models.

diffsync keeps children as a plain list of unique ids on the parent and scans it on every ``add_child``,
which makes loading a parent with many children quadratic. We keep the list (users read and write it) and
add a side index for long lists. The index is trusted only while the list is the same object with the same
length as when it was indexed; any other change rebuilds it from the list.
"""

from __future__ import annotations

import weakref
from typing import Any

INDEX_THRESHOLD = 32
"""Below this length a list scan is as fast as the index and always exact."""

_indexes: dict[int, _ParentIndex] = {}

LAST_KEY: list[str] = [""]
"""The unique id a ``LocalStore`` stored an object under most recently (in any store or thread). A load adds a
child, then appends its id to the parent: the list then holds the store's own key string instead of an equal
copy (80 bytes per interface-like child). Only ever used when equal, so a stale or racing value costs nothing."""


class _ParentIndex:
    """Per-parent sets of child ids, one per children field."""

    __slots__ = ("__weakref__", "by_field", "hints", "owner_ref")

    def __init__(self, owner: Any) -> None:
        key = id(owner)
        self.owner_ref = weakref.ref(owner, lambda _ref: _indexes.pop(key, None))
        self.by_field: dict[str, tuple[list[str], int, set[str]]] = {}
        self.hints: dict[str, int] = {}


def _index_for(owner: Any, field: str, ids: list[str]) -> set[str]:
    """The up-to-date id set of ``owner.<field>`` (the list ``ids``)."""
    key = id(owner)
    parent_index = _indexes.get(key)
    if parent_index is None or parent_index.owner_ref() is not owner:
        parent_index = _indexes[key] = _ParentIndex(owner)
    cached = parent_index.by_field.get(field)
    if cached is not None and cached[0] is ids and cached[1] == len(ids):
        return cached[2]
    id_set = set(ids)
    parent_index.by_field[field] = (ids, len(ids), id_set)
    return id_set


def contains(owner: Any, field: str, ids: list[str], uid: str) -> bool:
    """Whether ``uid`` is in the child list ``ids`` stored in ``owner.<field>``."""
    if len(ids) < INDEX_THRESHOLD:
        return uid in ids
    return uid in _index_for(owner, field, ids)


def append(owner: Any, field: str, ids: list[str], uid: str) -> None:
    """Append ``uid`` (the store's key string if it is the one stored last) to the child list, keeping the index
    current."""
    last_key = LAST_KEY[0]
    if last_key == uid:
        uid = last_key
    if len(ids) >= INDEX_THRESHOLD:
        id_set = _index_for(owner, field, ids)
        ids.append(uid)
        id_set.add(uid)
        _indexes[id(owner)].by_field[field] = (ids, len(ids), id_set)
    else:
        ids.append(uid)


def remove(owner: Any, field: str, ids: list[str], uid: str) -> None:
    """Remove ``uid`` from the child list, keeping the index current.

    Removals usually follow the list's order (a sync deletes children in diff order), so the search starts
    where the previous removal happened: deleting many children of one parent stays linear.
    """
    parent_index = _indexes.get(id(owner))
    if parent_index is None or len(ids) < INDEX_THRESHOLD:
        ids.remove(uid)
        if parent_index is not None:
            parent_index.by_field.pop(field, None)
        return
    hint = parent_index.hints.get(field, 0)
    try:
        position = ids.index(uid, min(hint, len(ids)))
    except ValueError:
        position = ids.index(uid)
    del ids[position]
    parent_index.hints[field] = position
    cached = parent_index.by_field.get(field)
    if cached is not None and cached[0] is ids and cached[1] == len(ids) + 1:
        cached[2].discard(uid)
        parent_index.by_field[field] = (ids, len(ids), cached[2])
    else:
        parent_index.by_field.pop(field, None)
