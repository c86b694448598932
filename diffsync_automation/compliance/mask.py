"""Secrets in configuration lines (passwords, enable secrets, community strings, keys) replaced by a mask.

Every line that leaves the compliance check for a person (reports, backups, diffs, messages) goes through
``mask_line``; only the commands pushed to the device keep the real values. A ``network.secrets`` token
(``<secret:...>``) is already masked and stays as it is.

Both placeholders are defined here, below the network layer that also uses them: ``placeholder_problem`` refuses
either one in intended configuration text or data, where it would otherwise be sent as if it were the secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "<removed>"
"""What a backup, report or plan shows in place of a secret of a configuration line."""
TOKEN = re.compile(r"<secret:[0-9a-f]{12}>")
"""A ``network.secrets`` token: ``<secret:`` + the first 12 hex digits of the secret's SHA-256 + ``>``."""
_PLACEHOLDER = re.compile(rf"{re.escape(MASK)}|{TOKEN.pattern}")

_KEYWORDS = (
    r"password|secret|key|key-string|community|pre-shared-key|authentication-key|md5|sha|auth-password"
    r"|priv-password|psk|ascii|hash|encrypted-password"
)
_SECRET = re.compile(
    rf"(?<![\w-])(?P<word>{_KEYWORDS})(?P<kind>\s+(?:\d{{1,2}}|sha512|sha256))?\s+(?!(?:md5|sha|chain|0|5|7|8|9)\b|<secret:)(?P<value>\S+)",
    re.IGNORECASE,
)
_SNMP_HOST = re.compile(
    r"(?P<head>snmp-server host \S+(?: (?:vrf|use-vrf) \S+)?(?: (?:traps|informs))?(?: version (?:1|2c))?) "
    r"(?!(?:version|traps|informs|vrf|use-vrf|filter-vrf|source-interface|udp-port)\b|<secret:)(?P<value>\S+)",
    re.IGNORECASE,
)
"""A v1/v2c notification receiver: its community string follows the host, version and notification kind."""
_PRIV = re.compile(r"(?<![\w-])(?P<word>priv(?:\s+(?:des|3des|aes(?:\s+\d+)?)))\s+(?P<value>\S+)", re.IGNORECASE)
_CERTIFICATE = re.compile(r"^\s+[0-9A-Fa-f]{8}( [0-9A-Fa-f]{1,8})*\s*$")


def mask_line(line: str) -> str:
    """``line`` with every secret value replaced by ``<removed>`` (certificate hex lines entirely)."""
    if _CERTIFICATE.match(line):
        return line[: len(line) - len(line.lstrip())] + MASK
    line = _SECRET.sub(lambda found: f"{found['word']}{found['kind'] or ''} {MASK}", line)
    line = _SNMP_HOST.sub(lambda found: f"{found['head']} {MASK}", line)
    return _PRIV.sub(lambda found: f"{found['word']} {MASK}", line)


def mask_lines(lines: Iterable[str]) -> list[str]:
    """``mask_line`` of each line."""
    return [mask_line(line) for line in lines]


def mask_text(text: str) -> str:
    """``mask_line`` of each line of ``text`` (line breaks kept)."""
    return "\n".join(mask_line(line) for line in text.split("\n"))


def placeholder_problem(text: str) -> str | None:
    """Why ``text`` cannot be an intended value: it holds ``MASK`` or a ``TOKEN``, which stand for a secret in what
    this tool writes and would reach the device as literal text; None when it holds neither.

    Only the exact shapes count: ``removed`` or ``<secret>`` in a description are ordinary text."""
    found = _PLACEHOLDER.search(text)
    if found is None:
        return None
    source = "a backup or compliance report" if found.group(0) == MASK else "a plan or report"
    return (
        f"holds {found.group(0)!r}, the masked placeholder {source} writes in place of a secret, not the secret"
        " itself; give the real value (nothing is sent)"
    )
