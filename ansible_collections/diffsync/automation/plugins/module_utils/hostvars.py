# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""What a host's inventory says about its device: intended state, platform and how to log in.

Options given to the task win over inventory variables, so a play can override one host's details.
Only the platform names come from the diffsync-automation library (imported behind a guard); errors are
``SyncArgumentError`` with a message that names the host and the variable or option to set.
"""

from __future__ import annotations

import typing as t

from ansible_collections.diffsync.automation.plugins.module_utils.spec import INTENDED_KEYS, RETIRED_KEYS

try:
    from diffsync_automation.network.network_os import NETWORK_OS_PLATFORMS
except ImportError:  # run_sync reports the missing library before a platform is resolved
    NETWORK_OS_PLATFORMS = {}

CONNECTION_VARS = (
    "inventory_hostname",
    "ansible_host",
    "ansible_port",
    "ansible_user",
    "ansible_password",
    "ansible_ssh_pass",
    "ansible_become_password",
    "ansible_become_pass",
    "ansible_network_os",
)
"""Inventory variables the controller side reads (besides ``INTENDED_KEYS``)."""


class SyncArgumentError(ValueError):
    """The task's options and the host's variables do not say enough (or contradict each other)."""


def plain(value: t.Any) -> t.Any:
    """A copy made of plain dict/list/str/int/float/bool/None (Ansible hands over tagged subclasses)."""
    if isinstance(value, t.Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def intended_state(params: t.Mapping[str, t.Any], host_vars: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The ``intended`` option, else the intended-state keys among the host's variables (unset ones left out)."""
    if params.get("intended") is not None:
        given: dict[str, t.Any] = plain(params["intended"])
        return given
    return {key: plain(host_vars[key]) for key in INTENDED_KEYS + RETIRED_KEYS if host_vars.get(key) is not None}


def resolve_platform(host: str, params: t.Mapping[str, t.Any], host_vars: t.Mapping[str, t.Any]) -> str:
    """The netmiko device type: the ``platform`` option, else derived from ``ansible_network_os``."""
    if params.get("platform"):
        return str(params["platform"])
    network_os = host_vars.get("ansible_network_os")
    if not network_os:
        known = ", ".join(sorted(NETWORK_OS_PLATFORMS))
        raise SyncArgumentError(
            f"host {host}: cannot tell the device platform: set ansible_network_os (one of {known}) "
            "or the platform option (a netmiko device type such as cisco_ios)"
        )
    return NETWORK_OS_PLATFORMS.get(str(network_os), str(network_os))


def _first(params: t.Mapping[str, t.Any], option: str, host_vars: t.Mapping[str, t.Any], *names: str) -> t.Any:
    if params.get(option) not in (None, ""):
        return params[option]
    for name in names:
        if host_vars.get(name) not in (None, ""):
            return host_vars[name]
    return None


def connection_params(
    host: str, params: t.Mapping[str, t.Any], host_vars: t.Mapping[str, t.Any], platform: str
) -> dict[str, t.Any]:
    """Keyword arguments for netmiko's ConnectHandler (they hold secrets: never return or log them)."""
    address = _first(params, "host", host_vars, "ansible_host") or host
    raw_port = _first(params, "port", host_vars, "ansible_port") or 22
    try:
        port = int(raw_port)
    except (TypeError, ValueError):
        raise SyncArgumentError(
            f"host {host}: port {raw_port!r} is not a number (ansible_port or the port option)"
        ) from None
    username = _first(params, "username", host_vars, "ansible_user")
    if not username:
        raise SyncArgumentError(f"host {host}: no username: set ansible_user or the username option")
    password = _first(params, "password", host_vars, "ansible_password", "ansible_ssh_pass")
    secret = _first(params, "enable_secret", host_vars, "ansible_become_password", "ansible_become_pass")
    return {
        "device_type": platform,
        "host": str(address),
        "port": port,
        "username": str(username),
        # None, not "": without a password netmiko reports "No authentication methods available" (missing_credentials)
        "password": None if password is None else str(password),
        "secret": "" if secret is None else str(secret),
    }
