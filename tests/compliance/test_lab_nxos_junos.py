"""Compliance over SSH on the NX-OS and Junos lab devices: ``drift`` lists the non-compliant features, ``sync``
remediates them in one configuration session (Junos: one commit), ``drift`` again is compliant. One lab serves
both platforms (``sw03`` NX-OS and ``sw04`` Junos of a four-device mixed lab)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from diffsync_automation.lab import Lab, write_inventory
from diffsync_automation.lab.engine import CliSession
from diffsync_automation.lab.junos import JunosSession
from diffsync_automation.lab.junos_state import JunosState
from tests.compliance.lab_hosts import lab_hosts

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
SECRETS = ("OldC0mm", "N3wC0mm")

EXTRA = {
    "cisco_nxos": "snmp-server community N3wC0mm group network-operator\nlogging server 10.9.9.9\n",
    "juniper_junos": "set system syslog host 10.9.9.9 any any\n",
}
"""Lines the intended configuration adds to what the device runs."""

STALE = {
    "cisco_nxos": "snmp-server community OldC0mm group network-operator",
    "juniper_junos": "set system name-server 192.0.2.99",
}
"""A line the device runs that the intended configuration lacks: extra, removed by the remediation."""

FAILING = {"cisco_nxos": ["logging", "snmp"], "juniper_junos": ["logging", "services"]}
KEPT, REMOVED = (
    {"cisco_nxos": "N3wC0mm", "juniper_junos": "10.9.9.9"},
    {"cisco_nxos": "OldC0mm", "juniper_junos": "192.0.2.99"},
)


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The console-script entry point in a fresh interpreter, as a pipeline would run it."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "from diffsync_automation.cli import main; main()", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)


def shown_config(lab: Lab, host: str) -> str:
    """What the device's compliance check reads: the running configuration (Junos: in `display set` form)."""
    state = lab[host].state
    if isinstance(state, JunosState):
        return "\n".join(state.committed.set_lines()) + "\n"
    return state.running_config()


def failing(path: Path) -> dict[str, list[str]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {
        device["host"]: sorted(name for name, feature in device["compliance"].items() if not feature["compliant"])
        for device in data["devices"]
    }


@pytest.fixture(scope="module")
def platform_lab() -> Iterator[Lab]:
    """Four seeded devices without drift; the tests use sw03 (NX-OS) and sw04 (Junos)."""
    with Lab.seeded(4, "mixed", drift=False) as lab:
        assert (lab["sw03"].platform, lab["sw04"].platform) == ("cisco_nxos", "juniper_junos")
        yield lab


@pytest.fixture
def config_sessions(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Configuration-mode entries per device hostname, and Junos commits (``commit:<hostname>``)."""
    counts: Counter[str] = Counter()
    cli_configure, junos_configure, commit = CliSession._configure, JunosSession._configure, JunosState.commit

    def cli_entered(self: CliSession, args: list[str]) -> str:
        counts[self.state.hostname] += 1
        return cli_configure(self, args)

    def junos_entered(self: JunosSession, option: str) -> str:
        counts[self.state.hostname] += 1
        return junos_configure(self, option)

    def committed(self: JunosState, config: Any) -> None:
        counts[f"commit:{self.hostname}"] += 1
        commit(self, config)

    monkeypatch.setattr(CliSession, "_configure", cli_entered)
    monkeypatch.setattr(JunosSession, "_configure", junos_entered)
    monkeypatch.setattr(JunosState, "commit", committed)
    return counts


@pytest.mark.parametrize("host", ["sw03", "sw04"])
def test_drift_sync_drift(platform_lab: Lab, host: str, config_sessions: Counter[str], tmp_path: Path) -> None:
    lab = platform_lab
    device = lab[host]
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    (inventory / f"{host}.cfg").write_text(shown_config(lab, host) + EXTRA[device.platform])
    hosts[host]["data"]["intended_config_file"] = f"{host}.cfg"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    device.state.configure([STALE[device.platform]])
    config_sessions.clear()

    checked = cli("drift", "-i", inventory, "--limit", host, "--json", tmp_path / "d.json")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert failing(tmp_path / "d.json") == {host: FAILING[device.platform]}
    assert not config_sessions  # drift never enters configuration mode

    synced = cli("sync", "-i", inventory, "--limit", host, "--json", tmp_path / "s.json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert failing(tmp_path / "s.json") == {host: []}
    assert config_sessions[host] == 1
    if device.platform == "juniper_junos":
        assert config_sessions[f"commit:{host}"] == 1
    running = shown_config(lab, host)
    assert REMOVED[device.platform] not in running and KEPT[device.platform] in running

    again = cli("drift", "-i", inventory, "--limit", host, "--json", tmp_path / "a.json")
    assert again.returncode == 0, again.stdout + again.stderr
    assert failing(tmp_path / "a.json") == {host: []}
    for path in ("d.json", "s.json", "a.json"):
        assert not any(secret in (tmp_path / path).read_text() for secret in SECRETS), path
    for run in (checked, synced, again):
        assert not any(secret in run.stdout + run.stderr for secret in SECRETS)


PLANNED = {
    "cisco_nxos": ("snmp-server community PlanC0mm group network-operator\n", "logging server 10.7.7.7"),
    "juniper_junos": ("set system syslog host 10.8.8.8 any any\n", "set system name-server 192.0.2.97"),
}
"""Per platform: a line the intended configuration adds, and a line configured on the device after planning."""


@pytest.mark.parametrize("host", ["sw03", "sw04"])
def test_plan_apply_carries_remediation(
    platform_lab: Lab, host: str, config_sessions: Counter[str], tmp_path: Path
) -> None:
    lab = platform_lab
    device = lab[host]
    added, later = PLANNED[device.platform]
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    (inventory / f"{host}.cfg").write_text(shown_config(lab, host) + added)
    hosts[host]["data"]["intended_config_file"] = f"{host}.cfg"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    key = tmp_path / "plan.key"
    key.write_text("a signing key\n")
    plan = tmp_path / "plan.json"

    def make_plan() -> dict[str, Any]:
        planned = cli("sync", "-i", inventory, "--limit", host, "--plan", plan, "--plan-key-file", key)
        assert planned.returncode == 2, planned.stdout + planned.stderr
        data: dict[str, Any] = json.loads(plan.read_text())
        return data

    entry = make_plan()["devices"][0]
    assert entry["host"] == host and entry["commands"] == []  # no structured change, only remediation
    assert entry["config"]["running_digest"].startswith("pbkdf2-sha256:") and entry["config"]["salt"]
    assert added.strip().replace("PlanC0mm", "<removed>") in entry["config"]["remediation"]
    assert "PlanC0mm" not in plan.read_text()

    # The signature covers the remediation: an edited one is refused before any device is contacted.
    edited = tmp_path / "edited.json"
    edited.write_text(plan.read_text().replace('"remediation": [', '"remediation": [\n "hostname x",', 1))
    refused = cli("apply", "--plan", edited, "--plan-key-file", key, "-i", inventory)
    assert refused.returncode == 1 and "checksum does not match" in refused.stderr + refused.stdout

    # The device changed in a compared section since the plan: refused, one line naming the host, nothing sent.
    device.state.configure([later])
    config_sessions.clear()
    stale = cli("apply", "--plan", plan, "--plan-key-file", key, "-i", inventory, "--json", tmp_path / "x.json")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    (refusal,) = json.loads((tmp_path / "x.json").read_text())["devices"]
    assert refusal["host"] == host and [error["kind"] for error in refusal["errors"]] == ["plan_stale"]
    assert "make a new plan" in refusal["errors"][0]["message"] and "\n" not in refusal["errors"][0]["message"]
    assert not config_sessions

    make_plan()
    applied = cli("apply", "--plan", plan, "--plan-key-file", key, "-i", inventory, "--json", tmp_path / "a.json")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert failing(tmp_path / "a.json") == {host: []}
    assert config_sessions[host] == 1
    running = shown_config(lab, host)
    assert added.strip().removeprefix("set ") in running and later.removeprefix("set ") not in running
    assert "PlanC0mm" not in (tmp_path / "a.json").read_text() + applied.stdout + applied.stderr


def test_plan_with_structured_changes_and_remediation(
    platform_lab: Lab, config_sessions: Counter[str], tmp_path: Path
) -> None:
    """A plan with structured changes and remediation: a change on the device in a compared section since the
    plan refuses the device before its structured changes are sent; a fresh plan applies both in one session."""
    lab, host = platform_lab, "sw03"
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    (inventory / f"{host}.cfg").write_text(shown_config(lab, host) + "logging server 10.6.6.6\n")
    hosts[host]["data"]["intended_config_file"] = f"{host}.cfg"
    port = hosts[host]["data"]["interfaces"][-1]
    port["description"] = "planned port"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    plan = tmp_path / "plan.json"
    planned = cli("sync", "-i", inventory, "--limit", host, "--plan", plan)
    assert planned.returncode == 2, planned.stdout + planned.stderr
    (entry,) = json.loads(plan.read_text())["devices"]
    assert entry["commands"] and entry["config"]["remediation"] == ["logging server 10.6.6.6"]

    lab[host].state.configure(["logging server 10.5.5.5"])
    config_sessions.clear()
    stale = cli("apply", "--plan", plan, "-i", inventory, "--json", tmp_path / "x.json")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    (refusal,) = json.loads((tmp_path / "x.json").read_text())["devices"]
    assert [error["kind"] for error in refusal["errors"]] == ["plan_stale"]
    assert not config_sessions
    assert "planned port" not in lab[host].state.running_config()

    assert cli("sync", "-i", inventory, "--limit", host, "--plan", plan).returncode == 2
    applied = cli("apply", "--plan", plan, "-i", inventory, "--json", tmp_path / "a.json")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    (device,) = json.loads((tmp_path / "a.json").read_text())["devices"]
    assert device["status"] == "synced" and failing(tmp_path / "a.json") == {host: []}
    assert config_sessions[host] == 1  # the structured changes and the remediation together
    running = lab[host].state.running_config()
    assert "planned port" in running and "logging server 10.6.6.6" in running


ONE_SESSION = {"cisco_nxos": "logging server 10.4.4.4\n", "juniper_junos": "set system syslog host 10.4.4.4 any any\n"}
"""Per platform: a line the intended configuration adds, next to a structured change."""


@pytest.mark.parametrize("host", ["sw03", "sw04"])
def test_sync_pushes_structured_changes_and_remediation_in_one_session(
    platform_lab: Lab, host: str, config_sessions: Counter[str], tmp_path: Path
) -> None:
    lab = platform_lab
    device = lab[host]
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    (inventory / f"{host}.cfg").write_text(shown_config(lab, host) + ONE_SESSION[device.platform])
    hosts[host]["data"]["intended_config_file"] = f"{host}.cfg"
    hosts[host]["data"]["interfaces"][-1]["description"] = "one session"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    config_sessions.clear()

    synced = cli("sync", "-i", inventory, "--limit", host, "--json", tmp_path / "s.json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    (result,) = json.loads((tmp_path / "s.json").read_text())["devices"]
    assert result["status"] == "synced" and result["summary"]["update"] == 1
    assert failing(tmp_path / "s.json") == {host: []}
    assert config_sessions[host] == 1
    if device.platform == "juniper_junos":
        assert config_sessions[f"commit:{host}"] == 1
    running = shown_config(lab, host)
    assert "one session" in running and "10.4.4.4" in running


JUNOS_SECRETS = ("N3wJun0s", "0ldJun0s")


def test_junos_snmp_and_login_users_are_checked_and_remediated_in_one_commit(
    platform_lab: Lab, config_sessions: Counter[str], tmp_path: Path
) -> None:
    """The ``snmp`` and ``aaa`` (``system login``) features of a Junos device: a stale community and a missing
    user are found, fixed in one commit, and the uid Junos gives the new user is not drift."""
    lab, host = platform_lab, "sw04"
    inventory = tmp_path / "inventory"
    write_inventory(inventory, lab)
    hosts = lab_hosts(inventory)
    for key in ("snmp_server", "users"):  # structured keys would take these features out of the check
        hosts[host]["data"].pop(key, None)  # lab_hosts already leaves snmp_server to the configuration
    added = "set snmp community N3wJun0s authorization read-only\nset system login user auditor class read-only\n"
    (inventory / f"{host}.cfg").write_text(shown_config(lab, host) + added)
    hosts[host]["data"]["intended_config_file"] = f"{host}.cfg"
    (inventory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    lab[host].state.configure(["set snmp community 0ldJun0s authorization read-write"])
    config_sessions.clear()

    checked = cli("drift", "-i", inventory, "--limit", host, "--json", tmp_path / "d.json")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert failing(tmp_path / "d.json") == {host: ["aaa", "snmp"]}
    synced = cli("sync", "-i", inventory, "--limit", host, "--json", tmp_path / "s.json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert failing(tmp_path / "s.json") == {host: []} and config_sessions[f"commit:{host}"] == 1
    running = shown_config(lab, host)
    assert "N3wJun0s" in running and "0ldJun0s" not in running
    assert "set system login user auditor uid " in running  # given by the commit
    again = cli("drift", "-i", inventory, "--limit", host, "--json", tmp_path / "a.json")
    assert again.returncode == 0 and failing(tmp_path / "a.json") == {host: []}, again.stdout + again.stderr
    for run in (checked, synced, again):
        assert not any(secret in run.stdout + run.stderr for secret in JUNOS_SECRETS)
    for path in ("d.json", "s.json", "a.json"):
        assert not any(secret in (tmp_path / path).read_text() for secret in JUNOS_SECRETS), path
