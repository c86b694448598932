"""Which configuration lines belong to which feature, per platform, and which lines are never compared.

A feature (``ntp``, ``bgp``, ...) is a set of top-level line prefixes: every top-level line starting with one
of them belongs to the feature, with its whole section. Lines no feature claims are not compared. The
inventory's ``compliance_rules`` replaces or adds features, and ``compliance_ignore`` adds ignored lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diffsync_automation.compliance.errors import ComplianceError


@dataclass(frozen=True)
class FeatureRule:
    """A named feature: the top-level prefixes it owns and whether the order of its lines matters."""

    name: str
    match: tuple[str, ...]
    ordered: bool = False

    def owns(self, line: str) -> bool:
        """Whether the top-level ``line`` belongs to this feature."""
        return any(line == prefix.strip() or line.startswith(prefix) for prefix in self.match)


_COMMON: tuple[FeatureRule, ...] = (
    FeatureRule("hostname", ("hostname ",)),
    FeatureRule("aaa", ("aaa ", "no aaa ", "username ", "enable secret ", "enable password ", "tacacs", "radius")),
    FeatureRule("logging", ("logging ",)),
    FeatureRule("ntp", ("ntp ",)),
    FeatureRule("snmp", ("snmp-server ",)),
    FeatureRule("vlans", ("vlan ",)),
    FeatureRule("vrf", ("vrf ", "ip vrf ")),
    # Access-list entries are evaluated top-down, so their order is part of their meaning.
    FeatureRule("acl", ("ip access-list ", "ipv6 access-list ", "access-list "), ordered=True),
    FeatureRule("interfaces", ("interface ",)),
    FeatureRule("routing", ("ip route ", "ipv6 route ", "ip routing")),
    FeatureRule("route_policy", ("ip prefix-list ", "route-map ")),
    FeatureRule("bgp", ("router bgp ",)),
    FeatureRule("ospf", ("router ospf ",)),
    FeatureRule("spanning_tree", ("spanning-tree ",)),
    FeatureRule("services", ("service ", "no service ", "ip domain", "ip name-server ")),
    FeatureRule("lines", ("line ",)),
)

_JUNOS: tuple[FeatureRule, ...] = (
    FeatureRule("hostname", ("set system host-name ",)),
    FeatureRule(
        "aaa",
        (
            "set system login ",
            "set system root-authentication ",
            "set system authentication-order ",
            "set system radius-server ",
            "set system tacplus-server ",
        ),
    ),
    FeatureRule("logging", ("set system syslog ",)),
    FeatureRule("ntp", ("set system ntp ",)),
    FeatureRule("snmp", ("set snmp ",)),
    FeatureRule("services", ("set system services ", "set system name-server ", "set system domain-name ")),
    FeatureRule("vlans", ("set vlans ",)),
    FeatureRule("vrf", ("set routing-instances ",)),
    # In `display set` form every line is top level, so the order of filter terms is not compared.
    FeatureRule("acl", ("set firewall ",)),
    FeatureRule("interfaces", ("set interfaces ",)),
    FeatureRule("routing", ("set routing-options static ",)),
    FeatureRule("route_policy", ("set policy-options ",)),
    FeatureRule("bgp", ("set protocols bgp ",)),
    FeatureRule("ospf", ("set protocols ospf ",)),
)
"""Junos, in `show configuration | display set` form: one `set <path>` line per leaf, prefixes by hierarchy."""

DEFAULT_RULES: Mapping[str, tuple[FeatureRule, ...]] = {
    "cisco_ios": _COMMON,
    "arista_eos": _COMMON,
    # NX-OS turns protocols on with `feature x` lines: first, so a protocol is on before it is configured.
    "cisco_nxos": (FeatureRule("features", ("feature ",)), *_COMMON),
    "juniper_junos": _JUNOS,
}
"""Default features per netmiko device type."""

DEFAULT_IGNORE: tuple[str, ...] = (
    r"^Building configuration",
    r"^Current configuration\s*:",
    r"^\s*!",  # comments, including NX-OS `!Command:`/`!Time:` and EOS `! device:` headers
    r"^version\s",
    r"^set version\s",  # Junos
    r"^#",  # Junos `## Last commit: <time> by <user>`
    r"^set system login user \S+ uid \d+\s*$",  # the uid a Junos commit gives a local user without one
    r"^end\s*$",
    r"^ntp clock-period\s",
    r"^\s*certificate\s",  # certificate blobs under crypto pki chains
    r"^\s+[0-9A-Fa-f]{8}( [0-9A-Fa-f]{1,8})*\s*$",  # ... their hex lines
    r"^\s*quit\s*$",
)
"""Lines that change by themselves (headers, timestamps, clock drift, certificates): never compared."""


class _RuleData(BaseModel):
    """One entry of ``compliance_rules`` in the inventory."""

    model_config = ConfigDict(extra="forbid")

    feature: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    match: list[str] = Field(default_factory=list)
    ordered: bool = False


class RulesError(ComplianceError, ValueError):
    """``compliance_rules`` or ``compliance_ignore`` in the inventory is malformed."""


@dataclass(frozen=True)
class RuleSet:
    """The features and ignored-line patterns used for one host."""

    features: tuple[FeatureRule, ...]
    ignore: tuple[re.Pattern[str], ...]
    _owners: dict[str, FeatureRule | None] = field(default_factory=dict, compare=False, repr=False)
    """Top-level line -> owner, filled as lines are looked up (every line of a section asks for its top line)."""

    def feature_of(self, line: str) -> FeatureRule | None:
        """The first feature owning the top-level ``line``, if any."""
        if line not in self._owners:
            self._owners[line] = next((rule for rule in self.features if rule.owns(line)), None)
        return self._owners[line]

    def ignored(self, line: str) -> bool:
        """Whether ``line`` (with its indentation) is never compared."""
        return any(pattern.search(line) for pattern in self.ignore)

    def without(self, names: Sequence[str]) -> RuleSet:
        """The same rules minus the features named."""
        return RuleSet(tuple(rule for rule in self.features if rule.name not in names), self.ignore)


def rules_for(platform: str, overrides: Any = None, ignore: Any = None) -> RuleSet:
    """The rules of ``platform`` with the inventory's ``compliance_rules`` and ``compliance_ignore`` applied.

    An override with a known feature name replaces that feature; an unknown name adds one after the defaults;
    an empty ``match`` turns the feature off. Raises ``RulesError`` naming the bad entry.
    """
    if not isinstance(overrides, (list, tuple, type(None))):
        raise RulesError("compliance_rules must be a list of {feature, match, ordered}")
    features = {rule.name: rule for rule in DEFAULT_RULES.get(platform, _COMMON)}
    for index, entry in enumerate(overrides or []):
        try:
            data = _RuleData.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise RulesError(f"compliance_rules[{index}]{'.' + where if where else ''}: {first['msg']}") from None
        if data.match:
            features[data.feature] = FeatureRule(data.feature, tuple(data.match), data.ordered)
        else:
            features.pop(data.feature, None)
    patterns = list(DEFAULT_IGNORE)
    if ignore is not None:
        if not isinstance(ignore, (list, tuple)) or not all(isinstance(item, str) for item in ignore):
            raise RulesError("compliance_ignore must be a list of regular expressions")
        patterns += ignore
    try:
        compiled = tuple(re.compile(pattern) for pattern in patterns)
    except re.error as exc:
        raise RulesError(f"compliance_ignore: {exc.pattern!r} is not a regular expression: {exc}") from None
    return RuleSet(tuple(features.values()), compiled)
