"""``diffsync_compliance``: the Nornir task for structured intended data and intended configuration together, and
``host_compliance``, its compliance half, which other tasks (``sync --plan``) reuse."""

from __future__ import annotations

from pathlib import Path

from nornir.core.task import Result, Task
from nornir_netmiko.connections import CONNECTION_NAME

from diffsync_automation.compliance.check import ComplianceResult, check_compliance
from diffsync_automation.compliance.intended import has_intended_config
from diffsync_automation.compliance.report import add_compliance, compliance_diff
from diffsync_automation.network import State
from diffsync_automation.network.errors import NetworkError
from diffsync_automation.network.plan import DEFAULT_STATE
from diffsync_automation.network.planfile import PlannedConfig
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.network.session import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, NetmikoSession
from diffsync_automation.report.model import DeviceReport, ReportError, failed_status
from nornir_plugins.connection import HostConnection
from nornir_plugins.errors import DriftCheckError
from nornir_plugins.tasks import diffsync_sync


def diffsync_compliance(
    task: Task,
    state: State | str = DEFAULT_STATE,
    dry_run: bool | None = None,
    *,
    base_dir: Path | str = ".",
    connection: str = CONNECTION_NAME,
    max_deletes: int | None = None,
    force: bool = False,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    rollback_on_failure: bool = False,
) -> Result:
    """``diffsync_sync`` for the structured data, then configuration compliance when the host names an intended
    configuration (``intended_config_file`` / ``intended_config_template``, relative to ``base_dir``).

    Features the structured keys manage are left out of compliance (see docs/compliance.md). The result's
    ``drift_report`` holds both; ``diff`` adds a unified diff per non-compliant feature. Raises
    ``DriftCheckError`` when either part fails.
    """
    dry = task.is_dry_run(dry_run)
    structured = diffsync_sync(
        task,
        state=state,
        dry_run=dry,
        connection=connection,
        max_deletes=max_deletes,
        force=force,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        rollback_on_failure=rollback_on_failure,
    )
    if not has_intended_config(dict(task.host.items())):
        return structured
    report: DeviceReport = structured.drift_report  # type: ignore[attr-defined]  # set by diffsync_sync
    outcome: DeviceResult = structured.device_result  # type: ignore[attr-defined]
    result = host_compliance(
        task,
        report,
        outcome,
        base_dir=base_dir,
        connection=connection,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        dry_run=dry,
    )
    changed = bool(result.applied) if result.pushed else not result.compliant
    return Result(
        host=task.host,
        changed=structured.changed or changed,
        diff="\n".join(part for part in (structured.diff, compliance_diff(report)) if part),
        result=structured.result,
        device_result=outcome,
        drift_report=report,
    )


def host_compliance(
    task: Task,
    report: DeviceReport,
    outcome: DeviceResult,
    *,
    base_dir: Path | str,
    connection: str = CONNECTION_NAME,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    dry_run: bool = True,
    planned: PlannedConfig | None = None,
    for_plan: bool = False,
) -> ComplianceResult:
    """Check (unless ``dry_run``, also fix) the host's configuration on its open connection and fold the result
    into ``report``; raises ``DriftCheckError`` (with ``outcome`` and ``report``) on any error. ``planned``: the
    plan's remediation, which the recomputed one must equal; ``for_plan``: a plan is being made (see
    ``check_compliance``)."""
    # a new factory reuses the host's open connection
    factory = HostConnection(task, connection, read_timeout=read_timeout, connect_timeout=connect_timeout)
    data = dict(task.host.items())
    session = NetmikoSession.for_device(task.host.name, {}, factory, read_timeout=read_timeout, owns_connection=False)
    try:
        with session:
            found = check_compliance(
                task.host.name,
                data,
                session,
                factory.device_type,
                Path(base_dir),
                dry_run=dry_run,
                planned=planned,
                for_plan=for_plan,
            )
    except NetworkError as exc:
        outcome.add_error(exc.kind, exc.message, factory.secrets)
        found = None
    if found is not None:
        add_compliance(report, found)
        for error in found.errors:
            outcome.add_error(error.kind, error.message, factory.secrets)
    if outcome.failed or found is None:
        report.errors = [ReportError(kind=error.kind, message=error.message) for error in outcome.errors]
        report.status = failed_status(report.errors, sent=bool(outcome.applied or outcome.failed_commands))
        factory.drop()  # the session may be in an unknown state
        raise DriftCheckError(outcome, report)
    return found
