"""Reading the ``router bgp N`` section of an IOS-style running-config into ``bgp_global`` data.

IOS and EOS keep a neighbour's settings on ``neighbor A ...`` lines; NX-OS opens a ``neighbor A`` sub-section
(``remote-as``, ``description``, ...). Indentation tells the process's own lines from those of its VRFs and
address families, which are not managed, so the section is read from the text rather than the flat blocks.
"""

from __future__ import annotations

import re
from typing import Any

from diffsync_automation.network.platforms.running_config import parse_blocks

_PROCESS = re.compile(r"router bgp (\d+)")
_ROUTER_ID = re.compile(r"(?:bgp )?router-id (\d+\.\d+\.\d+\.\d+)")
_NEIGHBOR = re.compile(r"neighbor (\d+\.\d+\.\d+\.\d+)(?: (.*))?")
_SETTING = re.compile(r"(remote-as|description|update-source) (.+)|(shutdown)")
_KEYS = {"remote-as": "remote_as", "description": "description", "update-source": "update_source"}


def _indented_section(text: str) -> tuple[int, list[tuple[int, str]]] | None:
    """The process's AS number and its sub-lines with their indentation."""
    header = next((block.line for block in parse_blocks(text) if _PROCESS.fullmatch(block.line)), None)
    if header is None:
        return None
    lines: list[tuple[int, str]] = []
    inside = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if not raw[:1].isspace():
            if inside and stripped and not stripped.startswith("!"):
                break
            inside = inside or stripped == header
        elif inside and stripped and not stripped.startswith("!"):
            lines.append((len(raw) - len(raw.lstrip(" ")), stripped))
    return int(header.split()[2]), lines


def _apply(neighbor: dict[str, Any], setting: str) -> None:
    found = _SETTING.fullmatch(setting)
    if found is None:
        return  # timers, passwords, peer groups, ...: not managed
    if found.group(3):
        neighbor["shutdown"] = True
        return
    key, value = _KEYS[found.group(1)], found.group(2)
    neighbor[key] = int(value) if key == "remote_as" else value


def read_bgp_global(text: str) -> dict[str, Any] | None:
    """``bgp_global`` data from a running-config, or None without a BGP process."""
    section = _indented_section(text)
    if section is None:
        return None
    as_number, lines = section
    top = min((depth for depth, _ in lines), default=0)
    router_id: str | None = None
    neighbors: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for depth, line in lines:
        if depth > top:  # a sub-line: NX-OS neighbour settings, or a VRF's / address family's (not managed)
            if current is not None:
                _apply(current, line)
            continue
        current = None
        if found := _ROUTER_ID.fullmatch(line):
            router_id = found.group(1)
        elif found := _NEIGHBOR.fullmatch(line):
            current = neighbors.setdefault(found.group(1), {"neighbor_address": found.group(1)})
            if found.group(2):
                _apply(current, found.group(2))
    return {
        "as_number": as_number,
        "bgp": {"router_id": router_id},
        "neighbors": list(neighbors.values()),
    }
