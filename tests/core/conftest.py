"""Every test here runs on both engines (compiled kernel and pure Python)."""

from tests.engine_modes import engine

__all__ = ["engine"]
