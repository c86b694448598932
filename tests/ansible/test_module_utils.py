"""Unit tests of the collection's module_utils: argument validation, inventory mapping, diff formatting, runner.

The runner tests that need a device use one seeded lab device over real SSH.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_helpers import COLLECTION, REPO

from ansible_collections.diffsync.automation.plugins.module_utils import generic_mode
from ansible_collections.diffsync.automation.plugins.module_utils.ansible_diff import (
    change_to_ansible,
    to_ansible_diff,
)
from ansible_collections.diffsync.automation.plugins.module_utils.hostvars import (
    SyncArgumentError,
    connection_params,
    intended_state,
    plain,
    resolve_platform,
)
from ansible_collections.diffsync.automation.plugins.module_utils.runner import missing_library, run_sync
from ansible_collections.diffsync.automation.plugins.module_utils.spec import (
    ARGUMENT_SPEC,
    INTENDED_KEYS,
    validation_kwargs,
)
from diffsync_automation.lab import Lab, drift_on
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.changes import changes_from_diff
from diffsync_automation.network.platforms import platform_names
from diffsync_automation.network.schema import IntendedState

PAIR = COLLECTION / "tests" / "integration" / "targets" / "sync" / "files" / "record_adapters.py"


def validate(args: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Validated parameters and the error message ('' when valid), as both halves of the module see them."""
    kwargs = validation_kwargs()
    validator = ArgumentSpecValidator(kwargs.pop("argument_spec"), **kwargs)
    result = validator.validate(args)
    return result.validated_parameters, result.errors.msg if result.error_messages else ""


def params(**overrides: Any) -> dict[str, Any]:
    """Validated parameters with the defaults filled in."""
    values, error = validate(overrides)
    assert error == ""
    return values


# ---------------------------------------------------------------------------------------------- argument spec
def test_defaults() -> None:
    values = params()
    assert (
        values["state"],
        values["timeout"],
        values["connect_timeout"],
        values["force"],
        values["fail_on_drift"],
    ) == ("overridden", 20.0, 10.0, False, False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"state": "bogus"},
            "value of state must be one of: merged, replaced, overridden, deleted, rendered, gathered",
        ),
        ({"source_adapter": "a:B"}, "parameters are required together: source_adapter, target_adapter"),
        (
            {"source_adapter": "a:B", "target_adapter": "a:C", "password": "x"},
            "mutually exclusive: source_adapter|password",
        ),
        ({"data": {}}, "missing parameter(s) required by 'data': source_adapter"),
        ({"port": "twenty-two"}, "argument 'port' is of type str and we were unable to convert to int"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_invalid_arguments_are_named(args: dict[str, Any], message: str) -> None:
    _values, error = validate(args)
    assert message in error


def test_secret_options_are_no_log() -> None:
    assert {name for name, spec in ARGUMENT_SPEC.items() if spec.get("no_log")} == {"password", "enable_secret"}


# ---------------------------------------------------------------------------------------------- host variables
@pytest.mark.parametrize(
    ("network_os", "platform"),
    [
        ("cisco.ios.ios", "cisco_ios"),
        ("arista.eos.eos", "arista_eos"),
        ("ios", "cisco_ios"),
        ("cisco_nxos", "cisco_nxos"),
    ],
)
def test_platform_from_ansible_network_os(network_os: str, platform: str) -> None:
    assert resolve_platform("sw01", params(), {"ansible_network_os": network_os}) == platform


def test_platform_option_wins_and_missing_platform_says_what_to_set() -> None:
    assert (
        resolve_platform("sw01", params(platform="arista_eos"), {"ansible_network_os": "cisco.ios.ios"}) == "arista_eos"
    )
    with pytest.raises(SyncArgumentError, match=r"host sw01: cannot tell the device platform: set ansible_network_os"):
        resolve_platform("sw01", params(), {})


def test_connection_from_inventory_variables() -> None:
    host_vars = {
        "ansible_host": "192.0.2.1",
        "ansible_port": "2222",
        "ansible_user": "ops",
        "ansible_ssh_pass": "pw",
        "ansible_become_password": "en",
    }
    assert connection_params("sw01", params(), host_vars, "cisco_ios") == {
        "device_type": "cisco_ios",
        "host": "192.0.2.1",
        "port": 2222,
        "username": "ops",
        "password": "pw",
        "secret": "en",
    }


def test_connection_options_override_inventory_and_defaults_apply() -> None:
    options = params(host="10.0.0.1", port=830, username="admin", password="p", enable_secret="s")
    host_vars = {"ansible_host": "192.0.2.1", "ansible_user": "ops", "ansible_password": "pw"}
    assert connection_params("sw01", options, host_vars, "arista_eos") == {
        "device_type": "arista_eos",
        "host": "10.0.0.1",
        "port": 830,
        "username": "admin",
        "password": "p",
        "secret": "s",
    }
    defaults = connection_params("sw01", params(), {"ansible_user": "ops"}, "cisco_ios")
    assert (defaults["host"], defaults["port"], defaults["password"], defaults["secret"]) == ("sw01", 22, None, "")


def test_connection_errors_name_the_variable() -> None:
    with pytest.raises(SyncArgumentError, match="host sw01: no username: set ansible_user or the username option"):
        connection_params("sw01", params(), {"ansible_password": "pw"}, "cisco_ios")
    with pytest.raises(SyncArgumentError, match="host sw01: port 'ssh' is not a number"):
        connection_params("sw01", params(), {"ansible_user": "u", "ansible_port": "ssh"}, "cisco_ios")


def test_intended_state_from_host_variables() -> None:
    host_vars = {"vlans": [{"id": 10, "name": "USERS"}], "ntp_global": None, "ansible_user": "ops", "site": "hq"}
    assert intended_state(params(), host_vars) == {"vlans": [{"id": 10, "name": "USERS"}]}
    assert sorted(INTENDED_KEYS) == sorted(IntendedState.model_fields)  # every feature key reaches the module
    dns = {"domain_name": "example.net"}
    assert intended_state(params(), {**host_vars, "dns": dns}) == {"vlans": [{"id": 10, "name": "USERS"}], "dns": dns}
    assert intended_state(params(intended={"device_hostname": "r1"}), host_vars) == {"device_hostname": "r1"}


def test_plain_strips_subclasses() -> None:
    class Tagged(str):
        pass

    converted = plain({Tagged("k"): [Tagged("v"), (1, 2.5, True, None)]})
    assert converted == {"k": ["v", [1, 2.5, True, None]]}
    assert type(next(iter(converted))) is str and type(converted["k"][0]) is str


# ---------------------------------------------------------------------------------------------- diff format
def test_update_diff_shows_whole_object_with_changed_attributes() -> None:
    change = {
        "model": "interface",
        "action": "update",
        "keys": {"name": "Gi0/2"},
        "before": {"description": "temp", "enabled": True},
        "after": {"description": "users"},
    }
    assert change_to_ansible("sw01", change) == {
        "before_header": "sw01: interface Gi0/2 (update)",
        "after_header": "sw01: interface Gi0/2 (update)",
        "before": {"name": "Gi0/2", "description": "temp", "enabled": True},
        "after": {"name": "Gi0/2", "description": "users", "enabled": True},
    }


def test_create_and_delete_have_an_empty_side() -> None:
    create = {"model": "static_route", "action": "create", "keys": {"prefix": "0.0.0.0/0", "next_hop": "192.0.2.1"}}
    delete = {"model": "vlan", "action": "delete", "keys": {"vlan_id": 99}, "before": {"name": "LEGACY"}}
    entries = to_ansible_diff("sw02", [create, delete])
    assert entries[0]["before_header"] == "sw02: static_route 0.0.0.0/0 192.0.2.1 (create)"
    assert (entries[0]["before"], entries[0]["after"]) == ("", {"prefix": "0.0.0.0/0", "next_hop": "192.0.2.1"})
    assert (entries[1]["before"], entries[1]["after"]) == ({"vlan_id": 99, "name": "LEGACY"}, "")


def test_changes_from_a_library_diff() -> None:
    records = generic_mode.load_adapter_class(f"{PAIR}:Records")
    source = records({"alice": {"uid": 1}, "bob": {"uid": 2}}, name="intended")
    source.load()
    target = records({"alice": {"uid": 5, "shell": "/bin/sh"}, "carol": {"uid": 3}}, name="target")
    target.load()
    changes = [change.to_dict() for change in changes_from_diff(target.diff_from(source))]
    by_name = {change["name"]: change for change in changes}
    assert by_name["alice"] == {
        "model": "user",
        "name": "alice",
        "action": "update",
        "keys": {"name": "alice"},
        "before": {"uid": 5, "shell": "/bin/sh"},
        "after": {"uid": 1},
    }
    assert (by_name["bob"]["action"], by_name["bob"]["after"]) == ("create", {"uid": 2, "shell": "/bin/sh"})
    assert (by_name["carol"]["action"], by_name["carol"]["before"]) == ("delete", {"uid": 3, "shell": "/bin/sh"})


# ---------------------------------------------------------------------------------------------- generic mode
def generic(tmp_path: Path, state: str = "overridden", **extra: Any) -> dict[str, Any]:
    return params(
        source_adapter=f"{PAIR}:Records",
        target_adapter=f"{PAIR}:JsonFile",
        data={"alice": {"uid": 1001}, "bob": {"uid": 1002}},
        target_options={"path": str(tmp_path / "users.json")},
        state=state,
        **extra,
    )


def seed(tmp_path: Path) -> Path:
    path = tmp_path / "users.json"
    path.write_text(json.dumps({"alice": {"uid": 1000, "shell": "/bin/sh"}, "mallory": {"uid": 6, "shell": "/bin/sh"}}))
    return path


def test_generic_check_mode_writes_nothing_and_sync_is_idempotent(tmp_path: Path) -> None:
    path = seed(tmp_path)
    before = path.read_text()
    check = run_sync("localhost", generic(tmp_path), {}, check_mode=True, diff_mode=True)
    assert check["changed"] and check["summary"]["delete"] == 1 and len(check["diff"]) == 3
    assert path.read_text() == before
    applied = run_sync("localhost", generic(tmp_path), {}, check_mode=False, diff_mode=False)
    assert applied["changed"] and "diff" not in applied
    assert json.loads(path.read_text()) == {
        "alice": {"uid": 1001, "shell": "/bin/sh"},
        "bob": {"uid": 1002, "shell": "/bin/sh"},
    }
    assert applied["after"] == {"user": {"alice": {"name": "alice", "uid": 1001}, "bob": {"name": "bob", "uid": 1002}}}
    again = run_sync("localhost", generic(tmp_path), {}, check_mode=False, diff_mode=False)
    assert not again["changed"] and again["after"] == again["before"]


def test_generic_max_deletes_warns_in_check_mode_and_refuses_the_sync(tmp_path: Path) -> None:
    path = seed(tmp_path)
    check = run_sync("localhost", generic(tmp_path, max_deletes=0), {}, check_mode=True, diff_mode=False)
    assert check["warnings"] == ["a sync would delete 1 objects, more than max_deletes=0"]
    refused = run_sync("localhost", generic(tmp_path, max_deletes=0), {}, check_mode=False, diff_mode=False)
    assert refused["failed"] and refused["error_kind"] == "max_deletes" and "force=true" in refused["msg"]
    assert "mallory" in json.loads(path.read_text())
    forced = run_sync("localhost", generic(tmp_path, max_deletes=0, force=True), {}, check_mode=False, diff_mode=False)
    assert forced["changed"] and "mallory" not in json.loads(path.read_text())


def test_generic_gathered_and_rendered(tmp_path: Path) -> None:
    seed(tmp_path)
    gathered = run_sync("localhost", generic(tmp_path, state="gathered"), {}, check_mode=False, diff_mode=False)
    assert gathered["gathered"]["user"]["mallory"] == {"name": "mallory", "uid": 6}
    rendered = run_sync("localhost", generic(tmp_path, state="rendered"), {}, check_mode=False, diff_mode=False)
    assert rendered["rendered"] == {
        "user": {"alice": {"name": "alice", "uid": 1001}, "bob": {"name": "bob", "uid": 1002}}
    }


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no_colon_here", "must look like 'package.module:Class'"),
        ("diffsync_automation_nonexistent.module:Class", "cannot import 'diffsync_automation_nonexistent.module'"),
        ("/nonexistent/adapters.py:Class", "cannot import '/nonexistent/adapters.py'"),
        ("json:NoSuchThing", "json has no attribute 'NoSuchThing'"),
        ("json:JSONDecoder", "'json:JSONDecoder' is not a diffsync_automation Adapter subclass"),
    ],
)
def test_bad_adapter_paths_fail_with_a_message(path: str, message: str, tmp_path: Path) -> None:
    options = params(source_adapter=path, target_adapter=f"{PAIR}:JsonFile", target_options={"path": str(tmp_path)})
    result = run_sync("localhost", options, {}, check_mode=True, diff_mode=False)
    assert result["failed"] and result["error_kind"] == "arguments"
    assert message in result["msg"]


def test_adapter_exceptions_fail_only_this_task(tmp_path: Path) -> None:
    (tmp_path / "users.json").write_text("{not json")
    result = run_sync("localhost", generic(tmp_path), {}, check_mode=True, diff_mode=False)
    assert result["failed"] and result["error_kind"] == "exception" and "JSONDecodeError" in result["msg"]


# ---------------------------------------------------------------------------------------------- network mode
def host_vars(lab: Lab, name: str, **overrides: Any) -> dict[str, Any]:
    """The variables the action plugin would read for a lab device."""
    device = lab[name]
    network_os = {"cisco_ios": "cisco.ios.ios", "arista_eos": "arista.eos.eos"}[device.platform]
    values = {
        **lab.intended[name],
        "ansible_host": "127.0.0.1",
        "ansible_port": device.port,
        "ansible_user": lab.credentials.username,
        "ansible_password": lab.credentials.password,
        "ansible_become_password": lab.credentials.secret,
        "ansible_network_os": network_os,
    }
    values.update(overrides)
    return values


@pytest.mark.lab
def test_fail_on_drift_only_in_check_mode(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "arista_eos")
    check = run_sync("sw01", params(fail_on_drift=True, state="overridden"), host_vars(lab, "sw01"), True, False)
    assert check["failed"] and check["error_kind"] == "drift" and check["changed"]
    seeded = Counter(drift.action for drift in drift_on("arista_eos"))
    counts = f"{seeded['create']} to create, {seeded['update']} to update, {seeded['delete']} to delete"
    assert check["msg"] == f"host sw01: drift found (fail_on_drift): {counts}"
    applied = run_sync("sw01", params(fail_on_drift=True, state="overridden"), host_vars(lab, "sw01"), False, False)
    assert applied["changed"] and not applied.get("failed") and applied["verified"]


@pytest.mark.lab
def test_rollback_on_failure_undoes_a_push_the_device_rejected_half_way(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "arista_eos")
    before = dict(lab["sw01"].state.vlans)
    lab["sw01"].set_faults(reject="^ntp server")
    failed = run_sync("sw01", params(rollback_on_failure=True), host_vars(lab, "sw01"), False, False)
    assert failed["failed"] and failed["error_kind"] == "config_rejected" and failed["applied"]
    assert failed["rollback"]["verified"] is True and failed["rollback"]["applied"]
    assert dict(lab["sw01"].state.vlans) == before


@pytest.mark.lab
def test_merged_never_deletes_and_deleted_removes_only_listed(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    merged = run_sync("sw01", params(state="merged"), host_vars(lab, "sw01"), check_mode=True, diff_mode=False)
    seeded = Counter(drift.action for drift in drift_on("cisco_ios"))
    assert (merged["summary"]["create"], merged["summary"]["update"]) == (seeded["create"], seeded["update"])
    assert merged["summary"]["delete"] == 0
    by_default = run_sync("sw01", params(), host_vars(lab, "sw01"), check_mode=True, diff_mode=False)
    assert by_default["state"] == "overridden" and by_default["summary"]["delete"] == 2  # VLAN 99, 10.99.0.0/16
    deleted = run_sync(
        "sw01",
        params(state="deleted", intended={"vlans": [{"id": 99}]}),  # the identifier is all an entry needs
        host_vars(lab, "sw01"),
        False,
        True,
    )
    assert deleted["changed"] and deleted["commands"] == ["no vlan 99"]
    assert deleted["diff"] == [
        {
            "before_header": "sw01: vlan 99 (delete)",
            "after_header": "sw01: vlan 99 (delete)",
            "before": {"vlan_id": 99, "name": "LEGACY"},
            "after": "",
        }
    ]
    assert 99 not in lab["sw01"].state.vlans and lab["sw01"].state.vlans[20] == "SERVERS_OLD"


@pytest.mark.lab
def test_gathered_reads_only_the_requested_sections(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    everything = run_sync("sw01", params(state="gathered"), host_vars(lab, "sw01"), False, False)
    assert {"id": 99, "name": "LEGACY"} in everything["gathered"]["vlans"] and "interfaces" in everything["gathered"]
    vlans_only = run_sync(
        "sw01", params(state="gathered", intended={"vlans": []}), host_vars(lab, "sw01"), False, False
    )
    assert set(vlans_only["gathered"]) == {"vlans"} and not vlans_only["changed"]


@pytest.mark.lab
def test_login_failures_are_unreachable_and_never_show_the_password(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    lab["sw01"].set_faults(reject_login=True)
    result = run_sync("sw01", params(), host_vars(lab, "sw01"), check_mode=True, diff_mode=True)
    assert result["unreachable"] and "failed" not in result and result["error_kind"] == "authentication"
    assert lab.credentials.password not in json.dumps(result)


@pytest.mark.lab
def test_a_host_without_a_password_fails_as_missing_credentials(lab_factory: LabFactory) -> None:
    lab = lab_factory(1, "cisco_ios")
    variables = {key: value for key, value in host_vars(lab, "sw01").items() if key != "ansible_password"}
    result = run_sync("sw01", params(), variables, check_mode=True, diff_mode=False)
    assert result["failed"] and "unreachable" not in result and result["error_kind"] == "missing_credentials"
    assert (
        "No authentication methods available" in result["msg"]
        and "set the host's username and password" in result["msg"]
    )


@pytest.mark.integration
def test_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    variables = {
        "vlans": [],
        "ansible_host": "127.0.0.1",
        "ansible_port": port,
        "ansible_user": "u",
        "ansible_network_os": "ios",
    }
    result = run_sync("sw09", params(timeout=5.0), variables, check_mode=True, diff_mode=False)
    assert result["unreachable"] and result["error_kind"] == "unreachable"
    assert f"127.0.0.1:{port}" in result["msg"]


@pytest.mark.parametrize("state", ["rendered", "gathered", "merged"])
def test_unknown_platform_lists_the_known_ones(state: str) -> None:
    variables = {"vlans": [], "ansible_user": "u", "ansible_network_os": "cisco.iosxr.iosxr"}
    result = run_sync("sw01", params(state=state), variables, check_mode=True, diff_mode=False)
    assert result["failed"] and result["error_kind"] == "unsupported_platform"
    known = ", ".join(platform_names())
    assert f"no platform driver for device type 'cisco.iosxr.iosxr' (known: {known})" in result["msg"]


@pytest.mark.parametrize("state", ["rendered", "merged"])
def test_text_a_cli_would_act_on_fails_with_host_and_path(state: str) -> None:
    variables = {
        "interfaces": [{"name": "Gi0/1", "description": "users\u2028shutdown"}],
        "ansible_user": "u",
        "ansible_host": "192.0.2.1",  # never contacted: the data is refused first
        "ansible_network_os": "ios",
    }
    result = run_sync("sw01", params(state=state), variables, check_mode=True, diff_mode=False)
    assert result["failed"] and result["error_kind"] == "intended_state"
    assert "host sw01: interfaces[0].description: contains the non-printable character U+2028" in result["msg"]


def test_no_intended_state_says_which_variables_to_set() -> None:
    result = run_sync("sw01", params(), {"ansible_network_os": "ios", "ansible_user": "u"}, True, False)
    assert result["failed"] and "host sw01 has no intended state: set some of device_hostname, vlans" in result["msg"]


def test_secrets_given_as_options_are_scrubbed_from_results() -> None:
    secret = "Zq9-unique-secret"
    options = params(
        state="rendered",
        platform="cisco_ios",
        password=secret,
        intended={"device_hostname": "edge", "interfaces": [{"name": "Gi0/1", "description": secret}]},
    )
    result = run_sync("sw01", options, {}, check_mode=True, diff_mode=False)
    assert secret not in json.dumps(result)
    assert "description ********" in result["rendered"]


def test_missing_library_names_the_package() -> None:
    result = missing_library("netmiko.exceptions", "Traceback ...")
    assert result["failed"] and result["error_kind"] == "missing_library"
    assert result["msg"].startswith("Failed to import the required Python library (netmiko) on ")
    assert "(diffsync-automation)" in missing_library(None, "tb")["msg"]


@pytest.mark.integration
def test_module_utils_import_without_the_library() -> None:
    """The import guards: module_utils load without diffsync_automation (as sanity's import test needs)."""
    code = (
        "import sys; sys.modules['diffsync_automation'] = None\n"
        "from ansible_collections.diffsync.automation.plugins.module_utils import runner, network_mode, generic_mode\n"
        "for mode in (network_mode, generic_mode):\n"
        "    print(runner.missing_library(mode.MISSING_LIBRARY, mode.IMPORT_ERROR)['msg'])\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("Failed to import the required Python library (diffsync-automation)") for line in lines)
