"""The per-device workflow every front end runs: read → plan → render → push → verify.

``DeviceRun`` holds one device's ``DeviceResult`` and takes the steps in order. ``DeviceRun.check`` is the drift
check and sync (``check_device``, the Nornir tasks, the Ansible module); a plan entry is a dry run of it
(``planfile.plan_device``); applying a plan entry takes the same steps with the saved diff
(``planfile.apply_plan_entry``). Device and data problems become entries of ``DeviceResult.errors``; nothing is
raised for them.

A host with an intended configuration too adds a ``ConfigStep`` (``compliance.check.ComplianceStep``): it reads
and compares on the same session after the structured read, its remediation goes into the same configuration
session as the structured changes, after them (Junos: one commit for both), and it compares again after the push.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

from diffsync_automation.compliance.mask import mask_text
from diffsync_automation.diff import Diff
from diffsync_automation.enum import DiffSyncFlags
from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.changes import changes_from_diff
from diffsync_automation.network.connection import DeviceConnection
from diffsync_automation.network.deletes import guard_deletes
from diffsync_automation.network.device import DeviceAdapter
from diffsync_automation.network.errors import NetworkError
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.options import CheckOptions
from diffsync_automation.network.platforms import Platform, UnsupportedSection
from diffsync_automation.network.push import ChangeResult, RenderedChange, pending, push
from diffsync_automation.network.render import acl_sequences, render_changes
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.network.rollback import roll_back
from diffsync_automation.network.schema import IntendedState, validate_host_data
from diffsync_automation.network.session import ConfigSession, NetmikoSession
from diffsync_automation.network.stop import refuse_if_stopped
from diffsync_automation.network.target import State, build_target


class ConfigStep(Protocol):
    """A second intended configuration of the device, checked and pushed together with the structured one."""

    def read(self, session: ConfigSession, platform: Platform) -> None:
        """Read the device and compare; raise a ``NetworkError`` to refuse the device (nothing is pushed)."""

    def changes(self) -> list[RenderedChange]:
        """The lines a sync sends after the structured changes (none when nothing differs); raise to refuse."""

    def pushed(self, outcome: list[ChangeResult]) -> None:
        """What became of those lines."""

    def recheck(self, session: ConfigSession) -> None:
        """Compare again after the push (the session is usable)."""


class DeviceRun:
    """One device's way through the workflow; ``result`` is what it found and did, ``diff`` the structured diff."""

    def __init__(
        self,
        host: str,
        connection: DeviceConnection,
        options: CheckOptions,
        *,
        intended_class: type[IntendedAdapter] = IntendedAdapter,
        device_class: type[DeviceAdapter] = DeviceAdapter,
        config: ConfigStep | None = None,
    ) -> None:
        self.host = host
        self.connection = connection
        self.options = options
        self.intended_class = intended_class
        self.device_class = device_class
        self.config = config
        self.result = DeviceResult(
            host, platform=connection.platform_name, state=options.state.value, dry_run=options.dry_run
        )
        self.diff: Diff | None = None
        self.deletes = 0
        """Objects ``diff`` deletes, counted by ``render`` for the max-deletes guard of ``sync``."""

    def check(self, host_data: Mapping[str, Any]) -> DeviceResult:
        """Compare ``host_data`` with the device and, unless a dry run, make the device match."""
        with self.recording_errors():
            intended = self.validate(host_data)
            with self.session() as session:
                device = self.read(session, intended)
                target, flags = build_target(self.options.state, intended, device, self.intended_class)
                diff = device.diff_from(target, flags=flags)
                self.render(diff, device)
                self.sync(device, target, diff, flags)
        return self.result

    # ------------------------------------------------------------------ the steps
    @contextmanager
    def recording_errors(self) -> Iterator[None]:
        """Turn device and data errors into ``result.errors``, scrubbed of credentials."""
        try:
            yield
        except NetworkError as exc:
            self._error(exc.kind, str(exc))
        except UnsupportedSection as exc:  # intended data the platform cannot express (a Junos-unsafe description)
            self._error("intended_state", f"host {self.host}: {exc}")

    def validate(self, host_data: Mapping[str, Any], *, tokens: bool = False) -> IntendedState:
        """The host's intended data, validated, once the run may still start a device and the platform is known;
        ``tokens`` for a plan's intended data (``validate_host_data``)."""
        refuse_if_stopped(self.host)
        self.connection.driver(self.host)
        intended = validate_host_data(
            self.host,
            host_data,
            self.intended_class.schema,
            to_delete=self.options.state is State.DELETED,
            tokens=tokens,
        )
        self.result.managed = sorted(intended.managed())
        return intended

    def session(self) -> NetmikoSession:
        """The device session (opened on first use, closed by its ``with`` block)."""
        return self.connection.session(self.host, self.options.read_timeout, self.options.connect_timeout)

    def read(self, session: ConfigSession, intended: IntendedState) -> DeviceAdapter:
        """Read the managed sections (``result.before``), then let the config step read and compare."""
        platform = self.connection.driver(self.host)
        device = self.device_class(self.host, session, platform, intended.managed())
        device.load()
        self.result.before = device.gathered.plain() if device.gathered is not None else None
        if self.config is not None:
            self.config.read(session, platform)
        return device

    def render(self, diff: Diff, device: DeviceAdapter) -> list[RenderedChange]:
        """The commands ``diff`` takes, recorded as pending changes of the result.

        The diff's changes are built once, here, for the commands and for ``sync``'s count of deletes."""
        changes = changes_from_diff(diff)
        self.deletes = sum(1 for change in changes if change.action == "delete")
        rendered = render_changes(changes, device.platform, device.top_level, acl_sequences(device))
        self.diff = diff
        self.result.summary, self.result.diff, self.result.diff_text = diff.summary(), diff.dict(), diff.str()
        self.result.changes = [pending(item) for item in rendered]
        return rendered

    def sync(self, device: DeviceAdapter, target: NetworkAdapter, diff: Diff, flags: DiffSyncFlags) -> None:
        """Unless a dry run, push ``diff`` (``render`` took it first) and the config step's lines in one
        configuration session and verify.

        The max-deletes guard refuses the push before anything is sent (in a dry run it warns)."""
        warning = guard_deletes(
            self.host,
            self.deletes,
            self.options.max_deletes,
            force=self.options.force,
            dry_run=self.options.dry_run,
        )
        if warning is not None:
            self.result.warnings.append(warning)
        if self.options.dry_run:
            return
        extra = self.config.changes() if self.config is not None else []
        if not diff.has_diffs() and not extra:
            return
        try:
            if diff.has_diffs():
                self._sync_structured(device, target, diff, flags, extra)
            else:
                self._push_config_only(device, extra)
        except NetworkError as exc:
            self._recheck(device.session, quiet=True)
            if not extra:
                raise
            self._error(exc.kind, mask_text(str(exc)))  # a rejected remediation line may carry a secret
            return
        self._recheck(device.session)

    # ------------------------------------------------------------------ internals
    def _sync_structured(
        self,
        device: DeviceAdapter,
        target: NetworkAdapter,
        diff: Diff,
        flags: DiffSyncFlags,
        extra: list[RenderedChange],
    ) -> None:
        """Sync ``device`` from ``target`` with ``extra`` in the same push; on failure roll back first if asked
        (and if anything may have reached the device), then re-raise."""
        device.also_push = extra
        try:
            device.sync_from(target, diff=diff, flags=flags)
        except NetworkError:
            self._record_push(device, len(extra))
            if self.options.rollback_on_failure and device.gathered is not None and self.result.changed:
                self.result.rollback = roll_back(device, device.gathered, self.intended_class, self.connection.secrets)
            raise
        self._record_push(device, len(extra))

    def _push_config_only(self, device: DeviceAdapter, extra: list[RenderedChange]) -> None:
        """Push the config step's lines alone (the structured data is met); raise the push's error."""
        assert self.config is not None
        outcome = push(device.session, device.platform, extra, device.stop)
        self.config.pushed(outcome.changes)
        if outcome.error is not None:
            raise outcome.error

    def _record_push(self, device: DeviceAdapter, extra: int) -> None:
        """Copy the push and verification outcome of a sync into the result (the last ``extra`` changes pushed
        are the config step's)."""
        if device.last_push is not None:
            split = len(device.last_push.changes) - extra
            self.result.pushed = device.last_push.started
            self.result.changes = device.last_push.changes[:split]
            self.result.session_usable = device.last_push.session_usable
            if self.config is not None and extra:
                self.config.pushed(device.last_push.changes[split:])
        if device.verification is not None:
            self.result.verified = device.verification.converged
            self.result.remaining = device.verification.diff.dict()
            self.result.after = device.verification.gathered.plain()

    def _recheck(self, session: ConfigSession, *, quiet: bool = False) -> None:
        """Let the config step compare again; ``quiet`` (after a failed push) keeps the first error."""
        if self.config is None or not session.usable:
            return
        try:
            self.config.recheck(session)
        except NetworkError:
            if not quiet:
                raise

    def _error(self, kind: str, message: str) -> None:
        self.result.add_error(kind, message, self.connection.secrets)
