"""Per-feature compliance of one device from two configuration texts: what is missing, extra, and the fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diffsync_automation.compliance.compare import compare, with_parents
from diffsync_automation.compliance.config import feature_trees, load_config, section_lines, without_bare_ports
from diffsync_automation.compliance.errors import ComplianceError
from diffsync_automation.compliance.lines import UnsafeLine, check_line
from diffsync_automation.compliance.mask import mask_line, mask_lines, placeholder_problem
from diffsync_automation.compliance.remediation import commands, remediation, text_lines
from diffsync_automation.compliance.rules import RuleSet


@dataclass(frozen=True)
class FeatureResult:
    """One feature of one device. ``missing``/``extra``/``remediation`` are masked text for people;
    ``commands`` are the real lines a sync sends (never shown)."""

    name: str
    ordered: bool
    missing: list[str]
    extra: list[str]
    remediation: list[str]
    commands: tuple[str, ...] = field(repr=False)

    @property
    def compliant(self) -> bool:
        """Nothing missing and nothing extra (in order, for ordered features)."""
        return not self.missing and not self.extra

    def to_dict(self) -> dict[str, Any]:
        """The report form: ``{"compliant", "missing", "extra", "remediation"}``."""
        return {
            "compliant": self.compliant,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "remediation": list(self.remediation),
        }


class UnsafeIntendedLine(ComplianceError, ValueError):
    """A line of the intended configuration fails the CLI-safety check or holds a placeholder for a secret (the
    host is refused before anything is compared or sent)."""


def evaluate(device_type: str, intended_text: str, running_text: str, rules: RuleSet) -> dict[str, FeatureResult]:
    """Per feature present in either configuration, its compliance and remediation.

    Raises ``UnsafeIntendedLine`` when a compared line of the intended configuration could not be sent safely or
    holds a backup's ``<removed>`` or a plan's token (``mask.placeholder_problem``).
    """
    intended = load_config(device_type, intended_text, rules)
    for path in section_lines(intended):
        try:
            check_line(path[-1])
        except UnsafeLine as exc:
            raise UnsafeIntendedLine(f"{_where(intended_text, path, rules)} {exc}") from None
        problem = placeholder_problem(path[-1])
        if problem is not None:
            raise UnsafeIntendedLine(f"{_where(intended_text, path, rules)} {problem}")
    running = without_bare_ports(load_config(device_type, running_text, rules), intended)
    differences = compare(intended, running, rules)
    results = {}
    intended_trees, running_trees = feature_trees(intended, rules), feature_trees(running, rules)
    for rule in rules.features:
        wanted, current = intended_trees[rule.name], running_trees[rule.name]
        if not wanted.children and not current.children:
            continue
        fix = remediation(current, wanted, ordered=rule.ordered)
        difference = differences[rule.name]
        results[rule.name] = FeatureResult(
            name=rule.name,
            ordered=rule.ordered,
            missing=mask_lines(with_parents(difference.missing)),
            extra=mask_lines(with_parents(difference.extra)),
            remediation=mask_lines(text_lines(fix)),
            commands=tuple(commands(fix)),
        )
    return results


def _where(text: str, path: tuple[str, ...], rules: RuleSet) -> str:
    """``intended line 12 'snmp-server community <removed> RO' (feature snmp)``, the line masked: what an error
    about a compared line shows, so the line can be found in the file (or the rendered template)."""
    feature = rules.feature_of(path[0])
    number = line_number(text, path)
    return (
        f"intended line{f' {number}' if number is not None else ''} {mask_line(path[-1])!r}"
        f"{f' (feature {feature.name})' if feature is not None else ''}"
    )


def line_number(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based number of the line of ``text`` that ``path`` (a line under its parents, as ``section_lines``
    gives it) came from; None where loading rewrote the line (a one-line banner split in three)."""
    lines = [line.strip() for line in text.splitlines()]
    number = 0
    for part in path:  # each line after its parent: the same child text under another parent is not taken
        try:
            number = lines.index(part.strip(), number) + 1
        except ValueError:
            return None
    return number
