# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Network mode: the host's intended state against its device, through the library's device workflow.

Each state maps onto the library: merged/replaced/overridden/deleted run ``DeviceRun.check`` (a dry run in
check mode; with the compliance step for a host naming an intended configuration, pushed in the same
configuration session), ``rendered`` renders the intended state without contacting the device and ``gathered``
only reads the device. Results use the vocabulary of Ansible's network resource modules.
"""

from __future__ import annotations

import traceback
import typing as t
from pathlib import Path

from ansible_collections.diffsync.automation.plugins.module_utils.ansible_diff import to_ansible_diff

try:
    from diffsync_automation.compliance.check import ComplianceResult, ComplianceStep
    from diffsync_automation.compliance.report import ansible_diff
    from diffsync_automation.network import (
        CheckOptions,
        DeviceAdapter,
        DeviceConnection,
        DeviceRun,
        NetmikoSession,
        NetworkError,
        State,
        get_platform,
        render_intended,
        validate_host_data,
    )
    from diffsync_automation.network.platforms import platform_names
except ImportError as exc:  # reported as a clean task failure naming the missing library
    IMPORT_ERROR: str | None = traceback.format_exc()
    MISSING_LIBRARY: str | None = exc.name or "diffsync-automation"
else:
    IMPORT_ERROR = None
    MISSING_LIBRARY = None


class DeviceTaskError(Exception):
    """A device or data problem outside ``DeviceRun.check`` (which reports its own); ``kind`` as in the library."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def run_network(
    host: str,
    params: t.Mapping[str, t.Any],
    intended: t.Mapping[str, t.Any],
    connection: t.Mapping[str, t.Any] | None,
    check_mode: bool,
    diff_mode: bool,
    configuration: t.Mapping[str, t.Any] | None = None,
) -> dict[str, t.Any]:
    """The task result for one device; ``connection`` is None only for ``state: rendered``. ``configuration`` is
    the host data of the compliance check (hosts naming an intended configuration)."""
    state = params["state"]
    if state == "rendered":
        return _rendered(host, intended, params["platform"])
    if connection is None:
        raise ValueError(f"state {state} needs connection parameters")
    if state == "gathered":
        return _gathered(host, intended, connection, params["timeout"], params["connect_timeout"])
    options = CheckOptions(
        state=State(state),
        dry_run=check_mode,
        max_deletes=params.get("max_deletes"),
        force=bool(params.get("force")),
        read_timeout=params["timeout"],
        connect_timeout=params["connect_timeout"],
        rollback_on_failure=bool(params.get("rollback_on_failure")),
        base_dir=Path(str((configuration or {}).get("inventory_dir") or ".")),  # where intended config paths start
    )
    step = ComplianceStep(host, configuration, options.base_dir) if configuration is not None else None
    outcome = DeviceRun(host, DeviceConnection(dict(connection)), options, config=step).check(intended).to_dict()
    result = _device_result(host, outcome, diff_mode)
    if step is not None and step.result is not None:
        _add_compliance(host, result, step.result, diff_mode)
    return result


def _add_compliance(host: str, result: dict[str, t.Any], found: ComplianceResult, diff_mode: bool) -> None:
    """Fold the host's configuration compliance (checked, and outside check mode fixed, in the same session as the
    structured data) into ``result``."""
    result["compliance"] = found.to_dict()
    if found.pushed:
        result["changed"] = result["changed"] or bool(found.applied)
        for key, lines in (("applied", found.applied), ("failed_commands", found.failed)):
            result[key] = list(result.get(key) or []) + lines
    else:
        result["changed"] = result["changed"] or not found.compliant
        result["commands"] = list(result.get("commands") or []) + found.commands
    if diff_mode:
        result["diff"] = list(result.get("diff") or []) + ansible_diff(host, found.found)


def _device_result(host: str, outcome: dict[str, t.Any], diff_mode: bool) -> dict[str, t.Any]:
    """The device result under resource-module keys (``diff`` becomes Ansible's diff list)."""
    result = {key: value for key, value in outcome.items() if key not in ("diff", "failed", "host")}
    result["structured_diff"] = outcome["diff"]
    if diff_mode:
        result["diff"] = to_ansible_diff(host, outcome["changes"])
    if outcome["after"] is None and not outcome["changed"] and not outcome["errors"]:
        result["after"] = outcome["before"]  # nothing to change: the device stays as it was read
    elif outcome["after"] is None:
        del result["after"]
    if outcome["errors"]:
        # Ansible prints a failed result whole: leave out the device state, keep what says what happened
        # (summary, applied/failed_commands/not_attempted, remaining, errors).
        for bulky in ("before", "after", "changes"):
            result.pop(bulky, None)
        result["failed"] = True
        result["msg"] = "; ".join(error["message"] for error in outcome["errors"])
        result["error_kind"] = outcome["errors"][0]["kind"]
    return result


def _driver(host: str, platform: str) -> t.Any:
    driver = get_platform(platform)
    if driver is None:
        raise DeviceTaskError(
            "unsupported_platform",
            f"host {host}: no platform driver for device type {platform!r} (known: {', '.join(platform_names())})",
        )
    return driver


def _rendered(host: str, intended: t.Mapping[str, t.Any], platform: str) -> dict[str, t.Any]:
    """Commands that configure the intended state on an empty device; the device is not contacted."""
    try:
        rendered = render_intended(host, intended, platform)
    except NetworkError as exc:
        raise DeviceTaskError(exc.kind, str(exc)) from None
    return {
        "changed": False,
        "platform": platform,
        "state": "rendered",
        "rendered": [command for item in rendered for command in item.commands],
    }


def _gathered(
    host: str,
    intended: t.Mapping[str, t.Any],
    connection: t.Mapping[str, t.Any],
    timeout: float,
    connect_timeout: float,
) -> dict[str, t.Any]:
    """The device's configuration in the intended-state schema: the sections ``intended`` manages, else all."""
    platform = str(connection["device_type"])
    driver = _driver(host, platform)
    try:
        sections = validate_host_data(host, intended).managed() if intended else None
        with NetmikoSession.from_params(
            host, connection, read_timeout=timeout, connect_timeout=connect_timeout
        ) as session:
            state = DeviceAdapter(host, session, driver, sections).read()
    except NetworkError as exc:
        raise DeviceTaskError(exc.kind, str(exc)) from None
    return {"changed": False, "platform": platform, "state": "gathered", "gathered": state.plain()}
