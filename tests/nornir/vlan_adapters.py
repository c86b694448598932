"""A user's own adapter pair for ``diffsync_generic_sync``: VLANs in host data vs. a JSON file per "device".

The device is a file ``<store_dir>/<host>.json`` mapping VLAN id to name; ``store_dir`` comes from the
inventory, so the device adapter needs the Nornir host, as a real device adapter needs its connection.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nornir.core.task import Task

from diffsync_automation import Adapter, DiffSyncModel


class Vlan(DiffSyncModel):
    _modelname = "vlan"
    _identifiers = ("vid",)
    _attributes = ("name",)

    vid: int
    name: str


class IntendedVlans(Adapter):
    """Intended side: the host's ``vlans`` list of ``{vid, name}``."""

    vlan = Vlan
    top_level = ["vlan"]

    def __init__(self, records: list[dict[str, Any]], name: str = "intended") -> None:
        super().__init__(name=name)
        self.records = records

    @classmethod
    def from_host_data(cls, host_name: str, data: Any) -> IntendedVlans:
        return cls(list(data.get("vlans", [])))

    def load(self) -> None:
        for record in self.records:
            self.add(self.vlan(vid=record["vid"], name=record["name"]))


class PlainVlans(Adapter):
    """Intended side without ``from_host_data``: filled by ``load_from_dict`` from ``Adapter.dict()`` data."""

    vlan = Vlan
    top_level = ["vlan"]


class FileVlan(Vlan):
    """Device-side model: changes go to the adapter's pending file content."""

    @classmethod
    def create(cls, adapter: Any, ids: dict[str, Any], attrs: dict[str, Any]) -> Any:
        adapter.pending[str(ids["vid"])] = attrs["name"]
        return super().create(adapter, ids, attrs)

    def update(self, attrs: dict[str, Any]) -> Any:
        self.pending()[str(self.vid)] = attrs["name"]
        return super().update(attrs)

    def delete(self) -> Any:
        self.pending().pop(str(self.vid))
        return super().delete()

    def pending(self) -> dict[str, str]:
        """The file content the device adapter will write."""
        assert isinstance(self.adapter, FileVlans)
        return self.adapter.pending


class FileVlans(Adapter):
    """Device side: reads the host's file on ``load``, writes it once in ``sync_complete``."""

    vlan = FileVlan
    top_level = ["vlan"]

    def __init__(self, path: Path, name: str) -> None:
        super().__init__(name=name)
        self.path = path
        self.pending: dict[str, str] = {}

    @classmethod
    def from_nornir_task(cls, task: Task) -> FileVlans:
        return cls(Path(task.host["store_dir"]) / f"{task.host.name}.json", name=task.host.name)

    def load(self) -> None:
        self.pending = json.loads(self.path.read_text(encoding="utf-8"))
        for vid, name in self.pending.items():
            self.add(self.vlan(vid=int(vid), name=name))

    def sync_complete(self, source: Adapter, *args: Any, **kwargs: Any) -> None:
        self.path.write_text(json.dumps(self.pending, sort_keys=True), encoding="utf-8")
