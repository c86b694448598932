"""Rules, intended configuration, secret masking and the CLI-safety check: the inputs of a compliance check."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffsync_automation.compliance.intended import IntendedConfigError, intended_config
from diffsync_automation.compliance.lines import UnsafeLine, check_line
from diffsync_automation.compliance.mask import MASK, mask_line, mask_text
from diffsync_automation.compliance.rules import RulesError, rules_for


def test_default_rules_assign_sections_to_features() -> None:
    rules = rules_for("cisco_ios")
    owners = {
        line: (rule.name if (rule := rules.feature_of(line)) else None)
        for line in (
            "ntp server 1.1.1.1",
            "router bgp 65000",
            "interface Gi0/1",
            "ip access-list extended WEB",
            "snmp-server community x RO",
            "username a secret b",
            "banner motd ^C",
        )
    }
    assert owners == {
        "ntp server 1.1.1.1": "ntp",
        "router bgp 65000": "bgp",
        "interface Gi0/1": "interfaces",
        "ip access-list extended WEB": "acl",
        "snmp-server community x RO": "snmp",
        "username a secret b": "aaa",
        "banner motd ^C": None,
    }
    assert rules_for("cisco_nxos").features[0].name == "features"  # `feature bgp` before `router bgp`


def test_inventory_rules_replace_add_and_turn_off_features() -> None:
    rules = rules_for(
        "arista_eos",
        [
            {"feature": "ntp", "match": ["ntp server "], "ordered": True},
            {"feature": "qos", "match": ["qos ", "policy-map "]},
            {"feature": "snmp", "match": []},
        ],
        ignore=[r"^ntp source "],
    )
    names = [rule.name for rule in rules.features]
    assert "snmp" not in names and names[-1] == "qos"
    ntp = next(rule for rule in rules.features if rule.name == "ntp")
    assert ntp.ordered and rules.feature_of("ntp source Loopback0") is None
    assert rules.ignored("ntp source Loopback0") and rules.ignored("ntp clock-period 17179")


@pytest.mark.parametrize(
    ("overrides", "ignore", "message"),
    [
        ([{"feature": "ntp", "matches": ["ntp "]}], None, "compliance_rules[0].matches: Extra inputs"),
        ([{"feature": "bad name", "match": ["x"]}], None, "compliance_rules[0].feature"),
        ({"feature": "ntp"}, None, "compliance_rules must be a list"),
        (None, ["("], "is not a regular expression"),
    ],
)
def test_bad_rules_are_named(overrides: object, ignore: object, message: str) -> None:
    with pytest.raises(RulesError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        rules_for("cisco_ios", overrides, ignore)


def test_intended_config_from_a_file_or_a_template(tmp_path: Path) -> None:
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "r1.cfg").write_text("hostname r1\n")
    (tmp_path / "base.j2").write_text(
        "hostname {{ inventory_hostname }}\n{% for s in ntp %}ntp server {{ s }}\n{% endfor %}"
    )
    assert intended_config("r1", {"intended_config_file": "configs/r1.cfg"}, tmp_path) == "hostname r1\n"
    rendered = intended_config("r1", {"intended_config_template": "base.j2", "ntp": ["192.0.2.1"]}, tmp_path)
    assert rendered == "hostname r1\nntp server 192.0.2.1\n"
    assert intended_config("r1", {"vlans": []}, tmp_path) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"intended_config_template": "base.j2"},
            "host r1: intended_config_template base.j2: undefined variable: 'ntp' is undefined",
        ),
        ({"intended_config_template": "nope.j2"}, "does not exist"),
        ({"intended_config_file": "nope.cfg"}, "cannot read intended_config_file"),
        ({"intended_config_file": "a", "intended_config_template": "b"}, "not both"),
    ],
)
def test_intended_config_errors_name_host_and_cause(tmp_path: Path, data: dict[str, str], message: str) -> None:
    (tmp_path / "base.j2").write_text("{% for s in ntp %}ntp server {{ s }}\n{% endfor %}")
    with pytest.raises(IntendedConfigError, match=message) as raised:
        intended_config("r1", data, tmp_path)
    assert raised.value.kind == "intended_config"


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("snmp-server community S3cr3t RO 10", f"snmp-server community {MASK} RO 10"),
        ("username admin privilege 15 secret 9 $9$abc", f"username admin privilege 15 secret 9 {MASK}"),
        ("enable secret plain", f"enable secret {MASK}"),
        (" neighbor 10.0.0.2 password 7 0822455D0A16", f" neighbor 10.0.0.2 password 7 {MASK}"),
        ("tacacs-server key 7 0822", f"tacacs-server key 7 {MASK}"),
        (" ip ospf message-digest-key 1 md5 K3y", f" ip ospf message-digest-key 1 md5 {MASK}"),
        (
            "snmp-server user u g v3 auth sha A1 priv aes 128 P1",
            f"snmp-server user u g v3 auth sha {MASK} priv aes 128 {MASK}",
        ),
        ("  30820244 308201AD A0030201", f"  {MASK}"),
        (" description passwords are bad", " description passwords are bad"),
        ("ntp server 192.0.2.1", "ntp server 192.0.2.1"),
        ("snmp-server host 192.0.2.6 version 2c C0mm", f"snmp-server host 192.0.2.6 version 2c {MASK}"),
        ("snmp-server host 192.0.2.6 C0mm", f"snmp-server host 192.0.2.6 {MASK}"),
        ("snmp-server host 192.0.2.6 informs version 2c C0mm", f"snmp-server host 192.0.2.6 informs version 2c {MASK}"),
        ("snmp-server host 192.0.2.6 vrf M version 1 C0mm", f"snmp-server host 192.0.2.6 vrf M version 1 {MASK}"),
        ("snmp-server host 192.0.2.6 traps version 2c C0mm", f"snmp-server host 192.0.2.6 traps version 2c {MASK}"),
        ("snmp-server host 192.0.2.6 version 3 auth user1", "snmp-server host 192.0.2.6 version 3 auth user1"),
        ("snmp-server host 192.0.2.6 use-vrf management", "snmp-server host 192.0.2.6 use-vrf management"),
    ],
)
def test_secrets_are_masked(line: str, masked: str) -> None:
    assert mask_line(line) == masked
    assert mask_text(f"{line}\nhostname r1") == f"{masked}\nhostname r1"


@pytest.mark.parametrize(
    "line", ["description a?b", "description \x1b[A", "end", "do reload", " do show run", "x" * 2000]
)
def test_unsafe_lines_are_refused(line: str) -> None:
    with pytest.raises(UnsafeLine):
        check_line(line)


def test_ordinary_lines_pass() -> None:
    for line in (
        "interface GigabitEthernet0/1",
        " description uplink to core",
        "exit",
        "no ip route 10.0.0.0 255.0.0.0 10.1.1.1",
    ):
        check_line(line)
