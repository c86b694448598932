"""The HTML report opened in a real browser: headless Chromium renders it, takes a screenshot and dumps the DOM.

Needs Debian's ``chromium`` package (``apt-get install chromium``); skipped with that reason when it is missing.
The screenshot stays in the test's temporary directory as an artifact.
"""

from __future__ import annotations

import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from diffsync_automation.report import DeviceReport, DriftReport
from diffsync_automation.report.render import render_html

from .reports import drifting

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1280, 2000)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="headless Chromium not installed: apt-get install chromium (Debian package)"
    ),
]


def chromium(page: Path, screenshot: Path, profile: Path) -> str:
    """Render ``page`` headless; returns the DOM after rendering and writes the screenshot."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={screenshot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class DeviceRows(HTMLParser):
    """Hosts of the device table rows and of the detail sections, as the browser built them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.details: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("class") == "device":
            self.rows.append(attributes.get("data-host") or "")
        if tag == "details":
            self.details.append(attributes.get("data-host") or "")


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_every_device_row_renders_in_chromium(tmp_path: Path) -> None:
    report = DriftReport(mode="check")
    hosts = [f"sw{index:02d}" for index in range(1, 25)]
    for index, host in enumerate(hosts):
        if index % 3 == 0:
            report.add(drifting(host))
        else:
            report.add(DeviceReport(host=host, status="in_sync", platform="cisco_ios"))
    report.add(DeviceReport.from_error("sw99 <b>", "unreachable", "connection refused"))
    report.finish()
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    screenshot = tmp_path / "report.png"

    dom = chromium(page, screenshot, tmp_path / "profile")

    parsed = DeviceRows()
    parsed.feed(dom)
    assert parsed.rows == [*hosts, "sw99 <b>"]
    assert parsed.details == [host for index, host in enumerate(hosts) if index % 3 == 0] + ["sw99 <b>"]
    assert "<b>sw99 &lt;b&gt;</b>" in dom  # the hostile host name stayed text
    assert png_size(screenshot) == WINDOW
    assert screenshot.stat().st_size > 10_000  # a rendered page, not a blank image
