"""Plain-data scenarios shared by the strategies and the twin builder (printable, library independent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Identifier tuples per model type, in `_identifiers` order; the twin models declare exactly these.
IDENTIFIERS: dict[str, tuple[str, ...]] = {
    "site": ("name",),
    "device": ("site_name", "name"),
    "interface": ("site_name", "device_name", "name"),
    "rack": ("site_name", "name"),
    "vlan": ("vid", "group"),
}

# CRUD behaviours a planned object can show in create()/update()/delete() (absent from the plan = normal success).
# "replace": update()/delete() return a copy of the model instead of the stored instance.
BEHAVIOURS: tuple[str, ...] = ("none", "refuse", "crash", "silent", "warn", "replace")


@dataclass(frozen=True)
class Node:
    """One model instance to load: constructor fields, model flag bits, children and its placement.

    placement: "linked" (stored and listed by its parent), "orphan" (stored, not listed) or "dangling"
    (listed by its parent but never stored: diffsync then fails the diff with ObjectNotFound).
    """

    type: str
    fields: dict[str, Any]
    flags: int = 0
    children: tuple[Node, ...] = ()
    placement: str = "linked"

    @property
    def key(self) -> tuple[Any, ...]:
        """Identifier values in `_identifiers` order; the key CRUD plans use."""
        return tuple(self.fields[name] for name in IDENTIFIERS[self.type])

    def walk(self) -> list[Node]:
        """This node and all its descendants, pre-order."""
        return [self, *(node for child in self.children for node in child.walk())]


@dataclass(frozen=True)
class Schema:
    """How one side models the world (top-level types, racks on sites, lite devices) and whether it spies.

    A spying adapter overrides get/get_all/add/... to record the engine's calls; a plain one does not, so that
    engines with fast paths for non-overridden adapters are exercised too.
    """

    top_level: tuple[str, ...] = ("site", "vlan")
    racks: bool = False
    lite_devices: bool = False
    name: str | None = None
    spy: bool = False


@dataclass(frozen=True)
class Scenario:
    """Two datasets with their schemas plus the CRUD plan applied to whichever adapter is the sync target."""

    src_schema: Schema
    dst_schema: Schema
    src: tuple[Node, ...]
    dst: tuple[Node, ...]
    plan: dict[tuple[str, tuple[Any, ...]], str] = field(default_factory=dict)

    def nodes(self) -> list[Node]:
        """Every node of both datasets."""
        return [node for top in (*self.src, *self.dst) for node in top.walk()]


@dataclass(frozen=True)
class Call:
    """One diff or sync invocation: method, flag bits, diff class and an optional precomputed diff."""

    method: str  # diff_from | diff_to | sync_from | sync_to
    flags: int = 0
    diff_class: str = "Diff"
    precomputed: Precomputed | None = None


@dataclass(frozen=True)
class Precomputed:
    """A diff handed to sync_*(diff=...): computed with its own flags/class, or a blank instance of a diff class."""

    diff_class: str = "Diff"
    flags: int | None = None  # None: the same flags as the sync call
    blank: bool = False
