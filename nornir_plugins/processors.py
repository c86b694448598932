"""``DriftReportProcessor``: one run-wide drift report from every host's result.

Nornir's threaded runner calls the per-host hooks from its worker threads, so every change of the report
happens under a lock. Each ``nr.run`` starts a new report; read it from ``report`` once the run returned.
Nornir does not run a host that failed in an earlier run of the same Nornir object unless told to
(``on_failed=True``, ``nr.data.reset_failed_hosts()``), and no hook sees such a host: the report lists it as a
``skipped`` error when the run ends, so a report never holds fewer hosts than the run's inventory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Result, Task

from diffsync_automation.report.model import SKIPPED_KIND, DeviceReport, DriftReport
from nornir_plugins.errors import DriftCheckError


class DriftReportProcessor:
    """Collect the drift report of ``diffsync_sync`` / ``diffsync_generic_sync`` runs (also as subtasks).

    A host whose task failed without a drift result (an exception before the check) is reported as an error
    of kind ``<ExceptionClass>``; a host of the inventory that the run did not execute, as an error of kind
    ``skipped``; a host whose tasks succeeded without any drift result is left out.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._report = DriftReport()
        self._dry_run = True

    @property
    def report(self) -> DriftReport:
        """The report of the current (or last) run; finished (sorted, end time set) when the run returned."""
        with self._lock:
            return self._report

    def task_started(self, task: Task) -> None:
        dry_run = task.is_dry_run(_dry_run_param(task))
        with self._lock:
            self._dry_run = dry_run
            self._report = DriftReport(mode="check" if dry_run else "sync")

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        failed_before = task.nornir.data.failed_hosts
        skipped = [
            DeviceReport.from_error(
                name, SKIPPED_KIND, _skipped_message(name, name in failed_before), dry_run=self._dry_run
            )
            for name in task.nornir.inventory.hosts
            if name not in result
        ]
        with self._lock:
            for device in skipped:
                self._report.add(device)
            self._report.finish()

    def task_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to record before the host's task ran."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        device = self._device_report(host, result)
        if device is not None:
            with self._lock:
                self._report.add(device)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Subtask results are read from the parent's ``MultiResult`` when the host's task completes."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """See ``subtask_instance_started``."""

    def _device_report(self, host: Host, result: MultiResult) -> DeviceReport | None:
        """The drift entry of one host: from the first drift result or ``DriftCheckError``, else from the failure."""
        for item in _results(result):
            report = getattr(item, "drift_report", None)
            if isinstance(report, DeviceReport):
                return report
            if isinstance(item.exception, DriftCheckError):
                return item.exception.report
        if not result.failed:
            return None
        # A parent task fails with NornirSubTaskError; the subtask's own exception is the cause.
        raised = [item.exception for item in _results(result) if item.exception is not None]
        cause = next((error for error in raised if not isinstance(error, NornirSubTaskError)), None)
        if cause is None:
            return DeviceReport.from_error(host.name, "failed", str(result.result), dry_run=self._dry_run)
        return DeviceReport.from_error(host.name, type(cause).__name__, str(cause), dry_run=self._dry_run)


def _results(result: MultiResult) -> Iterator[Result]:
    """Every ``Result`` of a host, subtasks included (a nested subtask appears as a ``MultiResult``)."""
    for item in result:
        if isinstance(item, MultiResult):
            yield from _results(item)
        else:
            yield item


def _skipped_message(host: str, failed_before: bool) -> str:
    if failed_before:
        return (
            f"host {host}: skipped: it failed in an earlier run of this Nornir object (nr.data.failed_hosts);"
            " call nr.data.reset_failed_hosts() or run with on_failed=True to check it again"
        )
    return f"host {host}: skipped: the run did not execute it (on_good=False)"


def _dry_run_param(task: Task) -> bool | None:
    value = task.params.get("dry_run")
    return value if isinstance(value, bool) else None
