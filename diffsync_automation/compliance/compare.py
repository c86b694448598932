"""Intended against running configuration with the engine: each line is a model keyed by feature and section path.

``intended.diff_to(running)`` then lists, per feature, the lines to create (missing on the device) and to
delete (extra on the device). Lines inside a section of an ordered feature also carry their position among their
siblings, so a line in the wrong place is an update: listed as missing (where intended) and extra (where it is).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from hier_config import HConfig, HConfigChild

from diffsync_automation.adapter import Adapter
from diffsync_automation.compliance.config import section_lines
from diffsync_automation.compliance.rules import RuleSet
from diffsync_automation.model import DiffSyncModel

PATH_SEPARATOR = "\n"


class ConfigLine(DiffSyncModel):
    """One configuration line: its feature, its path from the top-level line, and (ordered features) its place."""

    _modelname = "config_line"
    _identifiers = ("feature", "path")
    _attributes = ("position",)

    feature: str
    path: str
    position: int | None = None


class ConfigAdapter(Adapter):
    """The feature-owned lines of one configuration."""

    config_line = ConfigLine
    top_level = ["config_line"]

    def load_config(self, config: HConfig, rules: RuleSet) -> None:
        """Add a ``ConfigLine`` for every line of ``config`` that a feature owns."""
        for path, position in _placed_lines(config.children, ()):
            rule = rules.feature_of(path[0])
            if rule is not None:
                # Order matters inside a section (ACL entries); the sections themselves may come in any order.
                place = position if rule.ordered and len(path) > 1 else None
                self.add(ConfigLine(feature=rule.name, path=PATH_SEPARATOR.join(path), position=place))


def _placed_lines(children: Iterable[HConfigChild], parent: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], int]]:
    """Every line below ``parent`` as (path, index among its siblings), depth first."""
    for index, child in enumerate(children):
        path = (*parent, child.text)
        yield path, index
        yield from _placed_lines(child.children, path)


@dataclass
class FeatureDifference:
    """Section paths of one feature that are missing on the device, and extra on it."""

    missing: list[tuple[str, ...]] = field(default_factory=list)
    extra: list[tuple[str, ...]] = field(default_factory=list)


def compare(intended: HConfig, running: HConfig, rules: RuleSet) -> dict[str, FeatureDifference]:
    """Per feature of ``rules``, the lines missing from and extra on ``running``, in configuration order."""
    source, target = ConfigAdapter(name="intended"), ConfigAdapter(name="running")
    source.load_config(intended, rules)
    target.load_config(running, rules)
    differences = {rule.name: FeatureDifference() for rule in rules.features}
    missing: set[tuple[str, str]] = set()
    extra: set[tuple[str, str]] = set()
    for element in source.diff_to(target).get_children():
        key = (element.keys["feature"], element.keys["path"])
        if element.action in ("create", "update"):
            missing.add(key)
        if element.action in ("delete", "update"):
            extra.add(key)
    for wanted, tree in ((missing, intended), (extra, running)):
        for path in section_lines(tree):
            rule = rules.feature_of(path[0])
            if rule is not None and (rule.name, PATH_SEPARATOR.join(path)) in wanted:
                bucket = differences[rule.name]
                (bucket.missing if wanted is missing else bucket.extra).append(path)
    return differences


def with_parents(paths: Sequence[tuple[str, ...]], indent: str = " ") -> list[str]:
    """Configuration text of ``paths``: each line indented by depth, after its parents (each shown once)."""
    shown: set[tuple[str, ...]] = set()
    lines: list[str] = []
    for path in paths:
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix not in shown:
                shown.add(prefix)
                lines.append(indent * (depth - 1) + prefix[-1])
    return lines


def keys_of(paths: Iterable[tuple[str, ...]]) -> list[str]:
    """The engine keys of ``paths`` (for tests and debugging)."""
    return [PATH_SEPARATOR.join(path) for path in paths]
