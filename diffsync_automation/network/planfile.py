"""Plan files: save the diff of each device for review, apply exactly that diff later, Terraform style.

``plan_device`` checks a device (a dry run of the device workflow, ``network.workflow``) and keeps, besides the
usual result, what an apply needs (a ``PlanEntry``): the serialized diff, the commands, the validated intended
data, the ``state`` option and a fingerprint of the device's live configuration (sha256 of the canonical JSON of
``DeviceResult.before``, where secrets are tokens: a secret-only change changes it), and, for a host with an
intended configuration that is not met, the masked remediation with a salted digest of the compared sections
(``PlanRemediation``). A ``Plan`` holds the entries of every device with changes plus a checksum over all of it.

``apply_plan_entry`` refuses a device whose live configuration no longer has the planned fingerprint, or on
which the plan's own intended data would now give another diff or other commands (a different tool version,
say), or whose remediation changed. Otherwise it pushes the plan's diff, not a freshly computed one, with the
remediation in the same configuration session, and verifies the device as a sync does. A plan file holds no
credentials and no device output beyond the diff; connection details come from the inventory at apply time.

The checksum only catches accidental edits: anyone can recompute it. With a key (``load_plan_key``), a plan is
also signed with HMAC-SHA256, and reading it with the key refuses a plan that is unsigned or signed otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diffsync_automation import __version__
from diffsync_automation.network.cli_text import text_problems
from diffsync_automation.network.connection import DeviceConnection
from diffsync_automation.network.errors import IntendedStateError, NetworkError, NetworkLayerError
from diffsync_automation.network.options import CheckOptions
from diffsync_automation.network.render import commands_of
from diffsync_automation.network.results import DeviceResult
from diffsync_automation.network.schema import format_path, validate_host_data
from diffsync_automation.network.target import State, build_target
from diffsync_automation.network.workflow import ConfigStep, DeviceRun
from diffsync_automation.serialize import diff_from_dict, diff_to_dict, dumps

PLAN_FORMAT: Literal["diffsync-automation/plan"] = "diffsync-automation/plan"
PLAN_VERSION: Literal[1] = 1
PLAN_KEY_ENV = "DIFFSYNC_AUTOMATION_PLAN_KEY"
"""Environment variable holding the plan signing key, when no key file is given."""


class PlanError(NetworkLayerError, ValueError):
    """A plan file that cannot be used: unreadable, not a plan, or altered since it was written."""


class PlanStale(NetworkError):
    """The device (or the tool) changed since the plan was made; nothing was pushed."""

    kind = "plan_stale"


class PlanRemediation(BaseModel):
    """The configuration remediation a plan reviewed, without secrets: apply recomputes it from the device and
    the intended configuration and pushes it only if it is the same (secrets masked on both sides) and the
    compared sections, secrets included, still have the planned digest."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    salt: str
    """The random salt of ``running_digest``, one per entry."""
    running_digest: str
    """``pbkdf2-sha256:<hex>`` of the compared running sections as read when planning, secrets included
    (``compliance.check.running_digest``)."""
    remediation: list[str]
    """The remediation commands, secrets masked (``<removed>``)."""


class PlanEntry(BaseModel):
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
    config: PlanRemediation | None = None
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
    devices: list[PlanEntry] = Field(default_factory=list)

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


class PlanningStep(ConfigStep, Protocol):
    """A config step that can say what a plan keeps of it (``compliance.check.ComplianceStep``)."""

    def plan_remediation(self) -> PlanRemediation | None:
        """The remediation to review, or None when there is nothing to remediate."""


def plan_device(
    host: str,
    host_data: Mapping[str, Any],
    connection: DeviceConnection,
    options: CheckOptions,
    *,
    config: PlanningStep | None = None,
) -> tuple[DeviceResult, PlanEntry | None]:
    """Check ``host`` without changing it (``options`` with ``dry_run`` set); the plan entry is None when it
    failed, or has neither structured changes nor (with ``config``) remediation."""
    run = DeviceRun(host, connection, replace(options, dry_run=True), config=config)
    result = run.check(host_data)
    remediation = config.plan_remediation() if config is not None else None
    if result.failed or run.diff is None or not (run.diff.has_diffs() or remediation is not None):
        return result, None
    intended = validate_host_data(host, host_data, to_delete=options.state is State.DELETED)
    entry = PlanEntry(
        host=host,
        platform=result.platform,
        state=options.state,
        managed=list(result.managed),
        fingerprint=fingerprint(result.before),
        intended=intended.model_dump(mode="json", include=set(intended.managed()), exclude_unset=True),
        diff=diff_to_dict(run.diff),
        commands=result.commands,
        summary=dict(result.summary),
        config=remediation,
    )
    return result, entry


def apply_plan_entry(
    entry: PlanEntry,
    connection: DeviceConnection,
    options: CheckOptions,
    *,
    host_data: Mapping[str, Any] | None = None,
    config: ConfigStep | None = None,
) -> DeviceResult:
    """Push the entry's diff to its device if the device is as it was planned; never raises for device problems.

    ``options`` gives the timeouts and ``rollback_on_failure`` (the state is the entry's). ``config`` (built with
    the entry's ``config`` as what it expects) re-checks the remediation before anything is sent and pushes it in
    the same configuration session. A plan holds secrets as tokens only (``secrets``): ``host_data``, the host's
    current data from the inventory, gives the values of the tokens it still holds (a line whose secret neither
    it nor the device gives is refused).
    """
    host = entry.host
    connection = replace(connection, platform=entry.platform)
    run = DeviceRun(host, connection, replace(options, state=entry.state, dry_run=False), config=config)
    with run.recording_errors():
        intended = run.validate(entry.intended, tokens=True)  # the plan's secrets are tokens
        if host_data is not None:
            with suppress(IntendedStateError):  # validating it records its secrets; a problem only withholds them
                validate_host_data(host, host_data)
        with run.session() as session:
            device = run.read(session, intended)
            if fingerprint(run.result.before) != entry.fingerprint:
                raise PlanStale(host, "the device's configuration changed since the plan was made; make a new plan")
            diff = diff_from_dict(entry.diff)
            rendered = run.render(diff, device)
            target, flags = build_target(entry.state, intended, device)
            if dumps(device.diff_from(target, flags=flags)) != dumps(diff) or commands_of(rendered) != entry.commands:
                raise PlanStale(host, "the plan no longer matches what this tool version computes; make a new plan")
            run.sync(device, target, diff, flags)
    return run.result
