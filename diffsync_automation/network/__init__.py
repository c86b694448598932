"""Network state as DiffSync models: intended state from inventory host data, live state from devices.

``check_device`` is the high-level entry point (``DeviceRun`` with a ``DeviceConnection`` and ``CheckOptions`` is
the same workflow for front ends that pass their options along); the adapters, models, platforms and rendering
functions are the building blocks for your own flows. See docs/network.md.
"""

from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.changes import Change, changes_from_diff, order_changes
from diffsync_automation.network.check import check_device, render_intended
from diffsync_automation.network.cli_text import cli_text_problem
from diffsync_automation.network.connection import DeviceConnection
from diffsync_automation.network.deletes import count_deletes, guard_deletes
from diffsync_automation.network.device import DeviceAdapter, Verification
from diffsync_automation.network.errors import (
    AuthenticationFailed,
    ConfigRejected,
    ConnectionLost,
    DeviceDataError,
    DeviceTimeout,
    DeviceUnreachable,
    IntendedStateError,
    Interrupted,
    MaxDeletesExceeded,
    NetworkError,
    Problem,
    UnsafeCommand,
    UnsupportedPlatform,
    VerificationFailed,
)
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.models import Interface, NetworkModel, NtpServer, StaticRoute, System, Vlan
from diffsync_automation.network.options import CheckOptions
from diffsync_automation.network.platforms import (
    CliPlatform,
    EosPlatform,
    IosPlatform,
    Platform,
    get_platform,
    register_platform,
)
from diffsync_automation.network.push import ChangeResult, CommandResult, PushResult, RenderedChange, push
from diffsync_automation.network.render import commands_of, render_changes, render_diff
from diffsync_automation.network.results import DeviceResult, ErrorInfo
from diffsync_automation.network.rollback import NativeRollback, RollbackResult
from diffsync_automation.network.schema import (
    IntendedState,
    InterfaceData,
    StaticRouteData,
    VlanData,
    validate_host_data,
)
from diffsync_automation.network.session import ConfigSession, NetmikoSession
from diffsync_automation.network.stop import RUN_STOP, RunStop
from diffsync_automation.network.target import State, build_target
from diffsync_automation.network.workflow import ConfigStep, DeviceRun

__all__ = [
    "RUN_STOP",
    "AuthenticationFailed",
    "Change",
    "ChangeResult",
    "CheckOptions",
    "CliPlatform",
    "CommandResult",
    "ConfigRejected",
    "ConfigSession",
    "ConfigStep",
    "ConnectionLost",
    "DeviceAdapter",
    "DeviceConnection",
    "DeviceDataError",
    "DeviceResult",
    "DeviceRun",
    "DeviceTimeout",
    "DeviceUnreachable",
    "EosPlatform",
    "ErrorInfo",
    "IntendedAdapter",
    "IntendedState",
    "IntendedStateError",
    "Interface",
    "InterfaceData",
    "Interrupted",
    "IosPlatform",
    "MaxDeletesExceeded",
    "NativeRollback",
    "NetmikoSession",
    "NetworkAdapter",
    "NetworkError",
    "NetworkModel",
    "NtpServer",
    "Platform",
    "Problem",
    "PushResult",
    "RenderedChange",
    "RollbackResult",
    "RunStop",
    "State",
    "StaticRoute",
    "StaticRouteData",
    "System",
    "UnsafeCommand",
    "UnsupportedPlatform",
    "Verification",
    "VerificationFailed",
    "Vlan",
    "VlanData",
    "build_target",
    "changes_from_diff",
    "check_device",
    "cli_text_problem",
    "commands_of",
    "count_deletes",
    "get_platform",
    "guard_deletes",
    "order_changes",
    "push",
    "register_platform",
    "render_changes",
    "render_diff",
    "render_intended",
    "validate_host_data",
]
