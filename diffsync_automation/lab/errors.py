"""``LabError``: the root of every exception the lab package raises."""

from __future__ import annotations


class LabError(Exception):
    """Root of the lab package's exceptions."""
