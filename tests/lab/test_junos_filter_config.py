"""The lab's Junos keeps firewall filter terms in configuration order (``insert`` moves one), replaces a term's
terminating action, and shows prefix lists and filters as a device does."""

from __future__ import annotations

import pytest

from diffsync_automation.lab.junos_config import JunosConfig, JunosSyntaxError

FILTER = "firewall family inet filter VTY"

# The curly format Junos shows for a term (the ``restrict-bgp`` recipe of the Juniper Cookbook, "Reordering Firewall
# Terms": addresses in a block, then the protocol and ports, ``then accept;`` on one line), and a prefix list as the
# junipernetworks.junos prefix-list fixtures and public device outputs show it.
REAL_FIREWALL = """\
policy-options {
    prefix-list listA {
        10.0.0.1/32;
        10.0.0.2/32;
    }
}
firewall {
    family inet {
        filter VTY {
            term restrict-bgp {
                from {
                    source-address {
                        10.0.31.0/24;
                    }
                    protocol tcp;
                    destination-port bgp;
                }
                then accept;
            }
        }
    }
}
"""


def test_terms_keep_configuration_order_and_insert_moves_one() -> None:
    config = JunosConfig()
    for term in (10, 30, 20):
        config.set(f"{FILTER} term {term} then accept")
    config.insert(f"{FILTER} term 20 before term 30")
    config.insert(f"{FILTER} term 10 after term 30")
    assert [line.split()[7] for line in config.set_lines()] == ["20", "30", "10"]
    for wrong, message in (
        (f"{FILTER} term 99 before term 10", "error: statement not found"),
        (f"{FILTER} term 10 before term 99", "error: statement not found"),
        (f"{FILTER} term 10 below term 30", "syntax error, expecting 'before' or 'after'."),
    ):
        with pytest.raises(JunosSyntaxError) as refused:
            config.insert(wrong)
        assert refused.value.message == message


def test_a_new_action_replaces_the_old_and_addresses_and_prefixes_read_as_a_device_shows_them() -> None:
    config = JunosConfig()
    config.set(f"{FILTER} term restrict-bgp from protocol tcp")
    config.set(f"{FILTER} term restrict-bgp from destination-port bgp")
    config.set(f"{FILTER} term restrict-bgp from source-address 10.0.31.0/24")
    config.set(f"{FILTER} term restrict-bgp then discard")
    config.set(f"{FILTER} term restrict-bgp then accept")  # one terminating action: accept replaces discard
    config.set("policy-options prefix-list listA 10.0.0.1")  # a bare address is a /32
    config.set("policy-options prefix-list listA 10.0.0.2/32")
    assert config.curly() == REAL_FIREWALL
    assert "set policy-options prefix-list listA 10.0.0.1/32" in config.set_lines()
    assert not config.delete(f"{FILTER} term restrict-bgp then discard")  # warning: statement not found
    assert config.delete("policy-options prefix-list listA 10.0.0.1/32")
    with pytest.raises(JunosSyntaxError):
        config.set("policy-options prefix-list listA 10.0.0.0/33")
    with pytest.raises(JunosSyntaxError, match="invalid value 'gopher'"):
        config.set(f"{FILTER} term 10 from protocol gopher")
