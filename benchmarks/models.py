"""The benchmark's models and adapter, defined once against whichever library module is passed in.

diffsync 2.2.3 and diffsync_automation share one API, so the very same class bodies are built on top of
``lib.DiffSyncModel`` / ``lib.Adapter``; only the base classes differ between the two measurements.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import structlog

from benchmarks.workload import Tree

LIBRARIES = ("diffsync", "diffsync_automation")
DISTRIBUTIONS = {"diffsync": "diffsync", "diffsync_automation": "diffsync-automation"}


def silence_structlog() -> None:
    """Drop every event below WARNING before it is built, identically for both libraries.

    Unconfigured structlog renders every debug/info event to stdout, which would measure terminal I/O rather than
    the engine; a filtering bound logger at WARNING is the cheapest configuration a production user would pick.
    """
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


@dataclass(frozen=True)
class Bench:
    """Model and adapter classes built on one library."""

    library: ModuleType
    adapter: Any
    site: Any
    device: Any
    interface: Any


def build(library_name: str) -> Bench:
    """Import `library_name` and define the site → device → interface models and the adapter on top of it."""
    lib: Any = importlib.import_module(library_name)

    class Interface(lib.DiffSyncModel):
        _modelname = "interface"
        _identifiers = ("device_name", "name")
        _attributes = ("description", "mtu", "enabled", "mode")

        device_name: str
        name: str
        description: str
        mtu: int
        enabled: bool
        mode: str

    class Device(lib.DiffSyncModel):
        _modelname = "device"
        _identifiers = ("name",)
        _attributes = ("role", "platform", "serial", "status")
        _children = {"interface": "interfaces"}

        name: str
        role: str
        platform: str
        serial: str
        status: str
        interfaces: list[str] = []

    class Site(lib.DiffSyncModel):
        _modelname = "site"
        _identifiers = ("name",)
        _attributes = ("region", "status", "asn")
        _children = {"device": "devices"}

        name: str
        region: str
        status: str
        asn: int
        devices: list[str] = []

    class Inventory(lib.Adapter):
        site = Site
        device = Device
        interface = Interface
        top_level = ["site"]

    return Bench(library=lib, adapter=Inventory, site=Site, device=Device, interface=Interface)


def load(bench: Bench, tree: Tree, name: str) -> Any:
    """Build one adapter from plain records as a user's ``load()`` does: model construction, ``add``, ``add_child``,
    and ``update`` (each device's record stored again once its interfaces are in, as a second source refines it)."""
    adapter = bench.adapter(name=name)
    add, update = adapter.add, adapter.update
    site_cls, device_cls, interface_cls = bench.site, bench.device, bench.interface
    for s, devices in tree:
        site = site_cls(name=s.name, region=s.region, status=s.status, asn=s.asn)
        add(site)
        for d, interfaces in devices:
            device = device_cls(name=d.name, role=d.role, platform=d.platform, serial=d.serial, status=d.status)
            add(device)
            site.add_child(device)
            for i in interfaces:
                interface = interface_cls(
                    device_name=i.device_name,
                    name=i.name,
                    description=i.description,
                    mtu=i.mtu,
                    enabled=i.enabled,
                    mode=i.mode,
                )
                add(interface)
                device.add_child(interface)
            update(device)
    return adapter
