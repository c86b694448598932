"""The Nornir tasks of the device workflow (``network.workflow``), one host each, plain task functions like
nornir_netmiko's:

- ``diffsync_sync``: check a device against its inventory data and, unless dry run, fix it (keyword options);
- ``diffsync_compliance``: the same, plus configuration compliance for hosts naming an intended configuration,
  both pushed in one configuration session (the CLI's ``drift`` and ``sync``);
- ``diffsync_plan``: a dry run kept as a plan entry (``sync --plan``);
- ``diffsync_apply``: push a plan entry to its device if it did not change since (``apply``).

The last three take the run's ``CheckOptions`` whole. Each returns a ``Result`` with ``drift_report`` (the host's
``DeviceReport``) and ``device_result``, or raises ``DriftCheckError`` when the device or its data failed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from nornir.core.task import Result, Task
from nornir_netmiko.connections import CONNECTION_NAME

from diffsync_automation.compliance.check import ComplianceResult, ComplianceStep
from diffsync_automation.compliance.report import add_compliance, compliance_diff
from diffsync_automation.network import DeviceAdapter, DeviceResult, IntendedAdapter, State
from diffsync_automation.network.options import CheckOptions
from diffsync_automation.network.planfile import PlanEntry, apply_plan_entry, plan_device
from diffsync_automation.network.session import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT
from diffsync_automation.network.target import DEFAULT_STATE
from diffsync_automation.network.workflow import DeviceRun
from diffsync_automation.report.model import DeviceReport, failed_status
from nornir_plugins.connection import HostConnection
from nornir_plugins.diff_text import readable_diff
from nornir_plugins.errors import DriftCheckError


def diffsync_sync(
    task: Task,
    state: State | str = DEFAULT_STATE,
    dry_run: bool | None = None,
    *,
    data_key: str | None = None,
    connection: str = CONNECTION_NAME,
    max_deletes: int | None = None,
    force: bool = False,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    intended_class: type[IntendedAdapter] = IntendedAdapter,
    device_class: type[DeviceAdapter] = DeviceAdapter,
    rollback_on_failure: bool = False,
) -> Result:
    """Diff the host's intended state (inventory data) with the device; push the difference unless dry run.

    Args:
        state: ``overridden`` (default), ``merged``, ``replaced`` or ``deleted`` (Ansible's resource-module
            meanings; see ``network.target.DEFAULT_STATE`` for why ``overridden``).
        dry_run: overrides ``InitNornir(dry_run=...)`` when not None (``task.is_dry_run``).
        data_key: inventory key holding the intended state; None reads the host's own keys (``vlans``,
            ``interfaces``, ...), resolved through its groups and defaults like any Nornir host data.
        connection: Nornir connection plugin giving a netmiko connection (nornir-netmiko's ``netmiko``);
            its options (``connection_options.netmiko.extras``, e.g. the enable ``secret``) apply.
        max_deletes: refuse a sync deleting more objects unless ``force``; a dry run only warns.
        read_timeout: bound, in seconds, of every read from the device (netmiko's login reads included).
        connect_timeout: bound, in seconds, of the TCP connect, the SSH banner and the login each. Both replace
            the netmiko ``extras`` of the same meaning (``conn_timeout``, ``read_timeout_override``...).
        intended_class, device_class: adapters to use for extended schemas (see docs/network.md).
        rollback_on_failure: return a device whose push fails or is cut part-way to its configuration before the
            push, verified by a re-read (``device_result.rollback`` and the report's ``rollback`` say how it went).

    Returns:
        ``Result`` with ``changed`` (drift found in a dry run, changes applied otherwise), ``diff`` (one block per
        changed object, empty when nothing differs) and ``result`` (``summary``, ``commands``, ``warnings``);
        attributes ``device_result`` (the ``DeviceResult``) and ``drift_report`` (its ``DeviceReport``).

    Raises:
        DriftCheckError: the device or its data failed (unreachable, login refused, invalid intended data, a
            rejected command...); Nornir then marks the host failed and the exception names host and cause.
    """
    options = CheckOptions(
        state=State(state),
        dry_run=task.is_dry_run(dry_run),
        max_deletes=max_deletes,
        force=force,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        rollback_on_failure=rollback_on_failure,
    )
    started = time.perf_counter()
    host = HostConnection(task, connection, read_timeout=read_timeout, connect_timeout=connect_timeout)
    try:
        data = dict(task.host.items()) if data_key is None else task.host[data_key]
    except KeyError:
        outcome = DeviceResult(
            task.host.name, platform=host.device_type, state=options.state.value, dry_run=options.dry_run
        )
        outcome.add_error("intended_state", f"host {task.host.name}: the inventory has no {data_key!r} data")
    else:
        run = DeviceRun(
            task.host.name, host.device(), options, intended_class=intended_class, device_class=device_class
        )
        outcome = run.check(data)
    return _finish(task, host, outcome, started)


def diffsync_compliance(task: Task, options: CheckOptions, *, connection: str = CONNECTION_NAME) -> Result:
    """``diffsync_sync`` with ``options``, plus configuration compliance when the host names an intended
    configuration (``intended_config_file`` / ``intended_config_template``, relative to ``options.base_dir``).

    Features the structured keys manage are left out of compliance (docs/compliance.md); a sync sends the
    structured changes and the remediation in one configuration session. The result's ``drift_report`` holds
    both; ``diff`` adds a unified diff per non-compliant feature.
    """
    started = time.perf_counter()
    host = HostConnection(task, connection, read_timeout=options.read_timeout, connect_timeout=options.connect_timeout)
    step = ComplianceStep(task.host.name, dict(task.host.items()), options.base_dir)
    outcome = DeviceRun(task.host.name, host.device(), options, config=step).check(dict(task.host.items()))
    return _finish(task, host, outcome, started, step.result)


def diffsync_plan(task: Task, options: CheckOptions, *, connection: str = CONNECTION_NAME) -> Result:
    """Check the host without changing it; the result's ``plan_entry`` attribute is its ``PlanEntry`` (or None
    when nothing is to change), ``drift_report`` its report.

    A host with an intended configuration is also checked for compliance; a non-compliant one's entry carries
    the masked remediation and the salted digest it came from (``PlanRemediation``), which ``apply`` checks again.
    """
    started = time.perf_counter()
    host = HostConnection(task, connection, read_timeout=options.read_timeout, connect_timeout=options.connect_timeout)
    step = ComplianceStep(task.host.name, dict(task.host.items()), options.base_dir, planning=True)
    outcome, entry = plan_device(task.host.name, dict(task.host.items()), host.device(), options, config=step)
    result = _finish(task, host, outcome, started, step.result)
    result.plan_entry = entry  # type: ignore[attr-defined]  # read by plan_entries
    return result


def diffsync_apply(
    task: Task, entries: Mapping[str, PlanEntry], options: CheckOptions, *, connection: str = CONNECTION_NAME
) -> Result:
    """Apply the host's plan entry (``network.planfile.apply_plan_entry``) with its configuration remediation,
    recomputed and refused unless it equals the plan's, in one configuration session."""
    started = time.perf_counter()
    host = HostConnection(task, connection, read_timeout=options.read_timeout, connect_timeout=options.connect_timeout)
    entry, data = entries[task.host.name], dict(task.host.items())
    step = ComplianceStep(task.host.name, data, options.base_dir, expected=entry.config) if entry.config else None
    outcome = apply_plan_entry(entry, host.device(), options, host_data=data, config=step)
    return _finish(task, host, outcome, started, step.result if step is not None else None)


def plan_entries(results: Mapping[str, Any]) -> list[PlanEntry]:
    """The plan entries ``diffsync_plan`` returned (an ``AggregatedResult``), in host order."""
    entries = [getattr(result[0], "plan_entry", None) for result in results.values()]
    return sorted((entry for entry in entries if isinstance(entry, PlanEntry)), key=lambda entry: entry.host)


def _finish(
    task: Task, host: HostConnection, outcome: DeviceResult, started: float, found: ComplianceResult | None = None
) -> Result:
    """The task's ``Result`` (with ``found``, the host's configuration compliance, folded into its report, changed
    flag and diff), or ``DriftCheckError`` when the device failed: its cached connection is dropped then (the
    session may be in an unknown state, so the next run starts with a fresh login)."""
    report = DeviceReport.from_device_result(outcome, duration_s=time.perf_counter() - started)
    if found is not None:
        add_compliance(report, found)
    if report.errors:
        report.status = failed_status(report.errors, sent=bool(report.applied or report.failed_commands))
        host.drop()
        raise DriftCheckError(outcome, report)
    changed, diff = outcome.changed, readable_diff(item.change for item in outcome.changes) if outcome.changed else ""
    if found is not None:
        changed = changed or (bool(found.applied) if found.pushed else not found.compliant)
        diff = "\n".join(part for part in (diff, compliance_diff(report)) if part)
    return Result(
        host=task.host,
        changed=changed,
        diff=diff,
        result={"summary": dict(outcome.summary), "commands": outcome.commands, "warnings": list(outcome.warnings)},
        device_result=outcome,
        drift_report=report,
    )
