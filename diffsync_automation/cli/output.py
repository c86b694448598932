"""What the drift commands show in the terminal: a progress bar on stderr, then a table and a summary on stdout.

The progress bar is transient and goes to stderr, so ``stdout`` stays the table alone (safe to pipe or log);
outside a terminal rich draws no bar at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from diffsync_automation.report.model import DeviceStatus, DriftReport
from diffsync_automation.report.view import STATUS_LABELS, change_counts, headline

STATUS_STYLES = {
    DeviceStatus.IN_SYNC: "green",
    DeviceStatus.DRIFT: "yellow",
    DeviceStatus.SYNCED: "cyan",
    DeviceStatus.ERROR: "bold red",
}
EXIT_MEANINGS = {0: "no drift", 1: "error", 2: "drift found"}

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


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


def device_table(report: DriftReport) -> Table:
    """One row per device: host, platform, status, objects to create/update/delete, errors."""
    table = Table(title=f"{report.tool} {report.mode}", title_justify="left")
    table.add_column("Host", style="bold", no_wrap=True)
    table.add_column("Platform")
    table.add_column("Status")
    for action in ("Create", "Update", "Delete"):
        table.add_column(action, justify="right")
    table.add_column("Errors", overflow="fold")
    for device in report.devices:
        create, update, delete = change_counts(device)
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
            Text(errors, style="red"),
        )
    return table


def show_report(report: DriftReport, written: list[Path]) -> None:
    """The device table, the totals and the reports written, on stdout."""
    totals = report.totals
    stdout.print(device_table(report))
    stdout.print(
        f"{headline(report)}: {totals.in_sync} in sync, {totals.drift} drift, {totals.synced} synced, "
        f"{totals.error} error; objects: {totals.create} create, {totals.update} update, {totals.delete} delete"
    )
    for path in written:
        stdout.print(f"report written: {path}")


def exit_message(code: int) -> str:
    """``exit code 2 (drift found)``."""
    return f"exit code {code} ({EXIT_MEANINGS.get(code, 'error')})"
