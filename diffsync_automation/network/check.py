"""``check_device``: the library's one call per device, and ``render_intended`` (commands without a device).

``check_device`` validates the host's intended data, reads the managed sections off the device, diffs them for
the chosen ``state``, renders the commands and, unless it is a dry run, pushes them and verifies the result
(``network.workflow``). Every failure becomes an entry of ``DeviceResult.errors``; nothing is raised for device or
data problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diffsync_automation.network.connection import DeviceConnection
from diffsync_automation.network.device import DeviceAdapter
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.options import CheckOptions
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.push import RenderedChange
from diffsync_automation.network.render import render_diff
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.network.schema import IntendedState, validate_host_data
from diffsync_automation.network.session import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, ConnectionFactory
from diffsync_automation.network.target import DEFAULT_STATE, State
from diffsync_automation.network.workflow import DeviceRun


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
    closes it). The other keywords are the fields of ``CheckOptions``: ``max_deletes`` refuses a sync deleting more
    objects unless ``force``; in a dry run it only warns. ``read_timeout`` bounds every read from the device,
    ``connect_timeout`` the TCP connect, the SSH banner and the login each (a ``connection_factory`` must apply them
    itself, see ``session.netmiko_timeouts``). ``rollback_on_failure`` returns a device whose push failed or was
    cut part-way to its configuration before the push (``network.rollback``).
    """
    options = CheckOptions(
        state=State(state),
        dry_run=dry_run,
        max_deletes=max_deletes,
        force=force,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        rollback_on_failure=rollback_on_failure,
    )
    connection = DeviceConnection(connection_params or {}, connection_factory, platform, owns_connection)
    run = DeviceRun(host, connection, options, intended_class=intended_class, device_class=device_class)
    return run.check(host_data)


def render_intended(
    host: str,
    host_data: Mapping[str, Any],
    platform: str | Platform,
    intended_class: type[IntendedAdapter] = IntendedAdapter,
) -> list[RenderedChange]:
    """Commands that configure the host data on a device with nothing configured (Ansible's ``rendered``).

    No device is contacted; raises ``IntendedStateError`` or ``UnsupportedPlatform``.
    """
    driver = DeviceConnection(platform=platform).driver(host)
    intended = intended_class(host, validate_host_data(host, host_data, intended_class.schema), driver, complete=False)
    intended.load()
    empty = intended_class(host, IntendedState(), driver, name="device")
    return render_diff(empty.diff_from(intended), driver, intended.top_level)
