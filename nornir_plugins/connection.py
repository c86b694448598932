"""Give ``check_device`` the netmiko connection of a Nornir host, opened and cached by Nornir.

Nornir keeps a host's connection open across ``nr.run`` calls, so a dry run followed by an apply logs in once.
A cached connection can go stale between runs (the device closed it), and ``check_device`` asks for a new one
when a session breaks; both cases drop the old connection without talking to the device and open a fresh one.
A connection it opens is bounded by the task's timeouts (``netmiko_timeouts``), whatever the inventory's
``extras`` say, so ``--read-timeout`` and ``--connect-timeout`` hold for the login too, and logs in with
``session.log_in``, which notices a device closing the connection during the login at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import Task
from nornir_netmiko.connections.netmiko import CONNECTION_NAME, napalm_to_netmiko_map

from diffsync_automation.network.connection import DeviceConnection
from diffsync_automation.network.secrets import credentials
from diffsync_automation.network.session import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFERRED_CONNECT,
    log_in,
    netmiko_timeouts,
)


def connection_secrets(host: Host, *names: str) -> list[str]:
    """The credentials (``network.secrets.credentials``) of the host's connections ``names``: the password and the
    ``extras`` secrets of each, resolved through its groups and defaults; with no names, of every connection the
    host, its groups or the defaults configure, and the host's own password."""
    if not names:
        configured = set(host.connection_options) | set(host.defaults.connection_options)
        configured.update(name for group in host.extended_groups() for name in group.connection_options)
        names = tuple(sorted(configured))
    sources: list[Mapping[str, Any] | None] = [{"password": host.password}]
    for name in names:
        params = host.get_connection_parameters(name)
        sources += [{"password": params.password}, params.extras]
    return credentials(*sources)


class HostConnection:
    """Callable connection factory over the Nornir connection plugin ``name`` (a netmiko connection)."""

    def __init__(
        self,
        task: Task,
        name: str = CONNECTION_NAME,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> None:
        self._task = task
        self._name = name
        self._calls = 0
        self._timeouts = netmiko_timeouts(read_timeout, connect_timeout)

    @property
    def device_type(self) -> str:
        """The netmiko device type the connection uses: ``extras.device_type``, else the platform as nornir-netmiko
        maps it (``ios`` is ``cisco_ios``); the platform driver must see the same name."""
        params = self._task.host.get_connection_parameters(self._name)
        extras = params.extras or {}
        platform = str(extras.get("device_type") or params.platform or "")
        return str(napalm_to_netmiko_map.get(platform, platform))

    @property
    def secrets(self) -> list[str]:
        """Credentials of the connection, to be scrubbed from every message."""
        return connection_secrets(self._task.host, self._name)

    def device(self) -> DeviceConnection:
        """The device workflow's way to the host: this factory, on the connection Nornir keeps open."""
        return DeviceConnection(
            factory=self, platform=self.device_type, owns_connection=False, factory_secrets=tuple(self.secrets)
        )

    def __call__(self) -> Any:
        if self._calls or not self._cached_alive():
            self.drop()
        self._calls += 1
        host = self._task.host
        if self._name not in host.connections:
            extras = {**(host.get_connection_parameters(self._name).extras or {}), **self._timeouts}
            plugin = host.open_connection(self._name, self._task.nornir.config, extras={**extras, **DEFERRED_CONNECT})
            try:
                log_in(plugin.connection)
            except Exception:
                host.connections.pop(self._name, None)  # log_in closed it; the next call opens a new one
                raise
        return host.get_connection(self._name, self._task.nornir.config)

    def drop(self) -> None:
        """Forget the host's cached connection, closing its socket without a logout (the device may not answer)."""
        plugin = self._task.host.connections.pop(self._name, None)
        if plugin is None:
            return
        conn = getattr(plugin, "connection", None)
        cleanup = getattr(conn, "paramiko_cleanup", None)
        with suppress(Exception):  # the connection is being thrown away
            if cleanup is not None:
                cleanup()
            else:
                plugin.close()

    def _cached_alive(self) -> bool:
        """False only when a cached connection exists and no longer answers."""
        plugin = self._task.host.connections.get(self._name)
        if plugin is None:
            return True
        try:
            return bool(plugin.connection.is_alive())
        except Exception:  # a dead transport may raise instead of answering False
            return False
