"""A small parser for IOS-style running-configs (Cisco IOS, Arista EOS and their relatives).

Used where ntc-templates has no template (NTP servers, hostname) or where the show commands that have one
lose information the running-config keeps (full descriptions, configured MTU, static routes that are not
installed because a better route exists). The format is simple: a top-level line starts in column 0, its
sub-commands follow indented (1 space on IOS, 3 on EOS); ``!`` lines are separators and ``end`` closes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_HEADER = re.compile(r"^(Building configuration|Current configuration|! Command:|! device:|!Time:)")


@dataclass(frozen=True)
class ConfigBlock:
    """A top-level line with its indented sub-command lines (stripped of their indentation)."""

    line: str
    children: tuple[str, ...]


def parse_blocks(text: str) -> list[ConfigBlock]:
    """Split a running-config into top-level blocks, dropping comments, separators and the header."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("!") or _HEADER.match(stripped):
            continue
        if line[0].isspace():
            if blocks:
                blocks[-1][1].append(stripped)
            continue
        if stripped == "end":
            break
        blocks.append((stripped, []))
    return [ConfigBlock(line, tuple(children)) for line, children in blocks]


def matching(blocks: list[ConfigBlock], pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], ConfigBlock]]:
    """Blocks whose top-level line matches ``pattern`` entirely, with the match."""
    for block in blocks:
        found = pattern.fullmatch(block.line)
        if found is not None:
            yield found, block
