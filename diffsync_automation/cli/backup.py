"""``diffsync-automation backup``: every device's running configuration, secrets masked, one file per host.

It runs as the drift commands do: ``--workers`` devices at once, worker processes for large inventories, each
session closed as soon as its file is written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from diffsync_automation.cli.drift import DEFAULT_WORKERS, Processes, Workers
from diffsync_automation.cli.errors import CommandLineError

if TYPE_CHECKING:
    from nornir.core.task import Result, Task

BACKUP_EPILOG = """Examples:

  diffsync-automation backup -i inventory/ --out backups/ && git -C backups add -A && git -C backups commit -m backup

Exit codes: 0 every device written, 1 any device failed (the others are still written).
"""


def backup(
    inventory: Annotated[
        Path,
        typer.Option(
            "--inventory",
            "-i",
            help="Inventory (as for drift): a Nornir directory or an Ansible inventory.",
            exists=True,
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the <host>.cfg files.", file_okay=False)],
    workers: Workers = DEFAULT_WORKERS,
    processes: Processes = None,
    limit: Annotated[
        list[str] | None, typer.Option("--limit", "-l", help="Only this host, or the hosts of this group; repeat.")
    ] = None,
    read_timeout: Annotated[float, typer.Option("--read-timeout", min=0.1, help="Seconds to wait for a reply.")] = 20.0,
) -> None:
    """Write each device's running configuration (passwords, secrets, community strings, keys masked) to a file."""
    from diffsync_automation.cli.inventory_source import InventoryError
    from diffsync_automation.cli.output import screen, stderr
    from diffsync_automation.cli.runs import RunnerChoice, open_inventory
    from nornir_plugins import CloseConnectionsProcessor

    try:
        nornir = open_inventory(inventory, RunnerChoice(workers, processes), limit or ())
    except InventoryError as exc:
        stderr.print(f"error: {exc}")
        raise typer.Exit(1) from None
    try:
        outcome = nornir.with_processors([CloseConnectionsProcessor()]).run(
            task=_backup_task, out_dir=out, read_timeout=read_timeout
        )
    finally:
        nornir.close_connections(on_good=True, on_failed=True)
    failed = 0
    for host in sorted(outcome):
        result = outcome[host][0]
        if result.failed:
            failed += 1
            stderr.print(f"{host}: error: {result.exception}", markup=False)
        else:
            screen.print(f"{host}: {result.result}", markup=False)
    raise typer.Exit(1 if failed else 0)


def _backup_task(task: Task, out_dir: Path, read_timeout: float) -> Result:
    """One host: read and write its configuration; errors name the host, without credentials."""
    from nornir.core.task import Result

    from diffsync_automation.compliance.backup import backup_device
    from diffsync_automation.network.errors import NetworkError
    from diffsync_automation.network.session import NetmikoSession
    from nornir_plugins.connection import HostConnection

    factory = HostConnection(task)
    session = NetmikoSession.for_device(task.host.name, {}, factory, read_timeout=read_timeout, owns_connection=False)
    try:
        with session:
            path = backup_device(task.host.name, session, factory.device_type, out_dir)
    except NetworkError as exc:
        message = str(exc)
        for secret in factory.secrets:
            message = message.replace(secret, "***")
        factory.drop()
        raise BackupFailed(message) from None
    return Result(host=task.host, result=str(path))


class BackupFailed(CommandLineError, RuntimeError):
    """A device could not be backed up (the message names host and cause)."""


def register(app: typer.Typer) -> None:
    """Add ``backup`` to the top-level command line."""
    app.command(epilog=BACKUP_EPILOG)(backup)
