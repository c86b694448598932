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
}
STATUS_ICONS = {
    DeviceStatus.IN_SYNC: "✅",
    DeviceStatus.DRIFT: "⚠️",
    DeviceStatus.SYNCED: "🔧",
    DeviceStatus.ERROR: "❌",
}
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
    """The status that sums up the run: error if any device failed, else drift, else synced, else in sync."""
    totals = report.totals
    for status in (DeviceStatus.ERROR, DeviceStatus.DRIFT, DeviceStatus.SYNCED):
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


def shown_commands(device: DeviceReport) -> tuple[str, list[str]]:
    """The commands worth showing and how to title them: sent ones after a sync, planned ones in a dry run."""
    if device.dry_run:
        return "Commands a sync would send", device.commands
    if device.applied or device.failed_commands:
        return "Commands sent", device.applied + device.failed_commands
    return "Commands", device.commands
