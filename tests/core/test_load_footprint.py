"""What a load leaves per model: one object for the cyclic GC, and child lists that share the store's key strings."""

from __future__ import annotations

import gc

from diffsync_automation import Adapter, DiffSyncModel


class Port(DiffSyncModel):
    _modelname = "port"
    _identifiers = ("device", "name")
    _attributes = ("mtu",)
    device: str
    name: str
    mtu: int = 1500


class Device(DiffSyncModel):
    _modelname = "device"
    _identifiers = ("name",)
    _children = {"port": "ports"}
    name: str
    ports: list[str] = []


class Inventory(Adapter):
    device = Device
    port = Port
    top_level = ["device"]


def load(adapter: Inventory, ports: int, name: str = "r1") -> Device:
    device = Device(name=name)
    adapter.add(device)
    for index in range(ports):
        port = Port(device=name, name=f"eth{index}", mtu=9000)
        adapter.add(port)
        device.add_child(port)
    return device


def test_each_loaded_model_is_one_gc_tracked_object() -> None:
    adapter = Inventory()
    load(adapter, 1, "r0")  # the type's bucket and the shared fields-sets exist from here on
    gc.collect()
    before = len(gc.get_objects())
    load(adapter, 1000)
    gc.collect()
    assert len(gc.get_objects()) - before <= 1001 + 10  # the models and one child list, not also their dicts
    port = adapter.get("port", "r1__eth999")
    expected = {"model_flags": port.model_flags, "adapter": adapter, "device": "r1", "name": "eth999", "mtu": 9000}
    assert list(vars(port).items()) == list(expected.items())


def test_child_ids_are_the_store_keys() -> None:
    adapter = Inventory()
    device = load(adapter, 40)  # past the side index's threshold too
    keys = {key: key for key in adapter.store._data["port"]}
    assert device.ports == list(keys)
    assert all(uid is keys[uid] for uid in device.ports)
