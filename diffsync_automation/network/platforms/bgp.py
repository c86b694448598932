"""Reading the ``router bgp N`` section of an IOS-style running-config into ``bgp_global`` and
``bgp_address_family`` data.

IOS and EOS keep a neighbour's settings on ``neighbor A ...`` lines; NX-OS opens a ``neighbor A`` sub-section
(``remote-as``, ``description``, ...). Indentation tells the process's own lines from those of its VRFs and
address families, which ``bgp_global`` does not manage, so the section is read from the text rather than the
flat blocks.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from diffsync_automation.network.platforms.running_config import parse_blocks
from diffsync_automation.network.schema import classful_length

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


_FAMILY = re.compile(r"address-family ipv4(?: unicast)?(?: vrf (\S+))?")
_VRF = re.compile(r"vrf (\S+)")
_NETWORK = re.compile(r"network (\d+\.\d+\.\d+\.\d+)(?:/(\d+)| mask (\d+\.\d+\.\d+\.\d+))?(?: .*)?")
_ACTIVATE = re.compile(r"neighbor (\d+\.\d+\.\d+\.\d+) activate")
_NEIGHBOR_SECTION = re.compile(r"neighbor (\d+\.\d+\.\d+\.\d+)")

Node = tuple[str, list["Node"]]
"""A line of the section and the lines indented under it."""


def _nested(lines: list[tuple[int, str]]) -> list[Node]:
    """(indentation, line) pairs as a tree of lines."""
    root: list[Node] = []
    stack: list[tuple[int, list[Node]]] = [(-1, root)]
    for depth, line in lines:
        while stack[-1][0] >= depth:
            stack.pop()
        node: Node = (line, [])
        stack[-1][1].append(node)
        stack.append((depth, node[1]))
    return root


def _network(found: re.Match[str]) -> str:
    """``A/LEN`` of a ``network`` line; IOS leaves out a classful mask (``network 10.0.0.0`` is 10.0.0.0/8)."""
    address = IPv4Address(found.group(1))
    return str(IPv4Network(f"{address}/{found.group(2) or found.group(3) or classful_length(address)}"))


def read_bgp_address_family(text: str) -> dict[str, Any] | None:
    """``bgp_address_family`` data from a running-config, or None without a BGP process.

    IPv4 unicast families are read where each platform keeps them: ``address-family ipv4 [unicast] [vrf X]``
    under ``router bgp`` (IOS, EOS, NX-OS), in a ``vrf X`` sub-section (EOS, NX-OS), and, for NX-OS, a neighbour's
    activation as ``address-family ipv4 unicast`` inside its ``neighbor A`` sub-section. Other families, a VRF's
    neighbours and every other line (route maps, redistribution, ...) are not managed. The default VRF's family
    also lists the neighbours the process defines but does not activate in it, with ``activate`` false.
    """
    section = _indented_section(text)
    if section is None:
        return None
    as_number, lines = section
    families: dict[str | None, dict[str, list[str]]] = {}

    def family(vrf: str | None) -> dict[str, list[str]]:
        return families.setdefault(None if vrf == "default" else vrf, {"networks": [], "neighbors": []})

    def read(vrf: str | None, children: list[Node]) -> None:
        found_family = family(vrf)
        for line, _ in children:
            if network := _NETWORK.fullmatch(line):
                found_family["networks"].append(_network(network))
            elif (peer := _ACTIVATE.fullmatch(line)) and vrf in (None, "default"):  # VRF neighbours: not managed
                found_family["neighbors"].append(peer.group(1))

    defined: list[str] = []
    for line, children in _nested(lines):
        if (peer := _NEIGHBOR.fullmatch(line)) and peer.group(1) not in defined:
            defined.append(peer.group(1))
        if found := _FAMILY.fullmatch(line):
            read(found.group(1), children)
        elif found := _VRF.fullmatch(line):
            for inner, grandchildren in children:
                if _FAMILY.fullmatch(inner):
                    read(found.group(1), grandchildren)
        elif (found := _NEIGHBOR_SECTION.fullmatch(line)) and any(_FAMILY.fullmatch(inner) for inner, _ in children):
            family(None)["neighbors"].append(found.group(1))
    return {
        "as_number": as_number,
        "address_family": [
            {
                "afi": "ipv4",
                "safi": "unicast",
                "vrf": vrf,
                "networks": [{"prefix": prefix} for prefix in values["networks"]],
                "neighbors": [{"neighbor_address": address, "activate": True} for address in values["neighbors"]]
                + [
                    {"neighbor_address": address, "activate": False}
                    for address in (defined if vrf is None else ())
                    if address not in values["neighbors"]
                ],
            }
            for vrf, values in families.items()
        ],
    }
