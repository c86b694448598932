"""``CommandLineError``: the root of every exception the cli package raises."""

from __future__ import annotations


class CommandLineError(Exception):
    """Root of the cli package's exceptions (each becomes a one-line message and exit code 1)."""
