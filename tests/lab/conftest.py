"""Lab fixtures for this directory: ``lab``, ``lab_factory``, ``lab_inventory``, ``lab_nornir``.

They are imported rather than listed in ``pytest_plugins``, which pytest only honours in the top-level
conftest.py.
"""

from diffsync_automation.lab.pytest_plugin import lab, lab_factory, lab_inventory, lab_nornir

__all__ = ["lab", "lab_factory", "lab_inventory", "lab_nornir"]
