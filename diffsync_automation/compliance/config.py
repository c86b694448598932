"""Configuration text as hier_config trees, cut down to the lines the compliance rules compare.

hier_config's drivers know each platform's negation, ordering and idempotent commands. Two of their load-time
rewrites are turned off because they make the tree differ from what the device shows: IOS ACL sequence
numbers and dropped ACL remarks. NX-OS gets collapsed VLAN lists split and ``feature`` lines ordered first. A
banner shown on one line is split into the multi-line form hier_config reads (``one_line_banners``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from hier_config import HConfig, Platform, get_hconfig, get_hconfig_driver
from hier_config.models import MatchRule, NegationDefaultWhenRule, OrderingRule
from hier_config.platforms.driver_base import HConfigDriverBase
from hier_config.platforms.utils import split_vlan_id_lists

from diffsync_automation.compliance.errors import ComplianceError
from diffsync_automation.compliance.rules import RuleSet

HIER_PLATFORMS = {
    "cisco_ios": Platform.CISCO_IOS,
    "arista_eos": Platform.ARISTA_EOS,
    "cisco_nxos": Platform.CISCO_NXOS,
    "juniper_junos": Platform.JUNIPER_JUNOS,
}
"""netmiko device types whose configuration can be checked, and their hier_config platform (Junos: set form)."""

SHOW_COMMANDS = {"juniper_junos": "show configuration | display set"}
"""The command that shows the running configuration, where it is not ``show running-config``."""


def show_command(device_type: str) -> str:
    """The command that shows the device's running configuration (Junos: in `display set` form)."""
    return SHOW_COMMANDS.get(device_type, "show running-config")


PHYSICAL_INTERFACE = re.compile(
    r"^interface (?:GigabitEthernet|FastEthernet|TenGigabitEthernet|TwentyFiveGigE|FortyGigabitEthernet"
    r"|HundredGigE|Ethernet|Management|mgmt)\d",
    re.IGNORECASE,
)
"""Interfaces a device always has: listed even when unconfigured, reset instead of removed."""


ONE_LINE_BANNER = re.compile(r"^(banner \S+) (\^C|[^\s\w])(.*\S.*?)\2[ \t]*$", re.MULTILINE)
"""A banner on one line: IOS shows one typed on one line as ``banner motd ^Ctext^C``, NX-OS keeps the typed
delimiter (``banner motd #text#``)."""


def one_line_banners(text: str) -> str:
    """``text`` with each one-line banner split over three lines (opening delimiter, text, closing delimiter).

    hier_config 3.7 takes ``banner X`` for the start of a banner that ends on a later line holding its first
    word, so a one-line banner would swallow the rest of the configuration ("still in a banner").
    """
    return ONE_LINE_BANNER.sub(lambda found: f"{found[1]} {found[2]}\n{found[3]}\n{found[2]}", text)


class UnsupportedConfigPlatform(ComplianceError, LookupError):
    """No compliance support for the device type."""


@functools.cache
def driver_for(device_type: str) -> HConfigDriverBase:
    """The hier_config driver of a netmiko device type (one per process; drivers are not changed after)."""
    platform = HIER_PLATFORMS.get(device_type)
    if platform is None:
        known = ", ".join(sorted(HIER_PLATFORMS))
        raise UnsupportedConfigPlatform(f"no configuration compliance for device type {device_type!r} (known: {known})")
    driver = get_hconfig_driver(platform)
    driver.rules.post_load_callbacks[:] = [split_vlan_id_lists]  # the rules model is frozen, its lists are not
    # A physical port cannot be removed: `default interface X` returns it to its factory state.
    driver.rules.negation_default_when.append(
        NegationDefaultWhenRule(match_rules=(MatchRule(re_search=PHYSICAL_INTERFACE.pattern),))
    )
    if platform is Platform.CISCO_NXOS:
        driver.rules.ordering.extend(
            (
                OrderingRule(match_rules=(MatchRule(startswith="feature "),), weight=-100),
                OrderingRule(match_rules=(MatchRule(startswith="no feature "),), weight=500),
            )
        )
    return driver


def compared_lines(text: str, rules: RuleSet) -> str:
    """``text`` without the lines the rules ignore, and without blank lines; one-line banners split after the
    filter, which would drop a closing ``#`` line (the Junos comment rule)."""
    kept = "\n".join(line.rstrip() for line in text.splitlines() if line.strip() and not rules.ignored(line))
    return one_line_banners(kept)


def load_config(device_type: str, text: str, rules: RuleSet) -> HConfig:
    """The tree of ``text`` holding only the top-level sections some feature of ``rules`` owns."""
    full = get_hconfig(driver_for(device_type), compared_lines(text, rules))
    kept = get_hconfig(full.driver)
    for child in full.children:
        if rules.feature_of(child.text) is not None:
            kept.add_deep_copy_of(child)
    return kept


def without_bare_ports(running: HConfig, intended: HConfig) -> HConfig:
    """``running`` without the unconfigured physical ports ``intended`` does not list (devices show every port)."""
    kept = get_hconfig(running.driver)
    for child in running.children:
        bare_port = not child.children and PHYSICAL_INTERFACE.match(child.text) is not None
        if not bare_port or intended.get_child(equals=child.text) is not None:
            kept.add_deep_copy_of(child)
    return kept


def feature_trees(config: HConfig, rules: RuleSet) -> dict[str, HConfig]:
    """Per feature of ``rules``, a new tree with the top-level sections of ``config`` that belong to it."""
    trees = {rule.name: get_hconfig(config.driver) for rule in rules.features}
    for child in config.children:
        owner = rules.feature_of(child.text)
        if owner is not None:
            trees[owner.name].add_deep_copy_of(child)
    return trees


def section_lines(config: HConfig) -> Iterator[tuple[str, ...]]:
    """Every line of ``config`` as its path from the top level, depth first in configuration order."""
    for child in config.all_children():
        yield tuple(node.text for node in child.lineage())
