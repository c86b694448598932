"""Deterministic checks of the upstream bugs diffsync_automation fixes (spec §6 items 1, 2, 3, 14).

Each test asserts our fixed behaviour and, as a contrast, that upstream diffsync 2.2.3 really shows the bug for the
same scenario (so the scenario cannot silently stop exercising it).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

import diffsync
import pytest

import diffsync_automation

from .observe import captured_events, plain
from .recorder import Recorder, recording
from .scenario import Node, Schema
from .twin import twin_for

SITE = {"name": "ams"}
SPY = pytest.mark.parametrize("spy", [False, True], ids=["plain-adapters", "spying-adapters"])
NATURAL_DELETION_ORDER = 0b10000


@dataclass
class Run:
    """Adapters of one library plus what happened while using them."""

    lib: ModuleType
    src: Any
    dst: Any
    recorder: Recorder
    events: list[dict[str, Any]] = field(default_factory=list)

    def sync(self, **kwargs: Any) -> Any:
        """dst.sync_from(src) with the recorder's callback."""
        return self.dst.sync_from(self.src, callback=self.recorder.callback, **kwargs)

    def event_texts(self) -> list[str]:
        """The captured events' texts, in order."""
        return [event["event"] for event in self.events]


@contextmanager
def running(
    lib: ModuleType,
    spy: bool,
    src: tuple[Node, ...],
    dst: tuple[Node, ...],
    src_schema: Schema | None = None,
    dst_schema: Schema | None = None,
    plan: dict[Any, str] | None = None,
) -> Iterator[Run]:
    """Adapters of `lib` loaded with `src`/`dst`; `spy` makes both record the engine's adapter-method calls."""
    twin = twin_for(lib)
    recorder = Recorder(plan=plan or {})
    src_schema = replace(src_schema or Schema(), spy=spy)
    dst_schema = replace(dst_schema or Schema(), spy=spy)
    with recording(recorder), captured_events() as events:
        yield Run(lib, twin.build("src", src_schema, src), twin.build("dst", dst_schema, dst), recorder, events)


def site_with_devices(flags: int = 0) -> Node:
    """Site ams (with the given model flags) holding devices r1 and r2."""
    devices = tuple(Node("device", {"site_name": "ams", "name": name}) for name in ("r1", "r2"))
    return Node("site", SITE, flags, devices)


def delete_events(run: Run) -> list[tuple[str, str, str]]:
    """(event, model, unique_id) of the delete-action events that name the object being deleted."""
    return [
        (event["event"], event["model"], event["unique_id"])
        for event in run.events
        if event.get("action") == "delete"
        and event["event"] != "No object resulted from sync, will not process child objects."
    ]


# --- §6 item 1: NATURAL_DELETION_ORDER logs the parent's own context -------------------------------------------


@SPY
def test_natural_deletion_order_logs_parent_with_its_own_model_and_id(spy: bool) -> None:
    with running(diffsync_automation, spy, (), (site_with_devices(NATURAL_DELETION_ORDER),)) as run:
        run.sync()
    assert [call[:3] for call in run.recorder.crud] == [
        ("delete", "device", ("ams", "r1")),
        ("delete", "device", ("ams", "r2")),
        ("delete", "site", ("ams",)),
    ]
    assert delete_events(run)[-2:] == [
        ("Attempting model delete", "site", "ams"),
        ("Deleted successfully", "site", "ams"),
    ]
    assert run.events[-2]["diffs"] == {"-": {"region": None, "tags": []}}

    with running(diffsync, spy, (), (site_with_devices(NATURAL_DELETION_ORDER),)) as upstream:
        upstream.sync()
    assert delete_events(upstream)[-1] == ("Deleted successfully", "device", "ams__r2")


@SPY
def test_natural_deletion_order_failure_message_names_the_parent_type(spy: bool) -> None:
    plan = {("site", ("ams",)): "none"}
    expected = "site delete did not return the model object."
    with running(diffsync_automation, spy, (), (site_with_devices(NATURAL_DELETION_ORDER),), plan=plan) as run:
        run.sync()
    failure = next(event for event in run.events if event.get("status") == "failure")
    assert (failure["event"], failure["model"], failure["unique_id"]) == (expected, "site", "ams")

    with running(diffsync, spy, (), (site_with_devices(NATURAL_DELETION_ORDER),), plan=plan) as upstream:
        upstream.sync()
    assert "device delete did not return the model object." in upstream.event_texts()


# --- §6 item 2: child types only the source models --------------------------------------------------------------


def site_with_rack() -> Node:
    """Site ams with device r1 and rack A (racks exist only where the site model has them)."""
    children = (Node("device", {"site_name": "ams", "name": "r1"}), Node("rack", {"site_name": "ams", "name": "A"}))
    return Node("site", SITE, 0, children)


@SPY
def test_source_only_child_type_is_diffed_but_not_synced(spy: bool) -> None:
    schemas = {"src_schema": Schema(racks=True), "dst_schema": Schema()}
    with running(diffsync_automation, spy, (site_with_rack(),), (), **schemas) as run:
        diff = run.sync()
    assert diff.str().splitlines()[-2:] == ["    rack", "      rack: rack-A MISSING in DstAdapter"]
    assert [call[:2] for call in run.recorder.crud] == [("create", "site"), ("create", "device")]
    assert plain(run.dst.dict()) == {
        "site": {"ams": {"name": "ams", "devices": ["ams__r1"]}},
        "device": {"ams__r1": {"site_name": "ams", "name": "r1"}},
    }
    skipped = [event for event in run.events if event["event"].startswith("Skipping: the destination")]
    assert [(event["log_level"], event["model"], event["keys"]) for event in skipped] == [
        ("warning", "rack", {"site_name": "ams", "name": "A"})
    ]

    with (
        running(diffsync, spy, (site_with_rack(),), (), **schemas) as upstream,
        pytest.raises(AttributeError, match="rack"),
    ):
        upstream.sync()


def renamed_children_adapters(lib: ModuleType) -> tuple[type, type]:
    """Source devices keep interfaces in `interfaces`, destination devices in `ports`."""

    class Interface(lib.DiffSyncModel):  # type: ignore[name-defined,misc]
        _modelname = "interface"
        _identifiers = ("device", "name")
        device: str
        name: str

    def device_class(field_name: str) -> type:
        return type(
            f"Device_{field_name}",
            (lib.DiffSyncModel,),
            {
                "__annotations__": {"name": str, field_name: list[str]},
                "_modelname": "device",
                "_identifiers": ("name",),
                "_children": {"interface": field_name},
                field_name: [],
            },
        )

    def adapter(name: str, field_name: str) -> type:
        namespace = {"device": device_class(field_name), "interface": Interface, "top_level": ["device"]}
        return type(name, (lib.Adapter,), namespace)

    return adapter("Source", "interfaces"), adapter("Target", "ports")


def load_renamed(lib: ModuleType, interfaces: str) -> tuple[Any, Any]:
    """Source device r1 with interface `interfaces`, target device r1 with port eth1."""
    source_cls, target_cls = renamed_children_adapters(lib)
    adapters = []
    for cls, interface in ((source_cls, interfaces), (target_cls, "eth1")):
        adapter = cls()
        device = adapter.device(name="r1")
        port = adapter.interface(device="r1", name=interface)
        adapter.add(device)
        adapter.add(port)
        device.add_child(port)
        adapters.append(adapter)
    return adapters[0], adapters[1]


def test_matched_parents_read_children_through_each_sides_field() -> None:
    source, target = load_renamed(diffsync_automation, "eth0")
    diff = target.diff_from(source)
    assert diff.dict() == {
        "device": {"r1": {"-": {}, "+": {}, "interface": {"r1__eth0": {"+": {}}, "r1__eth1": {"-": {}}}}}
    }
    target.sync_from(source, diff=diff)
    assert target.get("device", "r1").ports == ["r1__eth0"]

    source, target = load_renamed(diffsync, "eth0")
    with pytest.raises(AttributeError, match="interfaces"):
        target.diff_from(source)


# --- §6 item 3: an empty precomputed diff is used as given -----------------------------------------------------


@SPY
def test_empty_precomputed_diff_is_used_and_nothing_is_recomputed(spy: bool) -> None:
    with running(diffsync_automation, spy, (site_with_devices(),), ()) as run:
        blank = diffsync_automation.Diff()
        assert run.sync(diff=blank) is blank
    assert run.event_texts() == ["Beginning sync", "Sync complete"]
    assert (run.recorder.crud, run.recorder.callbacks, run.recorder.completions) == ([], [], [])
    assert run.dst.dict() in ({}, {"site": {}, "device": {}})

    with running(diffsync, spy, (site_with_devices(),), ()) as upstream:
        assert upstream.sync(diff=diffsync.Diff()).summary()["create"] == 3


@SPY
def test_empty_precomputed_diff_is_class_checked(spy: bool) -> None:
    reversed_diff = twin_for(diffsync_automation).diff_classes["ReversedDiff"]
    mismatch = pytest.raises(diffsync_automation.exceptions.DiffClassMismatch)
    with running(diffsync_automation, spy, (site_with_devices(),), ()) as run, mismatch as error:
        run.sync(diff=diffsync_automation.Diff(), diff_class=reversed_diff)
    assert error.value.args == ("The provided diff's class (Diff) does not match the diff_class: ReversedDiff",)

    upstream_reversed = twin_for(diffsync).diff_classes["ReversedDiff"]
    with running(diffsync, spy, (site_with_devices(),), ()) as upstream:
        upstream.sync(diff=diffsync.Diff(), diff_class=upstream_reversed)  # no error upstream


# --- §6 item 14: the sync never looks objects up in the source --------------------------------------------------


def source_calls_during_sync(lib: ModuleType, scenario: Callable[[], tuple[Node, ...]]) -> list[tuple[Any, ...]]:
    """Adapter-method calls the sync of a precomputed diff makes on a spying source adapter."""
    with running(lib, True, scenario(), (Node("site", SITE, 0, ()),)) as run:
        diff = run.dst.diff_from(run.src)
        run.recorder.adapter_calls.clear()
        run.sync(diff=diff)
    return [call for call in run.recorder.adapter_calls if call[0] == "SrcAdapter"]


def test_sync_does_not_look_up_source_objects() -> None:
    scenario = lambda: (site_with_devices(),)  # noqa: E731 - one fresh dataset per library
    assert source_calls_during_sync(diffsync_automation, scenario) == []
    upstream_calls = source_calls_during_sync(diffsync, scenario)
    assert [call[1] for call in upstream_calls] == ["get_or_none", "get"] * 3
