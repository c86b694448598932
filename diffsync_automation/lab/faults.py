"""Per-device fault settings for reliability tests.

``Faults`` is immutable: change it with ``SimDevice.set_faults`` so that faults which need the server to act
(closing or reopening the listening socket) take effect at once. Every other fault is read by the session at
the moment it matters, so a change also reaches sessions that are already open.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Faults:
    """What a device does wrong.

    - ``reject_login``: every password is refused (the device's credentials no longer match the inventory).
    - ``refuse_connections``: nothing listens on the device's port, so TCP connects are refused.
    - ``drop_on``: regex; a command line that matches makes the device close the connection without a reply.
    - ``reject``: regex; a matching command is answered with the platform's invalid-input error, not applied.
    - ``delay``: seconds the device takes over each command before echoing it (empty lines get their prompt
      at once, so netmiko's prompt probing does not queue up behind the delay).
    - ``silent``: the device reads input but never answers again (a hung device).
    - ``drop_after``: in every session, the device applies this many configuration lines, then closes the
      connection without a reply when the next one arrives (``end`` is not counted).
    """

    reject_login: bool = False
    refuse_connections: bool = False
    drop_on: str | None = None
    reject: str | None = None
    delay: float = 0.0
    silent: bool = False
    drop_after: int | None = None
    _drop_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _reject_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not math.isfinite(self.delay) or self.delay < 0:
            raise ValueError("delay must be a number of seconds, not negative")
        if self.drop_after is not None and self.drop_after < 0:
            raise ValueError("drop_after must not be negative")
        # Compile once, and fail at configuration time rather than inside a session.
        object.__setattr__(self, "_drop_re", re.compile(self.drop_on) if self.drop_on is not None else None)
        object.__setattr__(self, "_reject_re", re.compile(self.reject) if self.reject is not None else None)

    def describe(self) -> str:
        """The active faults in ``--fault`` notation (``drop:3, slow:0.5``), empty for a healthy device."""
        parts = [
            "auth" if self.reject_login else "",
            "refuse" if self.refuse_connections else "",
            "silent" if self.silent else "",
            f"drop:{self.drop_after}" if self.drop_after is not None else "",
            f"slow:{self.delay:g}" if self.delay else "",
            f"reject:{self.reject}" if self.reject is not None else "",
            f"drop_on:{self.drop_on}" if self.drop_on is not None else "",
        ]
        return ", ".join(part for part in parts if part)

    def drops(self, line: str) -> bool:
        """Whether ``line`` makes the device drop the connection."""
        return self._drop_re is not None and self._drop_re.search(line) is not None

    def rejects(self, line: str) -> bool:
        """Whether ``line`` is answered with an invalid-input error."""
        return self._reject_re is not None and self._reject_re.search(line) is not None


FAULT_KINDS = {
    "auth": "refuses every password",
    "refuse": "refuses TCP connections",
    "drop": "drop:N closes the session when config line N+1 arrives (after applying N)",
    "silent": "reads input and never answers",
    "slow": "slow:SECONDS waits that long before answering each line",
    "reject": "reject:REGEX answers matching lines with the platform's invalid-input error",
}


def parse_fault(spec: str) -> tuple[str, dict[str, Any]]:
    """``HOST=KIND[:ARG]`` -> (host, ``Faults`` fields); ``ValueError`` names what is wrong."""
    host, equals, fault = spec.partition("=")
    kind, colon, arg = fault.partition(":")
    if not equals or not host.strip():
        raise ValueError(f"fault {spec!r}: expected HOST=KIND[:ARG], e.g. sw01=drop:3")
    if kind not in FAULT_KINDS:
        raise ValueError(f"fault {spec!r}: unknown kind {kind!r}; kinds: {', '.join(FAULT_KINDS)}")
    needs_arg = kind in ("drop", "slow", "reject")
    if needs_arg != bool(colon) or (needs_arg and not arg):
        usage = f"{kind}:ARG" if needs_arg else kind
        raise ValueError(f"fault {spec!r}: write it as {host}={usage}")
    try:
        fields = _fields(kind, arg)
        Faults(**fields)
    except (ValueError, re.error) as exc:
        raise ValueError(f"fault {spec!r}: bad argument {arg!r}: {exc}") from exc
    return host.strip(), fields


def _fields(kind: str, arg: str) -> dict[str, Any]:
    if kind == "auth":
        return {"reject_login": True}
    if kind == "refuse":
        return {"refuse_connections": True}
    if kind == "silent":
        return {"silent": True}
    if kind == "drop":
        return {"drop_after": int(arg)}
    if kind == "slow":
        return {"delay": float(arg)}
    return {"reject": re.compile(arg).pattern}


def faults_by_host(specs: Iterable[str], hosts: Iterable[str], slow: float = 0.0) -> dict[str, Faults]:
    """Faults per host from ``--fault`` specs and ``--slow`` (every host); unknown hosts are an error."""
    known = list(hosts)
    base = Faults(delay=slow)
    result = dict.fromkeys(known, base) if slow else {}
    for spec in specs:
        host, fields = parse_fault(spec)
        if host not in known:
            raise ValueError(f"fault {spec!r}: no device named {host!r} (devices: {known[0]}..{known[-1]})")
        result[host] = replace(result.get(host, base), **fields)
    return result
