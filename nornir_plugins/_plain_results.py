"""Nornir results as plain data and back, so they can cross from a Dask worker to the driver.

A ``Result`` holds its ``Host``, and through it open connections, so Nornir results do not pickle. A worker
turns each host's ``MultiResult`` into dicts of flags, names and pickled values; the driver rebuilds the same
tree around its own ``Host`` objects, with a ``Task`` for every subtask so processors can be replayed.

Values (``result``, ``diff``, extra attributes such as ``drift_report``) keep their type when they pickle;
exceptions keep their class, arguments and attributes. Whatever cannot travel becomes text. No credential of
the host leaves the worker: strings holding one are scrubbed, objects holding one are replaced by their
scrubbed ``repr``.
"""

from __future__ import annotations

import pickle
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.inventory import Host
from nornir.core.task import MultiResult, Result, Task

from nornir_plugins.errors import NornirPluginError

_STANDARD_ATTRIBUTES = frozenset(
    ("result", "host", "changed", "diff", "failed", "exception", "name", "severity_level", "stdout", "stderr")
)
"""Attributes every ``Result`` has; any other attribute was set by the task (``Result(..., **kwargs)``)."""

_MASK = "***"


class RemoteTaskError(NornirPluginError):
    """An exception raised on a Dask worker whose class or state could not be rebuilt on the driver.

    ``str()`` is the original message; ``remote_type`` names the original class and ``remote_traceback`` is
    the worker's traceback text (credentials scrubbed).
    """

    def __init__(self, remote_type: str, message: str, remote_traceback: str) -> None:
        super().__init__(message)
        self.remote_type = remote_type
        self.remote_traceback = remote_traceback


class PlainCall(TypedDict):
    """A subtask's ``Task``: name, severity and (cloud)pickled ``(function, params)``, None if they do not pickle."""

    name: str
    severity_level: int
    call: bytes | None


class PlainException(TypedDict):
    """An exception: ``state`` pickles ``(class, args, attributes)``; ``subtask`` indexes the failed subtask of a
    ``NornirSubTaskError`` among its task's results."""

    type: str
    message: str
    traceback: str
    state: bytes | None
    subtask: int | None


class PlainResult(TypedDict):
    name: str | None
    changed: bool
    failed: bool
    severity_level: int
    values: bytes
    exception: PlainException | None


class PlainItem(TypedDict):
    """One entry of a ``MultiResult``: a ``Result`` (``result``) or a nested ``MultiResult`` (``items``).

    ``task`` is the subtask that produced the entry; None for the task's own result.
    """

    name: str | None
    task: PlainCall | None
    result: PlainResult | None
    items: list[PlainItem] | None


class PlainHost(TypedDict):
    host: str
    name: str
    items: list[PlainItem]


@dataclass(frozen=True)
class Hook:
    """A subtask processor call to replay on the driver, in the order the worker made it: ``started``, or
    ``completed`` with the subtask's results."""

    task: Task
    result: MultiResult | None = None


# ------------------------------------------------------------------------------------------------ worker side
def encode_host(host: str, multi: MultiResult, calls: Mapping[int, Task], secrets: Sequence[str]) -> PlainHost:
    """The plain form of ``host``'s results; ``calls`` maps ``id()`` of each subtask's entry to its ``Task``."""
    cleaner = _Cleaner(secrets)
    return {"host": host, "name": multi.name, "items": _encode_items(multi, calls, cleaner)}


def _encode_items(multi: MultiResult, calls: Mapping[int, Task], cleaner: _Cleaner) -> list[PlainItem]:
    items: list[PlainItem] = []
    for entry in multi:
        subtask = calls.get(id(entry))
        call = None if subtask is None else _encode_call(subtask)
        if isinstance(entry, MultiResult):
            nested = _encode_items(entry, calls, cleaner)
            items.append({"name": entry.name, "task": call, "result": None, "items": nested})
        else:
            plain = _encode_result(entry, multi, cleaner)
            items.append({"name": entry.name, "task": call, "result": plain, "items": None})
    return items


def _encode_call(task: Task) -> PlainCall:
    try:
        call: bytes | None = dumps((task.task, task.params))
    except Exception:  # a subtask given unpicklable arguments: replayed with its name only
        call = None
    return {"name": task.name, "severity_level": task.severity_level, "call": call}


def _encode_result(result: Result, siblings: MultiResult, cleaner: _Cleaner) -> PlainResult:
    values = {"result": result.result, "diff": result.diff, "stdout": result.stdout, "stderr": result.stderr}
    values.update((key, value) for key, value in vars(result).items() if key not in _STANDARD_ATTRIBUTES)
    error = result.exception
    return {
        "name": result.name,
        "changed": bool(result.changed),
        "failed": bool(result.failed),
        "severity_level": result.severity_level,
        "values": cleaner.pack(values),
        "exception": None if error is None else _encode_exception(error, siblings, cleaner),
    }


def _encode_exception(error: BaseException, siblings: MultiResult, cleaner: _Cleaner) -> PlainException:
    subtask = _failed_subtask(error, siblings)
    return {
        "type": f"{type(error).__module__}.{type(error).__qualname__}",
        "message": cleaner.text(_text(str, error)),
        "traceback": cleaner.text("".join(traceback.format_exception(error))),
        "state": None if subtask is not None else cleaner.exception_state(error),
        "subtask": subtask,
    }


def _failed_subtask(error: BaseException, siblings: MultiResult) -> int | None:
    """Where the subtask a ``NornirSubTaskError`` names sits among its task's results (a single result replaces
    the subtask's ``MultiResult`` there)."""
    if not isinstance(error, NornirSubTaskError):
        return None
    failed: Any = error.result
    for index, entry in enumerate(siblings):
        if entry is failed or (isinstance(failed, MultiResult) and len(failed) == 1 and entry is failed[0]):
            return index
    return None


def dumps(value: Any) -> bytes:
    """``value`` pickled by cloudpickle where it is installed (with dask: functions defined in a script travel
    too), else by pickle (functions by reference; the process runner's workers import the same modules)."""
    try:
        import cloudpickle  # type: ignore[import-untyped]
    except ImportError:
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return bytes(cloudpickle.dumps(value))


class _Cleaner:
    """Pickles values and texts so that none of ``secrets`` survives."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self._secrets = [secret for secret in secrets if secret]
        self._encoded = [secret.encode() for secret in self._secrets]

    def text(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text

    def pack(self, values: dict[str, Any]) -> bytes:
        """Pickled ``values``; values that do not pickle or hold a secret are replaced one by one."""
        blob = self._pickled(values)
        if blob is not None:
            return blob
        return pickle.dumps({key: self._value(value) for key, value in values.items()}, pickle.HIGHEST_PROTOCOL)

    def exception_state(self, error: BaseException) -> bytes | None:
        return self._pickled((type(error), error.args, getattr(error, "__dict__", {})))

    def _value(self, value: Any) -> Any:
        if self._pickled(value) is not None:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, (list, tuple)):
            return type(value)(self._value(item) for item in value)
        if isinstance(value, dict):
            return {self._value(key): self._value(item) for key, item in value.items()}
        return self.text(_text(repr, value))

    def _pickled(self, value: Any) -> bytes | None:
        """The pickle of ``value``, None if it does not pickle or contains a secret (pickle stores text as UTF-8)."""
        try:
            blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except Exception:
            return None
        return None if any(secret in blob for secret in self._encoded) else blob


def _text(render: Callable[[Any], str], value: Any) -> str:
    try:
        return render(value)
    except Exception as error:  # a broken __str__/__repr__ must not lose the host's result
        return f"<{type(value).__name__} not printable: {type(error).__name__}>"


# ------------------------------------------------------------------------------------------------ driver side
def decode_host(plain: PlainHost, host: Host, task: Task) -> tuple[MultiResult, list[Hook]]:
    """The host's ``MultiResult`` rebuilt around the driver's ``host``, and the subtask hooks to replay."""
    hooks: list[Hook] = []
    return _decode_items(plain["name"], plain["items"], host, task, hooks), hooks


def _decode_items(name: str, items: list[PlainItem], host: Host, owner: Task, hooks: list[Hook]) -> MultiResult:
    """Subtasks first (in order, emitting their hooks), then the task's own results, which may name a subtask."""
    entries: dict[int, Result] = {}
    subtasks: dict[int, tuple[Task, MultiResult]] = {}
    for index, item in enumerate(items):
        if item["task"] is None:
            continue
        subtask = _decode_call(item["task"], host, owner)
        hooks.append(Hook(subtask))
        if item["items"] is not None:
            sub_multi = _decode_items(item["name"] or subtask.name, item["items"], host, subtask, hooks)
            entries[index] = cast("Result", sub_multi)  # Task.run appends a nested MultiResult as is
        else:
            sub_multi = MultiResult(subtask.name)
            sub_multi.append(_decode_result(_required(item["result"]), host, {}))
            entries[index] = sub_multi[0]
        subtask.results = sub_multi
        subtasks[index] = (subtask, sub_multi)
        hooks.append(Hook(subtask, sub_multi))
    for index, item in enumerate(items):
        if item["task"] is not None:
            continue
        if item["items"] is not None:
            entries[index] = cast("Result", _decode_items(item["name"] or name, item["items"], host, owner, hooks))
        else:
            entries[index] = _decode_result(_required(item["result"]), host, subtasks)
    multi = MultiResult(name)
    multi.extend(entries[index] for index in range(len(items)))
    return multi


def _decode_call(plain: PlainCall, host: Host, parent: Task) -> Task:
    function, params = _load_call(plain)
    subtask = Task(
        function,
        parent.nornir,
        global_dry_run=parent.global_dry_run,
        processors=parent.processors,
        name=plain["name"],
        severity_level=plain["severity_level"],
        parent_task=parent,
        **params,
    )
    subtask.host = host
    return subtask


def _load_call(plain: PlainCall) -> tuple[Callable[..., Any], dict[str, Any]]:
    if plain["call"] is not None:
        try:
            function, params = pickle.loads(plain["call"])  # cloudpickle's output is a pickle stream
        except Exception:  # the subtask's module is not importable on the driver
            pass
        else:
            return cast("Callable[..., Any]", function), cast("dict[str, Any]", params)
    return _ran_remotely, {}


def _ran_remotely(task: Task, **params: Any) -> None:
    """Stands for a subtask function that could not be brought back from the worker; it is never run here."""
    raise RuntimeError(f"subtask {task.name!r} ran on a Dask worker and cannot be run on the driver")


def _decode_result(plain: PlainResult, host: Host, subtasks: Mapping[int, tuple[Task, MultiResult]]) -> Result:
    values = _unpack(plain["values"])
    error = plain["exception"]
    result = Result(
        host,
        changed=plain["changed"],
        failed=plain["failed"],
        exception=None if error is None else _decode_exception(error, subtasks),
        severity_level=plain["severity_level"],
        **values,
    )
    result.name = plain["name"]  # type: ignore[assignment]  # Nornir declares it None, then sets a str
    return result


def _unpack(blob: bytes) -> dict[str, Any]:
    try:
        return cast("dict[str, Any]", pickle.loads(blob))
    except Exception as error:  # a value whose class exists on the worker only
        return {"result": f"<result not readable on the driver: {type(error).__name__}: {error}>"}


def _decode_exception(plain: PlainException, subtasks: Mapping[int, tuple[Task, MultiResult]]) -> BaseException:
    index = plain["subtask"]
    if index is not None and index in subtasks:
        subtask, sub_multi = subtasks[index]
        return NornirSubTaskError(task=subtask, result=cast("Result", sub_multi))
    if plain["state"] is not None:
        try:
            kind, args, attributes = pickle.loads(plain["state"])
            error = cast("BaseException", kind.__new__(kind, *args))  # __init__ may need what args do not hold
            error.args = args
            error.__dict__.update(attributes)
        except Exception:
            pass
        else:
            return error
    return RemoteTaskError(plain["type"], plain["message"], plain["traceback"])


def _required(result: PlainResult | None) -> PlainResult:
    if result is None:
        raise ValueError("malformed plain result: an entry has neither a result nor nested results")
    return result
