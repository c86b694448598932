"""Hypothesis strategies for paired datasets, schemas, CRUD plans and diff/sync calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from .scenario import BEHAVIOURS, Call, Node, Precomputed, Scenario, Schema

SITE_NAMES = ("ams", "ber", "cdg", "dub")
DEVICE_NAMES = ("r1", "r2", "sw1")
INTERFACE_NAMES = ("eth0", "eth1", "lo0")
RACK_NAMES = ("A", "B")
VLAN_KEYS = st.tuples(st.sampled_from((10, 20, 30, 40)), st.sampled_from(("core", "core", "core", "edge")))
TOP_LEVELS = (
    ("site", "vlan"),
    ("vlan", "site"),
    ("site",),
    ("site", "vlan", "device"),
    ("vlan",),
    *[("site", "vlan")] * 3,
)
DIFF_CLASSES = st.sampled_from(("Diff", "ReversedDiff"))


def _flags(bits: int, one_in: int) -> st.SearchStrategy[int]:
    """0 mostly; about once in `one_in` draws a single flag or any combination of the flag bits."""
    singles = [1 << bit for bit in range(bits.bit_length())]
    chosen = st.one_of(st.sampled_from(singles), st.integers(0, bits))
    return st.integers(0, one_in - 1).flatmap(lambda n: chosen if n == one_in - 1 else st.just(0))


SYNC_FLAGS = _flags(0b1111, 2)  # DiffSyncFlags: every member and combination
MODEL_FLAGS = _flags(0b11111, 3)  # DiffSyncModelFlags: every member and combination
# Deletion-heavy scenarios: NATURAL_DELETION_ORDER and SKIP_CHILDREN_ON_DELETE (and both) on many objects.
DELETION_FLAGS = st.sampled_from((0, 0b10000, 0b10, 0b10010))

_maybe = st.none().__or__
ATTRS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "site": st.fixed_dictionaries(
        {},
        optional={
            "region": _maybe(st.sampled_from(("eu", "us"))),
            "tags": st.lists(st.sampled_from(("core", "edge", "lab")), max_size=2),
        },
    ),
    "device": st.fixed_dictionaries(
        {},
        optional={
            "role": _maybe(st.sampled_from(("spine", "leaf"))),
            "settings": st.dictionaries(st.sampled_from(("mtu", "prio")), st.integers(0, 2), max_size=2),
            "location": _maybe(
                st.fixed_dictionaries(
                    {"building": st.sampled_from(("b1", "b2"))}, optional={"floor": _maybe(st.integers(0, 2))}
                )
            ),
        },
    ),
    "interface": st.fixed_dictionaries(
        {}, optional={"description": _maybe(st.sampled_from(("uplink", "spare"))), "enabled": st.booleans()}
    ),
    "rack": st.fixed_dictionaries({}, optional={"units": st.sampled_from((42, 48))}),
    "vlan": st.fixed_dictionaries({}, optional={"name": _maybe(st.sampled_from(("users", "voice")))}),
}

Pair = tuple[tuple[Node, ...], tuple[Node, ...]]
ChildrenFactory = Callable[[dict[str, Any], tuple[bool, bool], st.SearchStrategy[int]], st.SearchStrategy[Pair]]
_PRESENCES = ((True, True), (True, False), (False, True))


@st.composite
def _pairs(
    draw: st.DrawFn,
    type_: str,
    id_dicts: list[dict[str, Any]],
    allowed: tuple[bool, bool],
    flags: st.SearchStrategy[int],
    children: ChildrenFactory | None = None,
) -> Pair:
    """Objects of one type for both sides: shared keys, each present on one or both sides, maybe differing."""
    presences = [p for p in _PRESENCES if p[0] <= allowed[0] and p[1] <= allowed[1]]
    src: list[Node] = []
    dst: list[Node] = []
    for ids in id_dicts:
        on_src, on_dst = draw(st.sampled_from(presences))
        attrs = draw(ATTRS[type_])
        dst_attrs = draw(ATTRS[type_]) if draw(st.booleans()) else attrs
        kids_src, kids_dst = draw(children(ids, (on_src, on_dst), flags)) if children else ((), ())
        if on_src:
            src.append(Node(type_, {**ids, **attrs}, draw(flags), kids_src, draw(_placements(type_))))
        if on_dst:
            dst.append(Node(type_, {**ids, **dst_attrs}, draw(flags), kids_dst, draw(_placements(type_))))
    return tuple(src), tuple(draw(st.permutations(dst)))


def _placements(type_: str) -> st.SearchStrategy[str]:
    """Child objects are mostly linked; about one in twelve is an orphan, one in forty dangling."""
    if type_ not in ("device", "interface", "rack"):
        return st.just("linked")
    return st.integers(0, 39).map(lambda n: "dangling" if n == 39 else "orphan" if n >= 36 else "linked")


def _names(names: tuple[str, ...], min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(names), unique=True, min_size=min_size, max_size=3)


def _interfaces(ids: dict[str, Any], on: tuple[bool, bool], flags: st.SearchStrategy[int]) -> st.SearchStrategy[Pair]:
    return _names(INTERFACE_NAMES).flatmap(
        lambda names: _pairs(
            "interface",
            [{"site_name": ids["site_name"], "device_name": ids["name"], "name": name} for name in names],
            on,
            flags,
        )
    )


def _site_children(src_schema: Schema, dst_schema: Schema) -> ChildrenFactory:
    """Devices (with interfaces) for both sides, plus racks where that side's site models them."""

    @st.composite
    def children(draw: st.DrawFn, ids: dict[str, Any], on: tuple[bool, bool], flags: st.SearchStrategy[int]) -> Pair:
        device_ids = [{"site_name": ids["name"], "name": name} for name in draw(_names(DEVICE_NAMES, min_size=1))]
        devices = draw(_pairs("device", device_ids, on, flags, _interfaces))
        racks_on = (on[0] and src_schema.racks, on[1] and dst_schema.racks)
        racks: Pair = ((), ())
        if any(racks_on):
            rack_ids = [{"site_name": ids["name"], "name": name} for name in draw(_names(RACK_NAMES))]
            racks = draw(_pairs("rack", rack_ids, racks_on, flags))
        return devices[0] + racks[0], devices[1] + racks[1]

    return children


def schemas(names: tuple[str | None, ...]) -> st.SearchStrategy[Schema]:
    """One side's schema."""
    return st.builds(
        Schema,
        top_level=st.sampled_from(TOP_LEVELS),
        racks=st.booleans(),
        lite_devices=st.booleans(),
        name=st.sampled_from(names),
        spy=st.booleans(),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Two hierarchical datasets over shared keys, their schemas and a CRUD plan."""
    src_schema = draw(schemas((None, "netbox")))
    dst_schema = draw(schemas((None, "nautobot")))
    flags = draw(st.sampled_from((MODEL_FLAGS, DELETION_FLAGS)))
    site_ids = [{"name": name} for name in draw(_names(SITE_NAMES, min_size=1))]
    sites = draw(_pairs("site", site_ids, (True, True), flags, _site_children(src_schema, dst_schema)))
    vlan_ids = [{"vid": vid, "group": group} for vid, group in draw(st.lists(VLAN_KEYS, unique=True, max_size=3))]
    vlans = draw(_pairs("vlan", vlan_ids, (True, True), flags))
    scenario = Scenario(src_schema, dst_schema, sites[0] + vlans[0], sites[1] + vlans[1])
    keys = list(dict.fromkeys((node.type, node.key) for node in scenario.nodes()))
    if not keys:
        return scenario
    plan = draw(st.dictionaries(st.sampled_from(keys), st.sampled_from(BEHAVIOURS), max_size=3))
    return Scenario(scenario.src_schema, scenario.dst_schema, scenario.src, scenario.dst, plan)


def diff_calls() -> st.SearchStrategy[Call]:
    """diff_from/diff_to with any flags and diff class."""
    return st.builds(Call, method=st.sampled_from(("diff_from", "diff_to")), flags=SYNC_FLAGS, diff_class=DIFF_CLASSES)


def sync_calls() -> st.SearchStrategy[Call]:
    """sync_from/sync_to, computing the diff or reusing a precomputed (possibly blank or mismatched) one."""
    precomputed = st.builds(
        Precomputed, diff_class=DIFF_CLASSES, flags=st.one_of(st.none(), SYNC_FLAGS), blank=st.booleans()
    )
    return st.builds(
        Call,
        method=st.sampled_from(("sync_from", "sync_to")),
        flags=SYNC_FLAGS,
        diff_class=DIFF_CLASSES,
        precomputed=st.one_of(st.none(), precomputed),
    )
