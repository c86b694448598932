"""The store interface, run against LocalStore and RedisStore: both must behave the same for adapters and the engine."""

from __future__ import annotations

import logging

import pytest

from diffsync_automation import Adapter
from diffsync_automation._engine import events as _events
from diffsync_automation.exceptions import ObjectAlreadyExists, ObjectNotFound
from diffsync_automation.store.local import LocalStore

from .conftest import StoreFactory
from .models import INTENDED, LIVE, Device, Interface, Network, fill


def network(make_store: StoreFactory) -> Network:
    return Network(internal_storage_engine=make_store())


def test_get_returns_the_stored_object_by_any_model_reference(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    device = Device(name="leaf1", role="leaf")
    adapter.add(device)
    assert device.adapter is adapter
    assert adapter.get("device", "leaf1") is device
    assert adapter.get(Device, {"name": "leaf1"}) is device
    assert adapter.get(Device(name="other", role="x"), "leaf1") is device
    assert adapter.store.get(model="device", identifier={"name": "leaf1"}) is device


def test_get_missing_and_invalid_identifiers(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    adapter.add(Device(name="leaf1", role="leaf"))
    with pytest.raises(ObjectNotFound, match="device leaf9 not present in"):
        adapter.get("device", "leaf9")
    with pytest.raises(ObjectNotFound):
        adapter.get(Interface, {"device": "leaf1", "name": "Ethernet1"})
    with pytest.raises(ValueError, match="Invalid args"):
        adapter.get("unknown", {"name": "x"})
    assert adapter.get_or_none("device", "leaf9") is None


def test_add_refuses_a_different_object_with_the_same_unique_id(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    first = Device(name="leaf1", role="leaf")
    adapter.add(first)
    adapter.add(first)  # the same object again: no-op
    clash = Device(name="leaf1", role="spine")
    with pytest.raises(ObjectAlreadyExists) as error:
        adapter.add(clash)
    assert error.value.existing_object is clash
    assert adapter.get("device", "leaf1") is first
    assert adapter.count() == 1


def test_add_keeps_an_adapter_already_set(make_store: StoreFactory) -> None:
    owner = Network()
    adapter = network(make_store)
    device = Device(name="leaf1", role="leaf", adapter=owner)
    adapter.add(device)
    assert device.adapter is owner


def test_get_all_and_get_by_uids_keep_order(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    names = ["spine2", "leaf1", "border", "leaf0", "spine1"]
    for name in names:
        adapter.add(Device(name=name, role="x"))
    assert [device.name for device in adapter.get_all("device")] == names
    assert [device.name for device in adapter.get_all(Device)] == names
    picked = ["leaf0", "spine2", "leaf0"]
    assert [device.name for device in adapter.get_by_uids(picked, "device")] == picked
    with pytest.raises(ObjectNotFound, match="device nope not present"):
        adapter.get_by_uids(["leaf1", "nope"], Device)
    assert adapter.get_all("interface") == []
    assert adapter.get_by_uids([], "interface") == []


def test_update_replaces_in_place_and_keeps_position(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    for name in ("a", "b", "c"):
        adapter.add(Device(name=name, role="old"))
    replacement = Device(name="b", role="new")
    adapter.update(replacement)
    assert adapter.get("device", "b") is replacement
    assert [(device.name, device.role) for device in adapter.get_all("device")] == [
        ("a", "old"),
        ("b", "new"),
        ("c", "old"),
    ]
    adapter.update(Device(name="d", role="new"))  # update of an unknown id stores it
    assert adapter.count("device") == 4


def test_remove_and_count(make_store: StoreFactory) -> None:
    adapter = fill(network(make_store), LIVE)
    assert adapter.count() == 8
    assert adapter.count("device") == 3
    assert adapter.count(Interface) == 5
    assert len(adapter) == 8
    leaf3 = adapter.get("device", "leaf3")
    adapter.remove(leaf3)
    assert leaf3.adapter is None
    assert adapter.count("device") == 2
    assert adapter.count() == 7  # its interface stays: remove_children was not asked for
    with pytest.raises(ObjectNotFound, match="device leaf3 not present"):
        adapter.remove(leaf3)
    with pytest.raises(ObjectNotFound):
        adapter.store.remove_item("device", "leaf3")


def test_remove_children_recursively_logs_missing_children(
    make_store: StoreFactory, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_events, "_route", "stdlib")  # independent of whether another test configured structlog
    adapter = fill(network(make_store), LIVE)
    leaf1 = adapter.get("device", "leaf1")
    adapter.remove(adapter.get("interface", "leaf1__Ethernet2"))
    with caplog.at_level(logging.ERROR):
        adapter.remove(leaf1, remove_children=True)
    assert adapter.count("interface") == 2
    assert [interface.get_unique_id() for interface in adapter.get_all("interface")] == [
        "leaf3__Ethernet1",
        "spine1__Ethernet1",
    ]
    assert "Unable to remove child element as it was not found!" in caplog.text


def test_model_names_follow_localstore_buckets(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    assert adapter.get_all_model_names() == set()
    adapter.get_all("device")  # a read does not create a bucket
    assert adapter.get_all_model_names() == set()
    device = Device(name="leaf1", role="leaf")
    adapter.add(device)
    assert adapter.get_all_model_names() == {"device"}
    adapter.remove(device)  # an emptied bucket stays
    assert adapter.get_all_model_names() == {"device"}
    assert adapter.count() == 0


def test_get_or_instantiate_and_update_helpers(make_store: StoreFactory) -> None:
    adapter = network(make_store)
    device, created = adapter.get_or_instantiate(Device, {"name": "leaf1"}, {"role": "leaf"})
    assert created
    assert adapter.get_or_instantiate(Device, {"name": "leaf1"}, {"role": "other"}) == (device, False)
    same, created = adapter.get_or_add_model_instance(Device(name="leaf1", role="x"))
    assert (same, created) == (device, False)
    fresh = Device(name="leaf2", role="spine")
    assert adapter.get_or_add_model_instance(fresh) == (fresh, True)
    updated, created = adapter.update_or_instantiate(Device, {"name": "leaf1"}, {"role": "border"})
    assert updated is device and not created and device.role == "border"
    updated, created = adapter.update_or_add_model_instance(Device(name="leaf2", role="core"))
    assert updated is fresh and not created and fresh.role == "core"
    added, created = adapter.update_or_add_model_instance(Device(name="leaf3", role="leaf"))
    assert created and adapter.get("device", "leaf3") is added


def test_adapter_views_match_localstore(make_store: StoreFactory) -> None:
    reference = fill(Network(internal_storage_engine=LocalStore), LIVE)
    adapter = fill(network(make_store), LIVE)
    assert adapter.dict() == reference.dict()
    assert adapter.str() == reference.str()
    assert adapter.get("device", "leaf1").str() == reference.get("device", "leaf1").str()


def test_diff_and_sync_match_localstore(make_store: StoreFactory) -> None:
    source = fill(Network(), INTENDED)
    reference = fill(Network(), LIVE)
    adapter = fill(network(make_store), LIVE)
    expected = reference.diff_from(source)
    diff = adapter.diff_from(source)
    assert diff.dict() == expected.dict()
    assert diff.summary() == expected.summary()
    reference.sync_from(source, diff=expected)
    adapter.sync_from(source, diff=diff)
    assert adapter.dict() == reference.dict() == source.dict()
    assert adapter.diff_from(source).summary()["no-change"] == len(adapter)
    assert not adapter.diff_from(source).has_diffs()


def test_shared_store_instance_follows_the_last_adapter(make_store: StoreFactory) -> None:
    store = make_store()
    first: Adapter = Network(internal_storage_engine=store)
    second: Adapter = Network(internal_storage_engine=store)
    device = Device(name="leaf1", role="leaf")
    second.add(device)
    assert store.adapter is second
    assert device.adapter is second
    assert first.get("device", "leaf1") is device
