"""Compliance of one device over an open session: read, compare, and unless dry run, remediate and re-check.

Used by the Nornir task (and through it the CLI). Structured intended data wins where both describe the same
feature: features a structured key manages (``ntp_servers`` -> ``ntp``...) are left out of the compliance
check, so the two never push conflicting commands.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diffsync_automation.compliance.config import UnsupportedConfigPlatform, load_config, section_lines, show_command
from diffsync_automation.compliance.features import FeatureResult, UnsafeIntendedLine, evaluate
from diffsync_automation.compliance.intended import IntendedConfigError, intended_config
from diffsync_automation.compliance.lines import UnsafeLine, check_line
from diffsync_automation.compliance.mask import mask_line, mask_lines, mask_text
from diffsync_automation.compliance.rules import RulesError, RuleSet, rules_for
from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import UnsupportedPlatform
from diffsync_automation.network.planfile import PlannedConfig, PlanStale
from diffsync_automation.network.platforms import get_platform
from diffsync_automation.network.push import RenderedChange, push
from diffsync_automation.network.results import ErrorInfo
from diffsync_automation.network.session import ConfigSession

STRUCTURED_FEATURES: Mapping[str, str] = {
    "device_hostname": "hostname",
    "vlans": "vlans",
    "interfaces": "interfaces",
    "ntp_servers": "ntp",
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
    """``sha256:<hex>`` of the compared running sections as first read, secrets masked (what a plan records);
    computed only for plans (``for_plan``, ``planned``): it costs a sixth of the check on large configurations."""
    applied: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    pushed: bool = False
    errors: list[ErrorInfo] = field(default_factory=list)
    """A failed push (messages masked); the features then hold the re-read state if the session survived."""

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

    def planned(self) -> PlannedConfig:
        """What a plan keeps of this check: the masked remediation and the digest it was computed from."""
        return PlannedConfig(running_digest=self.running_digest, remediation=self.commands)


def excluded_features(data: Mapping[str, Any]) -> dict[str, str]:
    """Features left to the structured keys present in ``data``."""
    return {feature: key for key, feature in STRUCTURED_FEATURES.items() if data.get(key) is not None}


def check_compliance(
    host: str,
    data: Mapping[str, Any],
    session: ConfigSession,
    device_type: str,
    base_dir: Path,
    *,
    dry_run: bool = True,
    planned: PlannedConfig | None = None,
    for_plan: bool = False,
) -> ComplianceResult | None:
    """Compare the host's intended configuration with the device; None when the host data names none.

    Unless ``dry_run``, the remediation of every non-compliant feature is sent in one configuration session
    (every line CLI-safe, or nothing is sent), then the device is read and compared again; a rejected line is
    recorded in ``errors``. ``for_plan`` fills ``running_digest`` (for ``ComplianceResult.planned``). With
    ``planned`` (applying a plan), nothing is sent unless the device's masked
    running sections and the recomputed masked remediation equal the plan's. Raises ``NetworkError`` subclasses
    (``IntendedConfigError``, ``UnsupportedPlatform``, ``PlanStale``, session errors while reading).
    """
    text = intended_config(host, data, base_dir)
    if text is None:
        if planned is not None:
            raise PlanStale(host, "the host no longer has an intended configuration; make a new plan")
        return None
    excluded = excluded_features(data)
    try:
        rules = rules_for(device_type, data.get("compliance_rules"), data.get("compliance_ignore")).without(
            list(excluded)
        )
    except RulesError as exc:
        raise IntendedConfigError(host, str(exc)) from None
    result = ComplianceResult(host, excluded=excluded)
    running = session.show(show_command(device_type))
    result.features = result.found = _evaluate(host, device_type, text, running, rules)
    if for_plan or planned is not None:
        result.running_digest = running_digest(device_type, running, rules)
    if planned is not None and planned != result.planned():
        raise PlanStale(
            host,
            "the configuration remediation differs from the plan's (device or intended configuration changed)"
            "; make a new plan",
        )
    if dry_run or result.compliant:
        return result
    _remediate(host, session, device_type, result)
    if session.usable:
        result.features = _evaluate(host, device_type, text, session.show(show_command(device_type)), rules)
    return result


def running_digest(device_type: str, running: str, rules: RuleSet) -> str:
    """``sha256:<hex>`` of the running sections ``rules`` compare, secrets masked (a plan may show it)."""
    lines = (" " * (len(path) - 1) + path[-1] for path in section_lines(load_config(device_type, running, rules)))
    return "sha256:" + hashlib.sha256("\n".join(mask_lines(lines)).encode()).hexdigest()


def _evaluate(host: str, device_type: str, intended: str, running: str, rules: RuleSet) -> dict[str, FeatureResult]:
    try:
        return evaluate(device_type, intended, running, rules)
    except UnsupportedConfigPlatform as exc:
        raise UnsupportedPlatform(host, str(exc)) from None
    except UnsafeIntendedLine as exc:
        raise IntendedConfigError(host, str(exc)) from None


def _remediate(host: str, session: ConfigSession, device_type: str, result: ComplianceResult) -> None:
    """Send every non-compliant feature's commands in one configuration session; record what happened."""
    platform = get_platform(device_type)
    if platform is None:
        raise UnsupportedPlatform(host, f"no platform driver to configure device type {device_type!r}")
    rendered = [
        RenderedChange(Change("config", "update", {"feature": feature.name}), feature.commands)
        for feature in result.features.values()
        if feature.commands
    ]
    for item in rendered:
        for line in item.commands:
            try:
                check_line(line)
            except UnsafeLine as exc:
                raise IntendedConfigError(host, f"remediation line {mask_line(line)!r} {exc}; nothing sent") from None
    outcome = push(session, platform, rendered)
    result.pushed = True
    result.applied = [mask_line(line) for line in outcome.applied]
    result.failed = [mask_line(line) for line in outcome.failed]
    result.not_attempted = [mask_line(line) for line in outcome.not_attempted]
    if outcome.error is not None:
        result.errors.append(ErrorInfo(outcome.error.kind, mask_text(outcome.error.message)))
