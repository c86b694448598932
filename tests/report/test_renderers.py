"""Every report format, rendered from the same report and read back with a real parser for the format."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from diffsync_automation.network.changes import Change
from diffsync_automation.network.push import ChangeResult, CommandResult
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.report import DeviceReport, DriftReport
from diffsync_automation.report.render import (
    fenced,
    markdown_cell,
    render_html,
    render_json,
    render_junit,
    render_markdown,
    write_reports,
)
from diffsync_automation.report.schema import schema_document, schema_text
from diffsync_automation.report.view import diff_rows, headline

from .reports import HOSTILE, sample_report

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "docs" / "drift-report.schema.json"


# ---------------------------------------------------------------------------------------------------- JSON
def test_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "docs/drift-report.schema.json is out of date: "
        "python -m diffsync_automation.report.schema docs/drift-report.schema.json"
    )


def test_json_report_validates_against_the_committed_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(render_json(sample_report()))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["schema_version"] == "1.0"
    assert data["exit_code"] == 1
    assert data["totals"] == {
        "devices": 4,
        "in_sync": 1,
        "drift": 1,
        "synced": 1,
        "error": 1,
        "interrupted": 0,
        "not_started": 0,
        "create": 4,
        "update": 4,
        "delete": 2,
        "compliance": {},
    }


@pytest.mark.parametrize(
    ("path", "value"),
    [(("devices", 0, "status"), "broken"), (("totals",), None), (("schema_version",), "2.0")],
)
def test_schema_rejects_malformed_reports(path: tuple[str | int, ...], value: object) -> None:
    data = json.loads(render_json(sample_report()))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema_document(), cls=jsonschema.Draft202012Validator)


def test_json_reads_back_into_an_equal_report() -> None:
    report = sample_report()
    assert DriftReport.model_validate_json(render_json(report)) == report


# ---------------------------------------------------------------------------------------------------- JUnit
def test_junit_has_a_testcase_per_device_failing_on_drift_and_erroring_on_errors(tmp_path: Path) -> None:
    path = tmp_path / "drift.xml"
    path.write_text(render_junit(sample_report()), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors) == (4, 1, 1)
    cases = {case.name: case for case in suite}
    assert set(cases) == {"border|01", "leaf-01", "leaf-02", "spine-01"}
    assert cases["leaf-01"].is_passed and cases["spine-01"].is_passed
    [failure] = cases["leaf-02"].result
    assert isinstance(failure, Failure)
    assert failure.type == "drift"
    assert failure.message == "drift: 2 to create, 2 to update, 1 to delete"
    assert "vlan: 10" in failure.text and "no vlan 99" in failure.text
    [error] = cases["border|01"].result
    assert isinstance(error, Error)
    assert error.type == "timeout"
    assert "<script>" in error.message  # escaped in the file, intact once parsed
    assert "auth: refused" in error.text
    assert "\x1b" not in error.text  # XML 1.0 cannot carry it
    assert cases["leaf-02"].classname == "check.arista_eos"
    assert cases["leaf-02"].time == pytest.approx(0.25)
    assert "applied: no vlan 99" in cases["spine-01"].system_out


def test_junit_of_an_empty_run_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text(render_junit(DriftReport().finish()), encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(path))))
    assert (suite.tests, suite.failures, suite.errors) == (0, 0, 0)


# ---------------------------------------------------------------------------------------------------- Markdown
def markdown_rows(text: str) -> list[list[str]]:
    """Cells of every Markdown table row, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|--") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_markdown_lists_every_device_and_keeps_tables_intact() -> None:
    text = render_markdown(sample_report())
    assert text.startswith("## ❌ Drift report: 1 of 4 devices failed, drift on 1 of 4 devices, 1 device synced\n")
    rows = markdown_rows(text)
    widths = {len(row) for row in rows}
    assert widths <= {8, 7, 5}  # totals, devices and diff tables: no cell split by a stray pipe
    devices = [row for row in rows if len(row) == 7 and row[0] != "Device"]
    assert [row[0] for row in devices] == ["border\\|01", "leaf-01", "leaf-02", "spine-01"]
    assert devices[2][1:6] == ["arista_eos", "⚠️ drift", "2", "2", "1"]
    assert ["vlan 10", "update", "name", '<code>"USERS_OLD"</code>', '<code>"USERS"</code>'] in rows
    assert ["vlan 20", "create", "name", "—", '<code>"SERVERS"</code>'] in rows


def test_markdown_escapes_markup_and_collapses_details() -> None:
    text = render_markdown(sample_report())
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert text.count("<details>") == text.count("</details>") == 3  # every device not in sync
    assert "```text\nvlan 10\nname USERS" in text
    assert "\n\n\n" not in text


def test_fenced_block_outlasts_backticks_in_the_content() -> None:
    block = fenced("banner motd ````x````")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    assert markdown_cell("a|b\nc<d") == "a\\|b<br>c&lt;d"


# ---------------------------------------------------------------------------------------------------- HTML
class Page(HTMLParser):
    """Collects device rows, detail sections and anything that would load an external resource."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.details: list[dict[str, str | None]] = []
        self.external: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "tr" and attributes.get("class") == "device":
            self.rows.append(attributes)
        if tag == "details":
            self.details.append(attributes)
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if value and not value.startswith("#"):
                self.external.append(value)


def test_html_is_self_contained_and_escaped() -> None:
    page_text = render_html(sample_report())
    page = Page()
    page.feed(page_text)
    assert [row["data-host"] for row in page.rows] == ["border|01", "leaf-01", "leaf-02", "spine-01"]
    assert [row["data-status"] for row in page.rows] == ["error", "in_sync", "drift", "synced"]
    assert [detail["data-host"] for detail in page.details] == ["border|01", "leaf-02", "spine-01"]
    assert ["open" in detail for detail in page.details] == [True, False, False]  # errors open, diffs collapsed
    assert page.external == []
    assert not {"script", "link", "img", "iframe"} & page.tags
    assert "<script>alert" not in page_text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page_text
    assert "<code>&#34;USERS_OLD&#34;</code>" in page_text


# ---------------------------------------------------------------------------------------------------- shared parts
def test_write_reports_writes_only_the_formats_asked_for(tmp_path: Path) -> None:
    report = sample_report()
    written = write_reports(report, json_path=tmp_path / "a" / "r.json", html_path=tmp_path / "b" / "r.html")
    assert written == [tmp_path / "a" / "r.json", tmp_path / "b" / "r.html"]
    assert sorted(path.name for path in tmp_path.rglob("r.*")) == ["r.html", "r.json"]
    assert json.loads(written[0].read_text(encoding="utf-8"))["devices"][0]["host"] == "border|01"
    assert HOSTILE not in written[1].read_text(encoding="utf-8")


def test_diff_rows_walk_nested_diffs() -> None:
    diff = {
        "site": {
            "ams": {
                "-": {},
                "+": {},
                "device": {"r1": {"-": {"role": "edge", "serial": ""}, "+": {"role": "core", "serial": None}}},
            },
            "fra": {"+": {"region": "eu"}, "device": {"r9": {"+": {}}}},
        }
    }
    assert [(row.path, row.action, row.attribute, row.current, row.intended) for row in diff_rows(diff)] == [
        ("site ams / device r1", "update", "role", '"edge"', '"core"'),
        ("site ams / device r1", "update", "serial", '""', "null"),
        ("site fra", "create", "region", None, '"eu"'),
        ("site fra / device r9", "create", "", None, None),
    ]


def test_headline_names_the_outcome() -> None:
    report = DriftReport()
    assert headline(report) == "no devices checked"
    report.add(DeviceReport(host="a", status="in_sync"))
    assert headline(report) == "no drift on 1 device"
    report.add(DeviceReport(host="b", status="drift", summary={"update": 1}))
    assert headline(report) == "drift on 1 of 2 devices"


def pushed(host: str, outcome: dict[str, str], error_kind: str, verified: bool | None) -> DeviceReport:
    """A device after a push whose lines ended as ``outcome`` says (command -> per-line status)."""
    change = Change("vlan", "create", {"vlan_id": 77}, after={"name": "NEW"})
    lines = [CommandResult(command, status) for command, status in outcome.items()]  # type: ignore[arg-type]
    result = DeviceResult(host, platform="cisco_ios", dry_run=False, summary={"create": 1})
    result.changes, result.pushed, result.verified = [ChangeResult(change, lines, pushed=True)], True, verified
    result.add_error(error_kind, f"host {host}: {error_kind}")
    return DeviceReport.from_device_result(result)


def test_reports_keep_rejected_lines_apart_from_unknown_ones_and_say_how_a_run_was_stopped(tmp_path: Path) -> None:
    report = DriftReport(mode="sync", interrupted="interrupted by SIGTERM")
    report.add(
        pushed(
            "refusing", {"vlan 77": "applied", "name N?W": "failed", "exit": "not_attempted"}, "config_rejected", False
        )
    )
    report.add(pushed("dropped", {"vlan 77": "applied", "name NEW": "unknown"}, "connection_lost", None))
    report.add(pushed("cut", {"vlan 77": "applied", "name NEW": "not_attempted"}, "interrupted", None))
    report.add(DeviceReport.not_started("late", dry_run=False))
    report.finish()
    devices = {device.host: device for device in report.devices}
    assert (devices["refusing"].rejected, devices["refusing"].unknown) == (["name N?W"], [])
    assert (devices["dropped"].rejected, devices["dropped"].unknown) == ([], ["name NEW"])
    assert devices["refusing"].failed_commands == ["name N?W"] and devices["refusing"].verified is False
    assert {host: device.status.value for host, device in devices.items()} == {
        "cut": "interrupted", "dropped": "error", "late": "not_started", "refusing": "error",
    }  # fmt: skip
    data = json.loads(render_json(report))
    jsonschema.Draft202012Validator(schema_document()).validate(data)
    assert data["exit_code"] == 130 and data["interrupted"] == "interrupted by SIGTERM"
    assert (data["totals"]["interrupted"], data["totals"]["not_started"]) == (1, 1)

    markdown = render_markdown(report)
    assert "name N?W   <- rejected by the device" in markdown
    assert "name NEW   <- unknown: in flight when the session ended" in markdown
    assert "not verified: after the push, the device, read again, still differs" in markdown
    html = render_html(report)
    assert '<span class="rejected">name N?W   &lt;- rejected by the device</span>' in html
    assert '<span class="unknown">name NEW' in html
    path = tmp_path / "r.xml"
    path.write_text(render_junit(report), encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(path))))
    assert (suite.errors, suite.skipped) == (3, 1)
    cases = {case.name: case for case in suite}
    assert isinstance(cases["late"].result[0], Skipped)
    assert "rejected: name N?W" in cases["refusing"].system_out
    assert "unknown (in flight when the session ended): name NEW" in cases["dropped"].system_out
