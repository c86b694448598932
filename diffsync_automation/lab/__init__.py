"""Embedded device lab: simulated Cisco IOS, Arista EOS and Cisco NX-OS devices over real SSH on 127.0.0.1.

Each device is its running configuration (a ``ConfigNode`` tree); docs/lab.md describes it.
"""

from diffsync_automation.lab import _asyncssh  # noqa: F401  (first: asyncssh without its deprecation warnings)
from diffsync_automation.lab.faults import Faults
from diffsync_automation.lab.inventory import InventoryFiles, write_inventory
from diffsync_automation.lab.lab import Credentials, Lab, SimDevice
from diffsync_automation.lab.process import LabProcess, LabProcessError, read_lab, spawn_lab, stop_lab
from diffsync_automation.lab.schema import HostIntent, InterfaceIntent, RouteIntent, VlanIntent, snapshot
from diffsync_automation.lab.seed import DRIFT, Drift, Fleet, PlatformChoice, build_fleet, drift_on
from diffsync_automation.lab.state import PLATFORMS, DeviceState, Interface, Platform, StaticRoute

__all__ = [
    "DRIFT",
    "PLATFORMS",
    "Credentials",
    "DeviceState",
    "Drift",
    "Faults",
    "Fleet",
    "HostIntent",
    "Interface",
    "InterfaceIntent",
    "InventoryFiles",
    "Lab",
    "LabProcess",
    "LabProcessError",
    "Platform",
    "PlatformChoice",
    "RouteIntent",
    "SimDevice",
    "StaticRoute",
    "VlanIntent",
    "build_fleet",
    "drift_on",
    "read_lab",
    "snapshot",
    "spawn_lab",
    "stop_lab",
    "write_inventory",
]
