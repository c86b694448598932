"""Plan files: save the diff of each device for review, apply exactly that diff later, Terraform style.

``plan_device`` checks a device (a dry run of ``check_device``) and keeps, besides the usual result, what an
apply needs: the serialized diff, the commands, the validated intended data, the ``state`` option and a
fingerprint of the device's live configuration (sha256 of the canonical JSON of ``DeviceResult.before``).
A ``Plan`` holds the entries of every device with changes plus a checksum over all of it.

``apply_planned`` refuses a device whose live configuration no longer has the planned fingerprint, or on
which the plan's own intended data would now give another diff or other commands (a different tool version,
say). Otherwise it pushes the plan's diff, not a freshly computed one, and verifies the device as a sync does.
A plan file holds no credentials and no device output beyond the diff; connection details come from the
inventory at apply time.

The checksum only catches accidental edits: anyone can recompute it. With a key (``load_plan_key``), a plan is
also signed with HMAC-SHA256, and reading it with the key refuses a plan that is unsigned or signed otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diffsync_automation import __version__
from diffsync_automation.diff import Diff
from diffsync_automation.enum import DiffSyncFlags
from diffsync_automation.network.check import check_device, sync_and_record
from diffsync_automation.network.cli_text import text_problems
from diffsync_automation.network.device import DeviceAdapter
from diffsync_automation.network.errors import IntendedStateError, NetworkError, UnsupportedPlatform
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.plan import DEFAULT_STATE, State, build_target
from diffsync_automation.network.platforms import get_platform
from diffsync_automation.network.push import pending
from diffsync_automation.network.render import commands_of, render_diff
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.network.schema import format_path, validate_host_data
from diffsync_automation.network.session import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    ConfigSession,
    ConnectionFactory,
    NetmikoSession,
    connection_secrets,
)
from diffsync_automation.network.stop import refuse_if_stopped
from diffsync_automation.serialize import diff_from_dict, diff_to_dict, dumps

PLAN_FORMAT: Literal["diffsync-automation/plan"] = "diffsync-automation/plan"
PLAN_VERSION: Literal[1] = 1
PLAN_KEY_ENV = "DIFFSYNC_AUTOMATION_PLAN_KEY"
"""Environment variable holding the plan signing key, when no key file is given."""


class PlanError(ValueError):
    """A plan file that cannot be used: unreadable, not a plan, or altered since it was written."""


class PlanStale(NetworkError):
    """The device (or the tool) changed since the plan was made; nothing was pushed."""

    kind = "plan_stale"


class PlannedConfig(BaseModel):
    """The configuration remediation a plan reviewed, without secrets: apply recomputes it from the device and
    the intended configuration and pushes it only if it is the same (secrets masked on both sides)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    running_digest: str
    """``sha256:<hex>`` of the compared running sections as read when planning, secrets masked."""
    remediation: list[str]
    """The remediation commands, secrets masked (``<removed>``)."""


class PlannedDevice(BaseModel):
    """What the plan will do to one device, and the device state it was computed from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    platform: str
    state: State
    managed: list[str]
    """The managed sections: the parts of the configuration read, fingerprinted and changed."""
    fingerprint: str
    """``sha256:<hex>`` of the canonical JSON of the managed sections as read when planning."""
    intended: dict[str, Any]
    """The validated intended data (only what the inventory gave, so ``state: merged`` keeps its meaning)."""
    diff: dict[str, Any]
    """The diff, as ``serialize.diff_to_dict`` writes it."""
    commands: list[str]
    summary: dict[str, int]
    config: PlannedConfig | None = None
    """The configuration remediation (hosts with an intended configuration that is not met)."""


class Plan(BaseModel):
    """A saved plan: the devices with changes, in host order."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["diffsync-automation/plan"] = PLAN_FORMAT
    version: Literal[1] = PLAN_VERSION
    tool_version: str = __version__
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    inventory: str = ""
    """The inventory directory the plan was made from (the default for ``apply``)."""
    devices: list[PlannedDevice] = Field(default_factory=list)

    def to_json(self, key: bytes | None = None) -> str:
        """The plan with its checksum, and with ``key`` its HMAC-SHA256 signature, as written to the plan file."""
        body = self.model_dump(mode="json")
        sealed = {**body, "checksum": checksum(body)}
        if key is not None:
            sealed["signature"] = signature(body, key)
        return json.dumps(sealed, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, key: bytes | None = None) -> Plan:
        """Read a plan, refusing it unless its checksum matches its content and, given ``key``, it is signed so."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PlanError(f"not a plan file: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise PlanError(f"not a plan file (no format {PLAN_FORMAT!r})")
        stored = data.pop("checksum", None)
        signed = data.pop("signature", None)
        if stored != checksum(data):
            raise PlanError("the plan's checksum does not match its content: the file was changed or truncated")
        if key is not None:
            if not isinstance(signed, str):
                raise PlanError("the plan is not signed: make it again with the same plan key (sync --plan)")
            if not hmac.compare_digest(signed.encode(), signature(data, key).encode()):
                raise PlanError("the plan's signature does not match: it was changed, or signed with another key")
        try:
            plan = cls.model_validate(data)
        except ValidationError as exc:
            raise PlanError(f"invalid plan: {exc.errors(include_url=False)[0]['msg']}") from None
        plan.check_commands()
        return plan

    def check_commands(self) -> None:
        """Refuse a plan with a command a device's line editor would act on (only an edited plan has one)."""
        for index, device in enumerate(self.devices):
            for location, problem in text_problems({"commands": device.commands}):
                raise PlanError(
                    f"{device.host}: devices[{index}].{format_path(location)}: {problem}; the plan was edited:"
                    " make a new one with `sync --plan`"
                )

    def write(self, path: Path, key: bytes | None = None) -> None:
        """Write the plan file (creating parent directories), signed when ``key`` is given."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(key), encoding="utf-8")

    @classmethod
    def read(cls, path: Path, key: bytes | None = None) -> Plan:
        """Read and verify a plan file (its signature too, when ``key`` is given)."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PlanError(f"cannot read {path}: {exc.strerror}") from None
        return cls.from_json(text, key)


def load_plan_key(path: Path | None) -> bytes | None:
    """The plan signing key: the content of ``path`` (trailing newline stripped), else ``$PLAN_KEY_ENV``, else None.

    Raises ``PlanError`` for an unreadable or empty key; the message never contains the key.
    """
    if path is not None:
        try:
            key = path.read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            raise PlanError(f"cannot read the plan key {path}: {exc.strerror}") from None
        source = str(path)
    else:
        value = os.environ.get(PLAN_KEY_ENV)
        if value is None:
            return None
        key, source = value.encode(), f"${PLAN_KEY_ENV}"
    if not key:
        raise PlanError(f"the plan key in {source} is empty")
    return key


def signature(body: Any, key: bytes) -> str:
    """``hmac-sha256:<hex>`` of the canonical JSON of ``body`` under ``key``."""
    return "hmac-sha256:" + hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()


def canonical_json(data: Any) -> bytes:
    """One byte string per value: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum(data: Any) -> str:
    """``sha256:<hex>`` of the canonical JSON of ``data``."""
    return "sha256:" + hashlib.sha256(canonical_json(data)).hexdigest()


def fingerprint(live: Mapping[str, Any] | None) -> str:
    """The fingerprint of a device's managed configuration (``DeviceResult.before``)."""
    return checksum(live)


def plan_device(
    host: str,
    host_data: Mapping[str, Any],
    connection_params: Mapping[str, Any] | None = None,
    *,
    connection_factory: ConnectionFactory | None = None,
    platform: str | None = None,
    state: State | str = DEFAULT_STATE,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    owns_connection: bool = True,
    keep_unchanged: bool = False,
) -> tuple[DeviceResult, PlannedDevice | None]:
    """Check ``host`` without changing it; the plan entry is None when it failed, or has nothing to change
    (unless ``keep_unchanged``: a caller adding configuration remediation still needs the fingerprint).

    Connection arguments as for ``check_device``.
    """
    diffs: list[Diff] = []

    class RecordingDevice(DeviceAdapter):
        """Keeps the diff ``check_device`` computes, which the plan stores whole."""

        def diff_from(
            self,
            source: Any,
            diff_class: type[Diff] = Diff,
            flags: DiffSyncFlags = DiffSyncFlags.NONE,
            callback: Any = None,
        ) -> Diff:
            diff = super().diff_from(source, diff_class=diff_class, flags=flags, callback=callback)
            diffs.append(diff)
            return diff

    result = check_device(
        host,
        host_data,
        connection_params,
        connection_factory=connection_factory,
        platform=platform,
        state=state,
        dry_run=True,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        owns_connection=owns_connection,
        device_class=RecordingDevice,
    )
    if result.failed or not diffs or not (keep_unchanged or diffs[0].has_diffs()):
        return result, None
    intended = validate_host_data(host, host_data, to_delete=State(state) is State.DELETED)
    entry = PlannedDevice(
        host=host,
        platform=result.platform,
        state=State(result.state),
        managed=list(result.managed),
        fingerprint=fingerprint(result.before),
        intended=intended.model_dump(mode="json", include=set(intended.managed()), exclude_unset=True),
        diff=diff_to_dict(diffs[0]),
        commands=result.commands,
        summary=dict(result.summary),
    )
    return result, entry


def apply_planned(
    entry: PlannedDevice,
    connection_params: Mapping[str, Any] | None = None,
    *,
    connection_factory: ConnectionFactory | None = None,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    owns_connection: bool = True,
    rollback_on_failure: bool = False,
    before_push: Callable[[ConfigSession], None] | None = None,
    host_data: Mapping[str, Any] | None = None,
) -> DeviceResult:
    """Push the plan's diff to its device if the device is as it was planned; never raises for device problems.

    ``rollback_on_failure`` as for ``check_device``. ``before_push`` runs on the open session once the device
    passed the plan's checks, before anything is sent; a ``NetworkError`` it raises refuses the device. A plan
    holds secrets as tokens only (``secrets``): ``host_data``, the host's current data from the inventory, gives
    the values of the tokens it still holds (a line whose secret neither it nor the device gives is refused).
    """
    params = dict(connection_params or {})
    secrets = connection_secrets(params)
    host = entry.host
    result = DeviceResult(host, platform=entry.platform, state=entry.state.value, dry_run=False)
    try:
        refuse_if_stopped(host)
        driver = get_platform(entry.platform)
        if driver is None:
            raise UnsupportedPlatform(host, f"no platform driver for device type {entry.platform!r}")
        intended = validate_host_data(host, entry.intended, to_delete=entry.state is State.DELETED)
        if host_data is not None:
            with suppress(IntendedStateError):  # validating it records its secrets; a problem only withholds them
                validate_host_data(host, host_data)
        result.managed = sorted(intended.managed())
        session = NetmikoSession.for_device(
            host,
            params,
            connection_factory,
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            owns_connection=owns_connection,
        )
        with session:
            device = DeviceAdapter(host, session, driver, intended.managed())
            device.load()
            result.before = device.gathered.plain() if device.gathered is not None else None
            if fingerprint(result.before) != entry.fingerprint:
                raise PlanStale(host, "the device's configuration changed since the plan was made; make a new plan")
            diff = diff_from_dict(entry.diff)
            rendered = render_diff(diff, driver, device.top_level)
            result.summary, result.diff, result.diff_text = diff.summary(), diff.dict(), diff.str()
            result.changes = [pending(item) for item in rendered]
            target, flags = build_target(entry.state, intended, device)
            if dumps(device.diff_from(target, flags=flags)) != dumps(diff) or commands_of(rendered) != entry.commands:
                raise PlanStale(host, "the plan no longer matches what this tool version computes; make a new plan")
            if before_push is not None:
                before_push(session)
            if diff.has_diffs():  # an entry may carry configuration remediation only
                sync_and_record(result, device, target, diff, flags, rollback_on_failure, IntendedAdapter, secrets)
    except NetworkError as exc:
        result.add_error(exc.kind, str(exc), secrets)
    return result
