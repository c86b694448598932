"""``RUN_STOP``: the process-wide request to stop a run, set by a signal handler and read by the workers.

A run stops in two steps, as an operator cancelling a job expects. ``drain()`` (the first signal): no device
starts, and no push starts; pushes already under way finish their configuration session. ``abort()`` (a second
signal, or the end of the grace period): pushes stop before their next line. Signals reach the whole process,
so the request is process-wide; ``reset()`` clears it when a new run starts.
"""

from __future__ import annotations

import threading

from diffsync_automation.network.errors import Interrupted


class RunStop:
    """A stop request with two levels, draining and aborting, safe to set from a signal handler."""

    def __init__(self) -> None:
        self._draining = threading.Event()
        self._aborting = threading.Event()

    @property
    def draining(self) -> bool:
        """No device and no push may start."""
        return self._draining.is_set()

    @property
    def aborting(self) -> bool:
        """Pushes under way must stop before their next line."""
        return self._aborting.is_set()

    def drain(self) -> None:
        self._draining.set()

    def abort(self) -> None:
        self._draining.set()
        self._aborting.set()

    def wait_abort(self, timeout: float | None) -> bool:
        """Wait until ``abort()``; whether it came within ``timeout`` seconds."""
        return self._aborting.wait(timeout)

    def reset(self) -> None:
        self._aborting.clear()
        self._draining.clear()


RUN_STOP = RunStop()
"""The stop request of the run in this process."""


def refuse_if_stopped(host: str, stop: RunStop = RUN_STOP) -> None:
    """Raise ``Interrupted`` when the run is stopping: a device is not started after the signal."""
    if stop.draining:
        raise Interrupted(host, "not started: the run was stopped before this device's turn")
