"""``LocalStore.add`` (the kernel's ``local_add`` or the Python method) stores, attaches and refuses like diffsync."""

from __future__ import annotations

import pytest

from diffsync_automation import Adapter, DiffSyncModel
from diffsync_automation.exceptions import ObjectAlreadyExists


class Host(DiffSyncModel):
    _modelname = "host"
    _identifiers = ("site", "name")
    _attributes = ("role",)
    site: str
    name: str
    role: str = ""


class Renamed(Host):
    _modelname = "renamed"

    def get_unique_id(self) -> str:
        return f"custom-{self.name}"


class Inventory(Adapter):
    host = Host
    renamed = Renamed
    top_level = ["host", "renamed"]


def test_add_attaches_the_adapter_and_keeps_insertion_order() -> None:
    adapter = Inventory()
    hosts = [Host(site="s", name=f"h{index}") for index in range(3)]
    for host in hosts:
        adapter.add(host)
    assert adapter.get_all("host") == hosts
    assert all(host.adapter is adapter for host in hosts)
    assert all("adapter" in host.model_fields_set for host in hosts)
    assert adapter.get("host", "s__h1") is hosts[1]


def test_add_keeps_an_adapter_already_set() -> None:
    other, adapter = Inventory(), Inventory()
    adapter.add(Host(site="s", name="first"))
    host = Host(site="s", name="h", adapter=other)
    adapter.add(host)
    assert host.adapter is other
    assert adapter.get("host", "s__h") is host


def test_same_object_twice_is_a_no_op_and_another_one_is_refused() -> None:
    adapter = Inventory()
    first = Host(site="s", name="h")
    adapter.add(first)
    adapter.add(first)
    assert adapter.count("host") == 1
    second = Host(site="s", name="h", role="other")
    with pytest.raises(ObjectAlreadyExists) as error:
        adapter.add(second)
    assert error.value.existing_object is second
    assert adapter.get("host", "s__h") is first and second.adapter is None


def test_overridden_unique_id_is_used() -> None:
    adapter = Inventory()
    for name in ("a", "b"):
        adapter.add(Renamed(site="s", name=name))
    assert [obj.get_unique_id() for obj in adapter.get_all("renamed")] == ["custom-a", "custom-b"]
    assert adapter.get("renamed", "custom-b").name == "b"  # type: ignore[attr-defined]
