"""Registry of the simulated platforms, keyed by netmiko device type."""

from __future__ import annotations

from diffsync_automation.lab.dialect import Dialect
from diffsync_automation.lab.engine import CliSession
from diffsync_automation.lab.eos import EosDialect
from diffsync_automation.lab.ios import IosDialect
from diffsync_automation.lab.junos import JunosSession
from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.lab.nxos import NxosDialect
from diffsync_automation.lab.state import DeviceState

_DIALECTS: dict[str, Dialect] = {"cisco_ios": IosDialect(), "arista_eos": EosDialect(), "cisco_nxos": NxosDialect()}


def dialect_for(platform: str) -> Dialect:
    """The dialect that simulates ``platform`` (dialects are stateless, so one instance serves all)."""
    return _DIALECTS[platform]


def register_dialect(dialect: Dialect) -> None:
    """Add (or replace) the simulation of ``dialect.platform``."""
    _DIALECTS[dialect.platform] = dialect


JUNOS = "juniper_junos"
"""Simulated by its own session (``junos.py``), not by a dialect: Junos has no IOS-style running-config."""


def simulated_platforms() -> list[str]:
    """Platforms the lab simulates: the dialects in registration order, then Junos."""
    return [*_DIALECTS, JUNOS]


def open_session(state: DeviceState, username: str) -> CliSession | JunosSession:
    """The CLI interpreter for a new SSH session of the device: Junos has its own, IOS-like platforms a dialect."""
    if isinstance(state, JunosState):
        return JunosSession(state, username)
    return state.dialect.open_session(state)
