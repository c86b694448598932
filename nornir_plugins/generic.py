"""``diffsync_generic_sync``: the Nornir task for users' own DiffSync adapters.

Constructor protocol (each classmethod is optional):

- intended side (``source_adapter``): ``from_host_data(host_name, data) -> Adapter``, then ``load()``. Without
  the classmethod the class is built as ``cls(name="intended")`` and filled with ``load_from_dict(data)``, so
  ``data`` is then in the form of ``Adapter.dict()``: ``{modelname: {unique_id: {field: value}}}``.
- device side (``target_adapter``): ``from_nornir_task(task) -> Adapter``, then ``load()``. The task gives the
  adapter the host (``task.host``), its connections (``task.host.get_connection(...)``) and subtasks
  (``task.run(...)``). Without the classmethod the class is built as ``cls(name=<host name>)``.

A sync writes through the device side's model ``create``/``update``/``delete`` and ``sync_complete``, as any
DiffSync sync does.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from nornir.core.task import Result, Task

from diffsync_automation import Adapter, Diff, DiffSyncFlags
from diffsync_automation.report.model import DeviceReport

AdapterRef = type[Adapter] | str
"""An adapter class, or its import path ``"package.module:Class"``."""

STATE_FLAGS = {"merged": DiffSyncFlags.SKIP_UNMATCHED_DST, "overridden": DiffSyncFlags.NONE}
"""``merged`` never deletes objects that only the device has; ``overridden`` deletes them."""


def diffsync_generic_sync(
    task: Task,
    source_adapter: AdapterRef,
    target_adapter: AdapterRef,
    dry_run: bool | None = None,
    *,
    state: str = "overridden",
    flags: DiffSyncFlags = DiffSyncFlags.NONE,
    data_key: str | None = None,
    diff_class: type[Diff] = Diff,
) -> Result:
    """Diff the intended adapter (built from host data) with the device adapter; sync unless dry run.

    Args:
        source_adapter: intended side, built from the host data (see the module docstring).
        target_adapter: device side, built with access to the Nornir task and host.
        dry_run: overrides ``InitNornir(dry_run=...)`` when not None.
        state: ``overridden`` (default: deletes objects only the device has, so drift is never hidden) or
            ``merged`` (adds ``SKIP_UNMATCHED_DST``: objects only the device has are left alone and not reported).
        flags: further ``DiffSyncFlags`` for the diff and the sync, e.g. ``CONTINUE_ON_FAILURE``.
        data_key: inventory key holding the intended data; None passes the host's merged data.
        diff_class: ``Diff`` subclass for the diff (ordering hooks, custom ``str``).

    Returns:
        ``Result`` with ``changed`` (drift found in a dry run, synced otherwise), ``diff`` (``Diff.str()``, empty
        when nothing differs), ``result`` (``summary`` and structured ``diff``) and attribute ``drift_report``.

    Exceptions of the adapters propagate, so Nornir marks the host failed with that cause.
    """
    if state not in STATE_FLAGS:
        raise ValueError(f"state must be one of {', '.join(STATE_FLAGS)}, not {state!r}")
    started = time.perf_counter()
    dry = task.is_dry_run(dry_run)
    all_flags = flags | STATE_FLAGS[state]
    source = intended_adapter(resolve_adapter(source_adapter), task.host.name, _host_data(task, data_key))
    target = device_adapter(resolve_adapter(target_adapter), task)
    diff = target.diff_from(source, diff_class=diff_class, flags=all_flags)
    changed = diff.has_diffs()
    if changed and not dry:
        target.sync_from(source, diff_class=diff_class, flags=all_flags, diff=diff)
    report = DeviceReport.from_diff(task.host.name, diff, dry_run=dry, duration_s=time.perf_counter() - started)
    report.state = state
    return Result(
        host=task.host,
        changed=changed,
        diff=diff.str() if changed else "",
        result={"summary": diff.summary()},  # print_result shows it next to the diff text, so no second diff here
        diff_dict=diff.dict(),
        drift_report=report,
    )


def resolve_adapter(ref: AdapterRef) -> type[Adapter]:
    """The adapter class ``ref`` names: a class, ``"package.module:Class"`` or ``"package.module.Class"``."""
    if not isinstance(ref, str):
        cls = ref
    else:
        module_name, sep, attribute = ref.partition(":")
        if not sep:
            module_name, _, attribute = ref.rpartition(".")
        if not module_name or not attribute:
            raise ValueError(f"adapter path {ref!r} must look like 'package.module:Class'")
        cls = getattr(importlib.import_module(module_name), attribute)
    if not (isinstance(cls, type) and issubclass(cls, Adapter)):
        raise TypeError(f"{ref!r} is not a diffsync_automation Adapter class")
    return cls


def intended_adapter(cls: type[Adapter], host_name: str, data: Any) -> Adapter:
    """Build and load the intended side from host data (protocol in the module docstring)."""
    factory = getattr(cls, "from_host_data", None)
    if factory is None:
        plain = cls(name="intended")
        plain.load_from_dict(data)
        return plain
    adapter: Adapter = factory(host_name, data)
    adapter.load()
    return adapter


def device_adapter(cls: type[Adapter], task: Task) -> Adapter:
    """Build and load the device side for the task's host (protocol in the module docstring)."""
    factory = getattr(cls, "from_nornir_task", None)
    adapter: Adapter = factory(task) if factory is not None else cls(name=task.host.name)
    adapter.load()
    return adapter


def _host_data(task: Task, data_key: str | None) -> Any:
    if data_key is None:
        return dict(task.host.items())
    try:
        return task.host[data_key]
    except KeyError:
        raise LookupError(f"host {task.host.name}: the inventory has no {data_key!r} data") from None
