"""Sending rendered changes to a device in one configuration session, and the record of what happened.

Commands hold configuration secrets as tokens (``secrets``): each is revealed only as it is sent, and device replies
are scrubbed of them. Every line is checked with ``cli_text`` before anything is sent: one unsafe line refuses the
whole push. The push then enters configuration mode once, sends one line at a time and checks each reply for the
platform's error messages (text a device reads raw, an EOS banner's lines, is sent line by line too, each read up
to its echo: no prompt follows it). At the first error it stops, leaves configuration mode (so the session stays
usable) and reports, per change and per command, what was applied, what failed and what was never sent. IOS-style
devices apply lines as they arrive, so lines before the failure stay applied: the result says so instead of
pretending the push was all or nothing. When the connection drops or hangs, the line in flight is ``unknown``: it
may or may not have been applied, which the verification re-read then settles.

A platform with a ``commit_command`` (Junos) edits a candidate configuration instead: the lines are only
``applied`` once the commit succeeds. A rejected line or a failed commit discards the candidate, so every line
is ``discarded`` and the device is unchanged; a session lost during the commit leaves them all ``unknown``.
A stopping run (``stop.RUN_STOP``) starts no push, and an aborted run cuts a push between two lines: the lines
sent so far are ``applied``, the rest ``not_attempted``, and the error is ``Interrupted``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from diffsync_automation.network.changes import Change
from diffsync_automation.network.cli_text import cli_text_problem
from diffsync_automation.network.errors import CommitFailed, ConfigRejected, Interrupted, NetworkError, UnsafeCommand
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.secrets import UnknownSecret, reveal, scrub
from diffsync_automation.network.session import ConfigSession
from diffsync_automation.network.stop import RUN_STOP, RunStop

CommandStatus = Literal["pending", "applied", "failed", "unknown", "not_attempted", "discarded"]
"""``pending``: not pushed (dry run, or the push was refused); ``not_attempted``: the push stopped before it;
``discarded``: accepted into a candidate configuration that was then thrown away (nothing was applied)."""
ChangeStatus = Literal["pending", "applied", "partial", "failed", "unknown", "not_attempted", "discarded"]


@dataclass(frozen=True)
class RenderedChange:
    """A change with the commands that carry it out."""

    change: Change
    commands: tuple[str, ...]


@dataclass
class CommandResult:
    """One configuration line and what became of it; ``message`` holds the device's error, if any."""

    command: str
    status: CommandStatus
    message: str = ""


@dataclass
class ChangeResult:
    """The commands of one change and their outcome."""

    change: Change
    commands: list[CommandResult]
    pushed: bool = False

    @property
    def status(self) -> ChangeStatus:
        """``pending`` before a push, ``applied`` when every command was, ``not_attempted`` when none was sent,
        ``failed``/``unknown`` when the failing or in-flight line is one of its commands, ``partial`` otherwise."""
        statuses = {command.status for command in self.commands}
        if not statuses:
            return "applied" if self.pushed else "pending"
        if len(statuses) == 1 and statuses <= {"pending", "applied", "not_attempted", "discarded"}:
            return next(iter(statuses))
        if "failed" in statuses:
            return "failed"
        if "unknown" in statuses:
            return "unknown"
        return "partial"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **self.change.to_dict(),
            "status": self.status,
            "commands": [command.command for command in self.commands],
            "results": [{"command": c.command, "status": c.status, "message": c.message} for c in self.commands],
        }


@dataclass
class PushResult:
    """Outcome of one push; ``error`` is None when every command was accepted; ``started`` is False when a
    stopping run withheld the push."""

    changes: list[ChangeResult] = field(default_factory=list)
    error: NetworkError | None = None
    session_usable: bool = True
    started: bool = False

    def _commands(self, *statuses: CommandStatus) -> list[str]:
        return [c.command for change in self.changes for c in change.commands if c.status in statuses]

    @property
    def applied(self) -> list[str]:
        """Commands the device accepted, in order."""
        return self._commands("applied")

    @property
    def failed(self) -> list[str]:
        """The command the device rejected, or whose fate is unknown (at most one)."""
        return self._commands("failed", "unknown")

    @property
    def not_attempted(self) -> list[str]:
        """Commands never sent because the push stopped earlier."""
        return self._commands("not_attempted")

    @property
    def discarded(self) -> list[str]:
        """Commands a candidate configuration held when it was discarded."""
        return self._commands("discarded")


def pending(item: RenderedChange, status: CommandStatus = "pending") -> ChangeResult:
    """The result entry of a change before anything was sent."""
    return ChangeResult(item.change, [CommandResult(command, status) for command in item.commands])


def push(
    session: ConfigSession, platform: Platform, rendered: Sequence[RenderedChange], stop: RunStop = RUN_STOP
) -> PushResult:
    """Send ``rendered`` in one configuration session; never raises for device errors (see ``PushResult``)."""
    result = PushResult([pending(item, "not_attempted") for item in rendered])
    for change in result.changes:
        change.pushed = True
    lines = [command for change in result.changes for command in change.commands]
    if lines and stop.draining:
        result.error = Interrupted(session.host, "not pushed: the run was stopped before this device's push began")
        return result
    result.started = True
    if not lines:
        return result
    sent: dict[int, str] = {}
    for number, line in enumerate(lines):
        try:
            sent[number] = reveal(line.command)
        except UnknownSecret as exc:
            line.status, line.message = "failed", str(exc)
            result.error = UnsafeCommand(session.host, f"refused to send {line.command!r}: {exc}")
            return result
        problem = cli_text_problem(sent[number])
        if problem is not None:  # validated data never gets here; a bug or an extension must not reach the device
            line.status, line.message = "failed", problem
            result.error = UnsafeCommand(session.host, f"refused to send {line.command!r}: it {problem}")
            return result
    try:
        session.enter_config(platform.enter_config)
    except NetworkError as exc:
        result.error, result.session_usable = exc, session.usable
        return result
    in_text = False
    for number, line in enumerate(lines):
        if stop.aborting and not in_text:  # a text is finished first: its end line brings the prompt back
            result.error = Interrupted(
                session.host, f"push cut short: the run was aborted after {number} of {len(lines)} lines"
            )
            break
        try:
            reply = _send(session, platform, sent[number], in_text)
        except NetworkError as exc:
            line.status, line.message = "unknown", scrub(str(exc.message))
            result.error, result.session_usable = exc, False
            if platform.commit_command is not None:
                # A candidate dies with its session: nothing sent before the line in flight was applied.
                _mark(lines, "applied", "discarded", "the session was lost before the commit")
            return result
        message = platform.config_error(reply)
        if message is not None:
            message = scrub(message)
            line.status, line.message = "failed", message
            result.error = ConfigRejected(session.host, f"the device rejected {line.command!r}: {message}")
            break
        line.status = "applied"
        in_text = _in_text(platform, sent[number], in_text)
    if platform.commit_command is not None and not _commit(session, platform, result, lines):
        return result
    try:
        session.exit_config(platform.exit_config)
    except NetworkError as exc:
        result.error = result.error or exc
        result.session_usable = False
    return result


def _send(session: ConfigSession, platform: Platform, command: str, in_text: bool) -> str:
    """Send ``command``: as text when the device reads text after it (no prompt follows), else as a configuration
    line (the text's end line brings the prompt back)."""
    if _in_text(platform, command, in_text):
        return session.text_line(command)
    return session.config_line(command)


def _in_text(platform: Platform, command: str, in_text: bool) -> bool:
    """Whether the device reads text after ``command``, sent while it did (``in_text``) or not: after an opener
    (``Platform.text_input``) until the end line."""
    if platform.text_input is None:
        return False
    if in_text:
        return command != platform.text_input.end
    return platform.text_input.opener.fullmatch(command) is not None


def _commit(session: ConfigSession, platform: Platform, result: PushResult, lines: list[CommandResult]) -> bool:
    """Commit the candidate, or discard it after a rejected line or a failed commit; False if the session broke.

    Until the commit succeeds the accepted lines are only in the candidate: a failure marks them ``discarded``.
    """
    assert platform.commit_command is not None
    if result.error is None:
        try:
            reply = session.config_line(platform.commit_command)
        except NetworkError as exc:
            _mark(lines, "applied", "unknown", "the session was lost during the commit")
            result.error, result.session_usable = exc, False
            return False
        message = platform.commit_error(reply)
        if message is None:
            return True
        _mark(lines, "applied", "discarded", f"the commit failed: {message}")
        result.error = CommitFailed(session.host, f"the commit failed, nothing was applied: {message}")
    else:
        _mark(lines, "applied", "discarded", "not committed: an earlier line was rejected")
    if platform.discard_command is not None:
        try:
            session.config_line(platform.discard_command)
        except NetworkError:
            result.session_usable = False
            return False
    return True


def _mark(lines: list[CommandResult], old: CommandStatus, new: CommandStatus, message: str) -> None:
    for line in lines:
        if line.status == old:
            line.status, line.message = new, message
