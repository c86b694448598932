"""The inventories users have, the stdout/stderr split and the one-line errors, as a pipeline runs the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.cli_helpers import REPO, cli, playbook_inventory_for_lab, seeded_totals

pytestmark = pytest.mark.lab

EXPECTED = "expected a Nornir SimpleInventory directory"


@pytest.fixture(scope="module")
def lab_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Two seeded devices (sw01 cisco_ios, sw02 arista_eos) started with ``lab up``; never changed by these tests."""
    directory = tmp_path_factory.mktemp("sources") / "lab"
    started = cli("lab", "up", "--devices", "2", "--platform", "mixed", "--inventory-dir", directory)
    assert started.returncode == 0 and started.stderr == ""  # no third-party warnings either
    yield directory
    assert cli("lab", "down", "--inventory-dir", directory).returncode == 0


@pytest.mark.parametrize("source", [".", "hosts.yaml", "nornir.yaml", "inventory.yml"])
def test_every_inventory_kind_of_the_lab_finds_the_same_drift(lab_dir: Path, source: str) -> None:
    result = cli("drift", "-i", lab_dir / source, "--json", "-")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)  # stdout holds the report alone
    assert {device["host"]: device["status"] for device in report["devices"]} == {"sw01": "drift", "sw02": "drift"}
    seeded = seeded_totals(lab_dir)
    assert all(report["totals"][action] == count for action, count in seeded.items())
    assert "diffsync-automation drift" in result.stderr  # the table went to stderr, captioned with the command


def test_a_nornir_config_file_may_name_any_registered_inventory_plugin(lab_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "nornir.yaml"
    source = lab_dir / "inventory.yml"
    config.write_text(f"inventory:\n  plugin: AnsibleInventory\n  options:\n    source: {source}\n", encoding="utf-8")
    result = cli("drift", "-i", config, "--limit", "cisco_ios", "--json", "-")
    assert result.returncode == 2, result.stderr
    assert [device["host"] for device in json.loads(result.stdout)["devices"]] == ["sw01"]


def test_the_repository_playbook_inventory_runs_against_the_lab(lab_dir: Path, tmp_path: Path) -> None:
    """playbooks/inventory as it is (group_vars, host_vars, a password from the environment), plus one inventory
    file pointing its two switches at the lab."""
    inventory = tmp_path / "inventory"
    secrets = playbook_inventory_for_lab(lab_dir, inventory)
    password = secrets["DEVICE_PASSWORD"]

    result = cli("drift", "-i", inventory, "--limit", "eos", "--json", "-", env=secrets)
    assert result.returncode == 2, result.stderr
    [device] = json.loads(result.stdout)["devices"]
    assert device["host"] == "sw02" and device["platform"] == "arista_eos" and device["errors"] == []
    assert password not in result.stdout + result.stderr


def test_vault_encrypted_passwords_decrypt_with_the_configured_password_file(lab_dir: Path, tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    secrets = playbook_inventory_for_lab(lab_dir, inventory)
    vault_password = tmp_path / "vault-password"
    vault_password.write_text("correct horse battery staple\n", encoding="utf-8")
    encrypted = subprocess.run(
        [
            str(Path(sys.executable).parent / "ansible-vault"),
            "encrypt_string",
            "--vault-password-file",
            str(vault_password),
            "--name",
            "ansible_password",
            "--",  # the lab's random password may start with "-"
            secrets["DEVICE_PASSWORD"],
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (inventory / "host_vars" / "sw02.yml").write_text(
        (inventory / "host_vars" / "sw02.yml").read_text(encoding="utf-8") + encrypted, encoding="utf-8"
    )
    # The password variable of group_vars/all.yml is left empty: only the vaulted host variable can log in.
    env = {"DEVICE_ENABLE_SECRET": secrets["DEVICE_ENABLE_SECRET"], "ANSIBLE_VAULT_PASSWORD_FILE": str(vault_password)}
    result = cli("drift", "-i", inventory, "--limit", "sw02", "--json", "-", env=env)
    assert result.returncode == 2, result.stderr
    without_key = cli("drift", "-i", inventory, "--limit", "sw02")
    assert without_key.returncode == 1 and len(without_key.stderr.splitlines()) == 1, without_key.stderr
    wrong_file = cli("drift", "-i", inventory, env={"ANSIBLE_VAULT_PASSWORD_FILE": str(tmp_path / "missing")})
    assert wrong_file.returncode == 1 and len(wrong_file.stderr.splitlines()) == 1, wrong_file.stderr


def test_output_outside_a_terminal_is_unwrapped_and_uncoloured(lab_dir: Path, tmp_path: Path) -> None:
    long_dir = tmp_path / ("reports-" + "x" * 100)
    result = cli("--no-color", "drift", "-i", lab_dir, "--markdown", long_dir / "drift.md")
    assert result.returncode == 2 and "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    assert "diffsync-automation drift" in lines
    # the default state, overridden, also counts the rogue VLAN 99 and route of each device
    assert any(line.startswith("drift on 2 of 2 devices") and line.endswith("4 delete") for line in lines)
    assert f"report written: {long_dir / 'drift.md'}" in lines


def test_no_color_wins_over_a_forced_terminal(lab_dir: Path) -> None:
    coloured = cli("drift", "-i", lab_dir, env={"FORCE_COLOR": "1"})
    plain = cli("--no-color", "drift", "-i", lab_dir, env={"FORCE_COLOR": "1"})
    assert coloured.returncode == plain.returncode == 2
    drift_yellow = "\x1b[33mdrift"  # styles such as bold stay: NO_COLOR is about colours
    assert drift_yellow in coloured.stdout and drift_yellow not in plain.stdout and "drift" in plain.stdout


def test_unusable_inventories_give_one_line_naming_what_was_expected(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    not_ini = tmp_path / "hosts.ini"
    not_ini.write_text("garbage: [\n", encoding="utf-8")
    netbox = tmp_path / "nornir.yaml"
    netbox.write_text("inventory:\n  plugin: NoSuchInventory\n", encoding="utf-8")
    for source in (empty, not_ini):
        result = cli("drift", "-i", source)
        assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and EXPECTED in result.stderr
    unknown = cli("drift", "-i", netbox)
    assert unknown.returncode == 1 and unknown.stderr.strip().endswith(
        "'NoSuchInventory' is not registered (is the package providing it installed?)"
    )
    bad_port = tmp_path / "port.yml"
    bad_port.write_text("all:\n  hosts:\n    r1:\n      ansible_port: ssh\n", encoding="utf-8")
    undefined = tmp_path / "undefined.yml"
    undefined.write_text("all:\n  hosts:\n    r1:\n      ansible_password: '{{ vault_pw }}'\n", encoding="utf-8")
    assert cli("drift", "-i", bad_port).stderr == "error: host r1: ansible_port 'ssh' is not a number\n"
    assert cli("drift", "-i", undefined).stderr == f"error: {undefined}: host r1: 'vault_pw' is undefined\n"
    both = cli("drift", "-i", empty, "--json", "-", "--junit", "-")
    assert both.returncode == 1 and "only one report can go to stdout" in both.stderr


@pytest.mark.parametrize(
    ("module", "command", "extras"),
    [("netmiko", "drift", "cli,network,nornir"), ("asyncssh", "lab", "lab"), ("typer", "lab", "lab")],
)
def test_a_missing_extra_names_the_pip_install_that_fixes_it(module: str, command: str, extras: str) -> None:
    args = ["drift", "-i", REPO / "playbooks" / "inventory"] if command == "drift" else ["lab", "up", "--devices", "1"]
    result = cli(*args, prelude=f"import sys; sys.modules[{module!r}] = None; ")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f'error: module {module!r} is not installed; fix: pip install "diffsync-automation[{extras}]"\n'
    )


def test_the_lab_and_the_drift_check_show_no_third_party_warnings(lab_dir: Path) -> None:
    assert cli("drift", "-i", lab_dir, "--json", "-").stderr.count("Warning") == 0
    assert "Warning" not in (lab_dir / "lab.log").read_text(encoding="utf-8")


def test_third_party_warnings_are_ignored_only_where_raised() -> None:
    """asyncssh imports quietly, while the same warning category raised anywhere else still shows."""
    code = (
        "import warnings; from diffsync_automation._quiet_imports import import_quietly; import_quietly('asyncssh');"
        " from cryptography.utils import CryptographyDeprecationWarning;"
        " warnings.warn('raised by our code', CryptographyDeprecationWarning)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert "raised by our code" in result.stderr and "DSA" not in result.stderr


def test_version_names_the_engine() -> None:
    from diffsync_automation import __version__, speedups_enabled

    result = cli("--version")
    engine = "compiled engine" if speedups_enabled() else "pure-Python engine"
    assert result.returncode == 0 and result.stdout.startswith(f"diffsync-automation {__version__} ({engine}, ")
