"""A started lab with its Nornir inventory, shared by the Nornir plugin tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nornir import InitNornir
from nornir.core import Nornir

from diffsync_automation.lab import Lab, drift_on, snapshot


class Fleet:
    """A started lab, its inventory directory and the Nornir objects opened over it."""

    def __init__(self, lab: Lab, directory: Path) -> None:
        self.lab = lab
        self.directory = directory
        self.config_file = directory / "nornir.yaml"
        self.opened: list[Nornir] = []

    def nornir(self, **options: Any) -> Nornir:
        """``InitNornir`` over the lab inventory (threaded runner, 20 workers, logging off) with ``options``."""
        runner = InitNornir(config_file=str(self.config_file), **options)
        self.opened.append(runner)
        return runner

    def states(self) -> dict[str, Any]:
        """Live state of every device, in the intended-state schema."""
        return {device.name: snapshot(device.state) for device in self.lab}

    def intended_states(self) -> dict[str, Any]:
        """Intended state of every device, limited to the sections ``states`` reads."""
        live = self.states()
        return {name: {key: self.lab.intended[name][key] for key in live[name]} for name in live}  # type: ignore[literal-required]

    def seeded(self, host: str) -> Counter[str]:
        """Changes per action a drift check finds on ``host`` (``diffsync_automation.lab.DRIFT``)."""
        return Counter(drift.action for drift in drift_on(self.lab[host].platform))

    @property
    def secrets(self) -> list[str]:
        """Strings that must never appear in any output."""
        return [self.lab.credentials.password, self.lab.credentials.secret]


FleetFactory = Callable[..., Fleet]
