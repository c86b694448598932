"""What differs between platforms: prompts, messages, syntax of a few commands and every show output.

The CLI engine (``engine.py``) is platform-neutral and asks its ``Dialect`` for all of these.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Literal

from diffsync_automation.lab.state import DeviceState, Interface, Platform

Mode = Literal["exec", "enable", "config", "config-if", "config-vlan"]
Renderer = Callable[[DeviceState], str]


@dataclass(frozen=True)
class InterfaceType:
    """An interface family: full name as in the running-config, short name as in tables, and whether the
    interface is created by configuring it (``Vlan10``) rather than being a fixed port."""

    full: str
    short: str
    logical: bool


@dataclass(frozen=True)
class RouteArgs:
    """Parsed arguments of ``[no] ip route``; next hop and distance are optional for ``no``."""

    prefix: IPv4Network
    next_hop: IPv4Address | None
    distance: int | None


_INTERFACE_TEXT = re.compile(r"([A-Za-z-]+)\s*(\d+(?:[/.]\d+)*)")


class Dialect(ABC):
    """Platform-specific behaviour of the simulated CLI."""

    platform: Platform
    default_hostname: str
    interface_types: tuple[InterfaceType, ...]
    show_in_config: bool
    """Whether show commands work in configuration modes without ``do``."""
    create_missing_access_vlan: bool
    """Whether ``switchport access vlan N`` creates VLAN N when it does not exist."""
    config_banner: str
    save_reply: str
    incomplete: str
    default_vlan_delete_error: str
    default_vlan_rename_error: str
    l2_address_error: str

    @abstractmethod
    def prompt(self, hostname: str, mode: Mode, interface: Interface | None, vlan: int | None) -> str:
        """The prompt shown in ``mode``."""

    @abstractmethod
    def invalid_input(self, prompt: str, line: str) -> str:
        """The device's answer to a line it cannot parse."""

    @abstractmethod
    def parse_route(self, args: list[str], removing: bool) -> RouteArgs:
        """Parse the words after ``ip route``; raise ``ValueError`` when malformed."""

    @abstractmethod
    def parse_address(self, args: list[str]) -> IPv4Interface:
        """Parse the words after ``ip address``; raise ``ValueError`` when malformed."""

    @abstractmethod
    def show_commands(self) -> list[tuple[str, Renderer]]:
        """Show command patterns with their renderers, most specific first."""

    def terminal_width_reply(self, columns: str) -> str:
        """Answer to ``terminal width N``."""
        return ""

    def terminal_length_reply(self, lines: str) -> str:
        """Answer to ``terminal length N``."""
        return ""

    def not_switchport_error(self, name: str) -> str:
        """Answer to a switchport command on a routed interface."""
        return f"% Command rejected: {name} is not a switching port."

    def resolve_interface(self, text: str) -> tuple[str, bool] | None:
        """Canonical interface name for ``text`` (``gi0/1``, ``Et1``) and whether it is logical."""
        found = _INTERFACE_TEXT.fullmatch(text.strip())
        if found is None:
            return None
        kind, number = found.group(1).lower(), found.group(2)
        for itype in self.interface_types:
            if itype.full.lower().startswith(kind) or itype.short.lower() == kind:
                return itype.full + number, itype.logical
        return None

    def short_name(self, name: str) -> str:
        """Name as printed in status tables (``Gi0/1``, ``Et1``)."""
        for itype in self.interface_types:
            if name.startswith(itype.full):
                return itype.short + name[len(itype.full) :]
        return name
