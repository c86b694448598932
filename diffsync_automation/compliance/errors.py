"""``ComplianceError``: the root of every exception the compliance package raises."""

from __future__ import annotations


class ComplianceError(Exception):
    """Root of the compliance package's exceptions (``IntendedConfigError`` is also a ``network.NetworkError``)."""
