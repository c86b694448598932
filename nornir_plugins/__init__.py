"""Nornir plugins for drift checks and remediation with diffsync-automation.

- ``diffsync_sync``: task; intended state from the host's inventory data vs. the device over netmiko.
- ``diffsync_compliance``, ``diffsync_plan``, ``diffsync_apply``: tasks taking a ``CheckOptions``: the drift check
  and sync with configuration compliance, a plan entry, applying one (what the CLI runs).
- ``diffsync_generic_sync``: task for your own DiffSync adapter pair.
- ``DriftReportProcessor``: processor building one run-wide ``DriftReport``.
- ``CloseConnectionsProcessor``: processor logging out of each host as soon as its task ended.
- ``FastSimpleInventory``: inventory plugin, Nornir's SimpleInventory read by libyaml (the CLI's reader for it).
- ``VarsInventory``: inventory plugin, SimpleInventory plus ``group_vars/`` and ``host_vars/`` directories.
- ``AnsibleInventory`` (in ``nornir_plugins.ansible_inventory``): inventory plugin reading an Ansible inventory.
- ``ProcessRunner`` (``nornir_plugins.process_runner``, runner ``processes``): hosts over worker processes here.
- ``DaskRunner`` (``nornir_plugins.dask_runner``, runner ``dask``): hosts over a Dask cluster.

See docs/nornir.md.
"""

from nornir_plugins.closing import CloseConnectionsProcessor
from nornir_plugins.errors import DriftCheckError
from nornir_plugins.generic import diffsync_generic_sync
from nornir_plugins.inventory import FastSimpleInventory, VarsInventory
from nornir_plugins.processors import DriftReportProcessor
from nornir_plugins.tasks import diffsync_apply, diffsync_compliance, diffsync_plan, diffsync_sync

__all__ = [
    "CloseConnectionsProcessor",
    "DriftCheckError",
    "DriftReportProcessor",
    "FastSimpleInventory",
    "VarsInventory",
    "diffsync_apply",
    "diffsync_compliance",
    "diffsync_generic_sync",
    "diffsync_plan",
    "diffsync_sync",
]
