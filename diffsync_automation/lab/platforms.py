"""Registry of the simulated platforms, keyed by netmiko device type."""

from __future__ import annotations

from diffsync_automation.lab.dialect import Dialect
from diffsync_automation.lab.eos import EosDialect
from diffsync_automation.lab.ios import IosDialect

_DIALECTS: dict[str, Dialect] = {"cisco_ios": IosDialect(), "arista_eos": EosDialect()}


def dialect_for(platform: str) -> Dialect:
    """The dialect that simulates ``platform`` (dialects are stateless, so one instance serves all)."""
    return _DIALECTS[platform]
