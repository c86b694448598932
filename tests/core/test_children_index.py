"""add_child/remove_child keep diffsync's list semantics while staying linear for wide parents."""

from __future__ import annotations

import pytest

from diffsync_automation import DiffSyncModel
from diffsync_automation._engine.children import INDEX_THRESHOLD
from diffsync_automation.exceptions import ObjectAlreadyExists, ObjectNotFound, ObjectStoreWrongType


class Port(DiffSyncModel):
    _modelname = "port"
    _identifiers = ("name",)
    name: str


class Other(DiffSyncModel):
    _modelname = "other"
    _identifiers = ("name",)
    name: str


class Switch(DiffSyncModel):
    _modelname = "switch"
    _identifiers = ("name",)
    _children = {"port": "ports"}
    name: str
    ports: list[str] = []


@pytest.mark.parametrize("size", [3, INDEX_THRESHOLD * 4])
def test_add_remove_and_duplicates(size: int) -> None:
    switch = Switch(name="s")
    ports = [Port(name=f"p{i}") for i in range(size)]
    for port in ports:
        switch.add_child(port)
    assert switch.ports == [f"p{i}" for i in range(size)]
    with pytest.raises(ObjectAlreadyExists) as error:
        switch.add_child(Port(name="p1"))
    assert error.value.existing_object.name == "p1"
    switch.remove_child(ports[1])
    assert "p1" not in switch.ports
    with pytest.raises(ObjectNotFound, match="p1 was not found as a child in ports"):
        switch.remove_child(ports[1])
    switch.add_child(Port(name="p1"))
    assert switch.ports[-1] == "p1"


def test_index_follows_direct_list_changes() -> None:
    switch = Switch(name="s")
    for i in range(INDEX_THRESHOLD * 2):
        switch.add_child(Port(name=f"p{i}"))
    switch.ports.remove("p5")  # user code editing the list directly
    switch.add_child(Port(name="p5"))
    switch.ports = ["p1"]  # or replacing it
    with pytest.raises(ObjectAlreadyExists):
        switch.add_child(Port(name="p1"))
    switch.add_child(Port(name="p2"))
    assert switch.ports == ["p1", "p2"]


def test_wrong_child_type_messages() -> None:
    switch = Switch(name="s")
    expected = r"Unable to store other as a child of switch; valid types are \['port'\]"
    with pytest.raises(ObjectStoreWrongType, match=expected):
        switch.add_child(Other(name="o"))
    with pytest.raises(ObjectStoreWrongType, match="Unable to find and delete other as a child of switch"):
        switch.remove_child(Other(name="o"))
