"""``IntendedAdapter``: the intended state of one device, from inventory host data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.schema import IntendedState, validate_host_data


class IntendedAdapter(NetworkAdapter):
    """Loads the managed sections of Nornir host data or Ansible hostvars.

    ``data`` is validated against ``schema`` on ``load()``; problems raise ``IntendedStateError`` naming the host,
    the path in the data and what is wrong. ``complete=False`` compares only the attributes the data gives
    (``state: merged``); ``complete=True`` gives missing attributes their defaults (``replaced``/``overridden``).
    """

    def __init__(
        self,
        host: str,
        data: Mapping[str, Any] | IntendedState,
        platform: Platform,
        *,
        complete: bool = True,
        name: str = "intended",
    ) -> None:
        super().__init__(host, platform, name=name)
        self.data = data
        self.complete = complete
        self.state: IntendedState | None = None

    def load(self) -> None:
        state = (
            self.data if isinstance(self.data, IntendedState) else validate_host_data(self.host, self.data, self.schema)
        )
        self.state = state
        self.l2_ports = frozenset(self.platform.canonical_interface(item.name) for item in state.l2_interfaces or ())
        self.load_state(state, self.complete)
