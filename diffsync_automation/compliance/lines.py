"""The CLI-safety check every configuration line passes before it can be sent to a device.

A line is sent exactly as typed, so anything a terminal would treat as an editing key or a help request
(control characters, ``?``) or that leaves configuration mode or runs an exec command (``end``, ``do ...``)
is refused.
"""

from __future__ import annotations

import re

from diffsync_automation.compliance.errors import ComplianceError

MAX_LINE = 1024
_LEAVES_CONFIG = re.compile(r"^\s*(end|do(\s.*)?|exit-all|quit-all)\s*$", re.IGNORECASE)


class UnsafeLine(ComplianceError, ValueError):
    """A configuration line that must not be sent as it is."""


def check_line(line: str) -> None:
    """Raise ``UnsafeLine`` saying why ``line`` cannot be sent to a device CLI."""
    if any(ord(char) < 32 and char != "\t" for char in line) or "\x7f" in line:
        raise UnsafeLine("holds a control character")
    if "?" in line:
        raise UnsafeLine("holds '?', which a device CLI answers with help instead of taking it as text")
    if len(line) > MAX_LINE:
        raise UnsafeLine(f"is longer than {MAX_LINE} characters")
    if _LEAVES_CONFIG.match(line):
        raise UnsafeLine(f"{line.strip()!r} would leave configuration mode or run an exec command")
