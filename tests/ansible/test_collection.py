"""The collection as Ansible tooling sees it: ansible-test sanity and integration, build and install, ansible-doc,
the module run without its action plugin, a missing library, and the example inventory.

``ansible-test`` runs in a copy of the collection (it writes tests/output/ into the tree it tests), offline and
one run at a time per machine (see offline_ansible_test.py). The first sanity run on a machine creates its
virtualenvs, installing the pinned linters from the package index (about 3 minutes); later runs reuse them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from ansible_helpers import BIN, COLLECTION, PLAYBOOKS, REPO, ansible_env, run
from offline_ansible_test import ansible_test

from diffsync_automation.lab import drift_on
from diffsync_automation.lab.pytest_plugin import LabFactory

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def collection_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the collection at <tmp>/ansible_collections/diffsync/automation, as ansible-test requires."""
    target = tmp_path_factory.mktemp("ansible-test") / "ansible_collections" / "diffsync" / "automation"
    shutil.copytree(COLLECTION, target, ignore=shutil.ignore_patterns("__pycache__", "output", "*.tar.gz"))
    return target


def test_sanity_passes_offline(collection_copy: Path) -> None:
    result = ansible_test(collection_copy, "sanity", "--python", f"{sys.version_info.major}.{sys.version_info.minor}")
    assert result.returncode == 0, result.output[-5000:]
    ran = set(re.findall(r'Running sanity test "([\w-]+)"', result.output))
    assert {"validate-modules", "import", "pylint", "pep8", "yamllint", "ansible-doc", "action-plugin-docs"} <= ran


def test_ansible_lint_production_profile_and_changelog_are_clean(tmp_path: Path) -> None:
    """ansible-lint in the collection's own directory (a copy: it caches there) and antsibull-changelog's checks."""
    copy = tmp_path / "ansible_collections" / "diffsync" / "automation"
    shutil.copytree(COLLECTION, copy, ignore=shutil.ignore_patterns("__pycache__", "output", "*.tar.gz"))
    env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]), NO_COLOR="1")
    linted = run([str(BIN / "ansible-lint"), "--profile", "production", "--offline", "--nocolor"], env, cwd=copy)
    assert linted.returncode == 0 and "Profile 'production' was required, and it passed" in linted.output, (
        linted.output[-3000:]
    )
    changelog = run([str(BIN / "antsibull-changelog"), "lint"], env, cwd=copy)
    assert changelog.returncode == 0 and "ERROR" not in changelog.output, changelog.output
    regenerated = run([str(BIN / "antsibull-changelog"), "generate"], env, cwd=copy)
    assert regenerated.returncode == 0, regenerated.output
    assert (copy / "CHANGELOG.rst").read_text() == (COLLECTION / "CHANGELOG.rst").read_text()  # kept up to date


def test_integration_target_passes(collection_copy: Path) -> None:
    result = ansible_test(collection_copy, "integration", "--local", "--python", "3.11", "sync")
    assert result.returncode == 0, result.output[-5000:]
    assert re.search(r"testhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", result.stdout)


def test_build_install_and_document(tmp_path: Path) -> None:
    env = ansible_env(tmp_path, ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "installed"))
    built = run(
        [str(BIN / "ansible-galaxy"), "collection", "build", str(COLLECTION), "--output-path", str(tmp_path)], env
    )
    assert built.returncode == 0, built.output
    tarball = tmp_path / "diffsync-automation-0.1.0.tar.gz"
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    assert {
        "MANIFEST.json",
        "plugins/action/sync.py",
        "plugins/modules/sync.py",
        "plugins/callback/drift_report.py",
    } <= names
    assert not any(name.startswith("tests/output") or "__pycache__" in name for name in names)

    command = [
        str(BIN / "ansible-galaxy"),
        "collection",
        "install",
        "--offline",
        str(tarball),
        "-p",
        str(tmp_path / "installed"),
    ]
    installed = run(command, env)
    assert installed.returncode == 0, installed.output
    assert (tmp_path / "installed" / "ansible_collections" / "diffsync" / "automation" / "MANIFEST.json").is_file()

    module_doc = run([str(BIN / "ansible-doc"), "-t", "module", "diffsync.automation.sync"], env, cwd=tmp_path)
    assert module_doc.returncode == 0, module_doc.output
    assert "fail_on_drift" in module_doc.stdout and "source_adapter" in module_doc.stdout
    callback_doc = run(
        [str(BIN / "ansible-doc"), "-t", "callback", "diffsync.automation.drift_report"], env, cwd=tmp_path
    )
    assert callback_doc.returncode == 0 and "report_dir" in callback_doc.stdout


def run_module(args: dict[str, Any], cwd: Path) -> tuple[int, dict[str, Any], str]:
    """Run plugins/modules/sync.py directly (no action plugin), as Ansible's module runner would."""
    path = cwd / "args.json"
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "ansible_collections.diffsync.automation.plugins.modules.sync", str(path)]
    done = run(command, env, cwd=cwd)
    return done.returncode, json.loads(done.stdout), done.stdout


def test_module_runs_without_its_action_plugin(tmp_path: Path) -> None:
    code, result, _ = run_module(
        {"state": "rendered", "platform": "cisco_ios", "intended": {"vlans": [{"id": 10, "name": "USERS"}]}}, tmp_path
    )
    assert (code, result["rendered"], result["changed"]) == (0, ["vlan 10", "name USERS"], False)
    code, result, _ = run_module({"state": "rendered"}, tmp_path)
    assert code == 1 and result["failed"] and "has no intended state" in result["msg"]


@pytest.mark.lab
def test_module_masks_secret_options(lab_factory: LabFactory, tmp_path: Path) -> None:
    lab = lab_factory(1, "cisco_ios")
    device = lab["sw01"]
    args = {
        "host": "127.0.0.1",
        "port": device.port,
        "username": lab.credentials.username,
        "password": lab.credentials.password,
        "enable_secret": lab.credentials.secret,
        "platform": "cisco_ios",
        "intended": dict(lab.intended["sw01"]),
        "state": "overridden",
        "_ansible_check_mode": True,
        "_ansible_diff": True,
    }
    code, result, stdout = run_module(args, tmp_path)
    assert code == 0 and result["changed"] and len(result["diff"]) == len(drift_on("cisco_ios"))
    assert result["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert lab.credentials.password not in stdout and lab.credentials.secret not in stdout
    assert device.state.vlans[99] == "LEGACY"


MISSING_LIBRARY_PLAY = """\
- hosts: all
  gather_facts: false
  vars:
    ansible_connection: local
  tasks:
    - diffsync.automation.sync:
        state: rendered
"""


@pytest.mark.parametrize(
    ("blocked", "package"), [("netmiko", "netmiko"), ("diffsync_automation", "diffsync-automation")]
)
def test_missing_library_fails_cleanly_naming_it(blocked: str, package: str, tmp_path: Path) -> None:
    (tmp_path / "play.yml").write_text(MISSING_LIBRARY_PLAY, encoding="utf-8")
    # The forked workers inherit the blocked import from this controller process.
    code = (
        f"import sys; sys.modules[{blocked!r}] = None; sys.argv[0] = 'ansible-playbook'\n"
        "from ansible.cli.playbook import main\nmain()\n"
    )
    command = [sys.executable, "-c", code, str(tmp_path / "play.yml"), "-i", str(PLAYBOOKS / "inventory")]
    result = run(command, ansible_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert {host: counts["failed"] for host, counts in result.recap().items()} == {"sw01": 1, "sw02": 1}
    assert f"Failed to import the required Python library ({package}) on" in result.stdout
    assert "Traceback" not in result.stdout
    if blocked == "diffsync_automation":
        assert "cannot write the report, the diffsync-automation library does not import" in result.output


def test_example_inventory_is_a_valid_intended_state(tmp_path: Path) -> None:
    command = [str(BIN / "ansible"), "all", "-m", "diffsync.automation.sync", "-a", "state=rendered"]
    command += ["-i", str(PLAYBOOKS / "inventory"), "-e", "ansible_connection=local"]
    result = run(command, ansible_env(tmp_path))
    assert result.returncode == 0, result.output
    blocks = re.split(r"^(\S+) \| SUCCESS => ", result.stdout, flags=re.MULTILINE)[1:]
    rendered = {host: json.loads(body)["rendered"] for host, body in zip(blocks[::2], blocks[1::2])}
    assert set(rendered) == {"sw01", "sw02"}
    assert {"hostname sw01", "vlan 20", "name SERVERS", "ntp server 192.0.2.124"} <= set(rendered["sw01"])
    assert "ip route 0.0.0.0 0.0.0.0 172.16.0.1" in rendered["sw01"]
    # sw02's host_vars replace the group's static routes: both default routes, one with distance 200.
    assert rendered["sw02"][-2:] == ["ip route 0.0.0.0/0 172.16.0.1", "ip route 0.0.0.0/0 172.16.0.2 200"]


GENERIC_PLAY = """\
- hosts: localhost
  gather_facts: false
  tasks:
    - diffsync.automation.sync:
        source_adapter: "{pair}:Records"
        target_adapter: "{pair}:JsonFile"
        data: {{alice: {{uid: 1001}}}}
        target_options: {{path: "{target}"}}
        state: overridden
"""


def test_report_of_a_generic_run_and_an_unwritable_report_dir(tmp_path: Path) -> None:
    pair = COLLECTION / "tests" / "integration" / "targets" / "sync" / "files" / "record_adapters.py"
    (tmp_path / "users.json").write_text('{"mallory": {"uid": 6, "shell": "/bin/sh"}}', encoding="utf-8")
    (tmp_path / "play.yml").write_text(GENERIC_PLAY.format(pair=pair, target=tmp_path / "users.json"), encoding="utf-8")
    command = [str(BIN / "ansible-playbook"), str(tmp_path / "play.yml"), "-i", "localhost,", "-c", "local", "--check"]
    reports = tmp_path / "reports"

    result = run(command, ansible_env(reports), cwd=tmp_path)

    assert result.returncode == 0, result.output
    report = json.loads((reports / "drift-report.json").read_text(encoding="utf-8"))
    assert [(d["host"], d["status"], d["summary"]["create"], d["summary"]["delete"]) for d in report["devices"]] == [
        ("localhost", "drift", 1, 1)
    ]
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", encoding="utf-8")
    again = run(command, ansible_env(reports, DIFFSYNC_REPORT_DIR=str(blocked)), cwd=tmp_path)
    assert again.returncode == 0, again.output
    assert "diffsync.automation.drift_report: cannot write the report:" in again.output
