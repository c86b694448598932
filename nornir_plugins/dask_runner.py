"""``DaskRunner``: a Nornir runner plugin (``dask``) that runs each host's task on a dask.distributed cluster.

Fleets of tens of thousands of devices outgrow one machine. This runner sends hosts in batches to Dask workers
(``_remote_batch.run_batch``), where Nornir's threaded runner runs the task, and rebuilds a normal
``AggregatedResult`` from the plain results that come back (``_plain_results``). As each batch returns, the
processor hooks the task would have called on the worker (``task_instance_started``, the subtask hooks,
``task_instance_completed``) are replayed on the driver, so run-wide processors such as ``DriftReportProcessor``
see what they see under the threaded runner.

The driver's stop request (SIGINT/SIGTERM in the CLI, ``network.stop.RUN_STOP``) is forwarded to the workers
through two ``distributed.Event`` of the run, so hosts of running and later batches are not started and pushes
under way stop as on the threaded runner.

A batch whose worker dies is rescheduled by Dask on another worker; after ``distributed.scheduler.allowed-failures``
deaths, or any other failure of the batch itself, every host of the batch gets a failed result carrying a
``DaskBatchError`` that names the cause. No host is ever missing from the result.

dask is imported only when a run starts: Nornir loads every runner entry point at ``InitNornir``, and the
``[dask]`` extra is optional. See docs/scale.md.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, cast

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from nornir.plugins.runners import ThreadedRunner

from diffsync_automation.network.stop import RUN_STOP
from nornir_plugins._plain_results import PlainHost, RemoteTaskError, decode_host
from nornir_plugins._remote_batch import load_spec, pickled_spec, run_batch, stop_event_names
from nornir_plugins._replay import failed_result, host_task, replay, runs_in_process
from nornir_plugins.errors import NornirPluginError

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

__all__ = ["DEFAULT_BATCH_SIZE", "DaskBatchError", "DaskRunner", "RemoteTaskError", "start_local_cluster"]

DEFAULT_BATCH_SIZE = 25
"""Hosts per Dask task; docs/scale.md explains the choice."""


class DaskBatchError(NornirPluginError):
    """The batch holding this host failed as a whole (its workers died, or the worker could not run it)."""


class DaskRunner:
    """Run a Nornir task on a Dask cluster, ``batch_size`` hosts per Dask task.

    Args:
        scheduler: address of a running Dask scheduler (``tcp://10.0.0.5:8786``).
        workers: without ``scheduler``, start a local cluster of this many worker processes on 127.0.0.1
            (one per CPU core when None); it lives until ``close()`` or the end of the program.
        batch_size: hosts per Dask task.
        num_workers: threads running a batch's hosts on the worker (default: ``batch_size``, all at once).
        retries: Dask retries of a batch that raised (a worker's death is retried by the scheduler instead).
        client: an existing ``distributed.Client`` to use (Python API only; ``close()`` leaves it open).

    The task function must be importable on the workers (a module installed there) and it and its parameters
    must pickle. Each batch opens and closes its own device connections. Nornir's own housekeeping tasks
    (``close_connections``) act on the driver's connections and run in-process.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        num_workers: int | None = None,
        retries: int = 1,
        client: Client | None = None,
    ) -> None:
        if sum(option is not None for option in (scheduler, workers, client)) > 1:
            raise ValueError("give at most one of scheduler, workers and client")
        for name, value, least in (("workers", workers, 1), ("num_workers", num_workers, 1)):
            if value is not None and value < least:
                raise ValueError(f"{name} must be at least {least}, not {value}")
        if batch_size < 1 or retries < 0:
            raise ValueError(f"batch_size must be at least 1 and retries at least 0, not {batch_size}, {retries}")
        self.scheduler = scheduler
        self.workers = workers
        self.batch_size = batch_size
        self.num_workers = num_workers or batch_size
        self.retries = retries
        self._session = _Session(client)
        weakref.finalize(self, self._session.close)

    @property
    def client(self) -> Client:
        """The Dask client, connected (and the local cluster started) on first use."""
        return self._session.connect(self.scheduler, self.workers)

    def close(self) -> None:
        """Disconnect, and stop the local cluster this runner started; safe to call twice."""
        self._session.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        if runs_in_process(task):
            return ThreadedRunner(self.num_workers).run(task, hosts)
        if not hosts:
            return AggregatedResult(task.name)
        client: Any = self.client
        run_id = uuid.uuid4().hex[:8]
        blob = pickled_spec(task, self.num_workers, "Dask workers", f"nornir-stop-{run_id}")
        # A task of its own: each worker fetches and unpickles the spec once, and the scheduler recomputes it
        # from the blob if the workers holding it die.
        spec = client.submit(load_spec, blob, key=f"nornir-spec-{task.name}-{run_id}")
        pending: dict[Future[list[PlainHost]], list[Host]] = {}
        for number, start in enumerate(range(0, len(hosts), self.batch_size)):
            batch = hosts[start : start + self.batch_size]
            key = f"nornir-{task.name}-{run_id}-{number}"
            future = client.submit(run_batch, spec, [host.dict() for host in batch], key=key, retries=self.retries)
            pending[future] = batch
        del spec  # the scheduler keeps it while a batch still needs it
        collected: dict[str, MultiResult] = {}
        try:
            with _forwarding_stop(client, f"nornir-stop-{run_id}"):
                for future in _distributed().as_completed(list(pending), loop=client.loop):
                    for host, multi in _host_results(future, pending.pop(future), task):  # popped: results freed
                        collected[host.name] = multi
        except BaseException:
            client.cancel(list(pending))  # interrupted (Ctrl-C, a failing processor): stop the rest
            raise
        result = AggregatedResult(task.name)
        for host in hosts:
            result[host.name] = collected[host.name]
        return result


class _Session:
    """The client (and the local cluster) a runner uses; created on demand, closed once."""

    def __init__(self, client: Client | None) -> None:
        self._client: Any = client
        self._owned = client is None
        self._cluster: Any = None

    def connect(self, scheduler: str | None, workers: int | None) -> Client:
        if self._client is not None:
            return cast("Client", self._client)
        distributed = _distributed()
        if scheduler is not None:
            self._client = distributed.Client(scheduler, set_as_default=False)
        else:
            self._cluster = start_local_cluster(workers)
            self._client = distributed.Client(self._cluster, set_as_default=False)
        return cast("Client", self._client)

    def close(self) -> None:
        client, cluster, self._cluster = self._client, self._cluster, None
        if self._owned:
            self._client = None
            if client is not None:
                client.close()
        if cluster is not None:
            cluster.close()


def start_local_cluster(workers: int | None, **options: Any) -> LocalCluster:
    """A ``distributed.LocalCluster`` of single-threaded worker processes, every port on 127.0.0.1 and chosen by
    the OS; ``options`` go to ``LocalCluster``.

    The workers' statistical profiler is off: it samples ``sys._current_frames()``, which can deadlock a worker
    running many threads on Python 3.11 before 3.11.9 (CPython gh-106883), and its samples serve only the
    dashboard, which this cluster does not have.
    """
    import dask

    settings: dict[str, Any] = {
        "n_workers": workers,
        "threads_per_worker": 1,
        "processes": True,
        "host": "127.0.0.1",
        "scheduler_port": 0,
        "dashboard_address": "127.0.0.1:0",  # the scheduler's HTTP server (health, metrics) starts anyway
        "silence_logs": logging.ERROR,
    }
    with dask.config.set({"distributed.worker.profile.enabled": False}), _workers_ignore_sigint():
        return cast("LocalCluster", _distributed().LocalCluster(**{**settings, **options}))


@contextmanager
def _workers_ignore_sigint() -> Iterator[None]:
    """Start worker processes with SIGINT ignored (they keep it ignored): a terminal's Ctrl-C reaches the whole
    process group, and the driver, not each worker, decides how a run stops (``network.stop``)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _distributed() -> Any:
    """The ``distributed`` package (untyped), imported when a run needs it."""
    try:
        return importlib.import_module("distributed")
    except ImportError as error:
        raise ImportError("the dask runner needs the [dask] extra: pip install 'diffsync-automation[dask]'") from error


@contextmanager
def _forwarding_stop(client: Any, key: str, interval: float = 0.1) -> Iterator[None]:
    """While the run's batches are out, set the run's stop events once ``RUN_STOP`` drains or aborts."""
    drain, abort = (_distributed().Event(name, client=client) for name in stop_event_names(key))
    finished = threading.Event()

    def forward() -> None:
        drained = False
        with suppress(Exception):  # the cluster went away: the batches fail on their own
            while not finished.wait(interval):
                if RUN_STOP.aborting:
                    abort.set()
                    return
                if RUN_STOP.draining and not drained:
                    drain.set()
                    drained = True

    forwarder = threading.Thread(target=forward, name="nornir-stop-forwarder", daemon=True)
    forwarder.start()
    try:
        yield
    finally:
        finished.set()
        forwarder.join()
        for event in (drain, abort):
            with suppress(Exception):
                event.clear()


def _host_results(future: Future[list[PlainHost]], batch: list[Host], task: Task) -> Iterator[tuple[Host, MultiResult]]:
    """Each host's rebuilt results, after replaying its processor hooks; failures of the batch fail every host."""
    reason = f"batch {future.key} returned no result for this host"
    try:
        plain = {entry["host"]: entry for entry in future.result()}
    except Exception as error:
        reason = f"batch {future.key} failed on the Dask cluster: {type(error).__name__}: {error}"
        plain = {}
    for host in batch:
        copy = host_task(task, host)
        if host.name in plain:
            multi, hooks = decode_host(plain[host.name], host, copy)
        else:
            multi, hooks = failed_result(host, task.name, DaskBatchError(f"host {host.name}: {reason}")), []
        replay(copy, host, multi, hooks)
        yield host, multi
