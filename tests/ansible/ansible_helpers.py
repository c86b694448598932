"""Running the real Ansible command-line tools against the collection in this repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from diffsync_automation.lab import Lab

REPO = Path(__file__).resolve().parents[2]
COLLECTION = REPO / "ansible_collections" / "diffsync" / "automation"
PLAYBOOKS = REPO / "playbooks"
BIN = Path(sys.executable).parent
"""The Ansible executables of the Python running the tests (the project's virtualenv)."""


@dataclass(frozen=True)
class LabRun:
    """A started lab, its Ansible inventory file and a directory for the drift reports."""

    lab: Lab
    inventory: Path
    reports: Path


_RECAP = re.compile(
    r"^(?P<host>\S+)\s+: ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)\s+"
    r"failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)\s+rescued=(?P<rescued>\d+)\s+ignored=(?P<ignored>\d+)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Run:
    """A finished command: exit code and output."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout and stderr together."""
        return self.stdout + self.stderr

    def recap(self) -> dict[str, dict[str, int]]:
        """The PLAY RECAP counters per host."""
        return {
            match["host"]: {key: int(value) for key, value in match.groupdict().items() if key != "host"}
            for match in _RECAP.finditer(self.stdout)
        }


def ansible_env(report_dir: Path, **extra: str) -> dict[str, str]:
    """Environment of an Ansible run: this repository's collection and playbooks/ansible.cfg, no colours."""
    env = dict(os.environ)
    env.update(
        ANSIBLE_CONFIG=str(PLAYBOOKS / "ansible.cfg"),
        ANSIBLE_COLLECTIONS_PATH=str(REPO),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_LOCAL_TEMP=str(report_dir / "ansible-tmp"),
        DIFFSYNC_REPORT_DIR=str(report_dir),
        PATH=os.pathsep.join([str(BIN), env.get("PATH", "")]),
    )
    env.update(extra)
    return env


def run(command: list[str], env: dict[str, str], cwd: Path = PLAYBOOKS, timeout: float = 600) -> Run:
    """Run ``command`` and capture its output (never raises on a non-zero exit)."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def playbook(name: str, inventory: Path, report_dir: Path, *args: str, **env: str) -> Run:
    """``ansible-playbook playbooks/<name> -i <inventory> <args>``."""
    command = [str(BIN / "ansible-playbook"), str(PLAYBOOKS / name), "-i", str(inventory), *args]
    return run(command, ansible_env(report_dir, **env))
