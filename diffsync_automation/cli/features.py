"""``diffsync-automation features``: what each platform driver can check and sync, and the data keys of each."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from diffsync_automation.cli import output
from diffsync_automation.network.features import feature_table
from diffsync_automation.network.platforms import platform_names


def features(
    platform: Annotated[
        list[str] | None,
        typer.Option("--platform", "-p", help="Only this platform (netmiko device type); repeat for more."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object keyed by platform name.")] = False,
) -> None:
    """List the features (Ansible resource-module names) each platform supports, with their intended-data keys."""
    unknown = sorted(set(platform or ()) - set(platform_names()))
    if unknown:
        raise typer.BadParameter(
            f"unknown platform {unknown[0]!r} (known: {', '.join(platform_names())})", param_hint="--platform"
        )
    table = feature_table(platform or None)
    if as_json:
        typer.echo(json.dumps(table, indent=2))
        return
    for name, supported in table.items():
        view = Table(title=name, title_justify="left")
        view.add_column("Feature", style="bold", no_wrap=True)
        view.add_column("Intended-data keys", overflow="fold")
        for feature, keys in supported.items():
            view.add_row(feature, ", ".join(keys))
        output.screen.print(view)


def register(app: typer.Typer) -> None:
    """Add the ``features`` command to the top-level app."""
    app.command()(features)
