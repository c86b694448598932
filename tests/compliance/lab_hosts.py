"""The lab's inventory hosts for compliance tests, with the intended configuration in charge of every feature."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG_MANAGED = ("logging_global", "dns", "acls", "snmp_server")
"""Structured keys the seeded lab sets and these tests leave to the intended configuration instead (a structured
key takes its feature out of the compliance check: logging, services, acl, snmp)."""


def lab_hosts(inventory: Path) -> dict[str, Any]:
    """The lab's ``hosts.yaml`` without the ``CONFIG_MANAGED`` keys."""
    hosts: dict[str, Any] = yaml.safe_load((inventory / "hosts.yaml").read_text())
    for entry in hosts.values():
        for key in CONFIG_MANAGED:
            entry["data"].pop(key, None)
    return hosts
