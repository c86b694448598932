"""The one call the Nornir plugin, the Ansible module and the CLI make per device: ``check_device``.

It validates the host's intended data, reads the managed sections off the device, diffs them for the chosen
``state``, renders the commands and, unless it is a dry run, pushes them and verifies the result. Every failure
becomes an entry of ``DeviceResult.errors``; nothing is raised for device or data problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from diffsync_automation.diff import Diff
from diffsync_automation.enum import DiffSyncFlags
from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.device import DeviceAdapter
from diffsync_automation.network.errors import NetworkError, UnsupportedPlatform
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.plan import DEFAULT_STATE, State, build_target, count_deletes, guard_deletes
from diffsync_automation.network.platforms import Platform, UnsupportedSection, get_platform, platform_names
from diffsync_automation.network.push import RenderedChange, pending
from diffsync_automation.network.render import render_diff
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.network.rollback import roll_back
from diffsync_automation.network.schema import IntendedState, validate_host_data
from diffsync_automation.network.session import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    ConnectionFactory,
    NetmikoSession,
    connection_secrets,
)
from diffsync_automation.network.stop import refuse_if_stopped


def check_device(
    host: str,
    host_data: Mapping[str, Any],
    connection_params: Mapping[str, Any] | None = None,
    *,
    connection_factory: ConnectionFactory | None = None,
    platform: str | Platform | None = None,
    state: State | str = DEFAULT_STATE,
    dry_run: bool = True,
    max_deletes: int | None = None,
    force: bool = False,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    owns_connection: bool = True,
    intended_class: type[IntendedAdapter] = IntendedAdapter,
    device_class: type[DeviceAdapter] = DeviceAdapter,
    rollback_on_failure: bool = False,
) -> DeviceResult:
    """Compare ``host``'s intended data with the device and, unless ``dry_run``, make the device match.

    Connect with netmiko ``ConnectHandler(**connection_params)`` or with ``connection_factory()`` (which must
    return a connected netmiko connection; give ``platform`` then, and ``owns_connection=False`` when the caller
    closes it). ``max_deletes`` refuses a sync deleting more objects unless ``force``; in a dry run it only
    warns. ``read_timeout`` bounds every read from the device, ``connect_timeout`` the TCP connect, the SSH banner
    and the login each (a ``connection_factory`` must apply them itself, see ``session.netmiko_timeouts``).
    ``rollback_on_failure`` returns a device whose push failed or was cut part-way to its configuration before the
    push (``network.rollback``).
    """
    mode = State(state)
    params = dict(connection_params or {})
    secrets = connection_secrets(params)
    result = DeviceResult(host, platform=_platform_name(platform, params), state=mode.value, dry_run=dry_run)
    try:
        refuse_if_stopped(host)
        driver = _resolve_platform(host, platform, params)
        intended = validate_host_data(host, host_data, intended_class.schema, to_delete=mode is State.DELETED)
        result.managed = sorted(intended.managed())
        session = NetmikoSession.for_device(
            host,
            params,
            connection_factory,
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            owns_connection=owns_connection,
        )
        with session:
            device = device_class(host, session, driver, intended.managed())
            device.load()
            result.before = device.gathered.plain() if device.gathered is not None else None
            target, flags = build_target(mode, intended, device, intended_class)
            diff = device.diff_from(target, flags=flags)
            result.summary, result.diff, result.diff_text = diff.summary(), diff.dict(), diff.str()
            result.changes = [pending(item) for item in render_diff(diff, driver, device.top_level)]
            deletes = count_deletes(diff)
            if dry_run or not diff.has_diffs():
                if max_deletes is not None and deletes > max_deletes and not force:
                    result.warnings.append(
                        f"a sync would delete {deletes} objects, more than max_deletes={max_deletes}"
                    )
                return result
            guard_deletes(host, diff, max_deletes, force)
            sync_and_record(result, device, target, diff, flags, rollback_on_failure, intended_class, secrets)
    except NetworkError as exc:
        result.add_error(exc.kind, str(exc), secrets)
    except UnsupportedSection as exc:  # intended data the platform cannot express (a Junos-unsafe description)
        result.add_error("intended_state", f"host {host}: {exc}", secrets)
    return result


def sync_and_record(
    result: DeviceResult,
    device: DeviceAdapter,
    target: NetworkAdapter,
    diff: Diff,
    flags: DiffSyncFlags,
    rollback_on_failure: bool,
    intended_class: type[IntendedAdapter],
    secrets: Iterable[str],
) -> None:
    """Sync ``device`` from ``target`` and record the outcome; on failure, roll back first if asked (and if
    anything may have reached the device), then re-raise."""
    try:
        device.sync_from(target, diff=diff, flags=flags)
    except NetworkError:
        record_sync(result, device)
        if rollback_on_failure and device.gathered is not None and result.changed:
            result.rollback = roll_back(device, device.gathered, intended_class, secrets)
        raise
    record_sync(result, device)


def record_sync(result: DeviceResult, device: DeviceAdapter) -> None:
    """Copy the push and verification outcome of a sync into the result."""
    if device.last_push is not None:
        result.pushed = device.last_push.started
        result.changes = device.last_push.changes
        result.session_usable = device.last_push.session_usable
    if device.verification is not None:
        result.verified = device.verification.converged
        result.remaining = device.verification.diff.dict()
        result.after = device.verification.gathered.plain()


def render_intended(
    host: str,
    host_data: Mapping[str, Any],
    platform: str | Platform,
    intended_class: type[IntendedAdapter] = IntendedAdapter,
) -> list[RenderedChange]:
    """Commands that configure the host data on a device with nothing configured (Ansible's ``rendered``).

    No device is contacted; raises ``IntendedStateError`` or ``UnsupportedPlatform``.
    """
    driver = _resolve_platform(host, platform, {})
    intended = intended_class(host, validate_host_data(host, host_data, intended_class.schema), driver, complete=False)
    intended.load()
    empty = intended_class(host, IntendedState(), driver, name="device")
    return render_diff(empty.diff_from(intended), driver, intended.top_level)


def _platform_name(platform: str | Platform | None, params: Mapping[str, Any]) -> str:
    if platform is None:
        return str(params.get("device_type", ""))
    return platform if isinstance(platform, str) else platform.name


def _resolve_platform(host: str, platform: str | Platform | None, params: Mapping[str, Any]) -> Platform:
    if platform is not None and not isinstance(platform, str):
        return platform
    name = _platform_name(platform, params)
    driver = get_platform(name)
    if driver is None:
        known = ", ".join(platform_names())
        raise UnsupportedPlatform(host, f"no platform driver for device type {name!r} (known: {known})")
    return driver
