"""Compliance of one device as a step of the device workflow: read, compare, remediate in the structured push's
configuration session, re-check.

Used by every front end (Nornir tasks and through them the CLI, the Ansible module). Structured intended data wins
where both describe the same feature: features a structured key manages (``ntp_global`` -> ``ntp``...) are left
out of the compliance check, so the two never push conflicting commands (docs/compliance.md).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hier_config.exceptions import DuplicateChildError

from diffsync_automation.compliance.config import UnsupportedConfigPlatform, load_config, section_lines, show_command
from diffsync_automation.compliance.features import FeatureResult, UnsafeIntendedLine, evaluate
from diffsync_automation.compliance.intended import IntendedConfigError, intended_config
from diffsync_automation.compliance.lines import UnsafeLine, check_line
from diffsync_automation.compliance.mask import mask_line, mask_text
from diffsync_automation.compliance.rules import RulesError, RuleSet, rules_for
from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import DeviceDataError, UnsupportedPlatform
from diffsync_automation.network.planfile import PlanRemediation, PlanStale
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.push import ChangeResult, RenderedChange
from diffsync_automation.network.session import ConfigSession

STRUCTURED_FEATURES: Mapping[str, str] = {
    "device_hostname": "hostname",
    "vlans": "vlans",
    "interfaces": "interfaces",
    "ntp_global": "ntp",
    "static_routes": "routing",
    "l2_interfaces": "interfaces",
    "l3_interfaces": "interfaces",
    "lag_interfaces": "interfaces",
    "vrfs": "vrf",
    "dns": "services",
    "logging_global": "logging",
    "acls": "acl",
    "prefix_lists": "route_policy",
    "bgp_global": "bgp",
    "bgp_address_family": "bgp",
    "ospfv2": "ospf",
    "snmp_server": "snmp",
    "users": "aaa",
}
"""Structured host-data keys and the compliance feature each one manages instead (``dns`` takes the whole
``services`` feature, which also holds the ``service ...`` lines: the feature rules do not split them; likewise
``acls`` the ``acl`` feature, IPv6 and numbered lists included, and ``prefix_lists`` the ``route_policy`` feature,
route maps included; ``snmp_server`` the ``snmp`` feature and ``users`` the ``aaa`` feature, whole)."""


@dataclass
class ComplianceResult:
    """The compliance of one device: per feature after the run (re-checked after a sync), what was sent."""

    host: str
    features: dict[str, FeatureResult] = field(default_factory=dict)
    found: dict[str, FeatureResult] = field(default_factory=dict)
    """The features as first read (equal to ``features`` in a dry run): what a sync set out to fix."""
    excluded: dict[str, str] = field(default_factory=dict)
    """Feature -> the structured key managing it instead."""
    running_digest: str = ""
    """The digest of the compared running sections as first read (``running_digest``, what a plan records);
    computed only for plans: it costs a sixth of the check on large configurations."""
    applied: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    pushed: bool = False
    """The remediation was sent (its errors are the device result's: one push carries both)."""

    @property
    def compliant(self) -> bool:
        """Every feature compliant."""
        return all(feature.compliant for feature in self.features.values())

    @property
    def commands(self) -> list[str]:
        """The masked remediation a sync sends, in order."""
        return [mask_line(line) for feature in self.features.values() for line in feature.commands]

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Feature name -> ``{"compliant", "missing", "extra", "remediation"}``."""
        return {name: feature.to_dict() for name, feature in self.features.items()}


def excluded_features(data: Mapping[str, Any]) -> dict[str, str]:
    """Features left to the structured keys present in ``data``."""
    return {feature: key for key, feature in STRUCTURED_FEATURES.items() if data.get(key) is not None}


class ComplianceStep:
    """The configuration compliance of one host as a step of the device workflow (``network.workflow.ConfigStep``).

    It reads the running configuration on the workflow's session and compares it per feature; a sync sends the
    remediation in the structured push's configuration session, after the structured changes, then compares
    again. ``result`` is None until it read, and stays None for a host whose data names no intended configuration.

    Plans: ``planning`` makes ``plan_remediation`` available (it digests the compared sections); ``expected`` (a
    plan entry's) refuses the device with ``PlanStale`` unless the digest and the masked remediation are the plan's.
    """

    def __init__(
        self,
        host: str,
        data: Mapping[str, Any],
        base_dir: Path,
        *,
        planning: bool = False,
        expected: PlanRemediation | None = None,
    ) -> None:
        self.host = host
        self.data = data
        self.base_dir = base_dir
        self.expected = expected
        self.result: ComplianceResult | None = None
        self._salt = expected.salt if expected is not None else new_salt() if planning else None
        self._compare: tuple[str, str, RuleSet] | None = None
        """Device type, intended text and rules, kept for ``recheck``."""

    def read(self, session: ConfigSession, platform: Platform) -> None:
        """Compare the host's intended configuration with the device (see the class docstring).

        Raises ``NetworkError`` subclasses (``IntendedConfigError``, ``UnsupportedPlatform``, ``PlanStale``,
        session errors while reading)."""
        device_type = platform.name
        text = intended_config(self.host, self.data, self.base_dir)
        if text is None:
            if self.expected is not None:
                raise PlanStale(self.host, "the host no longer has an intended configuration; make a new plan")
            return
        excluded = excluded_features(self.data)
        try:
            rules = rules_for(
                device_type, self.data.get("compliance_rules"), self.data.get("compliance_ignore")
            ).without(list(excluded))
        except RulesError as exc:
            raise IntendedConfigError(self.host, str(exc)) from None
        self._compare = (device_type, text, rules)
        result = self.result = ComplianceResult(self.host, excluded=excluded)
        running = session.show(show_command(device_type))
        result.features = result.found = _evaluate(self.host, device_type, text, running, rules)
        if self._salt is not None:
            result.running_digest = running_digest(device_type, running, rules, self._salt)
        if self.expected is not None and self.expected != self._remediation():
            raise PlanStale(
                self.host,
                "the configuration remediation differs from the plan's (device or intended configuration changed)"
                "; make a new plan",
            )

    def plan_remediation(self) -> PlanRemediation | None:
        """What a plan keeps of the check: None when compliant (or no intended configuration)."""
        if self.result is None or self.result.compliant:
            return None
        return self._remediation()

    def changes(self) -> list[RenderedChange]:
        """The remediation of every non-compliant feature, one change per feature; raises ``IntendedConfigError``
        (nothing is sent) when a line is not safe to type."""
        if self.result is None:
            return []
        rendered = [
            RenderedChange(Change("config", "update", {"feature": feature.name}), feature.commands)
            for feature in self.result.features.values()
            if feature.commands
        ]
        for item in rendered:
            for line in item.commands:
                try:
                    check_line(line)
                except UnsafeLine as exc:
                    raise IntendedConfigError(
                        self.host, f"remediation line {mask_line(line)!r} {exc}; nothing sent"
                    ) from None
        return rendered

    def pushed(self, outcome: list[ChangeResult]) -> None:
        """Record what became of the remediation lines (masked)."""
        assert self.result is not None
        lines = [line for change in outcome for line in change.commands]
        self.result.pushed = True
        self.result.applied = [mask_line(line.command) for line in lines if line.status == "applied"]
        self.result.failed = [mask_line(line.command) for line in lines if line.status in ("failed", "unknown")]
        self.result.not_attempted = [mask_line(line.command) for line in lines if line.status == "not_attempted"]

    def recheck(self, session: ConfigSession) -> None:
        """Read the device again and compare (after a push)."""
        if self.result is None or self._compare is None:
            return
        device_type, text, rules = self._compare
        self.result.features = _evaluate(self.host, device_type, text, session.show(show_command(device_type)), rules)

    def _remediation(self) -> PlanRemediation:
        assert self.result is not None and self._salt is not None
        return PlanRemediation(
            salt=self._salt, running_digest=self.result.running_digest, remediation=self.result.commands
        )


DIGEST_ITERATIONS = 10_000
"""PBKDF2 rounds of ``running_digest``: guessing a secret from a plan's digest costs this many hashes a guess (and
needs every other compared line exactly); about 15 ms a device on the 2-core test machine under load."""


def new_salt() -> str:
    """A fresh random salt for ``running_digest`` (one per plan entry)."""
    return secrets.token_hex(16)


def running_digest(device_type: str, running: str, rules: RuleSet, salt: str) -> str:
    """``pbkdf2-sha256:<hex>`` of the running sections ``rules`` compare, secrets included, under ``salt``: a
    secret-only change on the device (a community, a password hash) changes it, and it reveals no secret."""
    lines = (" " * (len(path) - 1) + path[-1] for path in section_lines(load_config(device_type, running, rules)))
    text = "\n".join(lines).encode()
    return "pbkdf2-sha256:" + hashlib.pbkdf2_hmac("sha256", text, salt.encode(), DIGEST_ITERATIONS).hex()


def _evaluate(host: str, device_type: str, intended: str, running: str, rules: RuleSet) -> dict[str, FeatureResult]:
    try:
        return evaluate(device_type, intended, running, rules)
    except UnsupportedConfigPlatform as exc:
        raise UnsupportedPlatform(host, str(exc)) from None
    except UnsafeIntendedLine as exc:
        raise IntendedConfigError(host, str(exc)) from None
    except DuplicateChildError as exc:  # its message quotes the line, secrets and all: masked
        try:
            load_config(device_type, intended, rules)
        except DuplicateChildError:
            raise IntendedConfigError(
                host, f"the intended configuration repeats a section: {mask_text(str(exc))}"
            ) from None
        raise DeviceDataError(host, f"the running configuration repeats a section: {mask_text(str(exc))}") from None
