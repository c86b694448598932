"""``DeviceAdapter``: the live configuration of one device, read and changed over a CLI session.

Loading asks the platform to read the managed sections (show commands parsed with ntc-templates, or the
running-config where templates fall short) into host-shaped data, which then loads like intended data. During
a sync the models' create/update/delete only queue ``Change`` objects; ``sync_complete`` renders them in push
order, sends them (and ``also_push``, configuration remediation for instance) in one configuration session, then
re-reads the device and diffs it again to verify.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from diffsync_automation.diff import Diff
from diffsync_automation.enum import DiffSyncFlags, DiffSyncModelFlags
from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import (
    DeviceDataError,
    IntendedStateError,
    Interrupted,
    NetworkError,
    VerificationFailed,
)
from diffsync_automation.network.models import NetworkModel, StaticRoute
from diffsync_automation.network.platforms import Platform, UnreadableOutput, UnsupportedSection
from diffsync_automation.network.push import PushResult, RenderedChange, push
from diffsync_automation.network.render import acl_sequences, render_changes
from diffsync_automation.network.schema import BASE_SECTIONS, IntendedState, StaticRouteData, format_path
from diffsync_automation.network.session import ConfigSession
from diffsync_automation.network.stop import RUN_STOP, RunStop


@dataclass
class Verification:
    """The device re-read after a push and diffed against the same source with the same flags."""

    diff: Diff
    gathered: IntendedState
    converged: bool = field(init=False)

    def __post_init__(self) -> None:
        self.converged = not self.diff.has_diffs()


class DeviceAdapter(NetworkAdapter):
    """The managed sections of a device's configuration.

    ``sections`` limits what is read (the sections the intended data manages); None reads the ``BASE_SECTIONS``
    the platform supports (pass the feature sections, e.g. ``l2_interfaces``, to read them).
    ``gathered`` holds what was read, in the intended-state schema (Ansible's ``gathered``).
    """

    def __init__(
        self,
        host: str,
        session: ConfigSession,
        platform: Platform,
        sections: Iterable[str] | None = None,
        *,
        name: str = "device",
    ) -> None:
        super().__init__(host, platform, name=name)
        self.session = session
        self.sections = frozenset(sections) if sections is not None else BASE_SECTIONS & platform.sections
        self.gathered: IntendedState | None = None
        self.route_forms: list[str | None] = []
        """``StaticRoute.form`` of each static route read, in order (not part of the schema, so not of ``gathered``)."""
        self.pending: list[Change] = []
        self.last_push: PushResult | None = None
        self.verification: Verification | None = None
        self.stop: RunStop = RUN_STOP
        """The stop request the push honours (see ``network.stop``)."""
        self.also_push: list[RenderedChange] = []
        """Lines the next sync sends in the same configuration session, after the structured changes; the last
        entries of ``last_push.changes``. The verification does not cover them."""

    def load(self) -> None:
        self.load_gathered(self.read())

    def load_gathered(self, state: IntendedState) -> None:
        """Load configuration already read from the device (or parsed from saved show output)."""
        self.gathered = state
        try:
            self.load_state(state, complete=True)
        except IntendedStateError as exc:
            raise DeviceDataError(self.host, f"the device reported duplicates: {exc}") from None
        finally:
            self.route_forms = []
        for model_name in self.top_level:
            for obj in self.get_all(model_name):
                if self.platform.is_fixed(obj):
                    # Always present and at its default: nothing to delete when only the device has it.
                    obj.model_flags |= DiffSyncModelFlags.SKIP_UNMATCHED_DST

    def align_to(self, reference: NetworkAdapter) -> None:
        """Give the objects the platform reads without a key or type of their own (``Platform.aligned``) those of
        ``reference``, the side they are compared with: before any diff, and before ``state: deleted`` matches the
        entries it lists."""
        replaced = self.platform.aligned(self, reference)
        paths = [self.origin.pop((old.get_type(), old.get_unique_id())) for old, _ in replaced]
        for old, _ in replaced:  # all out first: one object may take the key another gives up
            self.remove(old)
        for (_, new), path in zip(replaced, paths, strict=True):
            self.origin[(new.get_type(), new.get_unique_id())] = path
            self.add(new)

    def load_static_routes(self, items: list[StaticRouteData], complete: bool) -> Iterator[NetworkModel]:
        """The routes with the form the read found them in (``route_forms``)."""
        forms = self.route_forms if len(self.route_forms) == len(items) else [None] * len(items)
        for route, form in zip(super().load_static_routes(items, complete), forms, strict=True):
            if isinstance(route, StaticRoute):
                route.form = form
            yield route

    def read(self) -> IntendedState:
        """The device's configuration of ``sections`` in the intended-state schema."""
        try:
            data = self.platform.gather(self.session.show, self.sections)
        except (UnsupportedSection, UnreadableOutput) as exc:
            raise DeviceDataError(self.host, str(exc)) from None
        self.route_forms = [route.pop("form", None) for route in data.get("static_routes") or ()]
        try:
            return self.schema.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise DeviceDataError(
                self.host, f"unexpected device data at {format_path(first['loc'])}: {first['msg']}"
            ) from None

    def record(self, change: Change) -> None:
        """Queue a change from a model's create/update/delete for the push at the end of the sync."""
        self.pending.append(change)

    def sync_complete(
        self, source: Any, diff: Diff, flags: DiffSyncFlags = DiffSyncFlags.NONE, logger: Any = None
    ) -> None:
        """Push the queued changes in one session, then re-read the device to verify.

        The outcome is kept in ``last_push`` and ``verification``; a rejected command, a lost or hung session
        (after the re-read, when a new session can be opened) and a device that still differs are raised. A push
        that a stopping run withheld or cut short raises ``Interrupted`` at once, without the re-read.
        """
        rendered = render_changes(self.pending, self.platform, self.top_level, acl_sequences(self)) + self.also_push
        self.pending, self.also_push = [], []
        self.last_push = push(self.session, self.platform, rendered, self.stop)
        if isinstance(self.last_push.error, Interrupted):
            raise self.last_push.error
        try:
            self.verification = self.verify(source, flags)
        except NetworkError:
            if self.last_push.error is not None:
                raise self.last_push.error from None
            raise
        if self.last_push.error is not None:
            raise self.last_push.error
        if not self.verification.converged:
            raise VerificationFailed(
                self.host, f"the device still differs after the push:\n{self.verification.diff.str()}"
            )

    def verify(self, source: Any, flags: DiffSyncFlags = DiffSyncFlags.NONE) -> Verification:
        """Re-read the device (reopening the session if the push broke it) and diff ``source`` against it."""
        if not self.session.usable:
            self.session.reopen()
        fresh = self.empty_copy()
        state = fresh.read()
        fresh.load_gathered(state)
        fresh.align_to(source)
        return Verification(fresh.diff_from(source, flags=flags), state)

    def empty_copy(self) -> DeviceAdapter:
        """A new, unloaded adapter for the same device (override if your subclass takes other arguments)."""
        return type(self)(self.host, self.session, self.platform, self.sections, name=self.name)
