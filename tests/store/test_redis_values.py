"""Values through RedisStore against a real redis-server, compared with diffsync 2.2.3's RedisStore (pickle).

Every value diffsync round-trips must come back identical here (same type at every level, same ``repr`` for every
leaf, which also holds for NaN), and a diff of the stored copy against the original must say what diffsync's says.
"""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from diffsync.store.redis import REDIS_DIFFSYNC_ROOT_LABEL as UPSTREAM_ROOT_LABEL
from diffsync.store.redis import RedisStore as UpstreamRedisStore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field
from structlog.testing import capture_logs

from diffsync_automation import Adapter, DiffSyncModel
from diffsync_automation.store._redis_keys import KeyLayout
from diffsync_automation.store.redis import (
    REDIS_DIFFSYNC_ROOT_LABEL,
    RedisStore,
    RedisStoreCorrupt,
    RedisStoreValueError,
)

from .conftest import TEST_PREFIX
from .value_models import OURS, UPSTREAM, Colour, Level, Library, Port

pytestmark = pytest.mark.redis

ROUND_TRIPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# What "the same value" means


def identical(left: Any, right: Any) -> bool:
    """Same type at every level and the same ``repr`` for every leaf (so NaN is identical to NaN, -0.0 is not 0.0)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, (list, tuple)):
        return len(left) == len(right) and all(identical(a, b) for a, b in zip(left, right))
    if isinstance(left, (set, frozenset)):
        by_value = {item: item for item in right}
        return left == right and all(identical(item, by_value[item]) for item in left)
    if isinstance(left, dict):
        return identical(list(left), list(right)) and all(identical(left[key], right[key]) for key in left)
    if isinstance(left, BaseModel):
        return identical(dict(left), dict(right))
    return repr(left) == repr(right)


# Values


def _networks(version: int, kind: Any) -> st.SearchStrategy[Any]:
    bits = 32 if version == 4 else 128
    return st.tuples(st.ip_addresses(v=version), st.integers(0, bits)).map(lambda pair: kind(pair, strict=False))


def _interfaces(version: int, kind: Any) -> st.SearchStrategy[Any]:
    bits = 32 if version == 4 else 128
    return st.tuples(st.ip_addresses(v=version), st.integers(0, bits)).map(kind)


ZONES = st.none() | st.timezones() | st.timedeltas(dt.timedelta(hours=-23), dt.timedelta(hours=23)).map(dt.timezone)
HASHABLE_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=6),
    st.binary(max_size=6),
    st.datetimes(timezones=ZONES),
    st.dates(),
    st.times(timezones=ZONES),
    st.timedeltas(),
    st.uuids(),
    st.decimals(allow_nan=False),
    st.complex_numbers(allow_nan=False),
    st.ip_addresses(),
    _networks(4, ipaddress.IPv4Network),
    _networks(6, ipaddress.IPv6Network),
    _interfaces(4, ipaddress.IPv4Interface),
    _interfaces(6, ipaddress.IPv6Interface),
)
HASHABLE = st.recursive(
    HASHABLE_LEAVES, lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3), max_leaves=6
)
LEAVES = HASHABLE_LEAVES | st.floats() | st.just(decimal.Decimal("NaN")) | st.binary(max_size=6).map(bytearray)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.sets(HASHABLE, max_size=4),
        st.frozensets(HASHABLE, max_size=4),
        st.dictionaries(st.text(max_size=5) | st.just("$type"), inner, max_size=4),
        st.dictionaries(HASHABLE, inner, max_size=4),
    ),
    max_leaves=12,
)
PORTS = st.builds(Port, number=st.integers(), speed=st.none() | st.floats(), extra=VALUES)
TYPED_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "ratio": st.floats(),
    "numbers": st.lists(st.integers(), max_size=4).map(tuple),
    "tags": st.sets(st.text(max_size=5), max_size=4),
    "frozen": st.frozensets(st.integers(), max_size=4),
    "blob": st.binary(max_size=8),
    "when": st.none() | st.datetimes(timezones=ZONES),
    "day": st.none() | st.dates(),
    "clock": st.none() | st.times(timezones=ZONES),
    "span": st.none() | st.timedeltas(),
    "ident": st.none() | st.uuids(),
    "amount": st.none() | st.decimals(allow_nan=False, allow_infinity=False),
    "network": st.none() | _networks(4, ipaddress.IPv4Network) | _networks(6, ipaddress.IPv6Network),
    "by_vlan": st.dictionaries(st.integers(1, 4094), st.text(max_size=5), max_size=4),
    "colour": st.none() | st.sampled_from(Colour),
    "level": st.sampled_from(Level),
    "port": st.none() | PORTS,
    "ports": st.lists(PORTS, max_size=3),
}


# Round trips through each library


@pytest.fixture(scope="module")
def raw_client(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client on the shared server, to plant values and list keys."""
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@contextmanager
def ours_round_trip(url: str, adapter_class: type[Any], obj: Any) -> Iterator[tuple[Any, Any]]:
    """The adapter of a fresh RedisStore instance that reads ``obj`` back, and the copy it read."""
    store_id = f"test-{uuid.uuid4()}"
    with RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX) as writer:
        adapter_class(internal_storage_engine=writer).add(obj)
    try:
        with RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX) as reader:
            adapter = adapter_class(internal_storage_engine=reader)
            yield adapter, adapter.get(obj.get_type(), obj.get_unique_id())
    finally:
        RedisStore.delete_store(store_id, url=url, key_prefix=TEST_PREFIX)


@contextmanager
def upstream_round_trip(url: str, adapter_class: type[Any], obj: Any) -> Iterator[tuple[Any, Any]]:
    """The adapter of diffsync 2.2.3's RedisStore holding ``obj``, and the copy it reads back (unpickled)."""
    store_id = f"test-{uuid.uuid4()}"
    adapter = adapter_class(internal_storage_engine=UpstreamRedisStore(url=url, store_id=store_id))
    client = redis.Redis.from_url(url)
    try:
        adapter.add(obj)
        yield adapter, adapter.get(obj.get_type(), obj.get_unique_id())
    finally:
        keys = list(client.scan_iter(f"{UPSTREAM_ROOT_LABEL}:{store_id}:*"))
        if keys:
            client.delete(*keys)
        client.close()


def check_like_diffsync(url: str, model: str, fields: dict[str, Any]) -> None:
    """Store the same fields through both libraries: same values back, same diff against the original."""
    results = {}
    for library, round_trip in ((OURS, ours_round_trip), (UPSTREAM, upstream_round_trip)):
        model_class, adapter_class = _classes(library, model)
        original = model_class(name="n1", **fields)
        in_memory = adapter_class()
        in_memory.add(original)
        with capture_logs(), round_trip(url, adapter_class, original) as (stored_adapter, copy):
            summary = stored_adapter.diff_from(in_memory).summary()
            results[library] = ({name: getattr(copy, name) for name in fields}, summary)
    (ours, our_summary), (upstream, upstream_summary) = results[OURS], results[UPSTREAM]
    for name in fields:
        assert identical(ours[name], upstream[name]), f"{name}: {ours[name]!r} != diffsync's {upstream[name]!r}"
        assert identical(ours[name], fields[name]), f"{name}: {ours[name]!r} != original {fields[name]!r}"
    assert our_summary == upstream_summary


def _classes(library: Library, model: str) -> tuple[type[Any], type[Any]]:
    if model == "holder":
        return library.holder, library.holder_adapter
    return library.typed, library.typed_adapter


@ROUND_TRIPS
@given(value=VALUES)
def test_any_field_values_round_trip_as_in_diffsync(redis_url: str, value: Any) -> None:
    check_like_diffsync(redis_url, "holder", {"anything": value})


@ROUND_TRIPS
@given(fields=st.fixed_dictionaries({}, optional=TYPED_FIELDS))
def test_typed_field_values_round_trip_as_in_diffsync(redis_url: str, fields: dict[str, Any]) -> None:
    check_like_diffsync(redis_url, "typed", fields)


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        [float("inf"), float("-inf"), -0.0],
        "lone \ud800 surrogate",
        {"$type": "tuple", "value": [1]},
        {1: "one", "1": "string one", (1, 2): frozenset({b"x"})},
        dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=dt.timezone(dt.timedelta(hours=1), "CET")),
    ],
    ids=["nan", "infinities", "surrogate", "tag-lookalike", "mixed-keys", "fold-and-zone-name"],
)
def test_edge_values_round_trip_as_in_diffsync(redis_url: str, value: Any) -> None:
    check_like_diffsync(redis_url, "holder", {"anything": value})


def test_nan_attribute_diffs_as_in_diffsync(redis_url: str) -> None:
    """Both differs compare with ``!=``: a NaN attribute is an update even against the NaN it was stored from."""
    check_like_diffsync(redis_url, "typed", {"ratio": float("nan")})
    with ours_round_trip(redis_url, OURS.typed_adapter, OURS.typed(name="n1", ratio=float("nan"))) as (_, copy):
        assert copy.ratio != copy.ratio


# Refused values


class Opaque:
    """An object with no stored form."""


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (Opaque(), "Opaque"),
        ([1, {"deep": Opaque()}], "Opaque"),
        (Colour.RED, "Colour"),  # an enum outside a field annotated with its class
        (Port(number=1), "Port"),  # so is a pydantic model
    ],
)
def test_unstorable_values_are_refused_by_add_and_update(
    redis_url: str, redis_stores: Any, value: Any, kind: str
) -> None:
    store = redis_stores()
    adapter = OURS.holder_adapter(internal_storage_engine=store)
    with pytest.raises(RedisStoreValueError, match=rf"Holder.*'holder'.*field 'anything'.*{kind}") as refused:
        adapter.add(OURS.holder(name="n1", anything=value))
    assert isinstance(refused.value, ValueError)
    assert store.pending == 0 and store.count() == 0

    stored = OURS.holder(name="n2", anything=1)
    adapter.add(stored)
    stored.anything = value
    with pytest.raises(RedisStoreValueError, match=rf"field 'anything'.*{kind}"):
        adapter.update(stored)
    stored.anything = 2
    adapter.update(stored)
    store.flush()
    with ours_round_trip(redis_url, OURS.holder_adapter, stored) as (_, copy):
        assert copy.anything == 2


def test_unstorable_attributes_are_refused_by_update_or_instantiate(redis_stores: Any) -> None:
    store = redis_stores()
    adapter = OURS.holder_adapter(internal_storage_engine=store)
    adapter.update_or_instantiate(OURS.holder, {"name": "n1"}, {"anything": 1})
    with pytest.raises(RedisStoreValueError, match=r"field 'anything'.*Opaque"):
        adapter.update_or_instantiate(OURS.holder, {"name": "n1"}, {"anything": Opaque()})
    with pytest.raises(RedisStoreValueError, match=r"field 'anything'.*Opaque"):
        adapter.update_or_add_model_instance(OURS.holder(name="n1", anything=Opaque()))
    assert adapter.get("holder", "n1").anything == 1  # refused before the stored object was changed


def test_a_value_changed_in_place_after_add_is_refused_at_flush_naming_the_field(redis_stores: Any) -> None:
    store = redis_stores()
    adapter = OURS.holder_adapter(internal_storage_engine=store)
    obj = OURS.holder(name="n1", anything=[])
    adapter.add(obj)
    obj.anything.append(Opaque())
    with pytest.raises(RedisStoreValueError, match=r"holder n1 .*field 'anything'.*Opaque"):
        store.flush()


class WithHandle(DiffSyncModel):
    """A model keeping a live object in a field it declares not to be stored."""

    _modelname = "withhandle"
    _identifiers = ("name",)

    name: str
    handle: Any = Field(default=None, exclude=True)


class HandleAdapter(Adapter):
    withhandle = WithHandle
    top_level = ["withhandle"]


def test_fields_declared_excluded_are_neither_checked_nor_stored(redis_url: str) -> None:
    with ours_round_trip(redis_url, HandleAdapter, WithHandle(name="n1", handle=Opaque())) as (_, copy):
        assert copy.handle is None


# What is stored, and what older versions stored


def test_stored_values_are_readable_tagged_json(redis_stores: Any, raw_client: redis.Redis) -> None:
    store = redis_stores()
    adapter = OURS.holder_adapter(internal_storage_engine=store)
    adapter.add(OURS.holder(name="n1", anything=(float("inf"), {1: b"\x00"})))
    store.flush()
    stored = json.loads(raw_client.hget(KeyLayout(TEST_PREFIX, store.store_id).model("holder"), "n1"))
    assert stored["values"]["anything"] == {
        "$type": "tuple",
        "value": [
            {"$type": "float", "value": "inf"},
            {"$type": "dict", "value": [[1, {"$type": "bytes", "value": "AA=="}]]},
        ],
    }


@pytest.mark.parametrize(
    "planted",
    [
        {"$type": "os.system", "value": "touch /tmp/x"},
        {"$type": "tuple", "value": [1], "extra": 1},
        {"$type": "bytes", "value": "not base64!"},
        {"$type": "float", "value": "1.5"},
        {"$type": "dict", "value": [[[1], "unhashable key"]]},
        {"$type": "datetime", "value": ["2026-01-01T00:00:00", "../../etc/passwd", 0]},
    ],
)
def test_planted_tagged_values_are_corrupt(
    redis_url: str, redis_stores: Any, raw_client: redis.Redis, planted: Any
) -> None:
    store = redis_stores()
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    raw_client.sadd(keys.types, "holder")
    document = {"type": "holder", "seq": 0, "values": {"name": "n1", "anything": planted}}
    raw_client.hset(keys.model("holder"), "n1", json.dumps(document, separators=(",", ":")))
    reader = redis_stores(store_id=store.store_id)
    with pytest.raises(RedisStoreCorrupt, match="not tagged JSON written by RedisStore"):
        OURS.holder_adapter(internal_storage_engine=reader).get("holder", "n1")


def test_values_written_by_format_1_are_still_read(redis_stores: Any, raw_client: redis.Redis) -> None:
    store = redis_stores()
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    raw_client.sadd(keys.types, "typed")
    document = {"type": "typed", "seq": 0, "fields": {"name": "n1", "numbers": [1, 2], "when": "2026-01-01T00:00:00Z"}}
    raw_client.hset(keys.model("typed"), "n1", json.dumps(document, separators=(",", ":")))
    copy = OURS.typed_adapter(internal_storage_engine=redis_stores(store_id=store.store_id)).get("typed", "n1")
    assert copy.numbers == (1, 2)
    assert copy.when == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


# The root label


def test_root_label_is_diffsyncs_and_prefixes_the_keys_as_in_diffsync(redis_url: str, raw_client: redis.Redis) -> None:
    assert REDIS_DIFFSYNC_ROOT_LABEL == UPSTREAM_ROOT_LABEL
    store_id = f"test-{uuid.uuid4()}"
    with RedisStore(url=redis_url, store_id=store_id) as store:
        assert store.key_prefix == REDIS_DIFFSYNC_ROOT_LABEL
        OURS.holder_adapter(internal_storage_engine=store).add(OURS.holder(name="n1"))
    try:
        keys = {key.decode() for key in raw_client.scan_iter(f"{UPSTREAM_ROOT_LABEL}:{store_id}:*")}
        assert keys == {f"diffsync:{store_id}:{part}" for part in ("meta", "types", "model:holder")}
    finally:
        RedisStore.delete_store(store_id, url=redis_url)
