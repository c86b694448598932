"""The drift report data model: what a pipeline reads (JSON, with a JSON Schema) and what renderers display.

A report holds one ``DeviceReport`` per device and the run totals. ``DriftReport.exit_code`` follows
Terraform's ``-detailed-exitcode``: 0 nothing to change, 2 drift found (dry run), 1 any device failed, and 130
when the run was interrupted (a device ``interrupted`` or ``not_started``), as a shell reports a Ctrl-C.
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
    INTERRUPTED = "interrupted"
    """The run was stopped while this device's push was under way: ``applied`` and ``not_attempted`` say how far."""
    NOT_STARTED = "not_started"
    """The run was stopped before this device (or its push) started: nothing was sent to it."""


INTERRUPTED_KIND = "interrupted"
"""The error kind of a device the run's stop cut short or did not start (``network.errors.Interrupted``)."""
SKIPPED_KIND = "skipped"
"""The error kind of a host of the run's inventory that Nornir did not run (it failed in an earlier run)."""
EXIT_INTERRUPTED = 130


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


class RollbackReport(BaseModel):
    """With ``--rollback-on-failure``: how a device whose push failed or was cut was returned to its old state."""

    model_config = _ALWAYS_WRITTEN

    method: str = "inverse"
    """``inverse``: the inverse changes were pushed; ``native``: the platform's own rollback."""
    commands: list[str] = Field(default_factory=list)
    """The rollback's commands (none when the device already held its old configuration)."""
    applied: list[str] = Field(default_factory=list)
    verified: bool = False
    """Whether the device, read again, holds the configuration it had before the push."""
    error: str = ""
    """Why the rollback failed, if it did."""


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
    """``rejected`` and ``unknown`` together (at most one line: the push stops there)."""
    rejected: list[str] = Field(default_factory=list)
    """The line the device refused with an error; it was not applied."""
    unknown: list[str] = Field(default_factory=list)
    """The line in flight when the session died: it may or may not have been applied (``verified`` settles it)."""
    not_attempted: list[str] = Field(default_factory=list)
    verified: bool | None = None
    """After a push: whether the device, read again, matches the intended state; None when it was not re-read."""
    remaining: dict[str, Any] | None = None
    """After a push: the diff the re-read still found (``{}`` once converged); None when it was not re-read."""
    errors: list[ReportError] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    compliance: dict[str, FeatureCompliance] = Field(default_factory=dict)
    """Configuration compliance per feature, for hosts with an intended configuration (else empty)."""
    rollback: RollbackReport | None = None
    """Set when the device was rolled back after a failed or cut push (``--rollback-on-failure``)."""
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
            status = failed_status(errors, sent=bool(data.get("applied") or data.get("failed_commands")))
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
            rejected=list(data.get("rejected", [])),
            unknown=list(data.get("unknown", [])),
            not_attempted=list(data.get("not_attempted", [])),
            verified=data.get("verified"),
            remaining=data.get("remaining"),
            errors=errors,
            warnings=list(data.get("warnings", [])),
            compliance=compliance,
            rollback=RollbackReport(**data["rollback"]) if data.get("rollback") else None,
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

    @classmethod
    def not_started(cls, host: str, *, dry_run: bool = True) -> DeviceReport:
        """A device of the inventory that an interrupted run never reached."""
        error = ReportError(kind=INTERRUPTED_KIND, message=f"host {host}: not started: the run was stopped")
        return cls(host=host, status=DeviceStatus.NOT_STARTED, dry_run=dry_run, errors=[error])


def failed_status(errors: Iterable[ReportError], *, sent: bool) -> DeviceStatus:
    """The status of a device with errors: ``interrupted`` (lines were ``sent``) or ``not_started`` when the run's
    stop cut it short, else ``error``."""
    if any(error.kind == INTERRUPTED_KIND for error in errors):
        return DeviceStatus.INTERRUPTED if sent else DeviceStatus.NOT_STARTED
    return DeviceStatus.ERROR


class RunTotals(BaseModel):
    """Counts over all devices of a run."""

    model_config = _ALWAYS_WRITTEN

    devices: int = 0
    in_sync: int = 0
    drift: int = 0
    synced: int = 0
    error: int = 0
    interrupted: int = 0
    not_started: int = 0
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
    interrupted: str | None = None
    """How the run was stopped (``interrupted by SIGINT: ...``); None when it ran to the end."""
    devices: list[DeviceReport] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def totals(self) -> RunTotals:
        """Counts over all devices."""
        return RunTotals.of(self.devices)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def exit_code(self) -> int:
        """0: nothing to change; 2: drift found (or left); 1: a device failed; 130: the run was interrupted."""
        totals = self.totals
        if self.interrupted is not None or totals.interrupted or totals.not_started:
            return EXIT_INTERRUPTED
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
