"""Lab fixtures for this directory (imported: pytest honours ``pytest_plugins`` only in the top-level conftest)."""

from diffsync_automation.lab.pytest_plugin import lab_factory

__all__ = ["lab_factory"]
