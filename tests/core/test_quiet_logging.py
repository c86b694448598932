"""The engine prints nothing by default, and its events reach stdlib logging when asked."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap

import pytest
import structlog

from diffsync_automation.logging import route_events_to_stdlib

SCRIPT = textwrap.dedent(
    """
    from diffsync_automation import Adapter, DiffSyncModel

    class Item(DiffSyncModel):
        _modelname = "item"
        _identifiers = ("name",)
        _attributes = ("value",)
        name: str
        value: int = 0

    class Side(Adapter):
        item = Item
        top_level = ["item"]

    src, dst = Side(name="src"), Side(name="dst")
    src.add(Item(name="a", value=1))
    dst.add(Item(name="b"))
    dst.sync_from(src)
    {extra}
    """
)


def run(extra: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(extra=extra)], capture_output=True, text=True, check=True, timeout=60
    )


@pytest.mark.integration
def test_nothing_on_stdout_or_stderr_by_default() -> None:
    result = run()
    assert result.stdout == ""
    assert result.stderr == ""


@pytest.mark.integration
def test_basic_config_shows_the_events_on_stderr() -> None:
    result = run().args  # the script itself, for reuse below
    shown = subprocess.run(
        [sys.executable, "-c", "import logging; logging.basicConfig(level=logging.INFO)\n" + result[2]],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert shown.stdout == ""
    assert "Beginning sync" in shown.stderr
    assert "Created successfully" in shown.stderr
    assert "diffsync_automation.helpers" in shown.stderr


@pytest.fixture
def configured_structlog() -> object:
    structlog.configure(processors=[structlog.processors.KeyValueRenderer()])
    yield
    structlog.reset_defaults()
    route_events_to_stdlib(False)


def test_route_to_stdlib_overrides_a_structlog_configuration(
    configured_structlog: object, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from diffsync_automation import Adapter, DiffSyncModel

    class Thing(DiffSyncModel):
        _modelname = "thing"
        _identifiers = ("name",)
        name: str

    class Side(Adapter):
        thing = Thing
        top_level = ["thing"]

    src, dst = Side(name="src"), Side(name="dst")
    src.add(Thing(name="t"))
    route_events_to_stdlib()
    with caplog.at_level(logging.INFO, logger="diffsync_automation"):
        dst.sync_from(src)
    assert capsys.readouterr().out == ""
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("Created successfully") for message in messages)
    assert all(record.name == "diffsync_automation.helpers" for record in caplog.records)
