"""What a worker of another process runs: the run as plain data (``RunSpec``), hosts rebuilt from ``host.dict()``.

``DaskRunner``'s workers run a batch of hosts per Dask task (``run_batch``); ``ProcessRunner``'s workers take
hosts one by one (``_process_worker``) and use the same spec and inventory helpers.

The driver ships the run once (``RunSpec``: the task function and its parameters, the Nornir config, every
group and the defaults) and each batch as the hosts' own attributes. The worker rebuilds a small inventory,
so ``host.get()``, ``host.items()`` and connection options resolve through groups and defaults exactly as on
the driver, runs the task with Nornir's threaded runner, closes the batch's connections and returns each
host's results in plain form (``_plain_results``).

While a batch runs, the driver's stop request (SIGINT/SIGTERM, ``network.stop``) reaches it through two
``distributed.Event`` named after the run and is mirrored into the worker's own ``RUN_STOP``.
"""

from __future__ import annotations

import functools
import importlib
import logging
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, cast

from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    Inventory,
    ParentGroups,
)
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.processor import Processors
from nornir.core.state import GlobalState
from nornir.core.task import MultiResult, Task
from nornir.plugins.runners import ThreadedRunner

from diffsync_automation.network.stop import RUN_STOP
from nornir_plugins._plain_results import PlainHost, dumps, encode_host
from nornir_plugins.connection import connection_secrets

PlainElement = dict[str, Any]
"""A host, group or defaults as ``.dict()`` gives it (own attributes only; groups by name)."""


@dataclass(frozen=True)
class RunSpec:
    """Everything a batch needs besides its hosts; pickled once per run."""

    function: Callable[..., Any]
    name: str
    params: dict[str, Any]
    severity_level: int
    dry_run: bool
    config: dict[str, Any]
    groups: dict[str, PlainElement]
    defaults: PlainElement
    num_workers: int
    stop_key: str = ""
    """Prefix of the run's stop events (``stop_event_names``); empty: the run cannot be stopped."""


def pickled_spec(task: Task, num_workers: int, destination: str, stop_key: str = "") -> bytes:
    """The run-wide part of ``task``, pickled once for every worker; the workers' Nornir does not log or raise on
    errors. A task or arguments that do not pickle raise ``TypeError`` naming ``destination``, before any worker
    is involved."""
    config = task.nornir.config.dict()
    config["logging"] = {**config["logging"], "enabled": False}
    config["core"] = {**config["core"], "raise_on_error": False}
    inventory = task.nornir.inventory
    spec = RunSpec(
        function=task.task,
        name=task.name,
        params=dict(task.params),
        severity_level=task.severity_level,
        dry_run=task.global_dry_run,
        config=config,
        groups={name: group.dict() for name, group in inventory.groups.items()},
        defaults=inventory.defaults.dict(),
        num_workers=num_workers,
        stop_key=stop_key,
    )
    try:
        return dumps(spec)
    except Exception as error:
        raise TypeError(
            f"task {task.name!r} cannot be sent to {destination}: its function and arguments must pickle"
            f" ({type(error).__name__}: {error})"
        ) from error


def stop_event_names(key: str) -> tuple[str, str]:
    """The names of the ``distributed.Event`` that say the run drains and that it aborts."""
    return f"{key}-drain", f"{key}-abort"


def load_spec(blob: bytes) -> RunSpec:
    """The ``RunSpec`` of ``pickled_spec`` (cloudpickle's output, where it was used, is a pickle stream too)."""
    return cast("RunSpec", pickle.loads(blob))


def run_batch(spec: RunSpec, hosts: list[PlainElement]) -> list[PlainHost]:
    """Run the task of ``spec`` over ``hosts``; one plain result per host, in order."""
    prepare_worker()
    inventory = _inventory(hosts, spec.groups, spec.defaults)
    task, recorder = spec_task(spec, inventory)
    batch = list(inventory.hosts.values())
    try:
        with _following_stop(spec.stop_key):
            results = ThreadedRunner(spec.num_workers).run(task, batch)
    finally:
        _close_connections(batch, spec.num_workers)
    return [
        encode_host(host.name, results[host.name], recorder.calls.get(host.name, {}), connection_secrets(host))
        for host in batch
    ]


def spec_task(spec: RunSpec, inventory: Inventory) -> tuple[Task, SubtaskRecorder]:
    """The task of ``spec`` over ``inventory``, with the recorder of its subtasks as its only processor."""
    nornir = Nornir(inventory=inventory, config=Config.from_dict(**spec.config), data=GlobalState(dry_run=spec.dry_run))
    recorder = SubtaskRecorder()
    task = Task(
        spec.function,
        nornir,
        global_dry_run=spec.dry_run,
        processors=Processors([recorder]),
        name=spec.name,
        severity_level=spec.severity_level,
        **spec.params,
    )
    return task, recorder


@functools.cache
def prepare_worker() -> None:
    """Once per worker process: make the installed connection plugins (netmiko...) available, as ``InitNornir``
    does, and keep Nornir from logging host failures to the worker's stderr; they travel in the results."""
    ConnectionPluginRegister.auto_register()
    nornir_logger = logging.getLogger("nornir")
    nornir_logger.addHandler(logging.NullHandler())
    nornir_logger.propagate = False


_FOLLOW_INTERVAL = 0.2
_followers = 0
_followers_lock = threading.Lock()


@contextmanager
def _following_stop(key: str) -> Iterator[None]:
    """Mirror the run's stop events into this worker's ``RUN_STOP`` while the batch runs (checked before any host
    starts, then every ``_FOLLOW_INTERVAL`` seconds); the last batch to end clears it for the next run."""
    global _followers
    if not key:
        yield
        return
    event: Any = importlib.import_module("distributed").Event  # untyped; a dependency of every worker
    drain, abort = (event(name) for name in stop_event_names(key))
    finished = threading.Event()

    def follow() -> bool:
        if abort.is_set():
            RUN_STOP.abort()
            return True
        if drain.is_set():
            RUN_STOP.drain()
        return False

    def keep_following() -> None:
        with suppress(Exception):  # the scheduler went away: the batch fails on its own
            while not finished.wait(_FOLLOW_INTERVAL) and not follow():
                pass

    with _followers_lock:
        _followers += 1
    follower = threading.Thread(target=keep_following, name="nornir-stop-follower", daemon=True)
    try:
        follow()
        follower.start()
        yield
    finally:
        finished.set()
        if follower.is_alive():
            follower.join()
        with _followers_lock:
            _followers -= 1
            if not _followers:
                RUN_STOP.reset()


class SubtaskRecorder:
    """Remembers, per host, which ``Task`` produced each subtask entry, so the driver can replay subtask hooks
    exactly.

    ``Task.run`` stores a subtask's ``MultiResult`` in its parent, or only its ``Result`` when it has one; both
    are keyed by ``id()`` (the results keep them alive while the host's entries are kept). Threads write distinct
    hosts' dicts: safe in CPython.
    """

    def __init__(self) -> None:
        self.calls: dict[str, dict[int, Task]] = {}

    def task_started(self, task: Task) -> None:
        """Not called: the batch runs the task through a runner, not ``Nornir.run``."""

    def task_completed(self, task: Task, result: Any) -> None:
        """See ``task_started``."""

    def task_instance_started(self, task: Task, host: Host) -> None:
        """The driver replays the task's own hooks."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """See ``task_instance_started``."""

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Recorded once the subtask completed."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        calls = self.calls.setdefault(host.name, {})
        calls[id(result)] = task
        if len(result) == 1:
            calls[id(result[0])] = task


def _inventory(hosts: Iterable[PlainElement], groups: Mapping[str, PlainElement], defaults: PlainElement) -> Inventory:
    """Hosts, groups and defaults linked as an inventory plugin links them."""
    shared, built = shared_inventory(groups, defaults)
    members = Hosts()
    for plain in hosts:
        members[plain["name"]] = plain_host(plain, shared, built)
    return Inventory(hosts=members, groups=built, defaults=shared)


def shared_inventory(groups: Mapping[str, PlainElement], defaults: PlainElement) -> tuple[Defaults, Groups]:
    """The defaults and the groups, each group linked to its parents, built once for every host of a run."""
    shared = Defaults(**_attributes(defaults), data=defaults["data"], connection_options=_options(defaults))
    built = Groups({name: Group(name=name, defaults=shared, **_element(plain)) for name, plain in groups.items()})
    for name, plain in groups.items():
        built[name].groups = ParentGroups(built[parent] for parent in plain["groups"])
    return shared, built


def plain_host(plain: PlainElement, defaults: Defaults, groups: Groups) -> Host:
    """The ``Host`` of ``host.dict()``, linked to the run's defaults and groups."""
    host = Host(name=plain["name"], defaults=defaults, **_element(plain))
    host.groups = ParentGroups(groups[parent] for parent in plain["groups"])
    return host


def _element(plain: PlainElement) -> dict[str, Any]:
    return {**_attributes(plain), "data": plain["data"], "connection_options": _options(plain)}


def _attributes(plain: PlainElement) -> dict[str, Any]:
    return {key: plain[key] for key in ("hostname", "port", "username", "password", "platform")}


def _options(plain: PlainElement) -> dict[str, ConnectionOptions]:
    return {name: ConnectionOptions(**options) for name, options in plain["connection_options"].items()}


def _close_connections(hosts: list[Host], threads: int) -> None:
    """Log out of every device of the batch in parallel; a connection that fails to close is dropped anyway."""

    def close(host: Host) -> None:
        with suppress(Exception):
            host.close_connections()

    with ThreadPoolExecutor(max(1, min(threads, len(hosts)))) as pool:
        list(pool.map(close, hosts))
