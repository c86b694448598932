"""Keeps unit tests in process: starting a subprocess or opening a socket inside one fails the test.

tests/conftest.py wraps the setup and call of every ``unit`` test in ``outside_access_forbidden``. The attempt
raises ``OutsideAccessInUnitTest`` where it happens; if the code under test swallows that error, the test fails
anyway when it ends, so a test that needs a real outside part cannot pass as a unit test by accident.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

HOW_TO_FIX = (
    "this needs an outside part, so it is an integration test: use a fixture that starts it (lab_factory, "
    "redis_url, dask_cluster...) or mark the test or module with pytest.mark.integration (see docs/testing.md)"
)


class OutsideAccessInUnitTest(AssertionError):
    """A unit test tried to start a process or open a socket."""


@contextmanager
def outside_access_forbidden(nodeid: str, *, enabled: bool = True) -> Iterator[None]:
    """Within the block, ``subprocess.Popen`` and socket ``bind``/``connect`` raise instead of acting."""
    if not enabled:
        yield
        return
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., Any]:
        def refused(*_args: Any, **_kwargs: Any) -> Any:
            attempts.append(what)
            raise OutsideAccessInUnitTest(f"{nodeid}: unit test tried to {what}; {HOW_TO_FIX}")

        return refused

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", refuse("start a subprocess"))
        for method in ("bind", "connect", "connect_ex"):
            patch.setattr(socket.socket, method, refuse(f"open a socket ({method})"))
        yield
    if attempts:
        raise OutsideAccessInUnitTest(f"{nodeid}: unit test tried to {attempts[0]}; {HOW_TO_FIX}")
