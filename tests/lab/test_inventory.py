"""Inventories written for a lab load in Nornir, drive real netmiko sessions, and carry the intended state."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from nornir import InitNornir
from nornir_netmiko.tasks import netmiko_send_command, netmiko_send_config

from diffsync_automation.lab import Lab
from diffsync_automation.lab.inventory import split_intent
from diffsync_automation.lab.seed import SNMP_COMMUNITY

pytestmark = pytest.mark.lab


def test_nornir_inventory_carries_connection_and_inherited_intent(lab: Lab, lab_inventory: Path) -> None:
    nornir = InitNornir(config_file=str(lab_inventory / "nornir.yaml"))
    assert set(nornir.inventory.hosts) == {"sw01", "sw02"}
    for name, host in nornir.inventory.hosts.items():
        device = lab[name]
        assert (host.hostname, host.port, host.platform) == ("127.0.0.1", device.port, device.platform)
        assert (host.username, host.password) == (lab.credentials.username, lab.credentials.password)
        assert host.get_connection_parameters("netmiko").extras["secret"] == lab.credentials.secret
        assert "vlans" not in host.data  # inherited from the campus group, not repeated per host
        merged = {key: host.get(key) for key in lab.intended[name]}
        assert merged == lab.intended[name]
    assert nornir.inventory.groups["campus"].data["ntp_global"] == {
        "servers": [{"server": "192.0.2.123"}, {"server": "192.0.2.124"}]
    }


def test_nornir_netmiko_run_over_the_lab(lab: Lab, lab_nornir: Any) -> None:
    pushed = lab_nornir.run(task=netmiko_send_config, config_commands=["vlan 61", "name NORNIR"])
    assert not pushed.failed
    shown = lab_nornir.run(task=netmiko_send_command, command_string="show vlan", use_textfsm=True, enable=True)
    assert not shown.failed
    for name, result in shown.items():
        assert {"61": "NORNIR"}.items() <= {r["vlan_id"]: r["vlan_name"] for r in result[0].result}.items()
        assert lab[name].state.vlans[61] == "NORNIR"


def test_ansible_inventory_gives_each_host_its_intent(lab: Lab, lab_inventory: Path) -> None:
    tree = yaml.safe_load((lab_inventory / "inventory.yml").read_text())["all"]
    campus = tree["children"]["campus"]
    assert tree["vars"]["ansible_password"] == lab.credentials.password
    assert tree["vars"]["ansible_become_password"] == lab.credentials.secret
    for platform, os_name in (("cisco_ios", "cisco.ios.ios"), ("arista_eos", "arista.eos.eos")):
        group = campus["children"][platform]
        assert group["vars"] == {"ansible_network_os": os_name, "platform": platform}
        for name, hostvars in group["hosts"].items():
            assert (hostvars["ansible_host"], hostvars["ansible_port"]) == ("127.0.0.1", lab[name].port)
            merged = {**campus["vars"], **hostvars}  # Ansible's precedence: host vars over group vars
            assert {key: merged[key] for key in lab.intended[name]} == lab.intended[name]


def test_secrets_only_in_private_files(lab: Lab, lab_inventory: Path) -> None:
    for path in lab_inventory.iterdir():
        text = path.read_text()
        holds_secret = lab.credentials.password in text or lab.credentials.secret in text
        assert holds_secret == (path.name in {"defaults.yaml", "inventory.yml"})
        holds_config_secret = SNMP_COMMUNITY in text  # intended data: the seeded community and user hashes
        assert holds_config_secret == (path.name in {"hosts.yaml", "inventory.yml"})
        if holds_secret or holds_config_secret:
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_values_that_differ_between_hosts_stay_per_host(lab: Lab) -> None:
    intended = {name: dict(intent) for name, intent in lab.intended.items()}
    intended["sw02"]["ntp_global"] = {"servers": [{"server": "198.51.100.9"}]}
    group, hosts = split_intent(intended)  # type: ignore[arg-type]
    assert "ntp_global" not in group and "vlans" in group
    assert hosts["sw02"]["ntp_global"] == {"servers": [{"server": "198.51.100.9"}]}
    assert "vlans" not in hosts["sw01"]
