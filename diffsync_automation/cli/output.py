"""What the drift commands show in the terminal: a progress bar on stderr, then a table and a summary on stdout.

The progress bar is transient and goes to stderr, so ``stdout`` stays the table alone (safe to pipe or log);
outside a terminal rich draws no bar at all and nothing wraps, so each line stays whole for ``grep`` in CI
logs. A report option given ``-`` claims stdout: stdout then carries that report only, the table and every
message go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from diffsync_automation.report.model import DeviceReport, DeviceStatus, DriftReport, RunTotals
from diffsync_automation.report.view import STATUS_LABELS, change_counts, headline

STATUS_STYLES = {
    DeviceStatus.IN_SYNC: "green",
    DeviceStatus.DRIFT: "yellow",
    DeviceStatus.SYNCED: "cyan",
    DeviceStatus.ERROR: "bold red",
    DeviceStatus.INTERRUPTED: "bold magenta",
    DeviceStatus.NOT_STARTED: "magenta",
}
EXIT_MEANINGS = {0: "no drift", 1: "error", 2: "drift found", 130: "interrupted"}

STDOUT_PATH = Path("-")
UNWRAPPED_WIDTH = 100_000
"""Console width outside a terminal: wide enough that no table row or summary line wraps."""


def _console(*, to_stderr: bool, no_color: bool = False) -> Console:
    console = Console(stderr=to_stderr, highlight=False, no_color=no_color)
    if not console.is_terminal:
        console = Console(stderr=to_stderr, highlight=False, no_color=no_color, width=UNWRAPPED_WIDTH, soft_wrap=True)
    return console


screen = _console(to_stderr=False)
"""Where the table and messages go: stdout, or stderr once a report claimed stdout."""
stderr = _console(to_stderr=True)
_claimed_by: list[str] = []


def configure(*, no_color: bool) -> None:
    """Fresh consoles for one command-line run (``--no-color``; rich also honours ``NO_COLOR``)."""
    global screen, stderr
    screen = _console(to_stderr=False, no_color=no_color)
    stderr = _console(to_stderr=True, no_color=no_color)
    _claimed_by.clear()


def claim_stdout(option: str) -> None:
    """A report option was given ``-``: stdout carries that report alone, everything else goes to stderr."""
    global screen
    if _claimed_by:
        raise ValueError(f"only one report can go to stdout ('-'): {_claimed_by[0]} already does")
    _claimed_by.append(option)
    screen = stderr


def write_reports(report: DriftReport, paths: dict[str, Path | None]) -> list[Path]:
    """Write each report whose path is given (``-``: to stdout); the files written."""
    from diffsync_automation.report import render

    renderers: dict[str, Callable[[DriftReport], str]] = {
        "json": render.render_json,
        "junit": render.render_junit,
        "markdown": render.render_markdown,
        "html": render.render_html,
    }
    to_stdout = [name for name, path in paths.items() if path == STDOUT_PATH]
    files = {f"{name}_path": None if path == STDOUT_PATH else path for name, path in paths.items()}
    written = render.write_reports(report, **files)
    for name in to_stdout:
        sys.stdout.write(renderers[name](report))
        sys.stdout.flush()
    return written


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A transient progress bar on stderr, for ``ProgressProcessor``."""
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        yield progress


def device_table(report: DriftReport, command: str) -> Table:
    """One row per device: host, platform, status, objects to create/update/delete, errors."""
    table = Table(title=f"{report.tool} {command}", title_justify="left")
    table.add_column("Host", style="bold", no_wrap=True)
    table.add_column("Platform")
    table.add_column("Status")
    for action in ("Create", "Update", "Delete"):
        table.add_column(action, justify="right")
    checked = bool(report.totals.compliance)
    if checked:
        table.add_column("Config features")
    table.add_column("Errors", overflow="fold")
    for device in report.devices:
        create, update, delete = change_counts(device)
        features = [compliance_cell(device)] if checked else []
        errors = "; ".join(
            f"{error.kind}: {error.message.removeprefix(f'host {device.host}: ')}" for error in device.errors
        )
        table.add_row(
            device.host,
            device.platform,
            Text(STATUS_LABELS[device.status], style=STATUS_STYLES[device.status]),
            str(create),
            str(update),
            str(delete),
            *features,
            Text(errors, style="red"),
        )
    return table


def compliance_cell(device: DeviceReport) -> str:
    """``2 of 6 not compliant: acl, snmp``, ``6 compliant``, or empty for a device without intended config."""
    failing = [name for name, feature in device.compliance.items() if not feature.compliant]
    if failing:
        return f"{len(failing)} of {len(device.compliance)} not compliant: {', '.join(failing)}"
    return f"{len(device.compliance)} compliant" if device.compliance else ""


def show_report(report: DriftReport, written: list[Path], command: str) -> None:
    """The device table (captioned with the command that ran), the totals and the reports written, on the screen."""
    totals = report.totals
    screen.print(device_table(report, command))
    screen.print(
        f"{headline(report)}: {totals.in_sync} in sync, {totals.drift} drift, {totals.synced} synced, "
        f"{totals.error} error{_interrupted(totals)}; "
        f"objects: {totals.create} create, {totals.update} update, {totals.delete} delete"
    )
    for path in written:
        screen.print(f"report written: {path}")


def _interrupted(totals: RunTotals) -> str:
    if not (totals.interrupted or totals.not_started):
        return ""
    return f", {totals.interrupted} interrupted, {totals.not_started} not started"


def exit_message(code: int) -> str:
    """``exit code 2 (drift found)``."""
    return f"exit code {code} ({EXIT_MEANINGS.get(code, 'error')})"
