"""How the command line reports a failure: one line on stderr naming what and why, the traceback only on --debug.

``fail`` is for failures the command understands (an unusable inventory or plan file); ``main`` in
``cli/__init__.py`` sends anything unexpected through ``unexpected`` so that no traceback reaches a user who did
not ask for one.
"""

from __future__ import annotations

import traceback
from typing import NoReturn

import typer

_debug = False


def set_debug(enabled: bool) -> None:
    """Show tracebacks (``--debug``)."""
    global _debug
    _debug = enabled


def fail(message: str, exc: BaseException | None = None) -> NoReturn:
    """Print ``error: message`` (and, with --debug, the traceback of ``exc``), then exit 1."""
    typer.echo(f"error: {message}", err=True)
    if _debug and exc is not None:
        typer.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
    raise typer.Exit(1)


def unexpected(exc: BaseException) -> NoReturn:
    """Report an exception nothing handled: one line naming it, the traceback with --debug."""
    hint = "" if _debug else " (run with --debug for the traceback)"
    typer.echo(f"error: {type(exc).__name__}: {exc}{hint}", err=True)
    if _debug:
        typer.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
    raise SystemExit(1)
