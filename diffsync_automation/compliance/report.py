"""A device's compliance result folded into its drift-report entry: features, commands, errors and status."""

from __future__ import annotations

import difflib

from diffsync_automation.compliance.check import ComplianceResult
from diffsync_automation.compliance.features import FeatureResult
from diffsync_automation.report.model import DeviceReport, DeviceStatus, FeatureCompliance


def add_compliance(report: DeviceReport, result: ComplianceResult) -> DeviceReport:
    """Add ``result`` to ``report`` (in place) and settle the device's status; returns ``report``.

    A non-compliant feature is drift (also after a sync that did not fix it), an error of the device an error,
    and a device whose remediation was applied and re-checked compliant is synced.
    """
    report.compliance = {name: FeatureCompliance(**feature.to_dict()) for name, feature in result.features.items()}
    if result.excluded:
        pairs = ", ".join(f"{feature} ({key})" for feature, key in result.excluded.items())
        report.warnings.append(f"features managed by structured keys, left out of the compliance check: {pairs}")
    if result.pushed:
        report.applied += result.applied
        report.failed_commands += result.failed
        report.not_attempted += result.not_attempted
        report.commands += result.applied + result.failed + result.not_attempted
    else:
        report.commands += result.commands
    if report.errors:
        report.status = DeviceStatus.ERROR
    elif not result.compliant:
        report.status = DeviceStatus.DRIFT
    elif result.pushed and report.status is DeviceStatus.IN_SYNC:
        report.status = DeviceStatus.SYNCED
    return report


def feature_diff(host: str, name: str, feature: FeatureCompliance) -> str:
    """A unified diff of one feature, device (``-``) to intended (``+``), for ``--diff`` displays."""
    lines = difflib.unified_diff(
        feature.extra,
        feature.missing,
        fromfile=f"{host} running: {name}",
        tofile=f"{host} intended: {name}",
        lineterm="",
    )
    return "\n".join(lines)


def compliance_diff(report: DeviceReport) -> str:
    """The unified diffs of every non-compliant feature of the device, one after the other."""
    return "\n".join(
        feature_diff(report.host, name, feature) for name, feature in report.compliance.items() if not feature.compliant
    )


def ansible_diff(host: str, features: dict[str, FeatureResult]) -> list[dict[str, str]]:
    """Ansible ``diff`` entries, one per non-compliant feature: device lines (before) against intended (after)."""
    entries = []
    for name, feature in features.items():
        if feature.compliant:
            continue
        header = f"{host}: config {name}"
        entries.append(
            {
                "before_header": header,
                "after_header": header,
                "before": "".join(f"{line}\n" for line in feature.extra),
                "after": "".join(f"{line}\n" for line in feature.missing),
            }
        )
    return entries
