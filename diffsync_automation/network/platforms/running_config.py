"""A small parser for IOS-style running-configs (Cisco IOS, Arista EOS and their relatives).

Used where ntc-templates has no template (NTP servers, hostname) or where the show commands that have one
lose information the running-config keeps (full descriptions, configured MTU, static routes that are not
installed because a better route exists). The format is simple: a top-level line starts in column 0, its
sub-commands follow indented (1 space on IOS, 3 on EOS); ``!`` lines are separators and ``end`` closes it. An EOS
banner is ``banner login|motd`` in column 0, its text lines as typed and ``EOF``: the text lines are the banner
block's children, whatever they look like.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_HEADER = re.compile(r"^(Building configuration|Current configuration|! Command:|! device:|!Time:)")
_TEXT_OPENER = re.compile(r"banner (?:login|motd)")
"""An EOS banner's first line (IOS's banners hold their delimited text on that line)."""


@dataclass(frozen=True)
class ConfigBlock:
    """A top-level line with its indented sub-command lines (stripped of their indentation)."""

    line: str
    children: tuple[str, ...]


def parse_blocks(text: str) -> list[ConfigBlock]:
    """Split a running-config into top-level blocks, dropping comments, separators and the header."""
    blocks: list[tuple[str, list[str]]] = []
    in_text = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if in_text:
            in_text = line != "EOF"
            blocks[-1][1].extend([line] if in_text else [])
            continue
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
        in_text = _TEXT_OPENER.fullmatch(stripped) is not None
    return [ConfigBlock(line, tuple(children)) for line, children in blocks]


def matching(blocks: list[ConfigBlock], pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], ConfigBlock]]:
    """Blocks whose top-level line matches ``pattern`` entirely, with the match."""
    for block in blocks:
        found = pattern.fullmatch(block.line)
        if found is not None:
            yield found, block
