"""Models, adapters and data sets shared by the store tests and their worker processes."""

from __future__ import annotations

import datetime
import ipaddress
import uuid
from typing import Any

from diffsync_automation import Adapter, DiffSyncModel
from diffsync_automation.enum import DiffSyncModelFlags

Dataset = list[tuple[str, str, list[tuple[str, str, bool]]]]
"""(device, role, [(interface, description, enabled), ...]) per device."""

LIVE: Dataset = [
    ("leaf1", "leaf", [("Ethernet1", "uplink", True), ("Ethernet2", "", False), ("Ethernet9", "old", True)]),
    ("leaf3", "leaf", [("Ethernet1", "", True)]),
    ("spine1", "spine", [("Ethernet1", "to leaf1", True)]),
]
INTENDED: Dataset = [
    ("leaf1", "leaf", [("Ethernet1", "uplink to spine1", True), ("Ethernet2", "", True)]),
    ("leaf2", "leaf", [("Ethernet1", "", True), ("Ethernet2", "", True)]),
    ("spine1", "border", [("Ethernet1", "to leaf1", True), ("Ethernet2", "to leaf2", True)]),
]
DATASETS = {"live": LIVE, "intended": INTENDED}


class Device(DiffSyncModel):
    _modelname = "device"
    _identifiers = ("name",)
    _attributes = ("role",)
    _children = {"interface": "interfaces"}

    name: str
    role: str
    interfaces: list[str] = []


class Interface(DiffSyncModel):
    _modelname = "interface"
    _identifiers = ("device", "name")
    _shortname = ("name",)
    _attributes = ("description", "enabled")

    device: str
    name: str
    description: str = ""
    enabled: bool = True


class Network(Adapter):
    device = Device
    interface = Interface
    top_level = ["device"]


def fill(adapter: Adapter, dataset: Dataset) -> Adapter:
    """Load ``dataset`` the way a user's ``load()`` does: add each parent, then add and attach its children."""
    for device_name, role, interfaces in dataset:
        device = Device(name=device_name, role=role)
        adapter.add(device)
        for name, description, enabled in interfaces:
            interface = Interface(device=device_name, name=name, description=description, enabled=enabled)
            adapter.add(interface)
            device.add_child(interface)
    return adapter


class Rich(DiffSyncModel):
    """Field types whose JSON form differs from their Python form: they must survive a Redis round trip."""

    _modelname = "rich"
    _identifiers = ("name",)
    _attributes = ("when", "ident", "prefix", "pair", "tags", "extra")

    name: str
    when: datetime.date
    ident: uuid.UUID
    prefix: ipaddress.IPv4Network
    pair: tuple[int, str] = (1, "one")
    tags: frozenset[str] = frozenset()
    extra: dict[str, Any] = {}
    model_flags: DiffSyncModelFlags = DiffSyncModelFlags.IGNORE | DiffSyncModelFlags.SKIP_CHILDREN_ON_DELETE


class RichAdapter(Adapter):
    rich = Rich
    top_level = ["rich"]
