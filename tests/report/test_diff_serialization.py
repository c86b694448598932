"""A Diff written to JSON reads back to an equal Diff: the property plan files rely on."""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffsync_automation import Adapter, DiffSyncModel
from diffsync_automation.diff import Diff, DiffElement
from diffsync_automation.serialize import DiffSerializationError, diff_from_dict, diff_to_dict, dumps, loads


def walk(diff: Diff) -> Iterator[tuple[int, DiffElement]]:
    """Every element with its depth, in the diff's iteration order."""

    def visit(elements: Iterator[DiffElement], depth: int) -> Iterator[tuple[int, DiffElement]]:
        for element in elements:
            yield depth, element
            yield from visit(element.get_children(), depth + 1)

    yield from visit(diff.get_children(), 0)


def assert_same(original: Diff, loaded: Diff) -> None:
    assert loaded.str() == original.str()
    assert loaded.dict() == original.dict()
    assert loaded.summary() == original.summary()
    assert len(loaded) == len(original)
    assert loaded.groups() == original.groups()
    assert loaded.models_processed == original.models_processed
    pairs = list(zip(walk(original), walk(loaded), strict=True))
    for (depth_a, a), (depth_b, b) in pairs:
        assert depth_a == depth_b
        assert a == b
        assert (a.source_name, a.dest_name, a.action) == (b.source_name, b.dest_name, b.action)
        assert a.source_attrs is None if b.source_attrs is None else a.source_attrs is not None
        assert a.dest_attrs is None if b.dest_attrs is None else a.dest_attrs is not None
        assert str(a) == str(b)


# ------------------------------------------------------------------------------------ diffs made by the engine
class Site(DiffSyncModel):
    _modelname = "site"
    _identifiers = ("name",)
    _children = {"device": "devices"}
    name: str
    devices: list[str] = []


class Device(DiffSyncModel):
    _modelname = "device"
    _identifiers = ("site", "name")
    _attributes = ("role", "serial", "tags")
    site: str
    name: str
    role: str | None = None
    serial: str = ""
    tags: tuple[str, ...] = ()


class Inventory(Adapter):
    site = Site
    device = Device
    top_level = ["site"]


def inventory(name: str, sites: dict[str, dict[str, dict[str, Any]]]) -> Inventory:
    adapter = Inventory(name=name)
    for site_name, devices in sites.items():
        site = Site(name=site_name)
        adapter.add(site)
        for device_name, attrs in devices.items():
            device = Device(site=site_name, name=device_name, **attrs)
            adapter.add(device)
            site.add_child(device)
    return adapter


def engine_diff() -> Diff:
    source = inventory(
        "nautobot",
        {
            "ams": {"r1": {"role": "core", "tags": ("a", "b")}, "r2": {"role": None}, "r3": {}},
            "fra": {"r9": {"serial": "X"}},
        },
    )
    dest = inventory("devices", {"ams": {"r1": {"role": "edge"}, "r2": {"role": None}, "r4": {}}, "lon": {}})
    return dest.diff_from(source)


def test_engine_diff_round_trips_through_json() -> None:
    diff = engine_diff()
    assert diff.has_diffs()
    text = dumps(diff)
    loaded = loads(text)
    assert_same(diff, loaded)
    assert dumps(loaded) == text
    r1 = next(element for _, element in walk(loaded) if element.name == "ams__r1")
    assert r1.source_attrs is not None and r1.source_attrs["tags"] == ("a", "b")


def test_loaded_diff_syncs_like_the_original() -> None:
    source = inventory("nautobot", {"ams": {"r1": {"role": "core", "tags": ("a", "b")}, "r2": {}}})
    dest = inventory("devices", {"ams": {"r1": {"role": "edge"}, "r2": {}, "r4": {}}, "lon": {}})
    diff = dest.diff_from(source)
    dest.sync_from(source, diff=loads(dumps(diff)))
    assert not dest.diff_from(source).has_diffs()


def test_source_and_dest_names_are_kept() -> None:
    loaded = loads(dumps(engine_diff()))
    names = {(element.source_name, element.dest_name) for _, element in walk(loaded)}
    assert names == {("nautobot", "devices")}


def test_custom_diff_class_orders_the_loaded_diff() -> None:
    class Reversed(Diff):
        @classmethod
        def order_children_site(cls, children: dict[str, DiffElement]) -> Iterator[DiffElement]:
            yield from sorted(children.values(), reverse=True)

    source = inventory("a", {"ams": {}, "fra": {}, "lon": {}})
    diff = inventory("b", {}).diff_from(source, diff_class=Reversed)
    loaded = loads(dumps(diff), diff_class=Reversed)
    assert [element.name for element in loaded.get_children()] == ["lon", "fra", "ams"]
    assert all(isinstance(element.child_diff, Reversed) for element in loaded.get_children())
    assert [element.name for element in loads(dumps(diff)).get_children()] == ["ams", "fra", "lon"]


# ------------------------------------------------------------------------------------ values
def leaf(source: dict[str, Any] | None, dest: dict[str, Any] | None, keys: dict[str, Any] | None = None) -> Diff:
    diff = Diff()
    element = DiffElement("thing", "t1", keys or {"id": "t1"})
    element.source_attrs, element.dest_attrs = source, dest
    diff.add(element)
    return diff


def only_element(diff: Diff) -> DiffElement:
    return next(diff.get_children())


def test_none_and_empty_attrs_stay_distinct() -> None:
    for source, dest in [(None, {}), ({}, None), ({}, {}), (None, None)]:
        element = only_element(loads(dumps(leaf(source, dest))))
        assert (element.source_attrs, element.dest_attrs) == (source, dest)
        assert element.action == only_element(leaf(source, dest)).action


def test_tagged_values_come_back_with_their_type() -> None:
    values: dict[str, Any] = {
        "when": dt.datetime(2026, 11, 29, 8, 30, tzinfo=dt.timezone.utc),
        "day": dt.date(2026, 11, 29),
        "at": dt.time(8, 30, 15),
        "price": decimal.Decimal("1.10"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "address": ipaddress.ip_address("192.0.2.1"),
        "address6": ipaddress.ip_address("2001:db8::1"),
        "prefix": ipaddress.ip_network("192.0.2.0/24"),
        "prefix6": ipaddress.ip_network("2001:db8::/32"),
        "iface": ipaddress.ip_interface("192.0.2.1/24"),
        "iface6": ipaddress.ip_interface("2001:db8::1/64"),
        "pair": (1, ("x", None)),
        "nested": {"$type": "not a tag", "list": [1, 2.5, True]},
    }
    data = json.loads(json.dumps(diff_to_dict(leaf(values, None, keys={"id": ("t", 1)}))))
    element = only_element(diff_from_dict(data))
    assert element.source_attrs == values
    assert {key: type(value) for key, value in element.source_attrs.items()} == {
        key: type(value) for key, value in values.items()
    }
    assert element.keys == {"id": ("t", 1)}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({1, 2}, "cannot serialize a set"),
        (b"raw", "cannot serialize a bytes"),
        (float("nan"), "has no JSON form"),
        ({1: "a"}, "dict key 1 is not a string"),
        (object(), "cannot serialize a object"),
    ],
)
def test_values_without_a_faithful_json_form_are_refused(value: Any, message: str) -> None:
    with pytest.raises(DiffSerializationError, match=message) as info:
        diff_to_dict(leaf(None, {"attr": value}))
    assert "thing 't1' dest_attrs.attr" in str(info.value)


def test_foreign_data_is_refused() -> None:
    with pytest.raises(DiffSerializationError, match="not a serialized diff"):
        diff_from_dict({"groups": []})
    good = diff_to_dict(leaf({"a": 1}, None))
    with pytest.raises(DiffSerializationError, match="version"):
        diff_from_dict({**good, "version": 99})
    del good["groups"][0]["elements"][0]["keys"]
    with pytest.raises(DiffSerializationError, match="malformed"):
        diff_from_dict(good)


# ------------------------------------------------------------------------------------ generated diffs
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5)
)
values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.sampled_from(["$type", "value", "a", "b"]), inner, max_size=3),
    ),
    max_leaves=6,
)
attrs = st.one_of(st.none(), st.dictionaries(st.sampled_from(["name", "mtu", "tags", "x"]), values, max_size=3))


@st.composite
def diffs(draw: st.DrawFn, depth: int = 0) -> Diff:
    diff = Diff()
    diff.models_processed = draw(st.integers(min_value=0, max_value=50))
    for group in draw(st.lists(st.sampled_from(["vlan", "interface", "route"]), unique=True, max_size=3)):
        diff.children[group]  # an empty group is legal and must survive
        for name in draw(st.lists(st.text(min_size=1, max_size=4), unique=True, max_size=3)):
            element = DiffElement(
                group,
                name,
                {"id": name, "n": draw(st.integers())},
                source_name=draw(st.sampled_from(["source", "intended"])),
                dest_name=draw(st.sampled_from(["dest", "device"])),
            )
            element.source_attrs, element.dest_attrs = draw(attrs), draw(attrs)
            if depth < 2 and draw(st.booleans()):
                element.child_diff = draw(diffs(depth + 1))
            diff.add(element)
    return diff


@given(diffs())
def test_generated_diffs_round_trip(diff: Diff) -> None:
    text = dumps(diff)
    loaded = loads(text)
    assert_same(diff, loaded)
    assert dumps(loaded) == text
