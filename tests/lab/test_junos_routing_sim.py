"""The Junos simulator's routing statements: ``deactivate``/``activate`` in both display formats and ``show |
compare``, OSPF areas kept dotted, and the commit checks of aggregated Ethernet bundles (typed in a CLI session)."""

from __future__ import annotations

import pytest

from diffsync_automation.lab.junos import JunosSession
from diffsync_automation.lab.junos_config import JunosConfig, compare
from diffsync_automation.lab.junos_state import JunosState

pytestmark = pytest.mark.lab

NEIGHBOR = "protocols bgp group EBGP neighbor 10.0.0.2"


def test_a_deactivated_neighbour_is_kept_shown_inactive_and_activated_again() -> None:
    config = JunosConfig()
    config.set(f"{NEIGHBOR} peer-as 65002")
    config.set(f"{NEIGHBOR} description core")
    assert config.deactivate(NEIGHBOR) and not config.deactivate("protocols bgp group EBGP neighbor 10.0.0.3")
    assert config.set_lines() == [  # the deactivate line follows the object's set lines, as on a device
        f"set {NEIGHBOR} description core",
        f"set {NEIGHBOR} peer-as 65002",
        f"deactivate {NEIGHBOR}",
    ]
    assert "            inactive: neighbor 10.0.0.2 {\n                description core;" in config.curly()
    config.set(f"{NEIGHBOR} peer-as 65009")  # a set inside keeps it inactive
    assert config.set_lines()[-1] == f"deactivate {NEIGHBOR}"
    active = config.copy()
    active.deactivate(NEIGHBOR, active=True)
    assert compare(config, active) == "[edit protocols bgp group EBGP]\n!    active: neighbor 10.0.0.2 { ... }\n"
    assert not any(line.startswith("deactivate") for line in active.set_lines())


def test_ospf_areas_are_kept_dotted_and_an_interface_outlives_its_passive_flag() -> None:
    config = JunosConfig()
    config.set("protocols ospf area 0 interface lo0.0 passive")
    config.set("protocols ospf area 0.0.0.1 interface irb.10")
    assert config.delete("protocols ospf area 0.0.0.0 interface lo0.0 passive")
    assert config.set_lines() == [
        "set protocols ospf area 0.0.0.0 interface lo0.0",
        "set protocols ospf area 0.0.0.1 interface irb.10",
    ]


def test_a_bundle_needs_the_device_count_and_its_members_no_units() -> None:
    device = JunosState("sw01")
    session = JunosSession(device, "admin")
    session.handle("configure private")
    for line in (
        "set interfaces ae1 aggregated-ether-options lacp active",
        "set interfaces ge-0/0/1 ether-options 802.3ad ae1",
        "set interfaces ge-0/0/1 unit 0 family ethernet-switching",
    ):
        assert session.handle(line).text == ""
    refused = session.handle("commit").text
    assert "error: configuration check-out failed" in refused and device.committed.find("interfaces") is None
    assert "ae1: aggregated Ethernet device not configured" in refused and "cannot have logical units" in refused
    session.handle("set chassis aggregated-devices ethernet device-count 2")
    session.handle("delete interfaces ge-0/0/1 unit 0")
    assert session.handle("commit").text == "commit complete\n"
    assert "set interfaces ge-0/0/1 ether-options 802.3ad ae1" in device.committed.set_lines()
