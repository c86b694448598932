"""Run-wide drift reports: one versioned data model, rendered as JSON, JUnit XML, Markdown and HTML."""

from diffsync_automation.report.model import (
    REPORT_SCHEMA_VERSION,
    DeviceReport,
    DeviceStatus,
    DriftReport,
    ReportError,
    RollbackReport,
    RunTotals,
)

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "DeviceReport",
    "DeviceStatus",
    "DriftReport",
    "ReportError",
    "RollbackReport",
    "RunTotals",
]
