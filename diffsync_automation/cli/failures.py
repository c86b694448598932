"""How the command line reports a failure: one line on stderr naming what and why, the traceback only on --debug.

``fail`` is for failures the command understands (an unusable inventory or plan file); ``main`` in
``cli/__init__.py`` sends anything unexpected through ``unexpected`` so that no traceback reaches a user who did
not ask for one.
"""

from __future__ import annotations

import traceback
from typing import NoReturn

import typer
from rich.console import Console

_stderr = Console(stderr=True, highlight=False)
_debug = False


def set_debug(enabled: bool) -> None:
    """Show tracebacks (``--debug``)."""
    global _debug
    _debug = enabled


def fail(message: str, exc: BaseException | None = None) -> NoReturn:
    """Print ``error: message`` (and, with --debug, the traceback of ``exc``), then exit 1."""
    _stderr.print(f"error: {message}", markup=False, soft_wrap=True)
    if _debug and exc is not None:
        _stderr.print("".join(traceback.format_exception(exc)), markup=False, soft_wrap=True, end="")
    raise typer.Exit(1)


def unexpected(exc: BaseException) -> NoReturn:
    """Report an exception nothing handled: one line naming it, the traceback with --debug."""
    hint = "" if _debug else " (run with --debug for the traceback)"
    _stderr.print(f"error: {type(exc).__name__}: {exc}{hint}", markup=False, soft_wrap=True)
    if _debug:
        _stderr.print("".join(traceback.format_exception(exc)), markup=False, soft_wrap=True, end="")
    raise SystemExit(1)
