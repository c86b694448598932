"""Runs one scenario call through one library and records everything observable, library-neutrally."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import ModuleType
from typing import Any

import structlog
from pydantic import BaseModel
from structlog.testing import capture_logs

from .deviations import upstream_with_fixes, without_empty_buckets
from .recorder import Recorder, recording
from .scenario import Call, Scenario
from .twin import Twin, twin_for

Observation = dict[str, Any]


def plain(value: Any) -> Any:
    """A library-neutral, comparable form: enums by class name and value, objects by type name and str()."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, dict):
        return {key if isinstance(key, str | int) else repr(plain(key)): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(item) for item in value)
    if isinstance(value, BaseModel):
        return f"<{type(value).__name__} {value!r}>"
    if type(value).__str__ is object.__str__:  # the default str() embeds a memory address
        return f"<{type(value).__name__}>"
    return f"<{type(value).__name__} {value}>"


@contextmanager
def captured_events() -> Iterator[list[dict[str, Any]]]:
    """capture_logs(), leaving structlog unconfigured afterwards if it was (capture_logs marks it configured)."""
    was_configured = structlog.is_configured()
    try:
        with capture_logs() as events:
            yield events
    finally:
        if not was_configured:
            structlog.reset_defaults()


def describe_exception(exc: BaseException) -> Observation:
    """Exception class chain, arguments and message (the message only when it cannot embed an address)."""
    return {
        "classes": [cls.__name__ for cls in type(exc).__mro__ if cls is not object],
        "args": plain(exc.args),
        "str": str(exc) if all(isinstance(arg, str) for arg in exc.args) else None,
    }


def _elements(diff: Any, depth: int = 0) -> Iterator[Observation]:
    for element in diff.get_children():
        yield {
            "depth": depth,
            "str": str(element),
            "keys": plain(element.keys),
            "names": (element.source_name, element.dest_name),
            "attrs": plain((element.source_attrs, element.dest_attrs)),
            "action": element.action,
            "attrs_keys": list(element.get_attrs_keys()),
            "attrs_diffs": plain(element.get_attrs_diffs()),
            "has_diffs": (element.has_diffs(), element.has_diffs(include_children=False)),
            "summary": element.summary(),
            "len": len(element),
            "element_str": element.str(),
            "element_dict": plain(element.dict()),
        }
        yield from _elements(element.child_diff, depth + 1)


def describe_diff(diff: Any) -> Observation:
    """Everything a Diff exposes: renderings, counters and every element in get_children() order."""
    return {
        "class": type(diff).__name__,
        "str": diff.str(),
        "dict": plain(diff.dict()),
        "summary": diff.summary(),
        "len": len(diff),
        "has_diffs": diff.has_diffs(),
        "groups": diff.groups(),
        "models_processed": diff.models_processed,
        "completions": getattr(diff, "completions", None),
        "elements": list(_elements(diff)),
    }


def describe_adapter(adapter: Any) -> Observation:
    """Stored objects (store order, empty buckets dropped), statuses, size and Adapter.str()."""
    data = without_empty_buckets(adapter.dict())
    return {
        "dict": {name: plain(list(data[name].items())) for name in sorted(data)},
        "status": {
            name: [(repr(obj), *plain(obj.get_status())) for obj in adapter.get_all(name)] for name in sorted(data)
        },
        "len": len(adapter),
        "str": adapter.str(),
    }


def describe_models(adapter: Any) -> Observation:
    """Per-model API results for every stored object."""
    data = without_empty_buckets(adapter.dict())
    return {
        name: [
            {
                "repr": repr(obj),
                "str": str(obj),
                "str()": obj.str(),
                "str(False, 2)": obj.str(include_children=False, indent=2),
                "json": obj.json(),
                "dict": plain(obj.dict()),
                "unique_id": obj.get_unique_id(),
                "shortname": obj.get_shortname(),
                "identifiers": plain(obj.get_identifiers()),
                "attrs": plain(obj.get_attrs()),
                "children": obj.get_children_mapping(),
            }
            for obj in adapter.get_all(name)
        ]
        for name in sorted(data)
    }


def _fixes(lib: ModuleType) -> AbstractContextManager[None]:
    return upstream_with_fixes(lib) if lib.__name__ == "diffsync" else nullcontext()


def _invoke(twin: Twin, src: Any, dst: Any, call: Call, rec: Recorder) -> tuple[Any, Any]:
    """Perform `call`; returns (precomputed diff or None, result)."""
    lib = twin.lib
    classes = twin.diff_classes
    kwargs: dict[str, Any] = {
        "diff_class": classes[call.diff_class],
        "flags": lib.DiffSyncFlags(call.flags),
        "callback": rec.callback,
    }
    precomputed = None
    if call.precomputed is not None:
        pre = call.precomputed
        pre_flags = call.flags if pre.flags is None else pre.flags
        precomputed = (
            classes[pre.diff_class]()
            if pre.blank
            else dst.diff_from(
                src, diff_class=classes[pre.diff_class], flags=lib.DiffSyncFlags(pre_flags), callback=rec.callback
            )
        )
    if call.method.startswith("sync"):
        kwargs["diff"] = precomputed
    methods: dict[str, Callable[[], Any]] = {
        "diff_from": lambda: dst.diff_from(src, **kwargs),
        "diff_to": lambda: src.diff_to(dst, **kwargs),
        "sync_from": lambda: dst.sync_from(src, **kwargs),
        "sync_to": lambda: src.sync_to(dst, **kwargs),
    }
    return precomputed, methods[call.method]()


def observe_call(lib: ModuleType, scenario: Scenario, call: Call) -> Observation:
    """Build both adapters from `scenario` with `lib`, perform `call` and record every observable effect."""
    twin = twin_for(lib)
    rec = Recorder(plan=dict(scenario.plan))
    precomputed = result = exception = None
    # Adapters are built inside captured_events(): stores bind their logger at construction time.
    with recording(rec), captured_events() as logs, _fixes(lib):
        src = twin.build("src", scenario.src_schema, scenario.src)
        dst = twin.build("dst", scenario.dst_schema, scenario.dst)
        try:
            precomputed, result = _invoke(twin, src, dst, call, rec)
        except Exception as exc:
            exception = describe_exception(exc)
        observed = {
            "exception": exception,
            "callbacks": list(rec.callbacks),
            "crud": plain(rec.crud),
            "adapter_calls": plain(rec.adapter_calls),
            "logs": plain(logs),
            "sync_complete": [
                (target, source, diff is result, plain(flags), has_logger)
                for target, source, diff, flags, has_logger in rec.completions
            ],
        }
        observed["result"] = None if result is None else describe_diff(result)
        observed["result_is_precomputed"] = precomputed is not None and result is precomputed
        observed["src"] = describe_adapter(src)
        observed["dst"] = describe_adapter(dst)
    return observed


def observe_representations(lib: ModuleType, scenario: Scenario) -> Observation:
    """Adapter/model renderings, tree traversal and the dict() → load_from_dict() round trip, per side."""
    twin = twin_for(lib)
    observed: Observation = {}
    with recording(Recorder()), captured_events() as logs:
        for side, schema, nodes in (
            ("src", scenario.src_schema, scenario.src),
            ("dst", scenario.dst_schema, scenario.dst),
        ):
            adapter = twin.build(side, schema, nodes)
            cls = type(adapter)
            reloaded = cls(name=schema.name)
            reloaded.load_from_dict(adapter.dict())
            observed[side] = {
                "adapter": describe_adapter(adapter),
                "models": describe_models(adapter),
                "repr": (repr(adapter), str(adapter)),
                "tree": (plain(cls.get_tree_traversal(as_dict=True)), cls.get_tree_traversal()),
                "reloaded": describe_adapter(reloaded),
            }
    observed["logs"] = plain(logs)
    return observed
