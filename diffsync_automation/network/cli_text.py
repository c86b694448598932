"""What text may reach a device's command line: printable characters the platforms' line editors store as typed.

A switch's CLI is a line editor, not a byte pipe. Control characters edit the line (DEL and backspace erase,
Ctrl-U kills it, CR/LF end it, Ctrl-Z leaves configuration mode), format characters (Unicode ``Cf``) are
invisible in reports, and line/paragraph separators end the line in some terminals. In otherwise printable text
``?`` asks IOS, EOS and NX-OS for context help: typed inside a description it lists the completions instead of
being stored, so the line that runs is not the line that was written (escaping it needs Ctrl-V, itself a control
character). Text with any of these is refused with a message saying which character, where and why, rather than
being changed silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
"""Unicode categories never sent: control (C0, DEL, C1), format, private use, surrogates, line/paragraph separators."""

HELP_CHARACTER = "?"


def cli_text_problem(text: str) -> str | None:
    """Why ``text`` must not be typed at a device's command line, or None when it may."""
    for position, char in enumerate(text):
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES:
            name = unicodedata.name(char, "")
            label = f"U+{ord(char):04X}" + (f" {name}" if name else "")
            return (
                f"contains the non-printable character {label} (category {category}) at position {position + 1}:"
                " a device's line editor would act on it instead of storing it; remove it"
            )
        if char == HELP_CHARACTER:
            return (
                f"contains '?' at position {position + 1}: IOS, EOS and NX-OS answer '?' with context help instead of"
                " storing it, so the line would not be sent as written; use other wording"
            )
    return None


def text_problems(
    value: Any, location: tuple[int | str, ...] = (), check: Callable[[str], str | None] = cli_text_problem
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """``(location, problem)`` for every string in ``value`` (nested mappings and lists) that ``check`` refuses
    (``cli_text_problem`` unless told); locations are as pydantic gives them (``("interfaces", 2, "description")``)."""
    if isinstance(value, str):
        problem = check(value)
        if problem is not None:
            yield location, problem
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from text_problems(item, (*location, str(key)), check)
    elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        for index, item in enumerate(value):
            yield from text_problems(item, (*location, index), check)
