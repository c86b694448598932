"""The collection README's minimal playbook, copied as written, against the lab's Ansible inventory.

That inventory is a usual network one (``ansible_connection: ansible.netcommon.network_cli``,
``ansible_become_method: enable``) while ansible.netcommon is not installed: the playbook must not need it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ansible_helpers import BIN, COLLECTION, LabRun, ansible_env, run

pytestmark = [pytest.mark.lab, pytest.mark.slow]


def readme_playbook() -> str:
    """The README's first YAML block that runs the sync module."""
    readme = (COLLECTION / "README.md").read_text(encoding="utf-8")
    return next(
        block for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "diffsync.automation.sync" in block
    )


def test_readme_playbook_shows_and_fixes_drift_on_a_network_inventory(lab4: LabRun, tmp_path: Path) -> None:
    site = tmp_path / "site.yml"
    site.write_text(readme_playbook(), encoding="utf-8")
    (tmp_path / "switches.ini").write_text("[switches:children]\ncampus\n", encoding="utf-8")
    env = ansible_env(lab4.reports)
    command = [
        str(BIN / "ansible-playbook"),
        "-i",
        str(lab4.inventory),
        "-i",
        str(tmp_path / "switches.ini"),
        str(site),
    ]

    checked = run([*command, "--check", "--diff"], env, cwd=tmp_path)
    assert checked.returncode == 0, checked.output[-3000:]
    recap = checked.recap()
    assert set(recap) == {"sw01", "sw02", "sw03", "sw04"}
    assert all(counts["changed"] == 1 and counts["failed"] == 0 for counts in recap.values()), checked.stdout
    fixed = run(command, env, cwd=tmp_path)
    assert fixed.returncode == 0 and all(counts["changed"] == 1 for counts in fixed.recap().values())
    again = run([*command, "--check"], env, cwd=tmp_path)
    assert again.returncode == 0 and all(counts["changed"] == 0 for counts in again.recap().values())
