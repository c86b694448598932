"""What the renderers and the CLI table show, derived once from a ``DriftReport``: labels, headline, diff rows.

The renderers only lay these out, so every format says the same thing in the same words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from diffsync_automation.report.model import DeviceReport, DeviceStatus, DriftReport

STATUS_LABELS = {
    DeviceStatus.IN_SYNC: "in sync",
    DeviceStatus.DRIFT: "drift",
    DeviceStatus.SYNCED: "synced",
    DeviceStatus.ERROR: "error",
    DeviceStatus.INTERRUPTED: "interrupted",
    DeviceStatus.NOT_STARTED: "not started",
}
STATUS_ICONS = {
    DeviceStatus.IN_SYNC: "✅",
    DeviceStatus.DRIFT: "⚠️",
    DeviceStatus.SYNCED: "🔧",
    DeviceStatus.ERROR: "❌",
    DeviceStatus.INTERRUPTED: "⏹️",
    DeviceStatus.NOT_STARTED: "⏸️",
}
LINE_MARKS = {"rejected": "rejected by the device", "unknown": "unknown: in flight when the session ended"}
"""How a sent line that did not simply apply is marked after it."""
_SIDES = ("+", "-")


@dataclass(frozen=True)
class DiffRow:
    """One attribute of one object that differs (or the object itself, when it has no attributes).

    ``current`` is the destination's value (the device), ``intended`` the source's, both as JSON; ``None`` stands
    for "absent".
    """

    path: str
    action: str
    attribute: str
    current: str | None
    intended: str | None


def diff_rows(diff: Mapping[str, Any], parent: str = "") -> list[DiffRow]:
    """Rows of a ``Diff.dict()``: per changed object its action and each differing attribute, children after."""
    return list(_rows(diff, parent))


def _rows(diff: Mapping[str, Any], parent: str) -> Iterator[DiffRow]:
    for model, objects in diff.items():
        for name, entry in objects.items():
            path = f"{parent}{model} {name}"
            plus, minus = entry.get("+"), entry.get("-")
            action = "update" if plus is not None and minus is not None else "create" if plus is not None else "delete"
            if plus is not None or minus is not None:
                attributes = list(dict.fromkeys([*(minus or {}), *(plus or {})]))
                if not attributes and action != "update":
                    yield DiffRow(path, action, "", None, None)
                for attribute in attributes:
                    yield DiffRow(path, action, attribute, _shown(minus, attribute), _shown(plus, attribute))
            children = {key: value for key, value in entry.items() if key not in _SIDES}
            yield from _rows(children, f"{path} / ")


def _shown(side: Mapping[str, Any] | None, attribute: str) -> str | None:
    if side is None or attribute not in side:
        return None
    return json.dumps(side[attribute], ensure_ascii=False)


def headline(report: DriftReport) -> str:
    """One line saying how the run went, e.g. ``drift on 3 of 8 devices``."""
    totals = report.totals
    parts = []
    if totals.interrupted or totals.not_started:
        parts.append(
            f"interrupted: {totals.interrupted} cut short, {totals.not_started} not started"
            f" of {totals.devices} {_devices(totals.devices)}"
        )
    if totals.error:
        parts.append(f"{totals.error} of {totals.devices} {_devices(totals.devices)} failed")
    if totals.drift:
        parts.append(f"drift on {totals.drift} of {totals.devices} {_devices(totals.devices)}")
    if totals.synced:
        parts.append(f"{totals.synced} {_devices(totals.synced)} synced")
    if not parts:
        return f"no drift on {totals.devices} {_devices(totals.devices)}" if totals.devices else "no devices checked"
    return ", ".join(parts)


def overall_status(report: DriftReport) -> DeviceStatus:
    """The status that sums up the run: interrupted, else error if any device failed, else drift, else synced,
    else in sync."""
    totals = report.totals
    if totals.not_started and not totals.interrupted:
        return DeviceStatus.NOT_STARTED
    for status in (DeviceStatus.INTERRUPTED, DeviceStatus.ERROR, DeviceStatus.DRIFT, DeviceStatus.SYNCED):
        if getattr(totals, status.value):
            return status
    return DeviceStatus.IN_SYNC


def _devices(count: int) -> str:
    return "device" if count == 1 else "devices"


def duration(report: DriftReport) -> str:
    """Wall time of the run, e.g. ``4.2 s``; empty before ``finish()``."""
    if report.finished_at is None:
        return ""
    return f"{(report.finished_at - report.started_at).total_seconds():.1f} s"


def change_counts(device: DeviceReport) -> tuple[int, int, int]:
    """Objects to create, update and delete."""
    summary = device.summary
    return summary.get("create", 0), summary.get("update", 0), summary.get("delete", 0)


@dataclass(frozen=True)
class ShownLine:
    """One command as shown: ``mark`` is empty for a line applied (or planned), else why it stands out."""

    command: str
    mark: str = ""
    kind: str = ""
    """``rejected`` or ``unknown`` (the CSS class of a marked line), empty otherwise."""

    def __str__(self) -> str:
        return f"{self.command}   <- {self.mark}" if self.mark else self.command


def shown_commands(device: DeviceReport) -> tuple[str, list[ShownLine]]:
    """The commands worth showing and how to title them: sent ones after a sync (the rejected line and the one
    whose fate is unknown marked), planned ones in a dry run."""
    if device.dry_run:
        return "Commands a sync would send", [ShownLine(command) for command in device.commands]
    if device.applied or device.failed_commands:
        marked = [(command, "rejected") for command in device.rejected] + [(c, "unknown") for c in device.unknown]
        lines = [ShownLine(command) for command in device.applied]
        lines += [ShownLine(command, LINE_MARKS[kind], kind) for command, kind in marked]
        return "Commands sent", lines
    return "Commands", [ShownLine(command) for command in device.commands]


def verification_text(device: DeviceReport) -> str:
    """What the re-read after the push found; empty when the device was not re-read."""
    if device.verified is None:
        return ""
    if device.verified:
        return "verified: after the push, the device, read again, matches the intended state"
    return "not verified: after the push, the device, read again, still differs from the intended state"


def rollback_text(device: DeviceReport) -> str:
    """Whether the device was rolled back after its failed push, and whether that worked; empty if not."""
    rollback = device.rollback
    if rollback is None:
        return ""
    sent = f"{len(rollback.applied)} command(s) sent" if rollback.method == "inverse" else "the platform's rollback"
    if rollback.verified:
        return f"rolled back ({sent}): the device, read again, holds its configuration from before the push"
    return f"rollback FAILED ({sent}): {rollback.error or 'the device still differs from its old configuration'}"
