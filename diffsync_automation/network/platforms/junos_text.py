"""Words and values of Junos ``set`` statements: how ``display set`` quotes them, and how to quote a value sent."""

from __future__ import annotations

import re
import shlex

from diffsync_automation.network.platforms.base import UnsupportedSection
from diffsync_automation.network.platforms.textfsm_tables import UnreadableOutput

_UNQUOTED = re.compile(r"[A-Za-z0-9_./:@-]+")


def statement_words(text: str) -> list[str]:
    """Words of a ``set`` line: double quotes group words (an apostrophe is an ordinary character)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split, lexer.commenters, lexer.quotes, lexer.escape = True, "", '"', ""
    try:
        return list(lexer)
    except ValueError as exc:
        raise UnreadableOutput(f"unreadable configuration statement {text!r}: {exc}") from None


def quote(value: str) -> str:
    """A value as a Junos statement takes it: double-quoted unless it is one plain word."""
    if '"' in value or "\\" in value:
        raise UnsupportedSection(f"Junos cannot take {value!r}: double quotes and backslashes are not supported")
    return value if _UNQUOTED.fullmatch(value) else f'"{value}"'
