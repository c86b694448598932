"""Rules around the compiled kernel: the environment switch, the GC pause of a sync, lookups by stored key.

Every test runs on both engines (see conftest.py); where they legitimately differ (the GC pause is the
kernel's), the test says so.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from pydantic import model_validator

from diffsync_automation import Adapter, Diff, DiffSyncModel, speedups_enabled
from diffsync_automation.enum import DiffSyncStatus
from diffsync_automation.exceptions import ObjectNotCreated
from diffsync_automation.logging import route_events_to_stdlib
from tests.engine_modes import BUILT


class Vlan(DiffSyncModel):
    """Records whether the collector was enabled each time an instance is validated."""

    _modelname = "vlan"
    _identifiers = ("vid",)
    _attributes = ("name",)

    vid: int
    name: str = ""

    gc_states: ClassVar[list[bool]] = []

    @model_validator(mode="after")
    def _record_gc(self) -> Vlan:
        Vlan.gc_states.append(gc.isenabled())
        return self


class PushedVlan(Vlan):
    """A model with its own create(), as a network adapter would have (it records the collector state too)."""

    pushed: ClassVar[list[bool]] = []

    @classmethod
    def create(cls, adapter: Adapter, ids: dict[str, Any], attrs: dict[str, Any]) -> PushedVlan | None:
        cls.pushed.append(gc.isenabled())
        if attrs.get("name") == "refused":
            raise ObjectNotCreated("device refused the vlan")
        return super().create(adapter=adapter, ids=ids, attrs=attrs)  # type: ignore[return-value]


class Vlans(Adapter):
    vlan = Vlan
    top_level = ["vlan"]


class PushedVlans(Adapter):
    vlan = PushedVlan
    top_level = ["vlan"]


def _pair(adapter_class: type[Adapter], model: type[Vlan], names: dict[int, str]) -> tuple[Adapter, Adapter]:
    source, target = adapter_class(name="intended"), adapter_class(name="device")
    for vid, name in names.items():
        source.add(model(vid=vid, name=name))
    target.add(model(vid=1, name=names.get(1, "")))
    return source, target


@pytest.fixture(autouse=True)
def _fresh_records() -> Iterator[None]:
    Vlan.gc_states.clear()
    PushedVlan.pushed.clear()
    yield
    assert gc.isenabled(), "a test left the garbage collector disabled"


@pytest.mark.integration
def test_pure_switch_turns_the_kernel_off() -> None:
    """DIFFSYNC_AUTOMATION_PURE=1 keeps the pure-Python paths even where the kernel is built."""
    probe = "from diffsync_automation._engine import compiled; print(compiled.speedups is None)"

    def kernel_off(**env: str) -> bool:
        result = subprocess.run(
            [sys.executable, "-c", probe], env={**os.environ, **env}, capture_output=True, text=True, check=True
        )
        return result.stdout.strip() == "True"

    assert kernel_off(DIFFSYNC_AUTOMATION_PURE="1")
    assert kernel_off(DIFFSYNC_AUTOMATION_PURE="0") == (BUILT is None)


def test_speedups_enabled_names_the_engine_in_use(engine: str) -> None:
    assert speedups_enabled() == (engine == "compiled")


@pytest.fixture
def quiet_engine_events(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Engine events on the stdlib route with INFO and DEBUG off, whatever an earlier test configured.

    An event that would be emitted may run logging code the kernel does not control, so the kernel only keeps
    the collector paused while events are dropped; structlog configured by another test would print them.
    """
    caplog.set_level(logging.WARNING, logger="diffsync_automation")
    route_events_to_stdlib()
    try:
        yield
    finally:
        route_events_to_stdlib(False)


@pytest.mark.usefixtures("quiet_engine_events")
def test_sync_of_engine_models_pauses_the_collector(engine: str) -> None:
    """Only engine code runs (default create/update/delete): the kernel keeps the collector paused throughout."""
    source, target = _pair(Vlans, Vlan, {1: "users", 2: "voice", 3: "guests"})
    Vlan.gc_states.clear()
    target.sync_from(source)
    assert len(Vlan.gc_states) == 2  # the two vlans created by the sync
    assert Vlan.gc_states == [engine == "pure"] * 2
    assert {vlan.vid for vlan in target.get_all("vlan")} == {1, 2, 3}


def test_pause_ends_before_a_models_own_create(engine: str) -> None:
    """A model with its own create() runs with the collector enabled, on both engines."""
    source, target = _pair(PushedVlans, PushedVlan, {1: "users", 2: "voice"})
    target.sync_from(source)
    assert PushedVlan.pushed == [True]


def test_failed_sync_leaves_the_collector_enabled() -> None:
    source, target = _pair(PushedVlans, PushedVlan, {1: "users", 2: "refused"})
    with pytest.raises(ObjectNotCreated, match="device refused"):
        target.sync_from(source)


def test_a_disabled_collector_stays_disabled() -> None:
    """The pause restores the collector's previous state: an application that disabled it keeps it disabled."""
    source, target = _pair(Vlans, Vlan, {1: "users", 2: "voice"})
    gc.disable()
    try:
        target.sync_from(source)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_sync_finds_the_object_now_stored_under_the_matched_key() -> None:
    """An object replaced in the store after the diff is the one the sync acts on (as a fresh lookup would)."""
    source, target = _pair(Vlans, Vlan, {1: "users", 2: "voice"})
    diff = target.diff_from(source)
    original = target.get("vlan", "1")
    replacement = Vlan(vid=1, name="users")
    target.update(replacement)
    target.sync_from(source, diff=diff)
    assert target.get("vlan", "1") is replacement
    assert replacement.get_status()[0] is DiffSyncStatus.UNKNOWN
    assert original.get_status()[0] is DiffSyncStatus.SUCCESS


def test_a_pickled_diff_syncs_like_the_original() -> None:
    """Diffs stay picklable; a copy made in between syncs the adapter to the same state."""
    source, target = _pair(Vlans, Vlan, {1: "users", 2: "voice"})
    copy = pickle.loads(pickle.dumps(target.diff_from(source)))
    target.sync_from(source, diff=copy)
    assert target.dict() == source.dict()
    assert target.get("vlan", "1").get_status()[0] is DiffSyncStatus.UNKNOWN


def test_overridden_default_ordering_is_not_insertion_order() -> None:
    """A Diff subclass that only overrides order_children_default orders every group its own way."""

    class Reversed(Diff):
        @classmethod
        def order_children_default(cls, children: dict[str, Any]) -> Iterator[Any]:
            yield from reversed(list(children.values()))

    class ByName(Diff):
        @classmethod
        def order_children_vlan(cls, children: dict[str, Any]) -> Iterator[Any]:
            yield from sorted(children.values())

    assert Diff._lane.insertion_order
    assert not Reversed._lane.insertion_order
    assert not ByName._lane.insertion_order
