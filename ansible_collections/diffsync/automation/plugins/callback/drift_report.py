# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
name: drift_report
type: aggregate
short_description: Write the drift report of a playbook run (JSON, JUnit XML, Markdown) when it ends
version_added: 0.1.0
description:
  - Collects the result of every M(diffsync.automation.sync) task per host and, when the playbook ends,
    writes the run's drift report with the diffsync-automation report renderers.
  - One entry per host; when a host runs the task more than once the last result counts.
    Hosts whose task failed (unreachable device, bad intended data, rejected command) appear as errors.
  - The JSON report follows the library's drift report schema (C(docs/drift-report.schema.json)); its
    C(exit_code) is 0 (in sync), 2 (drift found or left) or 1 (a host failed), for pipelines.
requirements:
  - diffsync-automation on the controller's Python
  - enable it with C(callbacks_enabled = diffsync.automation.drift_report) in C(ansible.cfg) or
    C(ANSIBLE_CALLBACKS_ENABLED=diffsync.automation.drift_report)
options:
  report_dir:
    description: Directory the reports are written to (created if missing).
    type: path
    default: drift-report
    env:
      - name: DIFFSYNC_REPORT_DIR
    ini:
      - section: callback_drift_report
        key: report_dir
  basename:
    description: File name of the reports without extension (C(.json), C(.xml), C(.md), C(.html) are added).
    type: str
    default: drift-report
    env:
      - name: DIFFSYNC_REPORT_BASENAME
    ini:
      - section: callback_drift_report
        key: basename
  formats:
    description: Report formats to write.
    type: list
    elements: str
    choices: [json, junit, markdown, html]
    default: [json, junit, markdown]
    env:
      - name: DIFFSYNC_REPORT_FORMATS
    ini:
      - section: callback_drift_report
        key: formats
"""

import os
import time
import traceback
import typing as t

from ansible.plugins.callback import CallbackBase

try:
    from diffsync_automation.report.model import DeviceReport, DeviceStatus, DriftReport, ReportError
    from diffsync_automation.report.render import write_reports
except ImportError:  # reported once, when the report would be written
    REPORT_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    REPORT_IMPORT_ERROR = None

SYNC_ACTIONS = frozenset(("diffsync.automation.sync",))
EXTENSIONS = {"json": ".json", "junit": ".xml", "markdown": ".md", "html": ".html"}
NOT_DRIFT_STATES = ("rendered", "gathered")


def device_entry(host: str, result: t.Mapping[str, t.Any], duration_s: float | None = None) -> t.Any:
    """The report entry of one host from its task result (a result without drift data is an error entry)."""
    dry_run = bool(result.get("dry_run", True))
    if "summary" not in result:
        kind = str(result.get("error_kind") or ("unreachable" if result.get("unreachable") else "failed"))
        return DeviceReport.from_error(host, kind, str(result.get("msg", "task failed")), dry_run=dry_run)
    data = dict(result, host=host, diff=result.get("structured_diff") or {})
    report = DeviceReport.from_device_result(data, duration_s=duration_s)
    if result.get("failed") and not report.errors and result.get("error_kind") != "drift":
        report.errors.append(ReportError(kind=str(result.get("error_kind") or "failed"), message=str(result["msg"])))
        report.status = DeviceStatus.ERROR
    return report


class CallbackModule(CallbackBase):
    """Aggregate callback: remembers sync results and writes the report in ``v2_playbook_on_stats``."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "diffsync.automation.drift_report"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._results: dict[str, tuple[dict[str, t.Any], float | None]] = {}
        self._started: dict[tuple[str, str], float] = {}

    # ------------------------------------------------------------------ collecting
    @staticmethod
    def _is_sync(task: t.Any) -> bool:
        return getattr(task, "resolved_action", None) in SYNC_ACTIONS

    def v2_runner_on_start(self, host: t.Any, task: t.Any) -> None:
        if self._is_sync(task):
            self._started[(host.get_name(), task._uuid)] = time.monotonic()

    def _remember(self, result: t.Any) -> None:
        if not self._is_sync(result.task):
            return
        data = dict(result.result)
        if data.get("state") in NOT_DRIFT_STATES:
            return
        host = result.host.get_name()
        started = self._started.pop((host, result.task._uuid), None)
        self._results[host] = (data, None if started is None else round(time.monotonic() - started, 3))

    def v2_runner_on_ok(self, result: t.Any) -> None:
        self._remember(result)

    def v2_runner_on_failed(self, result: t.Any, ignore_errors: bool = False) -> None:
        self._remember(result)

    def v2_runner_on_unreachable(self, result: t.Any) -> None:
        self._remember(result)

    # ------------------------------------------------------------------ writing
    def v2_playbook_on_stats(self, stats: t.Any) -> None:
        if not self._results:
            return
        self._display.banner("DIFFSYNC DRIFT REPORT")
        if REPORT_IMPORT_ERROR is not None:
            self._display.warning(
                "diffsync.automation.drift_report: cannot write the report, the diffsync-automation library "
                f"does not import on the controller: {REPORT_IMPORT_ERROR.strip().splitlines()[-1]}"
            )
            return
        report = self._report()
        try:
            written = write_reports(report, **self._paths())
        except OSError as exc:
            self._display.warning(f"diffsync.automation.drift_report: cannot write the report: {exc}")
            return
        totals = report.totals
        self._display.display(
            f"{totals.devices} hosts: {totals.in_sync} in sync, {totals.drift} drift, {totals.synced} synced, "
            f"{totals.error} error (exit code {report.exit_code})"
        )
        self._display.display("wrote " + ", ".join(str(path) for path in written))

    def _report(self) -> t.Any:
        dry_runs = [bool(data.get("dry_run", True)) for data, _duration in self._results.values()]
        report = DriftReport(mode="check" if all(dry_runs) else "sync")
        for host in sorted(self._results):
            data, duration = self._results[host]
            report.add(device_entry(host, data, duration))
        return report.finish()

    def _paths(self) -> dict[str, str]:
        directory = self.get_option("report_dir")
        basename = self.get_option("basename")
        formats = self.get_option("formats")  # the choices are checked by Ansible's config manager
        return {
            f"{name}_path": os.path.join(directory, basename + extension)
            for name, extension in EXTENSIONS.items()
            if name in formats
        }
