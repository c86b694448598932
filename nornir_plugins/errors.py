"""``NornirPluginError``, the root of the package's exceptions, and ``DriftCheckError``, which the tasks raise so
that Nornir marks the host failed with the cause."""

from __future__ import annotations

from diffsync_automation.network.results import DeviceResult
from diffsync_automation.report.model import DeviceReport


class NornirPluginError(Exception):
    """Root of every exception nornir_plugins raises."""


class DriftCheckError(NornirPluginError):
    """Checking or syncing one device failed; ``str()`` names the host and every cause.

    ``result`` is the full ``DeviceResult`` (what was read, diffed and pushed before the failure) and ``report``
    its drift-report entry, so a processor can still report partial work. Messages never hold credentials.
    """

    def __init__(self, result: DeviceResult, report: DeviceReport) -> None:
        self.result = result
        self.report = report
        causes = "; ".join(f"{error.message} [{error.kind}]" for error in result.errors)
        super().__init__(causes if causes.startswith(f"host {result.host}") else f"host {result.host}: {causes}")

    def __reduce__(self) -> tuple[type[DriftCheckError], tuple[DeviceResult, DeviceReport]]:
        """Pickle with the constructor's arguments, so results survive runners that ship them between processes."""
        return type(self), (self.result, self.report)

    @property
    def kinds(self) -> list[str]:
        """The error kinds, e.g. ``["unreachable"]`` or ``["intended_state"]``."""
        return [error.kind for error in self.result.errors]
