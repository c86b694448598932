"""The drift report data model: what a pipeline reads (JSON, with a JSON Schema) and what renderers display.

A report holds one ``DeviceReport`` per device and the run totals. ``DriftReport.exit_code`` follows
Terraform's ``-detailed-exitcode``: 0 nothing to change, 2 drift found (dry run), 1 any device failed.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from diffsync_automation import __version__

if TYPE_CHECKING:
    from diffsync_automation.diff import Diff

REPORT_SCHEMA_VERSION: Literal["1.0"] = "1.0"
"""Bumped on any incompatible change of the report's JSON form."""

_ACTIONS = ("create", "update", "delete")


class DeviceStatus(str, enum.Enum):
    """Where a device stands after the run."""

    IN_SYNC = "in_sync"
    """Nothing differs between intended and live state."""
    DRIFT = "drift"
    """Differences found and not applied (dry run), or left after a sync."""
    SYNCED = "synced"
    """Differences found and applied; the device now matches."""
    ERROR = "error"
    """The check or the sync failed (see ``errors``)."""


class ReportError(BaseModel):
    """One error of one device: a short ``kind`` (e.g. ``timeout``, ``auth``, ``intended_data``) and a message."""

    model_config = ConfigDict(frozen=True)

    kind: str
    message: str


_ALWAYS_WRITTEN = ConfigDict(json_schema_serialization_defaults_required=True)
"""Fields with defaults are still always in the JSON: the schema says so, so consumers need no fallbacks."""


class FeatureCompliance(BaseModel):
    """One configuration feature of one device (see docs/compliance.md); secrets in its lines are masked."""

    model_config = _ALWAYS_WRITTEN

    compliant: bool
    missing: list[str] = Field(default_factory=list)
    """Intended lines the device lacks, with their parent lines."""
    extra: list[str] = Field(default_factory=list)
    """Device lines the intended configuration lacks, with their parent lines."""
    remediation: list[str] = Field(default_factory=list)
    """Configuration that makes the feature compliant."""


class FeatureTotals(BaseModel):
    """One feature across the devices that have it: how many comply, and the ratio."""

    model_config = _ALWAYS_WRITTEN

    devices: int = 0
    compliant: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratio(self) -> float:
        """Compliant devices / devices (1.0 when no device has the feature)."""
        return self.compliant / self.devices if self.devices else 1.0


class DeviceReport(BaseModel):
    """The outcome for one device (or, in generic mode, one pair of datasets)."""

    model_config = _ALWAYS_WRITTEN

    host: str
    status: DeviceStatus
    platform: str = ""
    state: str = ""
    dry_run: bool = True
    summary: dict[str, int] = Field(default_factory=dict)
    """``Diff.summary()`` counts: create, update, delete, no-change, skip."""
    diff: dict[str, Any] = Field(default_factory=dict)
    """The structured diff (``Diff.dict()``)."""
    diff_text: str = ""
    """The readable diff (``Diff.str()``)."""
    commands: list[str] = Field(default_factory=list)
    """Commands that would be (dry run) or were sent, in order."""
    applied: list[str] = Field(default_factory=list)
    failed_commands: list[str] = Field(default_factory=list)
    not_attempted: list[str] = Field(default_factory=list)
    errors: list[ReportError] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    compliance: dict[str, FeatureCompliance] = Field(default_factory=dict)
    """Configuration compliance per feature, for hosts with an intended configuration (else empty)."""
    duration_s: float | None = None

    @property
    def changes(self) -> int:
        """Number of objects to create, update or delete."""
        return sum(self.summary.get(action, 0) for action in _ACTIONS)

    @classmethod
    def from_device_result(cls, result: Any, duration_s: float | None = None) -> DeviceReport:
        """Build from a ``network.DeviceResult`` or its ``to_dict()`` (an Ansible result may add ``compliance``)."""
        data: Mapping[str, Any] = result if isinstance(result, Mapping) else result.to_dict()
        errors = [ReportError(**error) for error in data.get("errors", [])]
        summary = dict(data.get("summary", {}))
        changes = sum(summary.get(action, 0) for action in _ACTIONS)
        dry_run = bool(data.get("dry_run", True))
        compliance = {name: FeatureCompliance(**entry) for name, entry in (data.get("compliance") or {}).items()}
        if errors:
            status = DeviceStatus.ERROR
        elif not all(feature.compliant for feature in compliance.values()):
            status = DeviceStatus.DRIFT
        elif not changes and (dry_run or not data.get("applied")):
            status = DeviceStatus.IN_SYNC
        elif dry_run or data.get("remaining"):
            status = DeviceStatus.DRIFT
        else:
            status = DeviceStatus.SYNCED
        return cls(
            host=data["host"],
            status=status,
            platform=data.get("platform", ""),
            state=data.get("state", ""),
            dry_run=dry_run,
            summary=summary,
            diff=data.get("diff", {}),
            diff_text=data.get("diff_text", ""),
            commands=list(data.get("commands", [])),
            applied=list(data.get("applied", [])),
            failed_commands=list(data.get("failed_commands", [])),
            not_attempted=list(data.get("not_attempted", [])),
            errors=errors,
            warnings=list(data.get("warnings", [])),
            compliance=compliance,
            duration_s=duration_s,
        )

    @classmethod
    def from_diff(cls, host: str, diff: Diff, *, dry_run: bool = True, duration_s: float | None = None) -> DeviceReport:
        """Build from a ``Diff`` (generic mode: any adapters, no commands)."""
        summary = diff.summary()
        changes = sum(summary.get(action, 0) for action in _ACTIONS)
        status = DeviceStatus.IN_SYNC if not changes else DeviceStatus.DRIFT if dry_run else DeviceStatus.SYNCED
        return cls(
            host=host,
            status=status,
            dry_run=dry_run,
            summary=summary,
            diff=diff.dict(),
            diff_text=diff.str(),
            duration_s=duration_s,
        )

    @classmethod
    def from_error(cls, host: str, kind: str, message: str, *, dry_run: bool = True) -> DeviceReport:
        """A device whose check failed before producing a result (e.g. an exception in a Nornir task)."""
        return cls(
            host=host, status=DeviceStatus.ERROR, dry_run=dry_run, errors=[ReportError(kind=kind, message=message)]
        )


class RunTotals(BaseModel):
    """Counts over all devices of a run."""

    model_config = _ALWAYS_WRITTEN

    devices: int = 0
    in_sync: int = 0
    drift: int = 0
    synced: int = 0
    error: int = 0
    create: int = 0
    update: int = 0
    delete: int = 0
    compliance: dict[str, FeatureTotals] = Field(default_factory=dict)
    """Per configuration feature, over the devices checked for it."""

    @classmethod
    def of(cls, devices: Iterable[DeviceReport]) -> RunTotals:
        """Totals of these device reports."""
        totals = cls()
        for device in devices:
            for name, feature in device.compliance.items():
                counted = totals.compliance.setdefault(name, FeatureTotals())
                counted.devices += 1
                counted.compliant += feature.compliant
            totals.devices += 1
            setattr(totals, device.status.value, getattr(totals, device.status.value) + 1)
            for action in _ACTIONS:
                setattr(totals, action, getattr(totals, action) + device.summary.get(action, 0))
        return totals


class DriftReport(BaseModel):
    """A whole run: which devices drift, by how much, and what was (or would be) done about it."""

    model_config = _ALWAYS_WRITTEN

    schema_version: Literal["1.0"] = REPORT_SCHEMA_VERSION
    tool: str = "diffsync-automation"
    tool_version: str = Field(default_factory=lambda: __version__)
    mode: Literal["check", "sync", "apply"] = "check"
    started_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    finished_at: dt.datetime | None = None
    devices: list[DeviceReport] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def totals(self) -> RunTotals:
        """Counts over all devices."""
        return RunTotals.of(self.devices)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def exit_code(self) -> int:
        """0: nothing to change; 2: drift found (or left); 1: a device failed."""
        totals = self.totals
        if totals.error:
            return 1
        if totals.drift:
            return 2
        return 0

    def add(self, device: DeviceReport) -> None:
        """Add one device's report (the report keeps devices sorted by host when finished)."""
        self.devices.append(device)

    def finish(self) -> DriftReport:
        """Stamp the end time and sort devices by host; returns self."""
        self.finished_at = dt.datetime.now(dt.timezone.utc)
        self.devices.sort(key=lambda device: device.host)
        return self

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (the form validated by ``docs/drift-report.schema.json``)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the report's JSON form."""
        return cls.model_json_schema(mode="serialization")
