"""Command-table primitives shared by the CLI engine and the platform dialects.

A pattern is a space-separated list of words: a literal matches any prefix of itself (``sh`` for ``show``, as
on the devices), ``<x>`` captures one token, ``<?x>`` one optional trailing token, ``<*x>`` the rest of the
line (at least one token).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from diffsync_automation.lab.errors import LabError


class CliError(LabError):
    """A command failed with a device message (already in the platform's wording)."""


class InvalidInput(LabError):
    """The device would print its invalid-input marker for this line; ``at`` is the index of the first token it
    could not parse, where the lab knows it (None: the marker goes under the line's start)."""

    def __init__(self, at: int | None = None) -> None:
        super().__init__(at)
        self.at = at


class Match(Enum):
    """Outcome of a pattern that did not capture arguments."""

    NONE = "none"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Command:
    """One row of a command table."""

    pattern: str
    handler: Callable[[list[str]], str]


def match(pattern: str, tokens: Sequence[str]) -> list[str] | Match:
    """Match ``tokens`` against ``pattern``; return the captured arguments or why it did not match."""
    words = pattern.split()
    args: list[str] = []
    for index, word in enumerate(words):
        if word.startswith("<*"):
            if index >= len(tokens):
                return Match.INCOMPLETE
            args.append(" ".join(tokens[index:]))
            return args
        if word.startswith("<?"):
            args.extend(tokens[index : index + 1])
            return args if len(tokens) <= index + 1 else Match.NONE
        if index >= len(tokens):
            return Match.INCOMPLETE
        if word.startswith("<"):
            args.append(tokens[index])
        elif not word.lower().startswith(tokens[index].lower()):
            return Match.NONE
    return args if len(tokens) == len(words) else Match.NONE


def dispatch(table: Sequence[Command], tokens: Sequence[str]) -> tuple[Command, list[str]] | Match:
    """First command of ``table`` that matches; ``INCOMPLETE`` if some pattern only lacked words."""
    outcome = Match.NONE
    for command in table:
        result = match(command.pattern, tokens)
        if isinstance(result, list):
            return command, result
        if result is Match.INCOMPLETE:
            outcome = Match.INCOMPLETE
    return outcome


def accepted_words(table: Sequence[Command], tokens: Sequence[str]) -> int:
    """How many leading ``tokens`` some pattern of ``table`` accepts: the device's parser fails at the next."""
    best = 0
    for command in table:
        count = 0
        for word, token in zip(command.pattern.split(), tokens):
            if word.startswith("<*"):
                count = len(tokens)
                break
            if not (word.startswith("<") or word.lower().startswith(token.lower())):
                break
            count += 1
        best = max(best, count)
    return best


_PIPE_OPS = ("include", "exclude", "begin", "section")


def apply_pipe(text: str, pipe: str, separator: str | None = None) -> str:
    """Filter show output through ``| include/exclude/begin/section REGEX`` (keywords abbreviable).

    ``separator``: a line that ``section`` keeps after each selected block (EOS keeps its ``!``).
    """
    op_word, _, expression = pipe.strip().partition(" ")
    ops = [op for op in _PIPE_OPS if op_word and op.startswith(op_word.lower())]
    if len(ops) != 1 or not expression.strip():
        raise InvalidInput
    try:
        regex = re.compile(expression.strip())
    except re.error as exc:
        raise InvalidInput from exc
    lines = text.splitlines()
    op = ops[0]
    if op == "include":
        kept = [line for line in lines if regex.search(line)]
    elif op == "exclude":
        kept = [line for line in lines if not regex.search(line)]
    elif op == "begin":
        start = next((n for n, line in enumerate(lines) if regex.search(line)), len(lines))
        kept = lines[start:]
    else:
        kept = _section(lines, regex, separator)
    return "".join(line + "\n" for line in kept)


def _section(lines: list[str], regex: re.Pattern[str], separator: str | None) -> list[str]:
    """Top-level lines that match, each with its indented children (and the separator that ends it)."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if not line.startswith(" "):
            if inside and line == separator:
                kept.append(line)
            inside = regex.search(line) is not None
        if inside:
            kept.append(line)
    return kept
