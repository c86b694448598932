"""The configuration tree every simulated device keeps: its running configuration, nothing else.

A node is one configuration line; a section line (``interface Ethernet1``) holds its sub-command lines as
children. Children are keyed by the line's *key* (``description users`` and ``description uplink`` share the
key ``description``), so setting a line replaces the one it overrides, as on a device. The platform decides
keys and the order lines are shown in (``Dialect.line_key`` / ``Dialect.order``); the tree only stores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


class ConfigNode:
    """One line of the configuration and its sub-lines, in insertion order."""

    __slots__ = ("children", "line")

    def __init__(self, line: str) -> None:
        self.line = line
        self.children: dict[str, ConfigNode] = {}

    def get(self, key: str) -> ConfigNode | None:
        """The child stored under ``key``."""
        return self.children.get(key)

    def set(self, key: str, line: str) -> ConfigNode:
        """Store ``line`` under ``key``: an existing section keeps its children, a plain line is replaced."""
        node = self.children.get(key)
        if node is None:
            node = self.children[key] = ConfigNode(line)
        else:
            node.line = line
        return node

    def remove(self, key: str) -> bool:
        """Remove the child under ``key`` with its section; whether it existed."""
        return self.children.pop(key, None) is not None

    def remove_where(self, predicate: Callable[[ConfigNode], bool]) -> int:
        """Remove every child for which ``predicate`` holds; how many were removed."""
        doomed = [key for key, node in self.children.items() if predicate(node)]
        for key in doomed:
            del self.children[key]
        return len(doomed)

    def lines(self) -> Iterator[str]:
        """The children's lines, in insertion order."""
        return (node.line for node in self.children.values())

    def copy(self) -> ConfigNode:
        """A deep copy (seeding many devices from one template)."""
        clone = ConfigNode(self.line)
        clone.children = {key: node.copy() for key, node in self.children.items()}
        return clone


def indentation(line: str) -> int:
    """Leading spaces of a line."""
    return len(line) - len(line.lstrip(" "))


def parse_indented(text: str) -> list[tuple[int, str]]:
    """(depth, line) for every configuration line of an indented config text, skipping ``!`` and blanks."""
    result: list[tuple[int, str]] = []
    stack: list[int] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("!") or stripped == "end":
            continue
        indent = indentation(raw.rstrip())
        while stack and stack[-1] >= indent:
            stack.pop()
        result.append((len(stack), stripped))
        stack.append(indent)
    return result
