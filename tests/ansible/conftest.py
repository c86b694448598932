"""Fixtures for the Ansible collection tests: a lab with its Ansible inventory, and the collection on sys.path.

The collection's Python files import each other as ``ansible_collections.diffsync.automation...``, as Ansible
loads them; putting the repository root on ``sys.path`` makes the same imports work in the unit tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ansible_helpers import REPO, LabRun

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture
def lab4(lab_factory: LabFactory, tmp_path: Path) -> LabRun:
    """Four seeded devices (cisco_ios, arista_eos, cisco_nxos, juniper_junos), each with its platform's drift
    (``diffsync_automation.lab.drift_on``)."""
    lab = lab_factory(4, "mixed")
    files = write_inventory(tmp_path / "inventory", lab)
    reports = tmp_path / "reports"
    reports.mkdir()
    return LabRun(lab, files.ansible, reports)
