"""RedisStore against a real redis-server: plain-JSON values, write-back, batching, namespacing, TTL, staleness."""

from __future__ import annotations

import contextlib
import datetime
import gc
import ipaddress
import json
import pickle
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis

from diffsync_automation import DiffSyncModel
from diffsync_automation.enum import DiffSyncFlags
from diffsync_automation.exceptions import ObjectStoreException, ObjectStoreWrongType
from diffsync_automation.helpers import DiffSyncSyncer
from diffsync_automation.store._redis_keys import KeyLayout
from diffsync_automation.store.redis import RedisStore, RedisStoreCorrupt, RedisStoreStale

from .conftest import TEST_PREFIX, ServerFactory
from .models import INTENDED, LIVE, Dataset, Device, Interface, Network, Rich, RichAdapter, fill

pytestmark = pytest.mark.redis

OpenStore = Callable[..., RedisStore]


@pytest.fixture
def raw(redis_url: str) -> redis.Redis:
    """A plain client on the shared server, to look at (and tamper with) what the store wrote."""
    return redis.Redis.from_url(redis_url)


Reopen = Callable[..., Any]


@pytest.fixture
def reopen(redis_url: str) -> Reopen:
    """A new adapter on a new store instance for the same data set: everything it sees comes from Redis."""

    def open_again(store: RedisStore, adapter_class: type[Any] = Network) -> Any:
        fresh = RedisStore(url=redis_url, store_id=store.store_id, key_prefix=store.key_prefix)
        return adapter_class(internal_storage_engine=fresh)

    return open_again


# Construction


def test_constructor_follows_diffsync(redis_url: str, redis_stores: OpenStore) -> None:
    with pytest.raises(ValueError, match=r"'url' and 'host' arguments can't be specified together\."):
        RedisStore(url=redis_url, host="127.0.0.1")
    with pytest.raises(ObjectStoreException, match="Redis store is unavailable"):
        RedisStore()
    named = redis_stores(store_id="123", name="mystore")
    assert str(named) == "mystore (123)"
    anonymous = redis_stores(store_id=None)
    assert uuid.UUID(anonymous.store_id)
    with pytest.raises(ValueError, match="ttl"):
        RedisStore(url=redis_url, ttl=0)


def test_import_without_redis_names_the_extra_and_prints_nothing() -> None:
    code = (
        "import sys\n"
        "sys.modules['redis'] = None\n"
        "try:\n"
        "    import diffsync_automation.store.redis\n"
        "except ImportError as error:\n"
        "    sys.stderr.write(str(error))\n"
        "    sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert result.stdout == ""
    assert "diffsync-automation[redis]" in result.stderr


# Values are plain data, never pickle


def test_values_are_json_of_fields_and_type(redis_stores: OpenStore, raw: redis.Redis) -> None:
    store = redis_stores()
    fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    values = raw.hgetall(keys.model("interface"))
    assert len(values) == 5
    for uid, value in values.items():
        document = json.loads(value)
        assert document["type"] == "interface"
        assert Interface.create_unique_id(**document["values"]) == uid.decode()
        assert not value.startswith(b"\x80")  # no pickle protocol header
    device = json.loads(raw.hget(keys.model("device"), "leaf1"))
    assert device["values"]["interfaces"] == ["leaf1__Ethernet1", "leaf1__Ethernet2", "leaf1__Ethernet9"]


class _TouchOnUnpickle:
    """A pickle payload that creates a file when unpickled: what an attacker would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_planted_pickle_payload_is_rejected_and_never_executed(
    redis_stores: OpenStore, raw: redis.Redis, redis_url: str, tmp_path: Path, reopen: Reopen
) -> None:
    marker = tmp_path / "executed"
    payload = pickle.dumps(_TouchOnUnpickle(marker))
    store = redis_stores()
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    raw.sadd(keys.types, "device")
    raw.hset(keys.model("device"), "leaf1", payload)
    victim = reopen(store)
    with pytest.raises(RedisStoreCorrupt, match="not JSON") as error:
        victim.get_all("device")
    assert keys.model("device") in str(error.value)
    assert not marker.exists()

    # The payload is live: diffsync 2.2.3's RedisStore runs it when it reads the same bytes.
    from diffsync.store.redis import RedisStore as DiffsyncRedisStore

    upstream = DiffsyncRedisStore(url=redis_url, store_id=store.store_id)
    raw.set(f"diffsync:{store.store_id}:device:leaf1", payload)
    try:
        with contextlib.suppress(AttributeError):  # the payload ran and returned None instead of a model
            upstream.get(model="device", identifier="leaf1")
    finally:
        raw.delete(f"diffsync:{store.store_id}:device:leaf1")
    assert marker.exists()


def compact(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


NOT_OURS = "not JSON written by RedisStore"
FOREIGN_TYPE = "not a stored 'device' object"
INVALID = "fields are not a valid Device"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"not json at all", NOT_OURS),
        (b"[1, 2, 3]", NOT_OURS),
        (json.dumps({"type": "device", "seq": 0, "fields": {"name": "leaf1", "role": "x"}}).encode(), NOT_OURS),
        (compact({"type": "device", "seq": "0", "fields": {"name": "leaf1", "role": "x"}}), NOT_OURS),
        (compact({"type": "interface", "seq": 0, "fields": {"name": "leaf1", "role": "x"}}), FOREIGN_TYPE),
        (compact({"type": "os.system", "seq": 0, "fields": {"name": "leaf1", "role": "x"}}), FOREIGN_TYPE),
        (
            compact({"type": "device", "seq": 0, "fields": {"name": "leaf1", "role": {"__reduce__": "os.system"}}}),
            INVALID,
        ),
        (compact({"type": "device", "seq": 0, "fields": {"name": "leaf1", "role": "x", "adapter": "os"}}), INVALID),
        (compact({"type": "device", "seq": 0, "fields": {"name": "leaf1", "role": "x"}})[:-1] + b"}}", INVALID),
    ],
)
def test_planted_values_that_are_not_our_objects_are_corrupt(
    redis_stores: OpenStore, raw: redis.Redis, value: bytes, reason: str, reopen: Reopen
) -> None:
    store = redis_stores()
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    raw.sadd(keys.types, "device")
    raw.hset(keys.model("device"), "leaf1", value)
    with pytest.raises(RedisStoreCorrupt, match=reason):
        reopen(store).get("device", "leaf1")


def test_rich_field_types_survive_the_round_trip(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    adapter = RichAdapter(internal_storage_engine=store)
    original = Rich(
        name="r1",
        when=datetime.date(2026, 11, 29),
        ident=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        prefix=ipaddress.IPv4Network("10.1.0.0/16"),
        pair=(7, "seven"),
        tags=frozenset({"b", "a"}),
        extra={"nested": [1, {"x": None}]},
    )
    adapter.add(original)
    store.flush()
    copy = reopen(store, RichAdapter).get("rich", "r1")
    assert copy is not original
    assert copy.dict() == original.dict()
    assert isinstance(copy.when, datetime.date) and isinstance(copy.ident, uuid.UUID)
    assert isinstance(copy.prefix, ipaddress.IPv4Network) and copy.pair == (7, "seven")
    assert copy.model_flags == original.model_flags


def test_reading_a_type_the_adapter_does_not_model_is_refused(redis_stores: OpenStore, redis_url: str) -> None:
    store = redis_stores()
    fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    stranger = RichAdapter(
        internal_storage_engine=RedisStore(url=redis_url, store_id=store.store_id, key_prefix=TEST_PREFIX)
    )
    with pytest.raises(ObjectStoreWrongType, match="no model class"):
        stranger.get_all("device")
    assert [device.name for device in stranger.store.get_all(model=Device)] == ["leaf1", "leaf3", "spine1"]


# Writes persist


@pytest.mark.parametrize("batch_size", [1, 3, 10_000])
def test_sync_changes_persist_for_a_fresh_reader(redis_stores: OpenStore, reopen: Reopen, batch_size: int) -> None:
    store = redis_stores(batch_size=batch_size)
    source = fill(Network(), INTENDED)
    target = fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    assert reopen(store).diff_from(source).has_diffs()
    diff = target.sync_from(source)
    assert diff.summary()["update"] > 0 and diff.summary()["create"] > 0 and diff.summary()["delete"] > 0
    assert store.pending == 0
    reader = reopen(store)
    assert not reader.diff_from(source).has_diffs()
    assert reader.dict() == source.dict()
    assert [device.name for device in reader.get_all("device")] == [device.name for device in target.get_all("device")]


def test_syncer_driven_directly_flushes_too(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    source = fill(Network(), INTENDED)
    target = fill(Network(internal_storage_engine=store), LIVE)
    diff = target.diff_from(source)
    DiffSyncSyncer(diff=diff, src_diffsync=source, dst_diffsync=target, flags=DiffSyncFlags.NONE).perform_sync()
    assert store.pending == 0
    assert not reopen(store).diff_from(source).has_diffs()


class NotedInterface(Interface):
    """An update() that also changes a field outside the diffed attributes, as user overrides do."""

    note: str = ""

    def update(self, attrs: dict[str, Any]) -> NotedInterface | None:
        self.note = f"updated {sorted(attrs)}"
        return super().update(attrs)


class NotedNetwork(Network):
    interface = NotedInterface


def test_in_place_changes_made_by_user_update_overrides_persist(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    source = fill(Network(), INTENDED)
    target = NotedNetwork(internal_storage_engine=store)
    for device_name, role, interfaces in LIVE:
        device = Device(name=device_name, role=role)
        target.add(device)
        for name, description, enabled in interfaces:
            interface = NotedInterface(device=device_name, name=name, description=description, enabled=enabled)
            target.add(interface)
            device.add_child(interface)
    target.sync_from(source)
    reader = reopen(store, NotedNetwork)
    assert reader.get("interface", "leaf1__Ethernet1").note == "updated ['description']"
    assert reader.get("interface", "leaf1__Ethernet2").note == "updated ['enabled']"


def test_child_links_and_updates_after_a_flush_persist(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    adapter = Network(internal_storage_engine=store)
    device = Device(name="leaf1", role="leaf")
    adapter.add(device)
    store.flush()
    first = Interface(device="leaf1", name="Ethernet1")
    second = Interface(device="leaf1", name="Ethernet2")
    for interface in (first, second):
        adapter.add(interface)
        device.add_child(interface)
    store.flush()
    assert reopen(store).get("device", "leaf1").interfaces == ["leaf1__Ethernet1", "leaf1__Ethernet2"]
    device.remove_child(first)
    adapter.remove(first)
    adapter.update_or_instantiate(Device, {"name": "leaf1"}, {"role": "spine"})
    adapter.update_or_add_model_instance(Interface(device="leaf1", name="Ethernet2", description="new"))
    store.flush()
    reader = reopen(store)
    assert reader.get("device", "leaf1").dict() == device.dict()
    assert reader.get("device", "leaf1").role == "spine"
    assert reader.get("interface", "leaf1__Ethernet2").description == "new"
    assert reader.count("interface") == 1


def test_loader_buffer_is_written_in_batches(redis_stores: OpenStore, raw: redis.Redis, reopen: Reopen) -> None:
    store = redis_stores(batch_size=4)
    adapter = Network(internal_storage_engine=store)
    fill(adapter, LIVE)  # 8 objects and 5 add_child calls: several automatic flushes
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    assert 0 < raw.hlen(keys.model("interface")) + raw.hlen(keys.model("device")) < 8 + store.pending
    store.flush()
    assert reopen(store).dict() == adapter.dict()


def test_store_dropped_with_unflushed_changes_warns(redis_url: str) -> None:
    store = RedisStore(url=redis_url, key_prefix=TEST_PREFIX)
    store_id = store.store_id
    Network(internal_storage_engine=store).add(Device(name="leaf1", role="leaf"))
    with pytest.warns(ResourceWarning, match="1 unflushed changes"):
        del store
        gc.collect()
    RedisStore.delete_store(store_id, url=redis_url, key_prefix=TEST_PREFIX)


# Batched I/O: the number of commands does not grow with the number of objects


def workload(devices: int) -> tuple[Dataset, Dataset]:
    live = [(f"d{n}", "leaf", [(f"e{i}", "", True) for i in range(5)]) for n in range(devices)]
    intended = [
        (f"d{n}", "spine" if n % 3 else "leaf", [(f"e{i}", "x" if n % 4 == 0 else "", True) for i in range(5)])
        for n in range(1, devices + 1)
    ]
    return live, intended


def commands_for(url: str, client: redis.Redis, devices: int) -> dict[str, int]:
    """Redis commands executed by load + flush + (fresh instance) count + diff + sync, from the server's stats."""
    live, intended = workload(devices)
    source = fill(Network(), intended)
    client.config_resetstat()
    store_id = f"test-{uuid.uuid4()}"
    with RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX) as store:
        fill(Network(internal_storage_engine=store), live)
    with RedisStore(url=url, store_id=store_id, key_prefix=TEST_PREFIX) as store:
        target = Network(internal_storage_engine=store)
        assert target.count() == devices * 6
        target.sync_from(source)
    stats = client.info("commandstats")
    RedisStore.delete_store(store_id, url=url, key_prefix=TEST_PREFIX)
    return {name.removeprefix("cmdstat_"): int(stat["calls"]) for name, stat in stats.items()}


def test_command_count_is_independent_of_object_count(redis_servers: ServerFactory) -> None:
    server = redis_servers()
    client = redis.Redis.from_url(server.url())
    small = commands_for(server.url(), client, 20)
    large = commands_for(server.url(), client, 400)
    assert small == large
    assert not {"scan", "keys", "get", "set"} & set(large)
    assert large["hgetall"] == 2  # one read per model type
    assert sum(large.values()) < 60, large  # for 2,400 objects per side


# Namespacing, listing, deleting, TTL


def test_stores_on_one_server_are_independent(redis_stores: OpenStore, raw: redis.Redis, reopen: Reopen) -> None:
    stores = [redis_stores(store_id=store_id) for store_id in ("team:a", "team", "team%3Aa")]
    for store, dataset in zip(stores, (LIVE, INTENDED, LIVE[:1])):
        fill(Network(internal_storage_engine=store), dataset)
        store.flush()
    readers = [reopen(store) for store in stores]
    assert readers[0].dict() == fill(Network(), LIVE).dict()
    assert readers[1].dict() == fill(Network(), INTENDED).dict()
    assert readers[2].dict() == fill(Network(), LIVE[:1]).dict()
    other_prefix = redis_stores(store_id="team:a", key_prefix=f"{TEST_PREFIX}-other")
    assert Network(internal_storage_engine=other_prefix).count() == 0
    for store in stores:
        own = KeyLayout(TEST_PREFIX, store.store_id).base + ":"
        assert all(key.decode().startswith(own) for key in raw.scan_iter(match=f"{own}*"))
        assert {key.decode().removeprefix(own) for key in raw.scan_iter(match=f"{own}*")} == {
            "meta",
            "types",
            "model:device",
            "model:interface",
        }


def test_list_clear_and_delete_stores(redis_url: str, redis_stores: OpenStore, raw: redis.Redis) -> None:
    prefix = f"{TEST_PREFIX}-{uuid.uuid4()}"
    first = redis_stores(store_id="first", key_prefix=prefix)
    second = redis_stores(store_id="second:one", key_prefix=prefix)
    assert RedisStore.list_stores(url=redis_url, key_prefix=prefix) == []  # nothing written yet
    for store in (first, second):
        fill(Network(internal_storage_engine=store), LIVE)
        store.flush()
    assert RedisStore.list_stores(url=redis_url, key_prefix=prefix) == ["first", "second:one"]
    second.clear()
    assert Network(internal_storage_engine=second).count() == 0
    assert RedisStore.list_stores(url=redis_url, key_prefix=prefix) == ["first"]
    assert RedisStore.delete_store("first", url=redis_url, key_prefix=prefix) is True
    assert RedisStore.delete_store("first", url=redis_url, key_prefix=prefix) is False
    assert RedisStore.list_stores(url=redis_url, key_prefix=prefix) == []
    assert list(raw.scan_iter(match=f"{prefix}:*")) == []


def test_ttl_applies_to_every_key_and_the_store_expires_as_a_whole(
    redis_stores: OpenStore, raw: redis.Redis, redis_url: str, reopen: Reopen
) -> None:
    store = redis_stores(ttl=60)
    fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    keys = KeyLayout(TEST_PREFIX, store.store_id)
    for key in (keys.meta, keys.types, keys.model("device"), keys.model("interface")):
        assert 0 < raw.ttl(key) <= 60
    short = redis_stores(ttl=1)
    adapter = fill(Network(internal_storage_engine=short), LIVE)
    short.flush()
    short_keys = KeyLayout(TEST_PREFIX, short.store_id)
    deadline = time.monotonic() + 10
    while raw.exists(short_keys.meta) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not raw.exists(short_keys.meta, short_keys.types, short_keys.model("device"))
    assert short.store_id not in RedisStore.list_stores(url=redis_url, key_prefix=TEST_PREFIX)
    assert reopen(short).count() == 0
    adapter.update(Device(name="leaf1", role="changed"))
    with pytest.raises(RedisStoreStale, match="expired"):
        short.flush()
    adapter.add(Device(name="leaf9", role="new"))  # the instance re-read the (empty) store and works again
    short.flush()
    assert [device.name for device in reopen(short).get_all("device")] == ["leaf9"]


def test_a_store_deleted_elsewhere_is_detected_and_reread(
    redis_stores: OpenStore, redis_url: str, reopen: Reopen
) -> None:
    store = redis_stores()
    adapter = fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    RedisStore.delete_store(store.store_id, url=redis_url, key_prefix=TEST_PREFIX)
    adapter.get("device", "leaf1").role = "edited"
    adapter.update(adapter.get("device", "leaf1"))
    with pytest.raises(RedisStoreStale):
        store.flush()
    assert adapter.count() == 0
    fill(adapter, INTENDED)
    store.flush()
    assert reopen(store).dict() == fill(Network(), INTENDED).dict()


def test_refresh_sees_another_writer(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    adapter = fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    other = reopen(store)
    other.get("device", "leaf1").role = "border"
    other.update(other.get("device", "leaf1"))
    other.store.flush()
    assert adapter.get("device", "leaf1").role == "leaf"  # served from this instance's memory
    store.refresh()
    assert adapter.get("device", "leaf1").role == "border"


def test_models_without_an_adapter_class_can_still_be_written(redis_stores: OpenStore, reopen: Reopen) -> None:
    class Loose(DiffSyncModel):
        _modelname = "loose"
        _identifiers = ("name",)
        name: str

    store = redis_stores()
    adapter = Network(internal_storage_engine=store)
    adapter.add(Loose(name="x"))
    store.flush()
    assert reopen(store).store.get(model=Loose, identifier="x").name == "x"


def set_role(adapter: Network, name: str, role: str) -> None:
    device = adapter.get("device", name)
    device.role = role
    adapter.update(device)


def test_a_second_writer_is_detected_not_overwritten(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    adapter = fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    other = reopen(store)
    set_role(other, "leaf1", "border")
    other.store.flush()
    set_role(adapter, "leaf3", "edge")
    with pytest.raises(RedisStoreStale, match="written by another instance"):
        store.flush()
    assert adapter.get("device", "leaf1").role == "border"  # the instance re-read the store
    assert adapter.get("device", "leaf3").role == "leaf"  # and its own unsaved change was dropped


def test_readers_never_mix_two_states_of_a_store(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    adapter = fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    untouched, partial = reopen(store), reopen(store)
    partial.get_all("device")
    set_role(adapter, "leaf1", "border")
    store.flush()
    assert untouched.get("device", "leaf1").role == "border"  # held nothing yet: simply reads the newer state
    with pytest.raises(RedisStoreStale, match="changed on the server"):
        partial.get_all("interface")  # holds devices of the older state
    assert partial.get("device", "leaf1").role == "border"


def test_adding_an_equal_object_again_is_a_no_op(redis_stores: OpenStore, reopen: Reopen) -> None:
    store = redis_stores()
    fill(Network(internal_storage_engine=store), LIVE)
    store.flush()
    reader = reopen(store)
    stored = reader.get("device", "leaf3")
    reader.add(Device(name="leaf3", role="leaf", interfaces=["leaf3__Ethernet1"]))  # as diffsync's RedisStore
    assert reader.get("device", "leaf3") is stored
    assert reader.store.pending == 0
