"""Static route lines as IOS, EOS and NX-OS print them, read into and written from ``static_routes`` data.

- IOS: ``ip route [vrf V] A MASK [INTERFACE] [NEXT-HOP] [DISTANCE] [name N]``
- EOS: ``ip route [vrf V] A/LEN [INTERFACE] [NEXT-HOP] [DISTANCE] [name N]``
- NX-OS: ``ip route A/LEN [INTERFACE] [NEXT-HOP] [name N] [PREFERENCE]``, a VRF's routes under ``vrf context V``

Other options (``tag``, ``track``, ``permanent``, ...) are refused with the line named, so the routes are never
read as less than the device holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from typing import Any

_INTERFACE = re.compile(r"[A-Za-z][A-Za-z-]*\d[\d/.:]*")
"""An exit interface (``GigabitEthernet0/1``, ``Null0``); the option keywords hold no digit."""


class UnreadableRoute(ValueError):
    """A route line outside the managed subset."""


@dataclass(frozen=True)
class RouteSyntax:
    """How a platform spells a static route."""

    masked: bool
    """The prefix as ``A MASK`` (IOS) rather than ``A/LEN``."""
    name_first: bool
    """``name N`` goes before the distance (NX-OS)."""
    vrf_inline: bool
    """``vrf V`` is part of the line (IOS, EOS) rather than a ``vrf context V`` section around it (NX-OS)."""


def _address(token: str) -> str | None:
    try:
        return str(IPv4Address(token))
    except ValueError:
        return None


def parse_route(words: list[str], syntax: RouteSyntax, vrf: str | None = None) -> dict[str, Any]:
    """``static_routes`` entry from the words after ``ip route`` (``vrf``: the section the line is in)."""
    tokens = list(words)
    if syntax.vrf_inline and tokens[:1] == ["vrf"] and len(tokens) > 1:
        vrf, tokens = tokens[1], tokens[2:]
    try:
        if syntax.masked:
            prefix = str(IPv4Network(f"{tokens.pop(0)}/{tokens.pop(0)}"))
        else:
            prefix = str(IPv4Network(tokens.pop(0)))
    except (IndexError, ValueError) as exc:
        raise UnreadableRoute(f"no prefix ({exc})") from None
    route: dict[str, Any] = {"vrf": vrf, "prefix": prefix, "next_hop": None, "interface": None}
    if tokens and _INTERFACE.fullmatch(tokens[0]):
        route["interface"] = tokens.pop(0)
    if tokens and _address(tokens[0]) is not None:
        route["next_hop"] = _address(tokens.pop(0))
    if route["next_hop"] is None and route["interface"] is None:
        raise UnreadableRoute("neither a next hop nor an interface")
    route |= {"distance": 1, "name": None}
    while tokens:
        token = tokens.pop(0)
        if token.isdigit():
            route["distance"] = int(token)
        elif token == "name" and tokens:
            route["name"] = tokens.pop(0)
        else:
            raise UnreadableRoute(f"{' '.join([token, *tokens])!r} is not managed (only the distance and name are)")
    return route


def route_text(route: Mapping[str, Any], syntax: RouteSyntax, *, options: bool = True) -> str:
    """The words after ``ip route`` for a ``static_route``'s identifiers and attributes; ``options=False`` leaves
    out the distance and name (what ``no ip route`` needs)."""
    words = [f"vrf {route['vrf']}"] if syntax.vrf_inline and route.get("vrf") is not None else []
    prefix = IPv4Network(route["prefix"])
    words.append(f"{prefix.network_address} {prefix.netmask}" if syntax.masked else prefix.with_prefixlen)
    words += [str(route[key]) for key in ("interface", "next_hop") if route.get(key) is not None]
    if options:
        distance = [str(route["distance"])] if route.get("distance", 1) != 1 else []
        name = [f"name {route['name']}"] if route.get("name") is not None else []
        words += name + distance if syntax.name_first else distance + name
    return " ".join(words)
