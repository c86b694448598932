"""Configuration secrets (SNMP community strings, password hashes) kept out of everything the tool shows.

A secret is replaced by a token, ``<secret:`` + the first 12 hex digits of its SHA-256 + ``>``, where the intended
state is validated (``schema``), for the intended data and the device's alike. Models, diffs, rendered commands,
results, reports and plan files only ever hold the token; equal secrets have equal tokens, so comparing tokens
compares the secrets. The value behind a token is kept in this process's memory only, and ``reveal`` puts it back
into a configuration line at the moment the line is sent. ``scrub`` turns any value that slipped into a text (a
device's reply echoing the line) back into its token; it is the scrubbing every error message gets for the
connection credentials too, which ``credentials`` collects, for every front end, from wherever they are given.
netmiko's session logs are filtered by ``ScrubLogs``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from diffsync_automation.compliance.mask import TOKEN, mask_text
from diffsync_automation.network.errors import NetworkLayerError

_VALUES: dict[str, str] = {}
"""Token -> secret, for every secret validated in this process."""


CREDENTIAL_KEYS = ("password", "secret", "passphrase", "enable_secret")
"""Keys whose values are login credentials: netmiko's ``password``/``secret``/``passphrase``, Nornir's connection
``password`` and ``extras``, the Ansible module's ``password``/``enable_secret`` options."""


def credentials(*sources: Mapping[str, Any] | None) -> list[str]:
    """The credential values (``CREDENTIAL_KEYS``) among ``sources``, each once, longest first (so that scrubbing
    one never leaves part of another): what every message, result and report is scrubbed of (``scrub``)."""
    values = {str(source[key]) for source in sources if source for key in CREDENTIAL_KEYS if source.get(key)}
    return sorted(values, key=lambda value: (-len(value), value))


class UnknownSecret(NetworkLayerError, LookupError):
    """A line holds a token whose secret this process never saw (intended data gave the token, not the value)."""


def mask(value: str) -> str:
    """The token standing for ``value`` (a token stays itself); remembers the value to ``reveal`` it later."""
    if TOKEN.fullmatch(value):
        return value
    token = f"<secret:{hashlib.sha256(value.encode()).hexdigest()[:12]}>"
    _VALUES[token] = value
    return token


def is_token(text: str) -> bool:
    """Whether ``text`` is a secret's token."""
    return TOKEN.fullmatch(text) is not None


def reveal(line: str) -> str:
    """``line`` with every token replaced by its secret, to send to the device; raises ``UnknownSecret``."""

    def value(found: re.Match[str]) -> str:
        if found.group(0) not in _VALUES:
            raise UnknownSecret(f"the secret {found.group(0)} is not known to this run: give its value in the data")
        return _VALUES[found.group(0)]

    return TOKEN.sub(value, line)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with each known configuration secret replaced by its token and each of ``secrets`` (connection
    credentials) by ``***``."""
    for token, value in sorted(_VALUES.items(), key=lambda item: -len(item[1])):
        if value in text:  # as a whole word only: a short community ("1") must not rewrite other text
            text = re.sub(rf"(?<![^\s'\"]){re.escape(value)}(?![^\s'\"])", token, text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class ScrubLogs(logging.Filter):
    """Scrubs log records of configuration secrets: netmiko logs every byte of a session at DEBUG level, and its
    own filter only knows the connection credentials. Known values become tokens; values not seen yet (the
    running-config as it is read) are masked by the compliance check's line rules (``community X``,
    ``secret 9 X``, ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(scrub(record.getMessage()))
        record.args = None
        return True


def scrub_logs(logger: logging.Logger) -> None:
    """Install ``ScrubLogs`` on ``logger`` once."""
    if not any(isinstance(existing, ScrubLogs) for existing in logger.filters):
        logger.addFilter(ScrubLogs())
