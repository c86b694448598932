"""Per-feature compliance and remediation on real-looking configurations, remediation applied by the lab's
configuration engine (the same one an SSH session drives) to prove it converges and is idempotent."""

from __future__ import annotations

import re

import pytest

from diffsync_automation.compliance.features import UnsafeIntendedLine, evaluate
from diffsync_automation.compliance.mask import MASK
from diffsync_automation.compliance.rules import rules_for
from diffsync_automation.lab.state import DeviceState

IOS_RUNNING = """Building configuration...

Current configuration : 1843 bytes
!
! Last configuration change at 14:02:11 UTC Mon Dec 1 2026 by admin
!
version 15.2
service timestamps log datetime msec
hostname edge1
!
ntp clock-period 17179738
ntp server 192.0.2.1
!
crypto pki certificate chain TP-self-signed-1
 certificate self-signed 01
  30820229 30820192 A0030201 02020101
  quit
!
ip access-list extended WEB
 permit tcp any any eq 443
 deny ip any any log
!
interface GigabitEthernet0/1
 description uplink
 ip address 10.0.0.1 255.255.255.252
!
interface GigabitEthernet0/2
!
interface Loopback9
 description old loopback
!
snmp-server community OldC0mm RO
logging host 10.1.1.1
end
"""

IOS_INTENDED = """hostname edge1
service timestamps log datetime msec
ntp server 192.0.2.1
ntp server 192.0.2.2
ip access-list extended WEB
 deny ip any any log
 permit tcp any any eq 443
interface GigabitEthernet0/1
 description uplink to core
 ip address 10.0.0.1 255.255.255.252
snmp-server community N3wC0mm RO
logging host 10.1.1.1
"""


def by_feature(intended: str, running: str, platform: str = "cisco_ios") -> dict[str, dict[str, list[str]]]:
    return {
        name: {"missing": feature.missing, "extra": feature.extra, "commands": list(feature.commands)}
        for name, feature in evaluate(platform, intended, running, rules_for(platform)).items()
        if not feature.compliant
    }


def test_missing_and_extra_lines_per_feature_with_parents() -> None:
    found = by_feature(IOS_INTENDED, IOS_RUNNING)
    assert set(found) == {"ntp", "acl", "interfaces", "snmp"}  # headers, clock-period, certificate: ignored
    assert found["ntp"] == {"missing": ["ntp server 192.0.2.2"], "extra": [], "commands": ["ntp server 192.0.2.2"]}
    assert found["interfaces"]["missing"] == ["interface GigabitEthernet0/1", " description uplink to core"]
    # Loopback9 goes; GigabitEthernet0/2 is an unconfigured port a device always lists: not extra.
    assert found["interfaces"]["extra"] == [
        "interface GigabitEthernet0/1",
        " description uplink",
        "interface Loopback9",
        " description old loopback",
    ]
    assert found["interfaces"]["commands"] == [
        "no interface Loopback9",
        "interface GigabitEthernet0/1",
        "description uplink to core",  # IOS replaces a description without negating it first
        "exit",
    ]


def test_ordered_feature_reports_order_and_replaces_the_section() -> None:
    acl = by_feature(IOS_INTENDED, IOS_RUNNING)["acl"]
    assert acl["missing"] == ["ip access-list extended WEB", " deny ip any any log", " permit tcp any any eq 443"]
    assert acl["commands"] == [
        "no ip access-list extended WEB",
        "ip access-list extended WEB",
        "deny ip any any log",
        "permit tcp any any eq 443",
        "exit",
    ]
    unordered = rules_for("cisco_ios", [{"feature": "acl", "match": ["ip access-list "], "ordered": False}])
    assert evaluate("cisco_ios", IOS_INTENDED, IOS_RUNNING, unordered)["acl"].compliant


def test_secrets_are_masked_in_what_people_see_but_sent_as_intended() -> None:
    snmp = evaluate("cisco_ios", IOS_INTENDED, IOS_RUNNING, rules_for("cisco_ios"))["snmp"]
    shown = snmp.missing + snmp.extra + snmp.remediation
    assert shown and not any("C0mm" in line for line in shown)
    assert f"snmp-server community {MASK} RO" in snmp.missing
    assert snmp.commands == ("no snmp-server community OldC0mm RO", "snmp-server community N3wC0mm RO")
    assert "C0mm" not in repr(snmp)


def test_unsafe_intended_line_is_an_error() -> None:
    with pytest.raises(UnsafeIntendedLine, match=r"'\?'"):
        evaluate("cisco_ios", "interface Loopback1\n description why?\n", "", rules_for("cisco_ios"))


@pytest.mark.parametrize(
    ("intended", "expected"),
    [
        (
            "hostname r1\n!\nsnmp-server community <removed> RO\n",
            "intended line 3 'snmp-server community <removed> RO' (feature snmp) holds '<removed>'",
        ),
        (
            "hostname r1\nline vty 0 4\n password <secret:abcdef012345>\n",
            "intended line 3 'password <secret:abcdef012345>' (feature lines) holds '<secret:abcdef012345>'",
        ),
    ],
)
def test_intended_line_holding_a_placeholder_is_refused_naming_its_line(intended: str, expected: str) -> None:
    with pytest.raises(UnsafeIntendedLine, match=f"^{re.escape(expected)}, the masked placeholder .* not the secret"):
        evaluate("cisco_ios", intended, "", rules_for("cisco_ios"))


def test_lines_only_resembling_a_placeholder_or_not_compared_are_accepted() -> None:
    intended = (
        "interface Loopback1\n description removed <removed from service\n"
        "snmp-server community <removed> RO\n"  # a backup's line in a feature left to structured data
    )
    results = evaluate("cisco_ios", intended, "", rules_for("cisco_ios").without(["snmp"]))
    assert results["interfaces"].commands[:2] == ("interface Loopback1", "description removed <removed from service")


LAB_CHANGES = {
    "cisco_ios": ["ip access-list extended WEB", "permit tcp any any eq 80", "deny ip any any", "exit"],
    "arista_eos": ["ip access-list WEB", "permit tcp any any eq 80", "deny ip any any", "exit"],
    "cisco_nxos": ["feature bgp", "ip access-list WEB", "permit tcp any any eq 80", "deny ip any any", "exit"],
}


@pytest.mark.parametrize("platform", ["cisco_ios", "arista_eos", "cisco_nxos"])
def test_remediation_converges_and_is_idempotent_on_the_lab_engine(platform: str) -> None:
    device = DeviceState(platform, "r1")
    device.configure([*LAB_CHANGES[platform], "snmp-server community OldC0mm RO", "logging host 10.0.0.1"])
    device.configure(["router bgp 65000", "neighbor 10.0.0.2 remote-as 65001", "exit"])
    running = device.running_config()
    intended = (
        running.replace("OldC0mm", "N3wC0mm")
        .replace("logging host 10.0.0.1", "logging host 10.0.0.9")
        .replace("65001", "65002")
        .replace("permit tcp any any eq 80", "permit tcp any any eq 8080")
    )
    rules = rules_for(platform)
    before = evaluate(platform, intended, running, rules)
    assert {name for name, feature in before.items() if not feature.compliant} == {"snmp", "logging", "bgp", "acl"}
    device.configure([line for feature in before.values() for line in feature.commands])
    after = evaluate(platform, intended, device.running_config(), rules)
    assert all(feature.compliant and not feature.commands for feature in after.values()), after
    assert not any(feature.commands for feature in evaluate(platform, running, running, rules).values())


def test_ordered_sections_may_come_in_any_order() -> None:
    acl_a, acl_b = "ip access-list extended A\n permit ip any any\n", "ip access-list extended B\n deny ip any any\n"
    running = f"{acl_a}logging host 10.0.0.1\n{acl_b}"
    intended = f"{acl_b}{acl_a}logging host 10.0.0.1\n"
    assert by_feature(intended, running) == {}


JUNOS_RUNNING = """## Last commit: 2026-12-01 10:00:00 UTC by admin
set version 21.4R3.15
set system host-name r1
set system ntp server 192.0.2.1
set snmp community OldC0mm authorization read-only
set firewall family inet filter MGMT term ssh from protocol tcp
set firewall family inet filter MGMT term ssh then accept
set interfaces ge-0/0/1 description old
"""
JUNOS_INTENDED = """set system host-name r1
set system ntp server 192.0.2.2
set snmp community N3wC0mm authorization read-only
set firewall family inet filter MGMT term ssh from protocol tcp
set firewall family inet filter MGMT term ssh then accept
set interfaces ge-0/0/1 description new
"""


def test_junos_set_form_features_and_delete_remediation() -> None:
    found = by_feature(JUNOS_INTENDED, JUNOS_RUNNING, "juniper_junos")
    assert set(found) == {"ntp", "snmp", "interfaces"}  # header and version ignored, filter unchanged
    assert found["ntp"]["commands"] == ["delete system ntp server 192.0.2.1", "set system ntp server 192.0.2.2"]
    assert found["interfaces"]["missing"] == ["set interfaces ge-0/0/1 description new"]
    assert found["snmp"]["extra"] == [f"set snmp community {MASK} authorization read-only"]


@pytest.mark.parametrize(
    ("platform", "banner"),
    [("cisco_ios", "banner motd ^CAuthorised access only^C"), ("cisco_nxos", "banner motd #Authorised access only#")],
)
def test_a_banner_shown_on_one_line_does_not_swallow_the_lines_after_it(platform: str, banner: str) -> None:
    running = f"hostname edge1\n{banner}\nntp server 192.0.2.1\nlogging host 10.1.1.1\n"
    intended = f"hostname edge1\n{banner}\nntp server 192.0.2.2\nlogging host 10.1.1.1\n"
    results = evaluate(platform, intended, running, rules_for(platform))
    assert results["ntp"].missing == ["ntp server 192.0.2.2"] and results["ntp"].extra == ["ntp server 192.0.2.1"]
    assert results["logging"].compliant and results["hostname"].compliant
