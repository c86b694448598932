"""``CloseConnectionsProcessor``: each host logs out when its task ends, not when the whole run ends."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from nornir_fleet import FleetFactory

from nornir_plugins import CloseConnectionsProcessor, DriftReportProcessor, diffsync_sync

pytestmark = pytest.mark.lab


class SessionProbe:
    """Placed before the closer, remembers each host's SSH transport; placed after it, records what is still open."""

    def __init__(self, transports: dict[str, Any], *, before_close: bool) -> None:
        self.transports = transports
        self.before_close = before_close
        self.still_open: list[str] = []
        self._lock = threading.Lock()

    def task_started(self, task: Task) -> None:
        """Probing happens per host."""

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        """Probing happens per host."""

    def task_instance_started(self, task: Task, host: Host) -> None:
        """The session opens inside the task."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        with self._lock:
            if self.before_close:
                for plugin in host.connections.values():
                    self.transports[host.name] = plugin.connection.remote_conn.get_transport()
                return
            transport = self.transports.get(host.name)
            if host.connections or (transport is not None and transport.is_active()):
                self.still_open.append(host.name)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Subtasks share the host's connection."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Subtasks share the host's connection."""


def test_each_host_logs_out_as_soon_as_its_task_ends(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(6)
    fleet.lab["sw06"].set_faults(reject_login=True)  # a failing host does not disturb the others
    nr = fleet.nornir(dry_run=True, runner={"plugin": "threaded", "options": {"num_workers": 2}})
    transports: dict[str, Any] = {}
    drift, opened, after = (
        DriftReportProcessor(),
        SessionProbe(transports, before_close=True),
        SessionProbe(transports, before_close=False),
    )

    result = nr.with_processors([drift, opened, CloseConnectionsProcessor(), after]).run(task=diffsync_sync)

    assert sorted(result.failed_hosts) == ["sw06"]
    assert drift.report.totals.drift == 5 and drift.report.totals.error == 1
    assert sorted(transports) == ["sw01", "sw02", "sw03", "sw04", "sw05"]  # each was open when its task ended
    assert after.still_open == []
