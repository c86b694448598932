"""Junos readers and renderers of ``ospfv2``, ``lag_interfaces`` and ``bgp_address_family``.

Each maps the shared intended-state shape onto what Junos has: one OSPF instance whose interfaces are listed per
area, aggregated Ethernet bundles (``aeN``) whose LACP mode is the bundle's, and BGP families enabled by ``family``
statements (Junos has no ``network`` statement). What Junos lacks is refused with ``UnsupportedSection`` before
anything is sent; why each mapping is so is in docs/network.md ("Junos resource features").
"""

from __future__ import annotations

import re
from typing import Any

from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import Problem
from diffsync_automation.network.platforms.base import UnsupportedSection
from diffsync_automation.network.platforms.junos_features import Statements, interface_name, under
from diffsync_automation.network.schema import IntendedState

OSPF_PROCESS = 1
"""The process id the one Junos OSPFv2 instance (``protocols ospf``) is read as: Junos has no process ids."""
LAG_MODES = {"active": "active", "passive": "passive", "on": None}
"""Shared-schema member mode -> the bundle's ``aggregated-ether-options lacp`` mode (``on``: none, a static LAG)."""
MEMBER_OPTIONS = ("ether-options", "gigether-options")
"""Where a port names its bundle (``802.3ad aeN``): EX switches (ELS) use ``ether-options``, MX routers
``gigether-options``. Both are read; the driver writes the EX form, as the lab's device is an EX."""
LACP = "aggregated-ether-options lacp"
INET_UNICAST = "protocols bgp family inet unicast"
_AE = re.compile(r"ae(\d{1,3})")


# ---------------------------------------------------------------------- ospfv2
def read_ospfv2(statements: Statements) -> dict[str, Any]:
    """``protocols ospf`` as process 1: the router id (``routing-options router-id``, shared with BGP), every
    ``area A interface IF`` (unit 0 read as the interface itself, ``lo0.0`` as ``lo0``) and those marked
    ``passive``. Other OSPF statements (metrics, area types, ...) are left alone."""
    ospf = [words for words in statements if words[:2] == ["protocols", "ospf"]]
    if not ospf:
        return {"processes": []}
    router_id = next((words[1] for words in under(statements, "routing-options") if words[:1] == ["router-id"]), None)
    interfaces: dict[str, str] = {}
    passive: list[str] = []
    for words in under(ospf, "protocols", "ospf", "area"):
        if len(words) >= 3 and words[1] == "interface":
            name = words[2].removesuffix(".0")
            interfaces.setdefault(name, words[0])
            passive += [name] if words[3:] == ["passive"] and name not in passive else []
    process = {
        "process_id": OSPF_PROCESS,
        "router_id": router_id,
        "passive_interfaces": passive,
        "interfaces": [{"name": name, "area": area} for name, area in interfaces.items()],
    }
    return {"processes": [process]}


def _ospf_interface(name: str) -> str:
    """The logical interface OSPF runs on: unit 0 unless the name gives one (``irb.10``)."""
    interface_name(name)
    return name if "." in name else f"{name}.0"


def render_ospf_process(change: Change) -> list[str]:
    """Interfaces that leave an area or the process are deleted, then new ones set in their area, then ``passive``
    set or deleted; the router id is ``routing-options router-id``. A delete removes ``protocols ospf`` (the
    router id stays: BGP uses it too)."""
    process = change.keys["process_id"]
    if int(process) != OSPF_PROCESS:
        raise UnsupportedSection(
            f"ospfv2 process {process}: Junos runs one OSPFv2 instance and has no process ids: give process_id 1"
        )
    if change.action == "delete":
        return ["delete protocols ospf"]
    if change.after.get("networks"):
        raise UnsupportedSection("ospfv2.processes[].networks: Junos has no network statements (list interfaces)")
    empty: dict[str, Any] = {"router_id": None, "passive_interfaces": [], "interfaces": []}
    before = {**empty, **change.before}
    wanted = {**before, **change.after}
    old, new = _areas(before["interfaces"]), _areas(wanted["interfaces"])
    stray = [name for name in wanted["passive_interfaces"] if name not in new]
    if stray:
        raise UnsupportedSection(
            f"ospfv2: passive interface {stray[0]} runs in no area: Junos marks an interface passive in its area"
            " (list it in interfaces too)"
        )
    lines: list[str] = []
    if wanted["router_id"] != before["router_id"]:
        router_id = wanted["router_id"]
        lines.append(f"set routing-options router-id {router_id}" if router_id else "delete routing-options router-id")
    at = "protocols ospf area {} interface {}".format
    moved = {name for name in old if new.get(name) != old[name]}
    lines += [f"delete {at(old[name], _ospf_interface(name))}" for name in old if name in moved]
    lines += [f"set {at(new[name], _ospf_interface(name))}" for name in new if old.get(name) != new[name]]
    for name in new:
        passive, was = name in wanted["passive_interfaces"], name in before["passive_interfaces"] and name not in moved
        if passive != was:
            lines.append(f"{'set' if passive else 'delete'} {at(new[name], _ospf_interface(name))} passive")
    if change.action == "create" and not lines:
        lines.append("set protocols ospf")  # a process without interfaces yet
    return lines


def _areas(entries: list[str]) -> dict[str, str]:
    """``NAME area A`` entries (the model's form) as name -> area."""
    return {entry.split(" area ")[0]: entry.split(" area ")[1] for entry in entries}


# ---------------------------------------------------------------------- lag_interfaces
def read_lag_interfaces(statements: Statements) -> list[dict[str, Any]]:
    """Each ``aeN`` interface and each port whose ``ether-options`` (EX) or ``gigether-options`` (MX) ``802.3ad
    aeN`` puts it in one; a member's mode is its bundle's LACP mode (``active``/``passive``), else ``on``."""
    lags: dict[str, list[dict[str, Any]]] = {}
    modes: dict[str, str] = {}
    members: list[tuple[str, str]] = []
    for words in under(statements, "interfaces"):
        name, rest = words[0], words[1:]
        if _AE.fullmatch(name):
            lags.setdefault(name, [])
            if rest[:2] == LACP.split() and len(rest) == 3 and rest[2] in ("active", "passive"):
                modes[name] = rest[2]
        elif rest[:1] and rest[0] in MEMBER_OPTIONS and rest[1:2] == ["802.3ad"] and len(rest) == 3:
            members.append((name, rest[2]))
    for member, bundle in members:
        lags.setdefault(bundle, []).append({"member": member, "mode": modes.get(bundle, "on")})
    return [{"name": name, "members": ports} for name, ports in lags.items()]


def _bundle(name: str) -> str:
    if not _AE.fullmatch(name):
        raise UnsupportedSection(f"lag_interfaces: {name} is not a Junos aggregated Ethernet interface (aeN)")
    return name


def render_lag_interface(change: Change) -> list[str]:
    """The ``aeN`` interface, created before its members join it and removed after they left. Junos creates aeN
    only below ``chassis aggregated-devices ethernet device-count`` (the driver does not change that count)."""
    name = _bundle(str(change.keys["name"]))
    if change.action == "delete":
        return [f"delete interfaces {name}"]
    return [f"set interfaces {name}"] if change.action == "create" else []


def render_lag_member(change: Change) -> list[str]:
    """A port joins with ``ether-options 802.3ad aeN``; the mode is the bundle's (``aggregated-ether-options lacp
    active|passive``; ``on``: none). A mode that changes removes the old LACP setting first."""
    member = interface_name(str(change.keys["member"]))
    if change.action == "delete":
        return [f"delete interfaces {member} ether-options 802.3ad"]
    values = {**change.before, **change.after}
    bundle, mode = _bundle(str(values["lag"])), str(values["mode"])
    if mode not in LAG_MODES:
        raise UnsupportedSection(
            f"lag_interfaces: {member} mode {mode}: Junos has LACP active and passive, and static bundles (on)"
        )
    moved = change.action == "create" or "lag" in change.after
    lines = [f"set interfaces {member} ether-options 802.3ad {bundle}"] if moved else []
    if moved or "mode" in change.after:
        was = LAG_MODES.get(str(change.before.get("mode", "on")))
        if change.action == "update" and was is not None and not moved and was != LAG_MODES[mode]:
            lines.append(f"delete interfaces {bundle} {LACP}")
        lines += [f"set interfaces {bundle} {LACP} {LAG_MODES[mode]}"] if LAG_MODES[mode] else []
    return lines


# ---------------------------------------------------------------------- bgp_address_family
def read_bgp_address_family(statements: Statements) -> dict[str, Any] | None:
    """IPv4 unicast enabled for the BGP process (``protocols bgp family inet unicast``), or None without an AS
    number (no BGP). Group- and neighbour-level families are left alone (see docs/network.md)."""
    options = {words[0]: words[1] for words in under(statements, "routing-options") if len(words) == 2}
    if "autonomous-system" not in options:
        return None
    enabled = any(words[:5] == INET_UNICAST.split() for words in statements)
    family: dict[str, Any] = {"afi": "ipv4", "safi": "unicast", "vrf": None, "networks": [], "neighbors": []}
    return {"as_number": int(options["autonomous-system"]), "address_family": [family] if enabled else []}


def render_bgp_address_family(change: Change) -> list[str]:
    """``family inet unicast`` for the whole process. Refused: networks (Junos has no ``network`` statement: BGP
    advertises what an export policy accepts), neighbour activation (a neighbour's families sit in its group,
    which the shared schema does not name) and VRF families (protocols in routing instances are not managed)."""
    if change.keys["vrf"] != "default":
        raise UnsupportedSection(
            f"bgp_address_family vrf {change.keys['vrf']}: BGP in routing instances is not managed on Junos"
        )
    if change.action == "delete":
        return [f"delete {INET_UNICAST}"]
    if change.after.get("networks"):
        raise UnsupportedSection(
            "bgp_address_family networks: Junos has no network statement (BGP advertises the routes an export"
            " policy accepts): not managed on Junos"
        )
    if change.after.get("neighbors"):
        raise UnsupportedSection(
            "bgp_address_family neighbors: Junos keeps a neighbour's families in its group (and runs inet unicast"
            " with a neighbour that names none): not managed on Junos"
        )
    return [f"set {INET_UNICAST}"] if change.action == "create" else []


# ---------------------------------------------------------------------- the intended data as a whole
def intended_problems(state: IntendedState, complete: bool) -> list[Problem]:
    """What Junos keeps once where the shared schema has it twice: the router id (``bgp_global`` and every
    ``ospfv2`` process set the one ``routing-options router-id``) and a bundle's LACP mode (its members')."""
    return [*_router_id_problems(state, complete), *_lacp_problems(state, complete)]


def _router_id_problems(state: IntendedState, complete: bool) -> list[Problem]:
    given: list[tuple[str, str | None]] = []
    bgp = state.bgp_global
    settings = getattr(bgp, "bgp", None)
    if bgp is not None and (complete or settings is not None):
        router_id = getattr(settings, "router_id", None)
        given.append(("bgp_global.bgp.router_id", str(router_id) if router_id else None))
    for index, process in enumerate(state.ospfv2.processes if state.ospfv2 is not None else []):
        if complete or "router_id" in process.model_fields_set:
            router_id = getattr(process, "router_id", None)
            given.append((f"ospfv2.processes[{index}].router_id", str(router_id) if router_id else None))
    first_path, first = given[0] if given else ("", None)
    return [
        Problem(
            path,
            f"Junos has one router id (routing-options router-id), which bgp_global and ospfv2 share: give the same"
            f" ({first_path} is {first or 'null'})",
        )
        for path, router_id in given[1:]
        if router_id != first
    ]


def _lacp_problems(state: IntendedState, complete: bool) -> list[Problem]:
    problems = []
    for index, item in enumerate(state.lag_interfaces or []):
        members = item.members or []
        modes = {member.mode for member in members if complete or "mode" in member.model_fields_set}
        if len(modes) > 1:
            problems.append(
                Problem(
                    f"lag_interfaces[{index}].members",
                    f"Junos sets the LACP mode per bundle (aggregated-ether-options lacp): give the members of"
                    f" {item.name} one mode, not {', '.join(sorted(modes))}",
                )
            )
    return problems
