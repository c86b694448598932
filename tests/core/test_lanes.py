"""The fast-lane decision: made once per class when it is defined, and honoured by diffs and syncs.

A class that overrides a method the fast lane would skip must not take it; the behavioural tests check that
the override runs, on both engines (see conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from diffsync_automation import Adapter, DiffSyncModel, DiffSyncSyncer, LocalStore
from diffsync_automation.store import ModelRef
from diffsync_automation.store.redis import RedisStore


class Port(DiffSyncModel):
    _modelname = "port"
    _identifiers = ("name",)
    _attributes = ("speed",)

    name: str
    speed: int = 0


class LoudPort(Port):
    """Reports its attributes itself: the differ must ask it, not read its fields."""

    def get_attrs(self) -> dict[str, Any]:
        return {"speed": self.speed * 10}


class PushedPort(Port):
    """Has its own delete(): the kernel must call it, not do the engine's work inline."""

    deleted: ClassVar[list[str]] = []

    def delete(self) -> PushedPort | None:
        PushedPort.deleted.append(self.name)
        return super().delete()  # type: ignore[return-value]


class Ports(Adapter):
    port = Port
    top_level = ["port"]


class CountingStore(LocalStore):
    """Counts reads of whole types: the differ must go through it, not read its buckets."""

    reads: ClassVar[list[str]] = []

    def get_all(self, *, model: ModelRef) -> list[DiffSyncModel]:
        CountingStore.reads.append(model if isinstance(model, str) else model.get_type())
        return super().get_all(model=model)


class FilteredPorts(Ports):
    def get_by_uids(self, uids: Iterable[str], obj: ModelRef) -> list[DiffSyncModel]:
        return super().get_by_uids(uids, obj)


class LoggingSyncer(DiffSyncSyncer):
    def log_sync_status(self, action: str | None, status: Any, message: str) -> None:
        super().log_sync_status(action, status, message)


def test_default_classes_take_the_fast_lane() -> None:
    assert Port._lane.fast is not None and Port._lane.uid_reader is not None
    assert Port._lane.engine_crud and Port._lane.default_status
    assert Ports._lane.bucket_reads and Ports._lane.bucket_get and Ports._lane.engine_writes
    assert LocalStore._lane.bucket_reads and LocalStore._lane.engine_only and LocalStore._lane.mark_dirty_noop
    assert DiffSyncSyncer._quiet_walk


def test_an_override_takes_its_class_off_the_lane_it_affects() -> None:
    assert LoudPort._lane.fast is None and LoudPort._lane.engine_crud  # reads change, writes do not
    assert PushedPort._lane.fast is not None and not PushedPort._lane.engine_crud
    assert not FilteredPorts._lane.bucket_reads and FilteredPorts._lane.bucket_get
    assert not CountingStore._lane.bucket_reads and not CountingStore._lane.engine_only
    assert not RedisStore._lane.bucket_reads and not RedisStore._lane.engine_only
    assert not LoggingSyncer._quiet_walk


def _ports(model: type[Port], speeds: dict[str, int], store: type[LocalStore] = LocalStore) -> Ports:
    adapter = Ports(internal_storage_engine=store)
    for name, speed in speeds.items():
        adapter.add(model(name=name, speed=speed))
    return adapter


def test_the_differ_asks_a_model_that_reports_its_own_attributes(engine: str) -> None:
    diff = _ports(Port, {"a": 10}).diff_to(_ports(LoudPort, {"a": 1}))
    assert not diff.has_diffs()  # LoudPort reports speed 10, equal to the source's


def test_the_differ_reads_through_a_store_that_overrides_its_reads(engine: str) -> None:
    CountingStore.reads.clear()
    _ports(Port, {"a": 1}).diff_to(_ports(Port, {"a": 2}, store=CountingStore))
    assert CountingStore.reads == ["port"]


def test_the_syncer_calls_a_model_s_own_delete(engine: str) -> None:
    PushedPort.deleted.clear()
    target = _ports(PushedPort, {"a": 1, "b": 2})
    target.sync_from(_ports(Port, {"a": 1}))
    assert PushedPort.deleted == ["b"]
    assert [port.name for port in target.get_all("port")] == ["a"]
