"""Every output format of a ``DriftReport``, rendered from the same object, and ``write_reports`` for the CLI.

- JSON: the data pipelines read (``docs/drift-report.schema.json`` describes it).
- JUnit XML: one test case per device (see ``report.junit``).
- Markdown: a pull-request comment or a CI job summary.
- HTML: one self-contained page (inline CSS, no scripts or external assets) with expandable diffs.

Markdown and HTML come from Jinja templates in ``report/templates``; the HTML environment autoescapes, so
device names, descriptions and error messages can never inject markup. Needs the ``cli`` extra (jinja2).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from diffsync_automation.report import view
from diffsync_automation.report.junit import render_junit
from diffsync_automation.report.model import DriftReport

_BLANK_LINES = re.compile(r"\n{3,}")
"""Template blocks that render empty leave blank lines; Markdown needs at most one between blocks."""

__all__ = ["render_html", "render_json", "render_junit", "render_markdown", "write_reports"]


def render_json(report: DriftReport) -> str:
    """The report as indented JSON, newline-terminated."""
    return report.to_json() + "\n"


def render_markdown(report: DriftReport) -> str:
    """The report as GitHub-flavoured Markdown: totals, a device table, and per device a collapsed diff."""
    text = _environment("md").get_template("report.md.j2").render(_context(report))
    return _BLANK_LINES.sub("\n\n", text)


def render_html(report: DriftReport) -> str:
    """The report as a self-contained HTML page."""
    return _environment("html").get_template("report.html.j2").render(_context(report))


def write_reports(
    report: DriftReport,
    *,
    json_path: Path | str | None = None,
    junit_path: Path | str | None = None,
    markdown_path: Path | str | None = None,
    html_path: Path | str | None = None,
) -> list[Path]:
    """Write each format whose path is given (creating parent directories); returns the paths written."""
    renderers: list[tuple[Path | str | None, Callable[[DriftReport], str]]] = [
        (json_path, render_json),
        (junit_path, render_junit),
        (markdown_path, render_markdown),
        (html_path, render_html),
    ]
    written = []
    for path, render in renderers:
        if path is None:
            continue
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(report), encoding="utf-8")
        written.append(target)
    return written


def _context(report: DriftReport) -> dict[str, Any]:
    return {
        "report": report,
        "totals": report.totals,
        "headline": view.headline(report),
        "overall": view.overall_status(report),
        "duration": view.duration(report),
        "labels": view.STATUS_LABELS,
        "icons": view.STATUS_ICONS,
        "diff_rows": view.diff_rows,
        "change_counts": view.change_counts,
        "shown_commands": view.shown_commands,
        "verification_text": view.verification_text,
        "rollback_text": view.rollback_text,
    }


@functools.cache
def _environment(kind: str) -> jinja2.Environment:
    """The Jinja environment for ``html`` (autoescaped) or ``md`` (Markdown escaping done by filters)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("diffsync_automation.report", "templates"),
        autoescape=kind == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(cell=markdown_cell, value_cell=markdown_value_cell, fenced=fenced)
    return environment


def markdown_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: HTML-escaped, pipes escaped, line breaks as ``<br>``."""
    text = html.escape(str(value), quote=False).replace("|", "\\|")
    return "<br>".join(text.splitlines()) if "\n" in text else text


def markdown_value_cell(value: str | None) -> str:
    """A JSON-formatted value in code style, or a dash when absent."""
    return "—" if value is None else f"<code>{markdown_cell(value)}</code>"


def fenced(text: str) -> str:
    """A fenced code block whose fence is longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
