"""Registry of the simulated platforms, keyed by netmiko device type."""

from __future__ import annotations

from diffsync_automation.lab.dialect import Dialect
from diffsync_automation.lab.eos import EosDialect
from diffsync_automation.lab.ios import IosDialect
from diffsync_automation.lab.nxos import NxosDialect

_DIALECTS: dict[str, Dialect] = {"cisco_ios": IosDialect(), "arista_eos": EosDialect(), "cisco_nxos": NxosDialect()}


def dialect_for(platform: str) -> Dialect:
    """The dialect that simulates ``platform`` (dialects are stateless, so one instance serves all)."""
    return _DIALECTS[platform]


def register_dialect(dialect: Dialect) -> None:
    """Add (or replace) the simulation of ``dialect.platform``."""
    _DIALECTS[dialect.platform] = dialect


def simulated_platforms() -> list[str]:
    """Platforms the lab simulates, in registration order."""
    return list(_DIALECTS)
