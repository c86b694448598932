"""``ProcessRunner``: a Nornir runner plugin (``processes``) that spreads hosts over worker processes on this machine.

A check spends its CPU in Python (SSH, parsing, validation, the diff), so Nornir's threaded runner uses one core
whatever the thread count, and every thread contends for one interpreter lock. This runner starts ``processes``
workers (``_process_worker``), each running ``num_workers`` threads, and hands hosts out one at a time as
threads free up, so a slow device never holds up a batch. Each host's result comes back as plain data
(``_plain_results``) and the processor hooks its task made are replayed on the driver (``_replay``): processors
such as ``DriftReportProcessor`` and progress bars see exactly what they see under the threaded runner.

The driver's stop request (SIGINT/SIGTERM in the CLI, ``network.stop.RUN_STOP``) is forwarded to the workers,
which ignore the signals themselves. A host whose worker dies while checking it gets a failed result naming the
cause; hosts the dead worker had not started go to the other workers. No host is ever missing from the result,
and no worker outlives the run: a worker whose driver disappears stops on its own.

Workers are forked from a fork server that has imported the task's module once (``spawn`` where there is no
fork server), so the task function and its parameters must pickle (a module-level function does).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from nornir.plugins.runners import ThreadedRunner

from diffsync_automation.network.stop import RUN_STOP
from nornir_plugins._plain_results import PlainHost, decode_host
from nornir_plugins._remote_batch import pickled_spec
from nornir_plugins._replay import failed_result, host_task, replay, runs_in_process
from nornir_plugins.errors import NornirPluginError

__all__ = ["DEFAULT_THREADS", "ProcessRunner", "WorkerProcessError"]

DEFAULT_THREADS = 25
"""Threads per worker process; docs/performance.md ("Fleet runs") gives the measurements behind it."""

_PREFETCH = 2
"""Hosts a worker holds beyond one per thread, so a thread that finishes finds its next host waiting."""

_POLL = 0.1
"""Seconds between two looks at the stop request while waiting for the workers."""

_EXIT_WAIT = 5.0
"""Seconds a worker gets to log out and exit after the run before it is killed."""


class WorkerProcessError(NornirPluginError):
    """The worker process running this host died, or could not run the task at all."""


def default_processes() -> int:
    """One worker per CPU this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ProcessRunner:
    """Run a Nornir task over ``processes`` worker processes of ``num_workers`` threads each.

    Args:
        processes: worker processes (default: one per usable CPU); never more than there are hosts.
        num_workers: threads per worker process, i.e. devices each worker handles at once.

    Each host's connections are opened and closed in the worker that runs it. Nornir's own housekeeping tasks
    (``close_connections``) act on the driver's connections and run in-process.
    """

    def __init__(self, processes: int | None = None, num_workers: int = DEFAULT_THREADS) -> None:
        processes = default_processes() if processes is None else processes
        if processes < 1 or num_workers < 1:
            raise ValueError(f"processes and num_workers must be at least 1, not {processes}, {num_workers}")
        self.processes = processes
        self.num_workers = num_workers

    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        if runs_in_process(task) or not hosts:
            return ThreadedRunner(self.num_workers).run(task, hosts)
        run = _Run(task, hosts, min(self.processes, len(hosts)), self.num_workers)
        try:
            run.collect()
        finally:
            run.close()
        result = AggregatedResult(task.name)
        for host in hosts:
            result[host.name] = run.collected[host.name]
        return result


class _Worker:
    """One worker process, its end of the pipe and the hosts handed to it that have not come back."""

    def __init__(self, context: BaseContext, blob: bytes, capacity: int, number: int) -> None:
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, blob), name=f"nornir-worker-{number}", daemon=True
        )
        self.process.start()
        child.close()
        self.capacity = capacity
        self.assigned: dict[str, Host] = {}
        self.started: set[str] = set()
        self.alive = True

    def send(self, message: tuple[Any, ...]) -> bool:
        """Whether the message reached the pipe (False: the worker is gone)."""
        try:
            self.connection.send(message)
        except (OSError, ValueError):
            return False
        return True

    def messages(self) -> Iterator[tuple[Any, ...]]:
        """What the worker sent so far; ends the worker's life on a closed pipe."""
        try:
            while self.connection.poll():
                yield self.connection.recv()
        except (EOFError, OSError):
            self.alive = False

    def stop(self) -> None:
        """Tell the worker to finish, give it ``_EXIT_WAIT`` seconds, then kill it."""
        self.send(("end",))
        self.process.join(_EXIT_WAIT)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _serve(connection: Connection, blob: bytes) -> None:
    """The worker's entry point; the worker module is imported in the child (the fork server has it already)."""
    from nornir_plugins._process_worker import serve

    serve(connection, blob)


class _Run:
    """The driver's side of one run: hand hosts out, collect and replay their results, forward stop requests."""

    def __init__(self, task: Task, hosts: list[Host], processes: int, threads: int) -> None:
        self._task = task
        self._queue = deque(hosts)
        self.collected: dict[str, MultiResult] = {}
        self._forwarded: set[str] = set()
        blob = pickled_spec(task, threads, "worker processes")
        context = _context(task)
        self._workers = [_Worker(context, blob, threads + _PREFETCH, number) for number in range(processes)]

    def collect(self) -> None:
        """Until every host has a result: dispatch, read the workers' messages, notice the dead ones."""
        total = len(self.collected) + len(self._queue)
        for worker in self._workers:
            self._fill(worker)
        while len(self.collected) < total:
            self._forward_stop()
            live = [worker for worker in self._workers if worker.alive]
            if not live:
                self._fail_queued("no worker process is left to run this host")
                break
            ready = set(wait([w.connection for w in live] + [w.process.sentinel for w in live], _POLL))
            for worker in live:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._read(worker)

    def _read(self, worker: _Worker) -> None:
        for message in worker.messages():
            self._handle(worker, message)
        if worker.alive and not worker.process.is_alive():
            for message in worker.messages():  # what it sent just before it exited
                self._handle(worker, message)
            worker.alive = False
        if worker.alive:
            self._fill(worker)
        else:
            self._bury(worker)

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        name: str = message[1]["host"] if kind == "done" else message[1]
        if kind == "started":
            worker.started.add(name)
            return
        worker.started.discard(name)
        host = worker.assigned.pop(name)
        if kind == "done":
            self._finish(host, plain=message[1])
        else:  # "lost"
            self._finish(host, error=f"the worker process could not run it: {message[2]}")

    def _finish(self, host: Host, plain: PlainHost | None = None, error: str = "") -> None:
        """Rebuild (or fail) the host's result and replay its processor hooks."""
        copy = host_task(self._task, host)
        if plain is not None:
            multi, hooks = decode_host(plain, host, copy)
        else:
            multi, hooks = failed_result(host, self._task.name, WorkerProcessError(f"host {host.name}: {error}")), []
        replay(copy, host, multi, hooks)
        self.collected[host.name] = multi

    def _bury(self, worker: _Worker) -> None:
        """A dead worker's started hosts fail; the ones it had not started go back to the queue."""
        worker.process.join(_EXIT_WAIT)  # its pipe closes a moment before it can be reaped
        code = worker.process.exitcode
        for name, host in list(worker.assigned.items()):
            if name in worker.started:
                self._finish(host, error=f"its worker process died (exit code {code}) while running it")
            else:
                self._queue.appendleft(host)
        worker.assigned.clear()
        worker.started.clear()
        for other in self._workers:
            if other.alive:
                self._fill(other)

    def _fill(self, worker: _Worker) -> None:
        while self._queue and len(worker.assigned) < worker.capacity:
            host = self._queue.popleft()
            if not worker.send(("host", host.dict())):
                self._queue.appendleft(host)
                worker.alive = False
                return
            worker.assigned[host.name] = host

    def _forward_stop(self) -> None:
        wanted = "abort" if RUN_STOP.aborting else "drain" if RUN_STOP.draining else ""
        if wanted and wanted not in self._forwarded:
            self._forwarded.add(wanted)
            for worker in self._workers:
                worker.send((wanted,))

    def _fail_queued(self, reason: str) -> None:
        while self._queue:
            self._finish(self._queue.popleft(), error=reason)

    def close(self) -> None:
        """Stop every worker (killing those that do not exit in time); abort the ones still running hosts."""
        if any(worker.assigned for worker in self._workers):  # the driver was interrupted
            for worker in self._workers:
                worker.send(("abort",))
        for worker in self._workers:
            worker.stop()


def _context(task: Task) -> BaseContext:
    """A fork server that has imported the task's module (the workers fork from it), or ``spawn`` without one."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    modules = ["nornir_plugins._process_worker", getattr(task.task, "__module__", None)]
    context.set_forkserver_preload([name for name in modules if name and name != "__main__"])
    return context
