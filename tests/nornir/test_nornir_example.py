"""The README's Nornir script (examples/nornir_drift.py), run as users run it, against a lab inventory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from nornir_fleet import FleetFactory

pytestmark = pytest.mark.lab

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "nornir_drift.py"
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def run_script(config_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the script; its stdout without print_result's colour codes."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(config_file), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    done.stdout = COLOUR.sub("", done.stdout)
    return done


def test_script_checks_then_applies(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(20)
    before = fleet.states()

    check = run_script(fleet.config_file)
    assert check.returncode == 2, check.stderr
    assert check.stdout.count("changed : True") >= 20
    assert check.stdout.count('- name: "SERVERS_OLD"') == 20  # one readable diff per host, not two
    assert check.stdout.count("vlan 20 (update)") == 20
    assert check.stdout.rstrip().endswith("in sync: 0, drift: 20, synced: 0, failed: 0")
    assert fleet.states() == before

    fleet.lab["sw07"].set_faults(refuse_connections=True)
    apply = run_script(fleet.config_file, "--apply")
    assert apply.returncode == 1, apply.stderr
    assert apply.stdout.rstrip().endswith("in sync: 0, drift: 0, synced: 19, failed: 1")
    assert "host sw07: could not open an SSH connection" in apply.stdout

    fleet.lab["sw07"].clear_faults()
    again = run_script(fleet.config_file)
    assert again.returncode == 2
    assert again.stdout.rstrip().endswith("in sync: 19, drift: 1, synced: 0, failed: 0")
    for output in (check, apply, again):
        assert not any(secret in output.stdout + output.stderr for secret in fleet.secrets)
