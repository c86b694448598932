"""The ``diffsync-automation`` command line.

Each area of the project adds its commands as a typer sub-app in its own module and registers it below
with one ``app.add_typer`` line.
"""

from __future__ import annotations

import typer

from diffsync_automation.cli.lab import app as lab_app

app = typer.Typer(help="Fast DiffSync engine with network drift detection and remediation.", no_args_is_help=True)
app.add_typer(lab_app, name="lab")


def main() -> None:
    """Console-script entry point."""
    app()
