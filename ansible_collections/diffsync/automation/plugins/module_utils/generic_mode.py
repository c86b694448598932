# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Generic mode: diff and sync any two diffsync-automation adapters named by import path.

The adapter protocol is the one of the Nornir task ``diffsync_generic_sync``:

- source (intended side): ``cls.from_host_data(host, data)`` then ``load()`` when the class has that
  classmethod, else ``cls(name="intended")`` filled with ``load_from_dict(data)`` (``Adapter.dict()`` form);
- target: ``cls(name=<inventory host>, **target_options)`` then ``load()``; a sync writes through its
  models' create/update/delete and ``sync_complete``, as any DiffSync sync does.

An adapter path is ``package.module:Class`` (imported from the controller's Python path) or
``/path/to/file.py:Class`` (loaded from that file).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
import traceback
import typing as t

from ansible_collections.diffsync.automation.plugins.module_utils.ansible_diff import to_ansible_diff
from ansible_collections.diffsync.automation.plugins.module_utils.hostvars import SyncArgumentError

try:
    from diffsync_automation import Adapter, DiffSyncFlags
    from diffsync_automation.network.changes import changes_from_diff
    from diffsync_automation.network.deletes import guard_deletes
    from diffsync_automation.network.errors import MaxDeletesExceeded
except ImportError as exc:  # reported as a clean task failure naming the missing library
    IMPORT_ERROR: str | None = traceback.format_exc()
    MISSING_LIBRARY: str | None = exc.name or "diffsync-automation"
    Adapter = None  # type: ignore[assignment,misc]  # never used: run_sync checks IMPORT_ERROR first
else:
    IMPORT_ERROR = None
    MISSING_LIBRARY = None


def load_adapter_class(path: str) -> t.Any:
    """The adapter class named by ``package.module:Class`` or ``/path/file.py:Class``."""
    module_name, sep, attribute = path.rpartition(":")
    if not sep or not module_name or not attribute:
        raise SyncArgumentError(f"adapter path {path!r} must look like 'package.module:Class' or '/path/file.py:Class'")
    try:
        module = _load_file(module_name) if module_name.endswith(".py") else importlib.import_module(module_name)
    except ImportError as exc:
        raise SyncArgumentError(f"cannot import {module_name!r} for adapter {path!r}: {exc}") from None
    cls = getattr(module, attribute, None)
    if cls is None:
        raise SyncArgumentError(f"{module_name} has no attribute {attribute!r} (adapter {path!r})")
    if not (isinstance(cls, type) and issubclass(cls, Adapter)):
        raise SyncArgumentError(f"{path!r} is not a diffsync_automation Adapter subclass")
    return cls


def _load_file(file_path: str) -> t.Any:
    """Import a Python file under a name derived from its path (so two runs reuse one module)."""
    if not os.path.isfile(file_path):
        raise ImportError("no such file")
    name = f"_diffsync_adapter_{hashlib.sha1(os.path.abspath(file_path).encode()).hexdigest()[:12]}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, file_path)
    if spec is None or spec.loader is None:
        raise ImportError("not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _source(cls: t.Any, host: str, data: t.Any) -> t.Any:
    factory = getattr(cls, "from_host_data", None)
    if factory is not None:
        adapter = factory(host, data)
        adapter.load()
        return adapter
    if not isinstance(data, t.Mapping):
        raise SyncArgumentError(
            f"data must be a mapping in the form of Adapter.dict() for {cls.__name__}, which has no from_host_data()"
        )
    adapter = cls(name="intended")
    adapter.load_from_dict(dict(data))
    return adapter


def _target(cls: t.Any, host: str, options: t.Mapping[str, t.Any]) -> t.Any:
    adapter = cls(name=host, **dict(options))
    adapter.load()
    return adapter


def _json_ready(value: t.Any) -> t.Any:
    """Adapter data with non-JSON values (addresses, dates) turned into strings."""
    return json.loads(json.dumps(value, default=str))


def run_generic(host: str, params: t.Mapping[str, t.Any], check_mode: bool, diff_mode: bool) -> dict[str, t.Any]:
    """Diff the source adapter against the target adapter; sync outside check mode."""
    state = params["state"]
    if state not in ("merged", "overridden", "rendered", "gathered"):
        raise SyncArgumentError(
            f"state {state} is not supported with source_adapter/target_adapter (use merged, overridden, rendered "
            "or gathered)"
        )
    source_cls = load_adapter_class(params["source_adapter"])
    target_cls = load_adapter_class(params["target_adapter"])
    if state == "rendered":
        source = _source(source_cls, host, params.get("data") or {})
        return {"changed": False, "state": state, "rendered": _json_ready(source.dict())}
    target = _target(target_cls, host, params.get("target_options") or {})
    if state == "gathered":
        return {"changed": False, "state": state, "gathered": _json_ready(target.dict())}
    source = _source(source_cls, host, params.get("data") or {})
    flags = DiffSyncFlags.SKIP_UNMATCHED_DST if state == "merged" else DiffSyncFlags.NONE
    before = _json_ready(target.dict())
    diff = target.diff_from(source, flags=flags)
    summary = diff.summary()
    changes = [change.to_dict() for change in changes_from_diff(diff)]
    result: dict[str, t.Any] = {
        "changed": diff.has_diffs(),
        "state": state,
        "dry_run": check_mode,
        "summary": summary,
        "changes": changes,
        "structured_diff": _json_ready(diff.dict()),
        "diff_text": diff.str(),
        "before": before,
    }
    _guard_deletes(host, summary, params, check_mode, result)
    if diff.has_diffs() and not check_mode and not result.get("failed"):
        target.sync_from(source, flags=flags, diff=diff)
        result["after"] = _json_ready(target.dict())
    elif not diff.has_diffs():
        result["after"] = before
    if diff_mode:
        result["diff"] = to_ansible_diff(host, changes)
    return result


def _guard_deletes(
    host: str, summary: t.Mapping[str, int], params: t.Mapping[str, t.Any], check_mode: bool, result: dict[str, t.Any]
) -> None:
    """Refuse a sync deleting more than ``max_deletes`` objects unless ``force`` (a warning in check mode)."""
    try:
        warning = guard_deletes(
            host,
            summary.get("delete", 0),
            params.get("max_deletes"),
            force=bool(params.get("force")),
            dry_run=check_mode,
        )
    except MaxDeletesExceeded as exc:
        message = f"the sync would delete {exc.deletes} objects, more than max_deletes={exc.limit}"
        result.update(failed=True, changed=False, error_kind=exc.kind, msg=message + "; set force=true to allow it")
        return
    if warning is not None:
        result["warnings"] = [warning]
