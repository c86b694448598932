"""ACL entries and prefix-list entries as IOS, EOS and NX-OS print them, read into the intended-state schema.

One grammar covers the three platforms: ``SEQ permit|deny [PROTOCOL] SOURCE [eq PORT] [DESTINATION [eq PORT]]``
where an address is ``any``, ``host A``, ``A/LEN``, ``A WILDCARD`` or (IOS standard ACLs) a bare ``A``. Anything
else (remarks, ``log``, port ranges, entries without a sequence number) is refused with the line named, so a
list is never read as less than the device holds.
"""

from __future__ import annotations

import re
from typing import Any

from diffsync_automation.network.errors import NetworkLayerError
from diffsync_automation.network.schema import is_ipv4_address

PORT_NAMES: dict[str, int] = {
    "ftp-data": 20,
    "ftp": 21,
    "ssh": 22,
    "telnet": 23,
    "smtp": 25,
    "domain": 53,
    "bootps": 67,
    "bootpc": 68,
    "tftp": 69,
    "www": 80,
    "http": 80,
    "pop3": 110,
    "ntp": 123,
    "snmp": 161,
    "snmptrap": 162,
    "bgp": 179,
    "https": 443,
    "syslog": 514,
}
"""Port names the platforms print instead of numbers."""
PROTOCOLS = ("ip", "tcp", "udp", "icmp")
_PREFIX_ENTRY = re.compile(r"seq (\d+) (permit|deny) (\d+\.\d+\.\d+\.\d+/\d+)(?: ge (\d+))?(?: le (\d+))?")


class UnreadableEntry(NetworkLayerError, ValueError):
    """A list entry outside the managed subset."""


def _address(tokens: list[str], standard: bool) -> dict[str, Any]:
    """Consume one address (and its ``eq PORT``) from the front of ``tokens``."""
    if not tokens:
        raise UnreadableEntry("an address is missing")
    first = tokens.pop(0)
    if first == "any":
        spec: dict[str, Any] = {"any": True}
    elif first == "host" and tokens:
        spec = {"host": tokens.pop(0)}
    elif "/" in first:
        spec = {"prefix": first}
    elif is_ipv4_address(first) and tokens and is_ipv4_address(tokens[0]):
        spec = {"address": first, "wildcard_bits": tokens.pop(0)}
    elif is_ipv4_address(first) and standard:
        spec = {"host": first}
    else:
        raise UnreadableEntry(f"{first!r} is not an address this tool manages")
    if tokens[:1] == ["eq"] and len(tokens) > 1:
        tokens.pop(0)
        port = tokens.pop(0)
        if not port.isdigit() and port not in PORT_NAMES:
            raise UnreadableEntry(f"port {port!r} is not a number or a known port name")
        spec["port_protocol"] = {"eq": int(port) if port.isdigit() else PORT_NAMES[port]}
    return spec


def parse_ace(line: str, standard: bool) -> dict[str, Any]:
    """An ``aces[]`` entry from an ACE line; ``UnreadableEntry`` when it is outside the managed subset."""
    tokens = line.split()
    if len(tokens) < 3 or not tokens[0].isdigit() or tokens[1] not in ("permit", "deny"):
        raise UnreadableEntry("only sequenced permit and deny entries are managed (no remarks)")
    ace: dict[str, Any] = {"sequence": int(tokens[0]), "grant": tokens[1]}
    rest = tokens[2:]
    if not standard:
        if rest[0] not in PROTOCOLS:
            raise UnreadableEntry(f"protocol {rest[0]!r} is not one of {', '.join(PROTOCOLS)}")
        ace["protocol"] = rest.pop(0)
    ace["source"] = _address(rest, standard)
    if not standard:
        ace["destination"] = _address(rest, standard)
    if rest:
        raise UnreadableEntry(f"{' '.join(rest)!r} is not managed")
    return ace


def parse_prefix_entry(text: str) -> dict[str, Any] | None:
    """A prefix-list ``entries[]`` entry from ``seq N permit|deny A/LEN [ge X] [le Y]``, or None."""
    found = _PREFIX_ENTRY.fullmatch(text)
    if found is None:
        return None
    sequence, action, prefix, ge, le = found.groups()
    entry: dict[str, Any] = {"sequence": int(sequence), "action": action, "prefix": prefix}
    return entry | ({"ge": int(ge)} if ge else {}) | ({"le": int(le)} if le else {})


def prefix_entry_text(values: dict[str, Any]) -> str:
    """``seq 5 permit 10.0.0.0/8 le 24`` from a ``prefix_list_entry``'s attributes and sequence."""
    text = f"seq {values['sequence']} {values['action']} {values['prefix']}"
    text += f" ge {values['ge']}" if values.get("ge") is not None else ""
    return text + (f" le {values['le']}" if values.get("le") is not None else "")
