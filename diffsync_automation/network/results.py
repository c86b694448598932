"""``DeviceResult``: the plain-data outcome of checking (and maybe syncing) one device.

Everything in it is JSON-ready through ``to_dict()`` (it feeds the Nornir and Ansible results and the drift
reports). It never holds connection parameters, and error messages are scrubbed of the credentials used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from diffsync_automation.network.push import ChangeResult
from diffsync_automation.network.rollback import RollbackResult
from diffsync_automation.network.secrets import scrub


@dataclass(frozen=True)
class ErrorInfo:
    """One error: ``kind`` (``NetworkError.kind``, e.g. ``timeout``) and the operator-facing message."""

    kind: str
    message: str


@dataclass
class DeviceResult:
    """What ``check_device`` found and did for one host.

    - ``changes``: one entry per object to create/update/delete, in push order, with its commands and status:
      ``pending`` (dry run or not pushed), ``applied``, ``partial``, ``failed``, ``unknown``, ``not_attempted``,
      ``discarded`` (held by a candidate configuration that was not committed: nothing was applied).
    - ``commands``: the ordered commands (Ansible's ``commands``); ``applied``/``failed``/``not_attempted``: the
      commands by outcome after a push.
    - ``before``/``after``: the managed sections read from the device before and after the sync, in the
      intended-state schema; ``remaining``: what still differs after the sync (``{}`` once converged).
    - ``changed``: the device was changed, or in a dry run would be.
    - ``rollback``: with ``rollback_on_failure``, what returning the device to ``before`` did after a failed or
      cut push (None when no rollback was needed or asked for).
    """

    host: str
    platform: str = ""
    state: str = "merged"
    dry_run: bool = True
    managed: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    diff: dict[str, Any] = field(default_factory=dict)
    diff_text: str = ""
    changes: list[ChangeResult] = field(default_factory=list)
    pushed: bool = False
    session_usable: bool | None = None
    verified: bool | None = None
    remaining: dict[str, Any] | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    errors: list[ErrorInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rollback: RollbackResult | None = None

    @property
    def failed(self) -> bool:
        """Whether anything went wrong."""
        return bool(self.errors)

    @property
    def commands(self) -> list[str]:
        """All commands in push order."""
        return [c.command for change in self.changes for c in change.commands]

    def _by_status(self, *statuses: str) -> list[str]:
        return [c.command for change in self.changes for c in change.commands if c.status in statuses]

    @property
    def applied(self) -> list[str]:
        """Commands the device accepted."""
        return self._by_status("applied")

    @property
    def failed_commands(self) -> list[str]:
        """The rejected command, or the one in flight when the session broke."""
        return self._by_status("failed", "unknown")

    @property
    def rejected(self) -> list[str]:
        """The command the device refused with an error (not applied)."""
        return self._by_status("failed")

    @property
    def unknown(self) -> list[str]:
        """The command in flight when the session broke: it may or may not have been applied."""
        return self._by_status("unknown")

    @property
    def not_attempted(self) -> list[str]:
        """Commands not sent because the push stopped (or, in a dry run, was never started)."""
        return self._by_status("not_attempted")

    @property
    def discarded(self) -> list[str]:
        """Commands of a candidate configuration that was discarded instead of committed."""
        return self._by_status("discarded")

    @property
    def changed(self) -> bool:
        """True if the device was changed (sync) or would be (dry run)."""
        if self.dry_run:
            return any(self.summary.get(action, 0) for action in ("create", "update", "delete"))
        return bool(self.applied) or any(c.status == "unknown" for change in self.changes for c in change.commands)

    def add_error(self, kind: str, message: str, secrets: Iterable[str] = ()) -> None:
        """Record an error, scrubbed of ``secrets`` (credentials) and configuration secrets (``secrets.scrub``)."""
        self.errors.append(ErrorInfo(kind, scrub(message, secrets)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (no connection parameters, no credentials)."""
        return {
            "host": self.host,
            "platform": self.platform,
            "state": self.state,
            "dry_run": self.dry_run,
            "managed": list(self.managed),
            "changed": self.changed,
            "failed": self.failed,
            "summary": dict(self.summary),
            "diff": self.diff,
            "diff_text": self.diff_text,
            "changes": [change.to_dict() for change in self.changes],
            "commands": self.commands,
            "pushed": self.pushed,
            "applied": self.applied,
            "failed_commands": self.failed_commands,
            "rejected": self.rejected,
            "unknown": self.unknown,
            "not_attempted": self.not_attempted,
            "discarded": self.discarded,
            "session_usable": self.session_usable,
            "verified": self.verified,
            "remaining": self.remaining,
            "before": self.before,
            "after": self.after,
            "errors": [{"kind": error.kind, "message": error.message} for error in self.errors],
            "warnings": list(self.warnings),
            "rollback": self.rollback.to_dict() if self.rollback is not None else None,
        }
