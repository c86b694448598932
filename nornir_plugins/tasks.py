"""``diffsync_sync``: the Nornir task that checks a device against its inventory data and, unless dry run, fixes it."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from nornir.core.task import Result, Task
from nornir_netmiko.connections import CONNECTION_NAME

from diffsync_automation.network import DeviceAdapter, DeviceResult, ErrorInfo, IntendedAdapter, State, check_device
from diffsync_automation.network.plan import DEFAULT_STATE
from diffsync_automation.network.session import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT
from diffsync_automation.report.model import DeviceReport
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
            meanings; see ``network.plan.DEFAULT_STATE`` for why ``overridden``).
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
        ``Result`` with ``changed`` (drift found in a dry run, changes applied otherwise), ``diff`` (``Diff.str()``,
        empty when nothing differs) and ``result`` (``summary``, structured ``diff``, ``commands``, ``warnings``);
        attributes ``device_result`` (the ``DeviceResult``) and ``drift_report`` (its ``DeviceReport``).

    Raises:
        DriftCheckError: the device or its data failed (unreachable, login refused, invalid intended data, a
            rejected command...); Nornir then marks the host failed and the exception names host and cause.
    """
    started = time.perf_counter()
    dry = task.is_dry_run(dry_run)
    factory = HostConnection(task, connection, read_timeout=read_timeout, connect_timeout=connect_timeout)
    try:
        data = dict(task.host.items()) if data_key is None else task.host[data_key]
    except KeyError:
        outcome = DeviceResult(task.host.name, platform=factory.device_type, state=State(state).value, dry_run=dry)
        outcome.add_error("intended_state", f"host {task.host.name}: the inventory has no {data_key!r} data")
    else:
        outcome = check_device(
            task.host.name,
            data,
            connection_factory=factory,
            platform=factory.device_type,
            state=state,
            dry_run=dry,
            max_deletes=max_deletes,
            force=force,
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            owns_connection=False,
            intended_class=intended_class,
            device_class=device_class,
            rollback_on_failure=rollback_on_failure,
        )
    outcome.errors = _scrubbed(outcome.errors, factory.secrets)
    report = DeviceReport.from_device_result(outcome, duration_s=time.perf_counter() - started)
    if outcome.failed:
        factory.drop()  # the session may be in an unknown state: the next run starts with a fresh login
        raise DriftCheckError(outcome, report)
    return Result(
        host=task.host,
        changed=outcome.changed,
        diff=readable_diff(item.change for item in outcome.changes) if outcome.changed else "",
        result=_summary(outcome),
        device_result=outcome,
        drift_report=report,
    )


def _summary(outcome: DeviceResult) -> dict[str, Any]:
    """What ``print_result`` shows besides the text diff (the structured diff is ``device_result.diff``)."""
    return {
        "summary": dict(outcome.summary),
        "commands": outcome.commands,
        "warnings": list(outcome.warnings),
    }


def _scrubbed(errors: Iterable[ErrorInfo], secrets: list[str]) -> list[ErrorInfo]:
    """The errors with every credential of the connection replaced by ``***``."""
    cleaned = []
    for error in errors:
        message = error.message
        for secret in secrets:
            message = message.replace(secret, "***")
        cleaned.append(ErrorInfo(error.kind, message))
    return cleaned
