"""Deterministic, library-independent workload: plain records for a source and a target side.

The data is generated once per process, before anything is measured, and shared by both libraries' loaders, so the
libraries see exactly the same input. Records are NamedTuples (compact) and repeated strings are shared, so the
plain data adds as little as possible to the RSS baseline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

SEED = 20261129
REGIONS = ("emea", "amer", "apac", "anz")
STATUSES = ("active", "planned", "staging", "decommissioning")
ROLES = ("leaf", "spine", "border", "access", "core")
PLATFORMS = ("cisco_ios", "cisco_nxos", "arista_eos", "juniper_junos")
MODES = ("access", "trunk", "routed")
DESCRIPTIONS = (*(f"uplink to peer {n}" for n in range(16)), "", "server port", "unused")


class SiteRecord(NamedTuple):
    """A site: top-level object."""

    name: str
    region: str
    status: str
    asn: int


class DeviceRecord(NamedTuple):
    """A device: child of a site."""

    name: str
    role: str
    platform: str
    serial: str
    status: str


class InterfaceRecord(NamedTuple):
    """An interface: child of a device."""

    device_name: str
    name: str
    description: str
    mtu: int
    enabled: bool
    mode: str


R = TypeVar("R", SiteRecord, DeviceRecord, InterfaceRecord)
DeviceTree = tuple[DeviceRecord, list[InterfaceRecord]]
SiteTree = tuple[SiteRecord, list[DeviceTree]]
Tree = list[SiteTree]


@dataclass(frozen=True)
class Shape:
    """Fan-out of the tree and the share of differences between source and target."""

    devices_per_site: int = 20
    interfaces_per_device: int = 9
    change_ratio: float = 0.10
    missing_device_ratio: float = 0.05
    extra_device_ratio: float = 0.05

    @property
    def objects_per_site(self) -> int:
        """Objects in one site subtree (site + devices + interfaces)."""
        return 1 + self.devices_per_site * (1 + self.interfaces_per_device)


TREE_SHAPE = Shape()
FIXED_COST_SHAPE = Shape(devices_per_site=9, interfaces_per_device=10)  # 1 + 9 * 11 = 100 objects


def wide_shape(children: int) -> Shape:
    """One site with `children` leaf devices: exposes any per-parent quadratic path (e.g. ``add_child``)."""
    return Shape(devices_per_site=children, interfaces_per_device=0)


@dataclass(frozen=True)
class Workload:
    """Source and target trees plus their object counts."""

    source: Tree
    target: Tree

    @staticmethod
    def count(tree: Tree) -> int:
        """Number of objects (sites + devices + interfaces) in a tree."""
        return sum(1 + sum(1 + len(interfaces) for _, interfaces in devices) for _, devices in tree)


_INTERFACE_NAMES: list[str] = []


def _interface_name(index: int) -> str:
    """Shared interface-name strings (``Ethernet1/1`` ...), so 1M interfaces do not allocate 1M name strings."""
    while len(_INTERFACE_NAMES) <= index:
        _INTERFACE_NAMES.append(f"Ethernet{len(_INTERFACE_NAMES) // 48 + 1}/{len(_INTERFACE_NAMES) % 48 + 1}")
    return _INTERFACE_NAMES[index]


def _mutate(value: str | int | bool) -> str | int | bool:
    """A different value of the same type: what a drifted attribute looks like."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return f"{value}-drift"


def _maybe_change(rng: random.Random, record: R, first_attr: int, ratio: float) -> R:
    """With probability `ratio`, change one attribute (a field at index >= `first_attr`)."""
    if rng.random() >= ratio:
        return record
    field = record._fields[rng.randrange(first_attr, len(record))]
    change: dict[str, Any] = {field: _mutate(getattr(record, field))}
    return record._replace(**change)


def _make_device(rng: random.Random, name: str, interfaces: int) -> DeviceTree:
    device = DeviceRecord(
        name=name,
        role=rng.choice(ROLES),
        platform=rng.choice(PLATFORMS),
        serial=f"SN{rng.randrange(16**8):08X}",
        status=rng.choice(STATUSES),
    )
    children = [
        InterfaceRecord(
            device_name=name,
            name=_interface_name(i),
            description=rng.choice(DESCRIPTIONS),
            mtu=rng.choice((1500, 9000, 9216)),
            enabled=rng.random() < 0.9,
            mode=rng.choice(MODES),
        )
        for i in range(interfaces)
    ]
    return device, children


def _make_source(rng: random.Random, sites: int, shape: Shape) -> Tree:
    tree: Tree = []
    for s in range(sites):
        site = SiteRecord(name=f"site{s:05d}", region=rng.choice(REGIONS), status=rng.choice(STATUSES), asn=64512 + s)
        devices = [
            _make_device(rng, f"site{s:05d}-dev{d:04d}", shape.interfaces_per_device)
            for d in range(shape.devices_per_site)
        ]
        tree.append((site, devices))
    return tree


def _derive_target(rng: random.Random, source: Tree, shape: Shape) -> Tree:
    """Target = source with drifted attributes, some devices missing and some extra devices."""
    target: Tree = []
    for site, devices in source:
        new_devices: list[DeviceTree] = []
        for index, (device, interfaces) in enumerate(devices):
            if rng.random() < shape.missing_device_ratio:
                continue  # missing on the target: a create in the diff
            new_device = _maybe_change(rng, device, 1, shape.change_ratio)
            new_interfaces = [_maybe_change(rng, intf, 2, shape.change_ratio) for intf in interfaces]
            new_devices.append((new_device, new_interfaces))
            if rng.random() < shape.extra_device_ratio:  # extra on the target: a delete in the diff
                new_devices.append(_make_device(rng, f"{site.name}-extra{index:04d}", shape.interfaces_per_device))
        target.append((_maybe_change(rng, site, 1, shape.change_ratio), new_devices))
    return target


def generate(objects_per_side: int, shape: Shape = TREE_SHAPE, seed: int = SEED) -> Workload:
    """Build a workload with about `objects_per_side` objects in the source (the target differs by a few %)."""
    rng = random.Random(seed)
    sites = max(1, round(objects_per_side / shape.objects_per_site))
    source = _make_source(rng, sites, shape)
    return Workload(source=source, target=_derive_target(rng, source, shape))
