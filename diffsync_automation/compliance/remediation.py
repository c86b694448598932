"""Commands that bring one feature from the running to the intended configuration, built with hier_config.

Unordered features use hier_config's remediation (per-platform negation, ordering, idempotent commands). For
an ordered feature a section whose lines differ in any way, order included, is removed and configured again
from the intended text: hier_config ignores sibling order, and sequence numbers are not portable.
"""

from __future__ import annotations

from collections.abc import Iterable

from hier_config import HConfig, HConfigChild, WorkflowRemediation, get_hconfig

EXIT = "exit"


def remediation(running: HConfig, intended: HConfig, *, ordered: bool) -> HConfig:
    """The remediation tree of one feature (both trees hold only that feature's sections)."""
    if not ordered:
        return WorkflowRemediation(running, intended).remediation_config
    result = get_hconfig(running.driver)
    wanted = {child.text: child for child in intended.children}
    for child in running.children:
        if child.text not in wanted or _lines(child) != _lines(wanted[child.text]):
            result.add_child(_negated(child.text))
    for child in intended.children:
        current = running.get_child(equals=child.text)
        if current is None or _lines(current) != _lines(child):
            result.add_deep_copy_of(child)
    return result


def _lines(child: HConfigChild) -> list[tuple[int, str]]:
    return [(node.depth(), node.text) for node in (child, *child.all_children())]


def _negated(text: str) -> str:
    return text[3:] if text.startswith("no ") else f"no {text}"


def commands(config: HConfig) -> list[str]:
    """The lines of a remediation tree as typed in configuration mode: ``exit`` before going up a level, and
    back at the top level at the end (so the next feature's lines start there)."""
    return list(_typed(config.all_children_sorted()))


def _typed(children: Iterable[HConfigChild]) -> Iterable[str]:
    level = 1
    for child in children:
        depth = child.depth()
        for _ in range(level - depth):
            yield EXIT
        level = depth
        yield child.text
    for _ in range(level - 1):
        yield EXIT


def text_lines(config: HConfig) -> list[str]:
    """The remediation as indented configuration text (what reports show)."""
    return [" " * (child.depth() - 1) + child.text for child in config.all_children_sorted()]
