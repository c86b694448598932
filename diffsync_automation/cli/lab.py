"""``diffsync-automation lab up|down|status``: run the simulated device lab in the background.

Imports of the simulator happen inside the commands, so the rest of the CLI works without the lab extra.
An interrupted ``lab up`` (Ctrl-C, SIGTERM) stops the lab it was starting and exits 130, so a later ``lab up``
never finds a half-started lab in the directory.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

app = typer.Typer(help="Simulated network devices reachable over SSH on 127.0.0.1.", no_args_is_help=True)

DEFAULT_DIR = Path(".lab")
InventoryDir = Annotated[
    Path, typer.Option("--inventory-dir", help="Where the inventories and the lab's state file live.")
]


class PlatformOption(str, Enum):
    """Platforms ``lab up`` can simulate."""

    cisco_ios = "cisco_ios"
    arista_eos = "arista_eos"
    cisco_nxos = "cisco_nxos"
    juniper_junos = "juniper_junos"
    mixed = "mixed"


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Let SIGTERM raise KeyboardInterrupt like Ctrl-C, so ``spawn_lab`` stops its lab process on both."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
def up(
    devices: Annotated[int, typer.Option("--devices", min=1, help="Number of devices.")] = 4,
    platform: Annotated[
        PlatformOption,
        typer.Option("--platform", help="mixed: cycles through the platforms (sw01 cisco_ios, sw02 arista_eos, ...)."),
    ] = PlatformOption.cisco_ios,
    inventory_dir: InventoryDir = DEFAULT_DIR,
    drift: Annotated[bool, typer.Option(help="Seed the documented drift between intended and live state.")] = True,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            "--fault",
            help="HOST=KIND[:ARG], repeatable. Kinds: auth, refuse, drop:N, silent, slow:SECONDS, reject:REGEX.",
        ),
    ] = None,
    slow: Annotated[float, typer.Option("--slow", min=0, help="Seconds every device waits before each answer.")] = 0,
) -> None:
    """Start a lab in the background and write its Nornir and Ansible inventories."""
    from diffsync_automation.lab.process import LabProcessError, spawn_lab

    try:
        with _sigterm_interrupts():
            lab = spawn_lab(inventory_dir, devices, platform.value, drift=drift, faults=fault or [], slow=slow)
    except LabProcessError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        typer.echo("lab up interrupted: the lab process it started was stopped", err=True)
        raise typer.Exit(130) from None
    ports = [endpoint.port for endpoint in lab.devices]
    typer.echo(
        f"lab up: {len(ports)} {platform.value} devices on 127.0.0.1, ports {min(ports)}-{max(ports)}, pid {lab.pid}"
    )
    typer.echo(f"nornir:  {inventory_dir / 'nornir.yaml'} (hosts.yaml, groups.yaml, defaults.yaml)")
    typer.echo(f"ansible: {inventory_dir / 'inventory.yml'}")
    for endpoint in lab.devices:
        if endpoint.faults:
            typer.echo(f"fault:   {endpoint.name} {endpoint.faults}")
    typer.echo(f"stop with: diffsync-automation lab down --inventory-dir {inventory_dir}")


@app.command()
def down(inventory_dir: InventoryDir = DEFAULT_DIR) -> None:
    """Stop the lab recorded in the inventory directory and wait for it to exit."""
    from diffsync_automation.lab.process import LabProcessError, read_lab, stop_lab

    recorded = read_lab(inventory_dir)
    was_running = recorded is not None and recorded.alive
    try:
        lab = stop_lab(inventory_dir)
    except LabProcessError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if lab is None:
        typer.echo(f"no lab recorded in {inventory_dir}")
    elif not lab.devices:
        typer.echo(f"lab down: pid {lab.pid} stopped while it was still starting")
    elif was_running:
        typer.echo(f"lab down: pid {lab.pid} stopped ({len(lab.devices)} devices)")
    else:
        typer.echo(f"lab pid {lab.pid} was no longer running; removed its state file")


@app.command()
def status(inventory_dir: InventoryDir = DEFAULT_DIR) -> None:
    """Show whether the lab runs and which device ports answer; exit code 1 when it does not run (yet)."""
    from diffsync_automation.lab.process import reachable, read_lab, starting_lab

    lab = read_lab(inventory_dir)
    if lab is None or not lab.alive:
        starting = starting_lab(inventory_dir)
        if starting is not None:
            typer.echo(f"lab starting in {inventory_dir}: pid {starting.pid}, no device serves yet")
        else:
            typer.echo(f"no running lab in {inventory_dir}")
        raise typer.Exit(1)
    typer.echo(f"lab running: pid {lab.pid}, {len(lab.devices)} devices")
    for endpoint in lab.devices:
        state = "listening" if reachable(endpoint) else "not listening"
        faults = f"  faults: {endpoint.faults}" if endpoint.faults else ""
        typer.echo(f"  {endpoint.name:<8} {endpoint.platform:<13} 127.0.0.1:{endpoint.port:<6} {state}{faults}")
