"""The ``diffsync-automation`` command line: the typer app and its exit-code handling.

Each area of the project adds its commands as a typer sub-app in its own module and registers it below
with one ``app.add_typer`` line (the drift commands sit at the top level: ``drift``, ``sync``, ``apply``).

Exit codes follow Terraform's ``-detailed-exitcode``: 0 success without drift, 2 drift found, 1 any error.
Command-line mistakes therefore exit 1, not click's usual 2, which a pipeline would read as "drift found".
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from diffsync_automation.cli import backup, drift, features
from diffsync_automation.cli.failures import set_debug, unexpected
from diffsync_automation.cli.lab import app as lab_app

app = typer.Typer(help="Fast DiffSync engine with network drift detection and remediation.", no_args_is_help=True)
app.add_typer(lab_app, name="lab")
drift.register(app)
backup.register(app)
features.register(app)


def version_line() -> str:
    """``diffsync-automation 0.1.0 (compiled engine, Python 3.11.2)``: which engine runs diffs and syncs."""
    from diffsync_automation import __version__, speedups_enabled

    engine = "compiled engine" if speedups_enabled() else "pure-Python engine"
    return f"diffsync-automation {__version__} ({engine}, Python {sys.version.split()[0]})"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit(0)


@app.callback()
def options(
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colours in the output (the NO_COLOR variable works too).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and which engine runs, then exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an error, not just its one line.")
    ] = False,
) -> None:
    """Fast DiffSync engine with network drift detection and remediation."""
    from diffsync_automation.cli import output

    output.configure(no_color=no_color)
    set_debug(debug)


# typer vendors click in recent releases and depends on it in older ones: find click's base exception either way.
_ClickException: type[Exception] = next(
    base for base in typer.BadParameter.__mro__ if base.__name__ == "ClickException"
)


def run() -> None:
    """Run the command line: exit codes 0 / 2 (drift) / 1 (error, command-line mistakes included)."""
    try:
        code = app(standalone_mode=False)
    except _ClickException as exc:
        exc.show()  # type: ignore[attr-defined]
        sys.exit(1)
    except typer.Abort:
        typer.echo("Aborted!", err=True)
        sys.exit(1)
    except ModuleNotFoundError:
        raise  # a missing extra: ``main`` names the pip install that fixes it
    except Exception as exc:  # a bug or an environment problem: one line, the traceback with --debug
        unexpected(exc)
    sys.exit(code if isinstance(code, int) else 0)
