"""Helpers of the CLI tests: the command line in a fresh interpreter, and playbooks/inventory pointed at a lab."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

from diffsync_automation.lab import drift_on

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str | Path, env: dict[str, str] | None = None, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """The console-script entry point in a fresh interpreter (``prelude`` runs first), without a terminal."""
    environment = dict(os.environ, **(env or {}))
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    code = f"{prelude}from diffsync_automation.cli import main; main()"
    command = [sys.executable, "-c", code, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=180, check=False)


def seeded_totals(lab_dir: Path) -> Counter[str]:
    """Changes per action a drift check finds on the seeded lab of ``lab_dir`` (``diffsync_automation.lab.DRIFT``)."""
    hosts = yaml.safe_load((lab_dir / "hosts.yaml").read_text(encoding="utf-8"))
    return Counter(drift.action for host in hosts.values() for drift in drift_on(host["platform"]))


def playbook_inventory_for_lab(lab_dir: Path, target: Path) -> dict[str, str]:
    """Copy playbooks/inventory to ``target`` plus one inventory file with the lab's addresses and user.

    Returns the environment the copied ``group_vars/all.yml`` reads the passwords from.
    """
    shutil.copytree(REPO / "playbooks" / "inventory", target)
    lab = yaml.safe_load((lab_dir / "inventory.yml").read_text(encoding="utf-8"))
    lab_vars = lab["all"]["vars"]
    groups = lab["all"]["children"]["campus"]["children"].values()
    # Host variables, so they outrank the copied group_vars/all.yml (ansible_user: netops), as in Ansible.
    hosts = {
        name: {
            "ansible_host": "127.0.0.1",
            "ansible_port": host["ansible_port"],
            "ansible_user": lab_vars["ansible_user"],
        }
        for group in groups
        for name, host in group["hosts"].items()
    }
    (target / "zz_lab.yml").write_text(yaml.safe_dump({"all": {"hosts": hosts}}), encoding="utf-8")
    return {
        "DEVICE_PASSWORD": lab_vars["ansible_password"],
        "DEVICE_ENABLE_SECRET": lab_vars["ansible_become_password"],
    }
