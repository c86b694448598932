"""Nornir SimpleInventory and Ansible inventory for a running lab.

Layout (docs/lab.md): connection details and the per-host intended state in ``hosts.yaml``; the intended
VLANs and NTP servers, when every device shares them, in the ``campus`` group that both platform groups
inherit; credentials only in ``defaults.yaml`` and ``inventory.yml``, which are written owner-readable only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from diffsync_automation.lab.lab import Lab
from diffsync_automation.lab.schema import INTENT_KEYS, HostIntent
from diffsync_automation.lab.server import LISTEN_HOST
from diffsync_automation.lab.state import PLATFORMS, Platform

GROUP_NAME = "campus"
GROUP_KEYS = ("vlans", "ntp_global")
ANSIBLE_NETWORK_OS = {
    "cisco_ios": "cisco.ios.ios",
    "arista_eos": "arista.eos.eos",
    "cisco_nxos": "cisco.nxos.nxos",
    "juniper_junos": "junipernetworks.junos.junos",
}


@dataclass(frozen=True)
class InventoryFiles:
    """Paths of the files ``write_inventory`` produced."""

    hosts: Path
    groups: Path
    defaults: Path
    nornir_config: Path
    ansible: Path


def split_intent(intended: Mapping[str, HostIntent]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Group data (keys of ``GROUP_KEYS`` equal on every host) and the remaining data per host."""
    hosts = list(intended.values())
    group: dict[str, Any] = {}
    for key in GROUP_KEYS:
        values = [host.get(key) for host in hosts]
        if values and values[0] is not None and all(value == values[0] for value in values):
            group[key] = values[0]
    per_host = {
        name: {key: intent[key] for key in INTENT_KEYS if key in intent and key not in group}  # type: ignore[literal-required]
        for name, intent in intended.items()
    }
    return group, per_host


def write_inventory(directory: Path, lab: Lab) -> InventoryFiles:
    """Write the Nornir and Ansible inventories of a running ``lab`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    group_data, host_data = split_intent(lab.intended)
    platforms = [p for p in PLATFORMS if any(d.platform == p for d in lab)]
    files = InventoryFiles(
        hosts=directory / "hosts.yaml",
        groups=directory / "groups.yaml",
        defaults=directory / "defaults.yaml",
        nornir_config=directory / "nornir.yaml",
        ansible=directory / "inventory.yml",
    )
    hosts = {
        device.name: {
            "hostname": LISTEN_HOST,
            "port": device.port,
            "platform": device.platform,
            "groups": [device.platform],
            "data": host_data[device.name],
        }
        for device in lab
    }
    groups: dict[str, Any] = {GROUP_NAME: {"data": group_data}}
    groups.update({p: {"platform": p, "groups": [GROUP_NAME]} for p in platforms})
    credentials = lab.credentials
    defaults = {
        "username": credentials.username,
        "password": credentials.password,
        "connection_options": {"netmiko": {"extras": {"secret": credentials.secret}}},
    }
    _dump(files.hosts, hosts, private=True)  # intended data: SNMP communities, password hashes
    _dump(files.groups, groups, private=True)
    _dump(files.defaults, defaults, private=True)
    _dump(files.nornir_config, _nornir_config(files))
    _dump(files.ansible, _ansible_inventory(lab, group_data, host_data, platforms), private=True)
    return files


def _nornir_config(files: InventoryFiles) -> dict[str, Any]:
    """Config for ``InitNornir(config_file=...)``; ``ssh.config_file`` keeps ~/.ssh/config out of the way."""
    return {
        "inventory": {
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(files.hosts.resolve()),
                "group_file": str(files.groups.resolve()),
                "defaults_file": str(files.defaults.resolve()),
            },
        },
        "runner": {"plugin": "threaded", "options": {"num_workers": 20}},
        "ssh": {"config_file": os.devnull},
        "logging": {"enabled": False},
    }


def _ansible_inventory(
    lab: Lab, group_data: dict[str, Any], host_data: dict[str, dict[str, Any]], platforms: Sequence[Platform]
) -> dict[str, Any]:
    credentials = lab.credentials
    platform_groups = {
        platform: {
            "vars": {"ansible_network_os": ANSIBLE_NETWORK_OS[platform], "platform": platform},
            "hosts": {
                device.name: {"ansible_host": LISTEN_HOST, "ansible_port": device.port, **host_data[device.name]}
                for device in lab
                if device.platform == platform
            },
        }
        for platform in platforms
    }
    return {
        "all": {
            "vars": {
                "ansible_connection": "ansible.netcommon.network_cli",
                "ansible_user": credentials.username,
                "ansible_password": credentials.password,
                "ansible_become": True,
                "ansible_become_method": "enable",
                "ansible_become_password": credentials.secret,
            },
            "children": {GROUP_NAME: {"vars": group_data, "children": platform_groups}},
        }
    }


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 2000 hosts in a second, not 25


def _dump(path: Path, data: Mapping[str, Any], private: bool = False) -> None:
    """Write YAML through a temporary file so readers never see half a file."""
    temporary = path.with_name(path.name + ".tmp")
    mode = 0o600 if private else 0o644
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(descriptor, mode)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        yaml.dump(dict(data), handle, Dumper=_DUMPER, sort_keys=False, default_flow_style=False)
    os.replace(temporary, path)
