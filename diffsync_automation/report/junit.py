"""The drift report as JUnit XML, the format CI systems (GitLab, Jenkins, Azure, GitHub test reporters) display.

One test case per device, plus one per device and configuration feature (failing when not compliant):
passing when in sync or synced, ``<failure type="drift">`` on drift (the readable diff and the commands as its
text), ``<error>`` when the check or sync failed or was cut short by an interruption, ``<skipped>`` for a device
an interrupted run never started. Written with the standard library's
ElementTree: the format is small and the ``junit-xml`` package has not been maintained since 2020.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from diffsync_automation.report.model import DeviceReport, DeviceStatus, DriftReport, FeatureCompliance
from diffsync_automation.report.view import change_counts, rollback_text, verification_text

# Characters XML 1.0 cannot hold at all (escaping does not help); device output may contain some.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(report: DriftReport) -> str:
    """The report as a JUnit XML document (``<testsuites>`` with one ``<testsuite>``)."""
    totals = report.totals
    features = [(device, name, feature) for device in report.devices for name, feature in device.compliance.items()]
    failing_features = sum(not feature.compliant for _, _, feature in features)
    counts = {
        "tests": str(totals.devices + len(features)),
        "failures": str(totals.drift + failing_features),
        "errors": str(totals.error + totals.interrupted),
        "skipped": str(totals.not_started),
        "time": _seconds(_run_time(report)),
    }
    root = ET.Element("testsuites", {"name": f"{report.tool} {report.mode}", **counts})
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": f"{report.tool}.{report.mode}", **counts, "timestamp": report.started_at.isoformat()},
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("tool_version", report.tool_version),
        ("schema_version", report.schema_version),
        ("mode", report.mode),
        ("exit_code", str(report.exit_code)),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for device in report.devices:
        suite.append(_testcase(report, device))
    for device, name, feature in features:
        suite.append(_feature_testcase(report, device, name, feature))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(report: DriftReport, device: DeviceReport) -> ET.Element:
    attributes = {"name": device.host, "classname": f"{report.mode}.{device.platform or 'device'}"}
    if device.duration_s is not None:
        attributes["time"] = _seconds(device.duration_s)
    case = ET.Element("testcase", attributes)
    if device.status is DeviceStatus.DRIFT:
        create, update, delete = change_counts(device)
        failure = ET.SubElement(
            case,
            "failure",
            {"type": "drift", "message": f"drift: {create} to create, {update} to update, {delete} to delete"},
        )
        failure.text = _clean(_drift_text(device))
    elif device.status is DeviceStatus.NOT_STARTED:
        ET.SubElement(case, "skipped", {"message": "not started: the run was interrupted"})
    elif device.status in (DeviceStatus.ERROR, DeviceStatus.INTERRUPTED):
        first = device.errors[0] if device.errors else None
        error = ET.SubElement(
            case,
            "error",
            {"type": first.kind if first else "error", "message": _clean(first.message if first else "failed")},
        )
        error.text = _clean("\n".join(f"{item.kind}: {item.message}" for item in device.errors))
    output = _system_out(device)
    if output:
        ET.SubElement(case, "system-out").text = _clean(output)
    return case


def _feature_testcase(report: DriftReport, device: DeviceReport, name: str, feature: FeatureCompliance) -> ET.Element:
    """One configuration feature of one device: failing when it is not compliant (secrets already masked)."""
    case = ET.Element("testcase", {"name": f"{device.host} {name}", "classname": f"{report.mode}.compliance.{name}"})
    if not feature.compliant:
        failure = ET.SubElement(
            case,
            "failure",
            {
                "type": "compliance",
                "message": f"{name}: {len(feature.missing)} line(s) missing, {len(feature.extra)} extra",
            },
        )
        parts = [("missing", feature.missing), ("extra", feature.extra), ("remediation", feature.remediation)]
        failure.text = _clean("\n\n".join(f"{title}:\n" + "\n".join(lines) for title, lines in parts if lines))
    return case


def _drift_text(device: DeviceReport) -> str:
    text = device.diff_text or "(no readable diff)"
    if device.commands:
        text += "\n\ncommands:\n" + "\n".join(device.commands)
    return text


def _system_out(device: DeviceReport) -> str:
    """What was sent (after a sync) and any warnings; a dry run's commands are in the failure text."""
    lines = []
    if not device.dry_run:
        lines += [f"applied: {command}" for command in device.applied]
        lines += [f"rejected: {command}" for command in device.rejected]
        lines += [f"unknown (in flight when the session ended): {command}" for command in device.unknown]
        lines += [f"not sent: {command}" for command in device.not_attempted]
        lines += [verification_text(device)] if device.verified is not None else []
        lines += [rollback_text(device)] if device.rollback is not None else []
        lines += [f"rollback command: {command}" for command in device.rollback.applied] if device.rollback else []
    lines += [f"warning: {warning}" for warning in device.warnings]
    return "\n".join(lines)


def _run_time(report: DriftReport) -> float:
    if report.finished_at is not None:
        return (report.finished_at - report.started_at).total_seconds()
    return sum(device.duration_s or 0.0 for device in report.devices)


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
