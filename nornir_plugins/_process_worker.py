"""What a worker process of ``ProcessRunner`` runs: hosts arrive one by one over a pipe, results go back.

The driver ships the run once (``RunSpec``, as for Dask workers) when it starts the process, then hosts as
``host.dict()``. ``spec.num_workers`` threads take hosts from a local queue, run the task on each (``Task.start``, as
Nornir's threaded runner does), log out of the device at once and send the host's plain result back
(``_plain_results``). Messages to the driver: ``("started", name)``, ``("done", PlainHost)``. From the driver:
``("host", plain)``, ``("drain",)``, ``("abort",)`` (mirrored into this process's ``RUN_STOP``) and
``("end",)``. A closed pipe means the driver is gone: the worker aborts its hosts and exits, so no worker
outlives its run.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import Any

from nornir.core.inventory import Hosts, Inventory

from diffsync_automation.network.stop import RUN_STOP
from nornir_plugins._collector import collect_for_long_runs
from nornir_plugins._plain_results import encode_host
from nornir_plugins._remote_batch import (
    PlainElement,
    RunSpec,
    load_spec,
    plain_host,
    prepare_worker,
    shared_inventory,
    spec_task,
)
from nornir_plugins.connection import connection_secrets

Send = Callable[[tuple[Any, ...]], None]


def serve(connection: Connection, blob: bytes) -> None:
    """The worker process's main function: run hosts of the pickled spec until the driver says ``end`` or goes
    away."""
    # Ctrl-C and SIGTERM reach the whole process group; the driver decides how the run stops and tells us.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    prepare_worker()
    spec = load_spec(blob)
    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with send_lock, suppress(OSError):  # the driver went away: the reader below ends the worker
            connection.send(message)

    runner = _HostRunner(spec, send)
    collect_for_long_runs()
    local: queue.SimpleQueue[PlainElement | None] = queue.SimpleQueue()
    workers = [threading.Thread(target=runner.work, args=(local,), name=f"nornir-{n}") for n in range(spec.num_workers)]
    for worker in workers:
        worker.start()
    try:
        _read(connection, local)
    finally:
        for _ in workers:
            local.put(None)
        for worker in workers:
            worker.join()
        connection.close()


def _read(connection: Connection, local: queue.SimpleQueue[PlainElement | None]) -> None:
    """Hand the driver's hosts to the threads and its stop requests to ``RUN_STOP``, until ``end``."""
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the driver died or closed the pipe: stop what is under way
            RUN_STOP.abort()
            return
        kind = message[0]
        if kind == "host":
            local.put(message[1])
        elif kind == "drain":
            RUN_STOP.drain()
        elif kind == "abort":
            RUN_STOP.abort()
        elif kind == "end":
            return


class _HostRunner:
    """One Nornir over the run's groups and defaults; each host joins its inventory while it runs."""

    def __init__(self, spec: RunSpec, send: Send) -> None:
        self._defaults, self._groups = shared_inventory(spec.groups, spec.defaults)
        self._hosts = Hosts()
        inventory = Inventory(hosts=self._hosts, groups=self._groups, defaults=self._defaults)
        self._task, self._recorder = spec_task(spec, inventory)
        self._send = send

    def work(self, local: queue.SimpleQueue[PlainElement | None]) -> None:
        """A thread's loop: run hosts from ``local`` until it hands out None."""
        while (plain := local.get()) is not None:
            host = plain_host(plain, self._defaults, self._groups)
            self._hosts[host.name] = host
            self._send(("started", host.name))
            message: tuple[Any, ...]
            try:
                multi = self._task.copy().start(host)
                calls = self._recorder.calls.pop(host.name, {})
                message = ("done", encode_host(host.name, multi, calls, connection_secrets(host)))
            except BaseException as error:  # Task.start catches Exception; the driver must still hear of the host
                message = ("lost", host.name, f"{type(error).__name__}: {error}")
            finally:
                with suppress(Exception):  # a device that went away cannot be logged out of
                    host.close_connections()
                self._hosts.pop(host.name, None)
                self._recorder.calls.pop(host.name, None)
            self._send(message)
