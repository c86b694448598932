"""Helpers shared by the network tests."""

from __future__ import annotations

from typing import Any

from diffsync_automation.lab import snapshot
from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.lab.state import natural_key
from diffsync_automation.network import DeviceResult, check_device
from diffsync_automation.network.platforms import JunosPlatform
from diffsync_automation.network.schema import IntendedState

FAST_TIMEOUT = 2.0
"""read_timeout for fault tests: long enough for the lab, short enough to keep hung-device tests quick."""


def run(
    rig: Any, data: dict[str, Any] | None = None, params: dict[str, Any] | None = None, **options: Any
) -> DeviceResult:
    """``check_device`` for the rig's device (its intended data and connection unless given)."""
    options.setdefault("read_timeout", 10.0)
    return check_device(rig.name, rig.intended if data is None else data, params or rig.params, **options)


def live(rig: Any, *sections: str) -> dict[str, Any]:
    """The device's current state in the schema, normalised and limited to ``sections`` (all if none)."""
    state = IntendedState.model_validate(snapshot(rig.device.state)).plain()
    return {key: value for key, value in state.items() if not sections or key in sections}


def normalised(data: dict[str, Any], *sections: str) -> dict[str, Any]:
    """Host data in the form ``live`` returns, sorted like the lab lists it (interfaces by name, whatever the order
    of the running-config a device result was read from: IOS lists port-channels first)."""
    state = IntendedState.model_validate(data).plain()
    state["vlans"] = sorted(state.get("vlans", []), key=lambda vlan: vlan["id"])
    if "interfaces" in state:
        state["interfaces"] = sorted(state["interfaces"], key=lambda item: natural_key(item["name"]))
    return {key: value for key, value in state.items() if not sections or key in sections}


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Interfaces keyed by name."""
    return {item["name"]: item for item in items}


def junos_gathered(*lines: str, section: str) -> Any:
    """What the Junos driver reads of ``section`` from these ``display set`` lines."""
    return JunosPlatform().gather(lambda command: "\n".join(lines) + "\n", frozenset({section}))[section]


def junos_lines(rig: Any) -> list[str]:
    """The rig's Junos device's committed configuration as ``set`` lines."""
    state = rig.device.state
    assert isinstance(state, JunosState)
    return state.committed.set_lines()
