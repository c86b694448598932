"""Suite-wide rules: every test is either ``unit`` or ``integration``, and Hypothesis runs one of two profiles.

``integration`` is any test that uses a real outside part: the device lab, SSH, redis-server, Dask worker
processes, a subprocess (CLI, ansible-playbook, ansible-test, pip, Chromium). It is given automatically to tests
that use one of the fixtures in ``INTEGRATION_FIXTURES`` (directly or through another fixture) or carry one of
``INTEGRATION_MARKERS``; a module that starts processes itself says ``pytestmark = pytest.mark.integration``.
Everything else is ``unit`` and is held to it: a unit test that starts a process or opens a socket fails with a
message naming the marker to add (see ``unit_boundary``), so a new test cannot slip into ``make test-fast``
unnoticed. docs/testing.md describes the split and the make targets.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import structlog
from hypothesis import settings
from unit_boundary import outside_access_forbidden

# The lab fixtures (lab_factory, lab, lab_inventory, lab_nornir) for every directory: pytest honours
# pytest_plugins only in this top-level conftest.py.
pytest_plugins = ["diffsync_automation.lab.pytest_plugin"]

INTEGRATION_FIXTURES = frozenset({"lab_factory", "redis_url", "redis_servers", "redis_stores", "dask_cluster"})
"""Fixtures that start real parts; every fixture built on them (``lab``, ``rig``, ``lab4``...) inherits them."""

INTEGRATION_MARKERS = frozenset({"integration", "lab", "redis", "slow"})


# The differential contract is 200 examples per property, in `make test` and CI alike; `make test-fast` loads
# the "fast" profile (--hypothesis-profile=fast) for a quick signal while editing.
settings.register_profile("full", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("fast", max_examples=20, deadline=None, print_blob=True)
settings.load_profile("full")


def is_integration(item: pytest.Item) -> bool:
    """Whether ``item`` uses a real outside part, judged by its fixtures and markers."""
    if INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    return any(item.get_closest_marker(name) is not None for name in INTEGRATION_MARKERS)


@pytest.hookimpl(tryfirst=True)  # before -m selects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every collected test exactly one of ``unit`` and ``integration``."""
    for item in items:
        item.add_marker(pytest.mark.integration if is_integration(item) else pytest.mark.unit)


def _guarded(item: pytest.Item) -> bool:
    return item.get_closest_marker("integration") is None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with outside_access_forbidden(item.nodeid, enabled=_guarded(item)):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with outside_access_forbidden(item.nodeid, enabled=_guarded(item)):
        return (yield)


@pytest.fixture(autouse=True)
def structlog_left_as_found() -> Iterator[None]:
    """Undo a test's structlog configuration (``capture_logs`` marks structlog configured for good).

    The engine sends its events to structlog once structlog is configured, and structlog's defaults print them:
    a test that configured it would make later tests in the same worker see engine output on stdout.
    """
    was_configured = structlog.is_configured()
    yield
    if not was_configured and structlog.is_configured():
        structlog.reset_defaults()
