"""Configuration secrets never reach an output: a real drift, plan, apply and sync against a lab of IOS, EOS and NX-OS
devices with SNMP community strings and user password hashes (a Nornir dry run, Ansible's drift_check.yml with
--check --diff -v and its report callback, then the CLI's drift with every report, a plan, its apply and a last
drift), every result, file, stream and log record the runs write grepped for the strings."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from netmiko import ConnectHandler
from nornir import InitNornir
from nornir_utils.plugins.functions import print_result

from diffsync_automation.lab.seed import SNMP_COMMUNITY, USER_HASHES
from diffsync_automation.network.secrets import mask
from nornir_plugins import diffsync_sync
from tests.ansible.ansible_helpers import playbook
from tests.cli.cli_helpers import cli
from tests.network.test_users import device_line, intended_user

pytestmark = pytest.mark.lab

KEPT, ROGUE, NEW = "Kept-Ro.1", "Rogue#Rw2", "N3w_Rw&x"
HASH_ON_DEVICE, HASH_INTENDED = "$5$On.Device$h4sh0nD3v1ce", "$5$Intended$h4sh1nt3nd3d"
DEVICE_ACCESS = {
    "cisco_ios": ("RO", "RW"),
    "arista_eos": ("ro", "rw"),
    "cisco_nxos": ("group network-operator", "group network-admin"),
}

INTENDED = {"communities": [{"name": KEPT}, {"name": NEW, "rw": True}]}


def add_communities(lab_dir: Path) -> None:
    """Give every lab device KEPT (read-only) and ROGUE, and every host's data KEPT and NEW."""
    hosts: dict[str, Any] = yaml.safe_load((lab_dir / "hosts.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((lab_dir / "defaults.yaml").read_text(encoding="utf-8"))
    for host in hosts.values():
        connection = ConnectHandler(
            device_type=host["platform"],
            host="127.0.0.1",
            port=host["port"],
            username=defaults["username"],
            password=defaults["password"],
            secret=defaults["connection_options"]["netmiko"]["extras"]["secret"],
        )
        try:
            connection.enable()
            read_only, read_write = DEVICE_ACCESS[host["platform"]]
            lines = [f"snmp-server community {KEPT} {read_only}", f"snmp-server community {ROGUE} {read_write}"]
            lines.append(device_line(host["platform"], "alice", HASH_ON_DEVICE))
            connection.send_config_set(lines)
        finally:
            connection.disconnect()
        host["data"]["snmp_server"] = INTENDED
        host["data"]["users"] = [intended_user(host["platform"], "alice", HASH_INTENDED)]
    (lab_dir / "hosts.yaml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
    inventory: dict[str, Any] = yaml.safe_load((lab_dir / "inventory.yml").read_text(encoding="utf-8"))
    for group in inventory["all"]["children"]["campus"]["children"].values():
        for name, host_vars in group["hosts"].items():
            host_vars["snmp_server"] = INTENDED
            host_vars["users"] = hosts[name]["data"]["users"]
    (lab_dir / "inventory.yml").write_text(yaml.safe_dump(inventory), encoding="utf-8")


def nornir_outputs(lab_dir: Path) -> str:
    """A dry run of the ``diffsync_sync`` task: each host's Result (result, diff) and ``print_result``."""
    with InitNornir(config_file=str(lab_dir / "nornir.yaml"), dry_run=True) as runner:
        results = runner.run(task=diffsync_sync)
        print_result(results)
    assert not results.failed
    return "\n".join(f"{multi[0].result!r} {multi[0].diff}" for multi in results.values())


def test_no_output_of_a_real_run_holds_a_community_string(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    lab_dir, out = tmp_path / "lab", tmp_path / "out"
    assert cli("lab", "up", "--devices", "3", "--platform", "mixed", "--inventory-dir", lab_dir).returncode == 0
    try:
        add_communities(lab_dir)
        reports = ("--json", out / "d.json", "--junit", out / "d.xml", "--markdown", out / "d.md")
        nornir = nornir_outputs(lab_dir)
        check = playbook("drift_check.yml", lab_dir / "inventory.yml", out / "ansible", "--check", "--diff", "-v")
        runs = [cli("drift", "-i", lab_dir, *reports, "--html", out / "d.html")]
        runs.append(cli("sync", "-i", lab_dir, "--plan", out / "plan.json"))
        runs.append(cli("apply", "--plan", out / "plan.json", "-i", lab_dir, "--json", out / "a.json"))
        runs.append(cli("drift", "-i", lab_dir, "--json", out / "again.json"))
    finally:
        assert cli("lab", "down", "--inventory-dir", lab_dir).returncode == 0
    assert check.returncode == 0 and mask(NEW) in check.stdout, check.output
    texts = [nornir, check.output, capfd.readouterr().out, caplog.text]
    texts += [run.stdout + run.stderr for run in runs] + [
        path.read_text(encoding="utf-8") for path in out.rglob("*") if path.is_file()
    ]
    assert [run.returncode for run in runs] == [2, 2, 0, 0], [run.stdout + run.stderr for run in runs]
    assert "write_channel" in caplog.text  # netmiko's DEBUG records of the session were captured
    everything = "\n".join(texts)
    assert mask(NEW) in everything and mask(ROGUE) in everything  # the changes are shown, masked
    assert mask(HASH_INTENDED) in everything
    seeded = [SNMP_COMMUNITY] + [hashed for _, *hashes in USER_HASHES.values() for hashed in hashes]
    for secret in (KEPT, ROGUE, NEW, HASH_ON_DEVICE, HASH_INTENDED, *seeded):
        assert secret not in everything
