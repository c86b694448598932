"""Platform drivers by netmiko device type; ``register_platform`` adds your own."""

from __future__ import annotations

from diffsync_automation.network.platforms.base import (
    CliPlatform,
    InterfaceKind,
    Platform,
    ShowCache,
    ShowCommand,
    UnsupportedSection,
)
from diffsync_automation.network.platforms.eos import EosPlatform
from diffsync_automation.network.platforms.ios import IosPlatform
from diffsync_automation.network.platforms.junos import JunosPlatform
from diffsync_automation.network.platforms.nxos import NxosPlatform
from diffsync_automation.network.platforms.textfsm_tables import UnreadableOutput, parse_table

_REGISTRY: dict[str, Platform] = {
    "cisco_ios": IosPlatform(),
    "arista_eos": EosPlatform(),
    "cisco_nxos": NxosPlatform(),
    "juniper_junos": JunosPlatform(),
}


def register_platform(platform: Platform) -> None:
    """Make ``platform`` the driver for its device type (replacing any earlier one)."""
    _REGISTRY[platform.name] = platform


def get_platform(device_type: str) -> Platform | None:
    """The driver for a netmiko device type, or None."""
    return _REGISTRY.get(device_type)


def platform_names() -> list[str]:
    """Device types with a driver."""
    return sorted(_REGISTRY)


__all__ = [
    "CliPlatform",
    "EosPlatform",
    "InterfaceKind",
    "IosPlatform",
    "JunosPlatform",
    "NxosPlatform",
    "Platform",
    "ShowCache",
    "ShowCommand",
    "UnreadableOutput",
    "UnsupportedSection",
    "get_platform",
    "parse_table",
    "platform_names",
    "register_platform",
]
