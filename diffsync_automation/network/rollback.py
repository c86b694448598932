"""``rollback_on_failure``: return a device whose push failed or was cut part-way to its configuration before it.

The device is read again and synced back to what was read before the push, with ``overridden`` semantics over
the managed sections: objects the push created are deleted, attributes it changed get their old values back,
objects it deleted are recreated. The commands come from the same renderer as any sync, the push is the usual
one (a stopping run does not withhold it: the rollback is what the operator asked for), and the re-read that
follows every push says whether it worked.

A platform whose devices can undo a session themselves (``commit confirmed`` / ``rollback`` on Junos or NX-OS)
provides ``NativeRollback.roll_back`` instead; the re-read verifies it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from diffsync_automation.network.device import DeviceAdapter
from diffsync_automation.network.errors import NetworkError, VerificationFailed
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.schema import IntendedState
from diffsync_automation.network.secrets import scrub
from diffsync_automation.network.session import ConfigSession
from diffsync_automation.network.stop import RunStop
from diffsync_automation.network.target import State, build_target


@runtime_checkable
class NativeRollback(Protocol):
    """A platform driver that undoes the last configuration session on the device itself."""

    def roll_back(self, session: ConfigSession) -> None:
        """Discard what the failed session changed (e.g. ``rollback 0``, or let ``commit confirmed`` lapse)."""


@dataclass
class RollbackResult:
    """What the rollback of one device did: ``verified`` is True once the re-read matches the old configuration."""

    method: str = "inverse"
    """``inverse`` (the inverse changes pushed) or ``native`` (the platform's own rollback)."""
    commands: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    verified: bool = False
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "commands": list(self.commands),
            "applied": list(self.applied),
            "verified": self.verified,
            "error": self.error,
        }


def roll_back(
    device: DeviceAdapter,
    before: IntendedState,
    intended_class: type[IntendedAdapter] = IntendedAdapter,
    secrets: Iterable[str] = (),
) -> RollbackResult:
    """Sync ``device`` back to ``before`` (what it held before the failed push); never raises for device errors."""
    native = device.platform if isinstance(device.platform, NativeRollback) else None
    outcome = RollbackResult(method="native" if native is not None else "inverse")
    restorer = device.empty_copy()
    restorer.stop = RunStop()  # not withheld or cut by the stopping run that may have caused the rollback
    try:
        if not device.session.usable:
            device.session.reopen()
        if native is not None:
            native.roll_back(device.session)
        restorer.load()
        target, flags = build_target(State.OVERRIDDEN, before, restorer, intended_class)
        diff = restorer.diff_from(target, flags=flags)
        if diff.has_diffs():
            if native is not None:
                raise VerificationFailed(device.host, f"the device still differs after its rollback:\n{diff.str()}")
            try:
                restorer.sync_from(target, diff=diff, flags=flags)
            finally:
                if restorer.last_push is not None:
                    outcome.commands = [c.command for ch in restorer.last_push.changes for c in ch.commands]
                    outcome.applied = restorer.last_push.applied
        outcome.verified = True
    except NetworkError as exc:
        outcome.error = scrub(str(exc), secrets)
    return outcome
