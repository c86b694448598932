# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""One task of diffsync.automation.sync, from validated options and host variables to its result.

The action plugin (controller, with the host's inventory variables) and the module (run directly, options only)
both call ``run_sync``. It never raises for bad input, device trouble or a missing library: each becomes a
failed result with a message that says what to do. Secrets are scrubbed from the whole result.
"""

from __future__ import annotations

import traceback
import typing as t

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.diffsync.automation.plugins.module_utils import generic_mode, network_mode
from ansible_collections.diffsync.automation.plugins.module_utils.hostvars import (
    SyncArgumentError,
    connection_params,
    intended_state,
    plain,
    resolve_platform,
)
from ansible_collections.diffsync.automation.plugins.module_utils.spec import INTENDED_KEYS

try:
    from diffsync_automation.network.secrets import credentials
except ImportError as exc:  # reported as a clean task failure naming the missing library
    IMPORT_ERROR: str | None = traceback.format_exc()
    MISSING_LIBRARY: str | None = exc.name or "diffsync-automation"
else:
    IMPORT_ERROR = None
    MISSING_LIBRARY = None

UNREACHABLE_KINDS = ("unreachable", "authentication")
"""Error kinds reported as Ansible's ``unreachable`` (the device could not be logged into)."""


def missing_library(guard_name: str | None, traceback_text: str | None) -> dict[str, t.Any]:
    """The failed result for a library that cannot be imported, naming its pip package."""
    package = (guard_name or "diffsync_automation").split(".")[0].replace("_", "-")
    return {
        "failed": True,
        "changed": False,
        "error_kind": "missing_library",
        "msg": missing_required_lib(package),
        "exception": traceback_text,
    }


def run_sync(
    host: str, params: t.Mapping[str, t.Any], host_vars: t.Mapping[str, t.Any], check_mode: bool, diff_mode: bool
) -> dict[str, t.Any]:
    """The result of one sync task for ``host`` (see the module's RETURN documentation)."""
    if IMPORT_ERROR:
        return missing_library(MISSING_LIBRARY, IMPORT_ERROR)
    secrets = credentials(params)
    try:
        if params.get("source_adapter"):
            if generic_mode.IMPORT_ERROR:
                return missing_library(generic_mode.MISSING_LIBRARY, generic_mode.IMPORT_ERROR)
            result = generic_mode.run_generic(host, params, check_mode, diff_mode)
        else:
            if network_mode.IMPORT_ERROR:
                return missing_library(network_mode.MISSING_LIBRARY, network_mode.IMPORT_ERROR)
            result = _network(host, params, host_vars, check_mode, diff_mode, secrets)
    except SyncArgumentError as exc:
        result = {"failed": True, "changed": False, "error_kind": "arguments", "msg": str(exc)}
    except network_mode.DeviceTaskError as exc:
        result = {"failed": True, "changed": False, "error_kind": exc.kind, "msg": str(exc)}
    except Exception as exc:  # adapter code of generic mode, or a library bug: fail this host only
        result = {
            "failed": True,
            "changed": False,
            "error_kind": "exception",
            "msg": f"{type(exc).__name__}: {exc}",
            "exception": traceback.format_exc(),
        }
    _apply_fail_on_drift(host, params, check_mode, result)
    if result.get("failed") and result.get("error_kind") in UNREACHABLE_KINDS:
        del result["failed"]  # Ansible counts a result as unreachable only when it is not also failed
        result["unreachable"] = True
    return t.cast("dict[str, t.Any]", remove_values(result, set(secrets)))


def _network(
    host: str,
    params: t.Mapping[str, t.Any],
    host_vars: t.Mapping[str, t.Any],
    check_mode: bool,
    diff_mode: bool,
    secrets: list[str],
) -> dict[str, t.Any]:
    intended = intended_state(params, host_vars)
    state = params["state"]
    configuration = compliance_vars(host_vars) if state in COMPLIANCE_STATES else None
    if not intended and configuration is None and state != "gathered":
        raise SyncArgumentError(
            f"host {host} has no intended state: set some of {', '.join(INTENDED_KEYS)} in its host_vars/group_vars, "
            "pass the intended option, or set intended_config_file or intended_config_template"
        )
    platform = resolve_platform(host, params, host_vars)
    if state == "rendered":
        return network_mode.run_network(host, dict(params, platform=platform), intended, None, check_mode, diff_mode)
    connection = connection_params(host, params, host_vars, platform)
    secrets.extend(credentials(connection))
    return network_mode.run_network(host, params, intended, connection, check_mode, diff_mode, configuration)


COMPLIANCE_STATES = ("merged", "replaced", "overridden")
"""States that also check configuration compliance (``deleted`` removes structured objects only)."""


def compliance_vars(host_vars: t.Mapping[str, t.Any]) -> dict[str, t.Any] | None:
    """The host data of the compliance check when the host names an intended configuration, else None."""
    if host_vars.get("intended_config_file") is None and host_vars.get("intended_config_template") is None:
        return None
    return {key: plain(value) for key, value in host_vars.items()}


def _apply_fail_on_drift(host: str, params: t.Mapping[str, t.Any], check_mode: bool, result: dict[str, t.Any]) -> None:
    """With ``fail_on_drift`` in check mode, drift fails the task (for pipelines)."""
    if not (params.get("fail_on_drift") and check_mode and result.get("changed")) or result.get("failed"):
        return
    summary = result.get("summary") or {}
    counts = ", ".join(f"{summary.get(action, 0)} to {action}" for action in ("create", "update", "delete"))
    result["failed"] = True
    result["error_kind"] = "drift"
    result["msg"] = f"host {host}: drift found (fail_on_drift): {counts}"
