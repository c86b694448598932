"""Junos static routes: ``[routing-instances V] routing-options static route P`` through a next hop, an exit
interface or both, each with its own preference (the shared schema's ``distance``).

Junos names a route's next hops by address or interface: ``next-hop X`` takes the route's preference (5 unless
``route P preference N`` says otherwise), ``qualified-next-hop X`` may carry its own ``preference`` and, for an
address, the ``interface`` it leaves through. Junos has no route names (refused before anything is sent).
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network
from typing import Any

from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import Problem
from diffsync_automation.network.platforms.base import UnsupportedSection
from diffsync_automation.network.platforms.junos_features import Statements, interface_name
from diffsync_automation.network.schema import IntendedState, is_ipv4_address

DEFAULT_PREFERENCE = 5
"""Junos preference (administrative distance) of a static route that sets none."""
_ROUTE = ["routing-options", "static", "route"]
QUALIFIED = "qualified-next-hop"


def read_static_routes(statements: Statements) -> list[dict[str, Any]]:
    """One entry per next hop of every global and routing-instance route: ``next-hop`` (an address or an exit
    interface, unit 0 read as the interface itself) with the route's preference, ``qualified-next-hop`` with its
    own preference, else the route's, and its ``interface``; each with the ``form`` it is written in
    (``StaticRoute.form``). Routes without a next hop (``discard``) are not read."""
    routes: dict[tuple[str | None, str], dict[str, Any]] = {}
    for words in statements:
        if words[:3] == _ROUTE and len(words) >= 5:
            vrf, rest = None, words[3:]
        elif words[:1] == ["routing-instances"] and words[2:5] == _ROUTE and len(words) >= 7:
            vrf, rest = words[1], words[5:]
        else:
            continue
        route = routes.setdefault((vrf, rest[0]), {"next-hop": [], "qualified": {}})
        setting = rest[1:]
        if setting[:1] == ["next-hop"] and len(setting) == 2:
            route["next-hop"].append(setting[1])
        elif setting[:1] == ["qualified-next-hop"] and len(setting) >= 2:
            hop = route["qualified"].setdefault(setting[1], {})
            if setting[2:3] in (["preference"], ["interface"]) and len(setting) == 4:
                hop[setting[2]] = setting[3]
        elif setting[:1] == ["preference"] and len(setting) == 2:
            route["preference"] = int(setting[1])
    return list(_entries(routes))


def _entries(routes: dict[tuple[str | None, str], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for (vrf, prefix), route in routes.items():
        preference = int(route.get("preference", DEFAULT_PREFERENCE))
        where = {"vrf": vrf} if vrf else {}
        for hop in route["next-hop"]:
            yield {**where, "prefix": prefix, **_hop(hop), "distance": preference, "form": "next-hop"}
        for hop, settings in route["qualified"].items():
            exit_interface = {"interface": _interface(settings["interface"])} if "interface" in settings else {}
            distance = int(settings.get("preference", preference))
            yield {**where, "prefix": prefix, **_hop(hop), **exit_interface, "distance": distance, "form": QUALIFIED}


def _hop(word: str) -> dict[str, str]:
    """A next hop word: an address, else an exit interface."""
    return {"next_hop": word} if is_ipv4_address(word) else {"interface": _interface(word)}


def _interface(name: str) -> str:
    """An interface as the shared schema names it: unit 0 is the interface itself (``ge-0/0/1.0`` -> ``ge-0/0/1``)."""
    return name.removesuffix(".0")


def _logical(name: str) -> str:
    """The logical interface a route leaves through: unit 0 unless the name gives one (``irb.10``)."""
    if name.lower() == "null0":
        raise UnsupportedSection(
            "static_routes: Junos drops traffic with a discard route, not through a Null0 interface: not managed"
        )
    interface_name(name)
    return name if "." in name else f"{name}.0"


def render_static_route(change: Change) -> list[str]:
    """A next hop at the route's default preference 5 is ``next-hop X`` (X the address, else the exit interface);
    another preference, or an address with an exit interface, is ``qualified-next-hop X [interface IF]
    [preference D]``. A changed preference or form deletes the old next hop first (one commit), in the form the
    device has it (``before["form"]``; without it, the form this function writes). A plain ``next-hop`` read with
    another preference takes it from its route (``route P preference N``), so its new preference is qualified."""
    keys = change.keys
    if change.after.get("name") is not None:
        raise UnsupportedSection("static_routes.name: Junos static routes have no names (not managed on Junos)")
    prefix = str(IPv4Network(str(keys["prefix"])))
    at = f"routing-instances {keys['vrf']} " if keys.get("vrf") else ""
    base = f"{at}routing-options static route {prefix}"
    next_hop, exit_interface = keys.get("next_hop"), keys.get("interface")
    logical = _logical(str(exit_interface)) if exit_interface else None
    hop = str(next_hop) if next_hop else str(logical)
    before = int(change.before.get("distance", DEFAULT_PREFERENCE))
    both = bool(next_hop and exit_interface)
    written = change.before.get("form") or (QUALIFIED if both or before != DEFAULT_PREFERENCE else "next-hop")
    old = f"{base} {written} {hop}"
    if change.action == "delete":
        return [f"delete {old}"]
    distance = int(change.after.get("distance", before))
    route_preference = written == "next-hop" and before != DEFAULT_PREFERENCE
    if not both and distance == DEFAULT_PREFERENCE and not route_preference:
        new = [f"set {base} next-hop {hop}"]
    else:
        qualified = f"set {base} qualified-next-hop {hop}"
        new = [f"{qualified} interface {logical}"] if both else []
        new += [f"{qualified} preference {distance}"] if distance != DEFAULT_PREFERENCE or route_preference else []
    return new if change.action == "create" else [f"delete {old}", *new]


def static_route_problems(state: IntendedState) -> list[Problem]:
    """Junos names a next hop by its address alone: one prefix cannot go through one address twice (with and
    without an exit interface, or through two), as the shared schema allows."""
    seen: dict[tuple[str | None, str, str], int] = {}
    problems = []
    for index, route in enumerate(state.static_routes or []):
        if route.next_hop is None:
            continue
        first = seen.setdefault((route.vrf, route.prefix, route.next_hop), index)
        if first != index:
            problems.append(
                Problem(
                    f"static_routes[{index}]",
                    f"Junos has one next hop {route.next_hop} per route: {route.prefix} goes through it in"
                    f" static_routes[{first}] already (give it once, with or without interface)",
                )
            )
    return problems
