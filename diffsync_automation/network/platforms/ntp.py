"""NTP server lines of the IOS-style CLIs, read and written one way per platform.

The platforms agree on ``ntp server`` but not on where the VRF goes or in which order the options are printed:
IOS ``ntp server [vrf V] A [key N] [prefer]``, EOS ``ntp server [vrf V] A [prefer] [key N]``, NX-OS
``ntp server A [prefer] [use-vrf V] [key N]`` (the orders the Ansible ``*_ntp_global`` parsers read). A line with
any other option (``iburst``, ``version``, a per-server source...) is refused rather than read without it: typed
again to change ``prefer`` or the key, it would lose that option on the device.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Any

from diffsync_automation.network.errors import NetworkLayerError


class UnreadableNtpServer(NetworkLayerError, ValueError):
    """An ``ntp server`` line with something this package does not manage."""


@dataclass(frozen=True)
class NtpSyntax:
    """How a platform spells NTP servers and the source interface."""

    vrf_inline: bool
    """``ntp server vrf V A`` (IOS, EOS) rather than ``ntp server A use-vrf V`` (NX-OS)."""
    key_before_prefer: bool
    """``key N prefer`` (IOS) rather than ``prefer ... key N``."""
    source: str
    """The global command setting the source interface, without the interface."""
    source_aliases: tuple[str, ...] = ()
    """Older spellings of ``source`` the device may still print (EOS ``ntp source``)."""


def parse_server(words: list[str], syntax: NtpSyntax) -> dict[str, Any]:
    """``ntp_global.servers[]`` data from the words after ``ntp server``."""
    values: dict[str, Any] = {"vrf": None, "prefer": False, "key_id": None}
    rest = list(words)
    if syntax.vrf_inline and rest[:1] == ["vrf"] and len(rest) >= 2:
        values["vrf"], rest = rest[1], rest[2:]
    if not rest:
        raise UnreadableNtpServer("no server address")
    address, rest = rest[0], rest[1:]
    try:
        values["server"] = str(IPv4Address(address))
    except ValueError:
        raise UnreadableNtpServer(f"{address} is not an IPv4 address (only IPv4 servers are managed)") from None
    while rest:
        word = rest.pop(0)
        if word == "prefer":
            values["prefer"] = True
        elif word == "key" and rest and rest[0].isdigit():
            values["key_id"] = int(rest.pop(0))
        elif word == "use-vrf" and not syntax.vrf_inline and rest:
            values["vrf"] = rest.pop(0)
        else:
            raise UnreadableNtpServer(f"option {word!r} is not managed")
    return values


def server_line(values: dict[str, Any], syntax: NtpSyntax) -> str:
    """``ntp server ...`` with every option of ``values`` (``vrf``, ``server``, ``prefer``, ``key_id``)."""
    vrf, key = values.get("vrf"), values.get("key_id")
    words = ["ntp", "server", *(["vrf", str(vrf)] if vrf is not None and syntax.vrf_inline else []), values["server"]]
    key_words = [f"key {key}"] if key is not None else []
    prefer_words = ["prefer"] if values.get("prefer") else []
    vrf_words = [f"use-vrf {vrf}"] if vrf is not None and not syntax.vrf_inline else []
    if syntax.key_before_prefer:
        words += [*key_words, *prefer_words]
    else:
        words += [*prefer_words, *vrf_words, *key_words]
    return " ".join(words)


def server_removal(keys: dict[str, Any], syntax: NtpSyntax) -> str:
    """``no ntp server ...`` naming the server and its VRF."""
    return f"no {server_line({'vrf': keys.get('vrf'), 'server': keys['server']}, syntax)}"
