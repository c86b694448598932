"""The result of comparing two adapters: a tree of ``DiffElement`` objects grouped by model type."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import total_ordering
from typing import Any, ClassVar, Dict, Type

from diffsync_automation._engine.lanes import DiffClassLane, diff_class_lane
from diffsync_automation.enum import DiffSyncActions
from diffsync_automation.exceptions import ObjectAlreadyExists
from diffsync_automation.utils import OrderedDefaultDict

StrType = str

_SUMMARY_KEYS = (DiffSyncActions.CREATE, DiffSyncActions.UPDATE, DiffSyncActions.DELETE, "no-change")


class Diff:
    """Diff elements grouped by model type: ``children[type][name] = DiffElement``.

    Subclass it to order children (``order_children_<type>`` class methods) or to act when a diff is
    complete (``complete()``).
    """

    _lane: ClassVar[DiffClassLane]
    """Whether children come in insertion order and ``add`` is the engine's; decided when the class is defined."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._lane = diff_class_lane(cls, Diff)

    def __init__(self) -> None:
        self.children: OrderedDefaultDict[StrType, Dict[StrType, DiffElement]] = OrderedDefaultDict(dict)
        self.models_processed = 0

    def __len__(self) -> int:
        """Number of elements in the whole tree, unchanged ones included."""
        if not self._lane.insertion_order:
            return sum(len(element) for element in self.get_children())
        total = 0
        pending = [self]
        while pending:
            diff = pending.pop()
            if not diff._lane.insertion_order:
                total += len(diff)
                continue
            for elements in diff.children.values():
                total += len(elements)
                pending.extend(element._child_diff for element in elements.values() if element._child_diff is not None)
        return total

    def complete(self) -> None:
        """Hook called once the differ has finished filling the top-level diff."""

    def add(self, element: DiffElement) -> None:
        """Add an element; its (type, name) must be new."""
        group = self.children[element.type]
        if element.name in group:
            raise ObjectAlreadyExists(f"Already storing a {element.type} named {element.name}", element)
        group[element.name] = element

    def groups(self) -> list[StrType]:
        """Model types present, in the order they were first added."""
        return list(self.children.keys())

    def has_diffs(self) -> bool:
        """True if any element in the tree calls for a change."""
        return any(
            element.has_diffs(include_children=True) for group in self.children.values() for element in group.values()
        )

    def get_children(self) -> Iterator[DiffElement]:
        """Elements group by group, each group in the order given by ``order_children_<type>`` if defined."""
        if self._lane.insertion_order:  # no order_children_<type>: skip the lookup per group (hot in big trees)
            for elements in self.children.values():
                yield from elements.values()
            return
        for group, elements in self.children.items():
            order = getattr(self, f"order_children_{group}", self.order_children_default)
            yield from order(elements)

    @classmethod
    def order_children_default(cls, children: Dict[StrType, DiffElement]) -> Iterator[DiffElement]:
        """Insertion order."""
        yield from children.values()

    def summary(self) -> Dict[StrType, int]:
        """Counts of create, update, delete, no-change and skip over the whole tree."""
        counts = dict.fromkeys(_SUMMARY_KEYS, 0)
        for element in self.get_children():
            element._count_into(counts)
        counts["skip"] = (
            self.models_processed
            - counts[DiffSyncActions.CREATE]
            - 2 * counts[DiffSyncActions.UPDATE]
            - counts[DiffSyncActions.DELETE]
            - 2 * counts["no-change"]
        )
        return counts

    def str(self, indent: int = 0) -> StrType:
        """Human-readable tree of the elements with changes, in insertion order."""
        margin = " " * indent
        output = []
        for group in self.groups():
            heading_done = False
            for element in self.children[group].values():
                if element.has_diffs(include_children=True):
                    if not heading_done:
                        output.append(f"{margin}{group}")
                        heading_done = True
                    output.append(element.str(indent + 2))
        return "\n".join(output) if output else "(no diffs)"

    def dict(self) -> Dict[StrType, Dict[StrType, Dict[StrType, Any]]]:
        """Nested dict of the elements with changes: ``{type: {name: {"+": ..., "-": ..., child types...}}}``."""
        result: Dict[StrType, Dict[StrType, Dict[StrType, Any]]] = {}
        for element in self.get_children():
            if element.has_diffs():
                result.setdefault(element.type, {})[element.name] = element.dict()
        return result


Diff._lane = diff_class_lane(Diff, Diff)


@total_ordering
class DiffElement:
    """One object compared across source and destination, with the diffs of its children.

    ``source_attrs``/``dest_attrs`` are None when the object is absent on that side, ``{}`` when it is present
    without attributes.
    """

    __slots__ = (
        "_child_diff",
        "_uid",
        "dest_attrs",
        "dest_name",
        "diff_class",
        "keys",
        "name",
        "source_attrs",
        "source_name",
        "type",
    )

    def __init__(
        self,
        obj_type: StrType,
        name: StrType,
        keys: Dict[StrType, Any],
        source_name: StrType = "source",
        dest_name: StrType = "dest",
        diff_class: Type[Diff] = Diff,
    ):
        if not isinstance(obj_type, str):
            raise ValueError(f"obj_type must be a string (not {type(obj_type)})")
        if not isinstance(name, str):
            raise ValueError(f"name must be a string (not {type(name)})")
        self.type = obj_type
        self.name = name
        self.keys = keys
        self.source_name = source_name
        self.dest_name = dest_name
        self.source_attrs: Dict[StrType, Any] | None = None
        self.dest_attrs: Dict[StrType, Any] | None = None
        self.diff_class = diff_class
        self._child_diff: Diff | None = None
        self._uid: StrType | None = None
        """The key the destination object was stored under, set by the compiled differ for matched pairs."""

    @property
    def child_diff(self) -> Diff:
        """The diff of this element's children, created on first use (most elements are leaves)."""
        if self._child_diff is None:
            self._child_diff = self.diff_class()
        return self._child_diff

    @child_diff.setter
    def child_diff(self, value: Diff) -> None:
        self._child_diff = value

    def __lt__(self, other: DiffElement) -> bool:
        return (self.type, self.name) < (other.type, other.name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DiffElement):
            return NotImplemented
        return (
            self.type == other.type
            and self.name == other.name
            and self.keys == other.keys
            and self.source_attrs == other.source_attrs
            and self.dest_attrs == other.dest_attrs
        )

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> StrType:
        return (
            f'{self.type} "{self.name}" : {self.keys} : {self.source_name} → {self.dest_name} : '
            f"{self.get_attrs_diffs()}"
        )

    def __len__(self) -> int:
        """1 for this element plus the size of its subtree."""
        if self._child_diff is None:
            return 1
        return 1 + sum(len(child) for child in self._child_diff.get_children())

    @property
    def action(self) -> StrType | None:
        """``create``, ``update``, ``delete`` or None (no change), recomputed on each access."""
        source, dest = self.source_attrs, self.dest_attrs
        if source is not None:
            if dest is None:
                return DiffSyncActions.CREATE
            for key in dest:
                if key in source and source[key] != dest[key]:
                    return DiffSyncActions.UPDATE
            return None
        if dest is not None:
            return DiffSyncActions.DELETE
        return None

    def add_attrs(self, source: Dict[StrType, Any] | None = None, dest: Dict[StrType, Any] | None = None) -> None:
        """Set the attributes of either side (a side cannot be reset to None this way)."""
        if source is not None:
            self.source_attrs = source
        if dest is not None:
            self.dest_attrs = dest

    def get_attrs_keys(self) -> Iterable[StrType]:
        """Attribute names compared: those on both sides (in destination order), else those of the present side."""
        source, dest = self.source_attrs, self.dest_attrs
        if source is not None and dest is not None:
            return [key for key in dest if key in source]
        if dest is not None:
            return dest.keys()
        if source is not None:
            return source.keys()
        return []

    def get_attrs_diffs(self) -> Dict[StrType, Dict[StrType, Any]]:
        """``{"-": dest values, "+": source values}`` of the differing attributes; one side only if one is absent."""
        source, dest = self.source_attrs, self.dest_attrs
        if source is not None and dest is not None:
            minus: Dict[StrType, Any] = {}
            plus: Dict[StrType, Any] = {}
            for key in dest:
                if key in source and source[key] != dest[key]:
                    minus[key] = dest[key]
                    plus[key] = source[key]
            return {"-": minus, "+": plus}
        if dest is not None:
            return {"-": dict(dest)}
        if source is not None:
            return {"+": dict(source)}
        return {}

    def add_child(self, element: DiffElement) -> None:
        """Attach a child element."""
        self.child_diff.add(element)

    def get_children(self) -> Iterator[DiffElement]:
        """Child elements in the child diff's order."""
        if self._child_diff is not None:
            yield from self._child_diff.get_children()

    def has_diffs(self, include_children: bool = True) -> bool:
        """True if this element (or, with ``include_children``, any descendant) calls for a change."""
        source, dest = self.source_attrs, self.dest_attrs
        if (source is None) != (dest is None):
            return True
        if source is not None and dest is not None:
            for key in dest:
                if key in source and source[key] != dest[key]:
                    return True
        if include_children and self._child_diff is not None:
            return self._child_diff.has_diffs()
        return False

    def _count_into(self, counts: Dict[StrType, int]) -> None:
        """Add this subtree's action counts to ``counts``."""
        action = self.action
        counts["no-change" if action is None else action] += 1
        if self._child_diff is not None:
            for child in self._child_diff.get_children():
                child._count_into(counts)

    def summary(self) -> Dict[StrType, int]:
        """Counts of create, update, delete and no-change for this element and its subtree."""
        counts = dict.fromkeys(_SUMMARY_KEYS, 0)
        self._count_into(counts)
        return counts

    def str(self, indent: int = 0) -> StrType:
        """Human-readable view of this element and its children with changes."""
        margin = " " * indent
        result = f"{margin}{self.type}: {self.name}"
        source, dest = self.source_attrs, self.dest_attrs
        if source is not None and dest is not None:
            diffs = self.get_attrs_diffs()
            minus, plus = diffs["-"], diffs["+"]
            for attr, value in plus.items():
                result += f"\n{margin}  {attr}    {self.source_name}({value})    {self.dest_name}({minus[attr]})"
        elif dest is not None:
            result += f" MISSING in {self.source_name}"
        elif source is not None:
            result += f" MISSING in {self.dest_name}"
        if self._child_diff is not None and self._child_diff.has_diffs():
            result += "\n" + self._child_diff.str(indent + 2)
        elif source is None and dest is None:
            result += " (no diffs)"
        return result

    def dict(self) -> Dict[StrType, Any]:
        """``{"-": ..., "+": ...}`` of this element plus its child groups with changes."""
        result: Dict[StrType, Any] = {}
        diffs = self.get_attrs_diffs()
        if "-" in diffs:
            result["-"] = diffs["-"]
        if "+" in diffs:
            result["+"] = diffs["+"]
        if self._child_diff is not None and self._child_diff.has_diffs():
            result.update(self._child_diff.dict())
        return result
