"""``CloseConnectionsProcessor``: log out of each host as soon as its task finished.

Nornir keeps every connection open until ``close_connections()``, so a dry run followed by an apply logs in once.
A one-shot run over a fleet pays for that: each open netmiko session keeps its paramiko transport thread and
socket alive, a thousand of them by the end of the run, and the idle threads compete for the CPU with the
devices still being checked. This processor closes the host's connections from the worker thread that ran it.
"""

from __future__ import annotations

from contextlib import suppress

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task


class CloseConnectionsProcessor:
    """Close a host's connections when its task completed (successfully or not)."""

    def task_started(self, task: Task) -> None:
        """Connections open per host."""

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        """Every host closed its own connections already."""

    def task_instance_started(self, task: Task, host: Host) -> None:
        """The task opens the connection it needs."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        with suppress(Exception):  # a device that went away cannot be logged out of; the socket is closed anyway
            host.close_connections()

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Subtasks share the host's connection."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Subtasks share the host's connection."""
