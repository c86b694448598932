"""The Junos simulator through netmiko's unmodified JuniperSSH driver: modes, candidate and commit model, displays."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from netmiko import ConnectHandler
from netmiko.base_connection import BaseConnection

from diffsync_automation.lab import Lab
from diffsync_automation.lab.junos import JunosSession
from diffsync_automation.lab.junos_config import JunosConfig
from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.lab.state import ConfigRejected
from diffsync_automation.network.platforms import parse_table

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with Lab.seeded(1, "juniper_junos") as started:
        yield started


@pytest.fixture
def conn(lab: Lab) -> Iterator[BaseConnection]:
    connection = ConnectHandler(**lab["sw01"].netmiko_params())
    yield connection
    connection.disconnect()


def state(lab: Lab) -> JunosState:
    device_state = lab["sw01"].state
    assert isinstance(device_state, JunosState)
    return device_state


def test_session_preparation_and_both_display_formats(lab: Lab, conn: BaseConnection) -> None:
    assert conn.base_prompt == "admin@sw01"
    committed = state(lab).committed
    listing = conn.send_command("show configuration | display set")
    assert listing.splitlines() == committed.set_lines()
    assert "set vlans SERVERS_OLD vlan-id 20" in listing  # the seeded drift
    curly = conn.send_command("show configuration")
    assert curly.strip() == committed.curly().strip()
    assert "route 0.0.0.0/0 next-hop 172.16.0.1;" in curly
    assert conn.send_command("show configuration system host-name").strip() == "host-name sw01;"
    assert conn.send_command("show configuration vlans USERS").strip() == "vlan-id 10;"
    assert "unknown command." in conn.send_command("frobnicate", expect_string=r">")


def test_candidate_is_invisible_until_commit_and_rollback_restores(lab: Lab, conn: BaseConnection) -> None:
    before = state(lab).committed.copy()
    edited = conn.send_config_set(["set vlans TEMP vlan-id 700", "set vlans TEMP2 nonsense"], exit_config_mode=False)
    assert "syntax error." in edited
    assert conn.send_command("show | compare").splitlines() == [
        "[edit vlans]",
        "+   TEMP {",
        "+       vlan-id 700;",
        "+   }",
    ]
    assert state(lab).committed == before  # operational show commands read the committed configuration
    assert "TEMP" not in conn.send_command("run show configuration vlans")
    assert "configuration check succeeds" in conn.send_command("commit check")
    assert "commit complete" in conn.commit()
    assert state(lab).committed.find("vlans", "TEMP", "vlan-id") == "700"
    conn.send_config_set(["rollback 1"], exit_config_mode=False)
    assert "commit complete" in conn.commit()
    assert state(lab).committed == before
    conn.exit_config_mode()


def test_failed_commit_changes_nothing_and_exit_asks_about_uncommitted_changes(lab: Lab, conn: BaseConnection) -> None:
    before = state(lab).committed.copy()
    conn.send_config_set(
        ["set interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members 444"], exit_config_mode=False
    )
    with pytest.raises(ValueError, match="error: configuration check-out failed"):
        conn.commit()
    assert state(lab).committed == before
    assert "Exit with uncommitted changes?" in conn.exit_config_mode()
    assert conn.check_config_mode() is False
    # The shared candidate keeps the change for the next session, as on a device; discard it.
    conn.send_config_set(["rollback 0"], exit_config_mode=True)
    assert state(lab).candidate is None


def test_set_delete_rename_keep_the_tree_consistent() -> None:
    config = JunosConfig()
    config.set('interfaces ge-0/0/1 description "two words"')
    config.set("routing-options static route 10.0.0.0/8 next-hop 192.0.2.1")
    config.set("vlans A vlan-id 10")
    config.rename("vlans A to B")
    assert config.set_lines() == [
        'set interfaces ge-0/0/1 description "two words"',
        "set routing-options static route 10.0.0.0/8 next-hop 192.0.2.1",
        "set vlans B vlan-id 10",
    ]
    # A next hop is deleted in the form it is written: the other form is not there (a warning on a device).
    assert not config.delete("routing-options static route 10.0.0.0/8 qualified-next-hop 192.0.2.1")
    assert config.delete("routing-options static route 10.0.0.0/8 next-hop 192.0.2.1")
    assert not config.delete("routing-options static route 10.0.0.0/8 next-hop 192.0.2.1")
    assert config.find("routing-options") is None  # emptied levels go with their last statement


# ``show interfaces`` at [edit] on a Junos 18.4 device, from the junipernetworks.junos l3_interfaces module docs.
REAL_INTERFACES = """\
ge-0/0/1 {
    description "L3 interface";
    unit 0 {
        family inet {
            address 10.200.16.10/24;
        }
    }
}
ge-0/0/2 {
    description "non L3 interface";
    unit 0 {
        family ethernet-switching {
            interface-mode access;
            vlan {
                members 2;
            }
        }
    }
}
"""


def test_curly_format_matches_a_real_device() -> None:
    device = JunosState("sw01")
    config = JunosConfig()
    for line in (
        'interfaces ge-0/0/1 description "L3 interface"',
        "interfaces ge-0/0/1 unit 0 family inet address 10.200.16.10/24",
        'interfaces ge-0/0/2 description "non L3 interface"',
        "interfaces ge-0/0/2 unit 0 family ethernet-switching interface-mode access",
        "interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members 2",
    ):
        config.set(line)
    device.commit(config)
    assert JunosSession(device, "admin").handle("show configuration interfaces").text == REAL_INTERFACES


# Two VLANs of ntc-templates' tests/juniper_junos/show_vlans fixture (an ELS switch), some member units dropped.
REAL_SHOW_VLANS = """\
Routing instance        VLAN name             Tag          Interfaces
default-switch          v100-Control           100
                                                           ae0.0*
                                                           ge-0/0/3.0
                                                           xe-0/0/9.0*
default-switch          v1005-HelpDesk        1005
                                                           ae0.0*
                                                           ge-0/0/7.0
                                                           xe-0/0/9.0*

{master:0}"""


def test_show_vlans_reads_like_a_real_switch_for_the_same_configuration() -> None:
    device = JunosState("sw01")
    device.configure(
        [
            "set chassis aggregated-devices ethernet device-count 1",  # ae0 exists only with it
            "set vlans v100-Control vlan-id 100",
            "set vlans v1005-HelpDesk vlan-id 1005",
            *(
                f"set interfaces {port} unit 0 family ethernet-switching {line}"
                for port in ("ae0", "xe-0/0/9")
                for line in ("interface-mode trunk", "vlan members [ v100-Control v1005-HelpDesk ]")
            ),
            "set interfaces ge-0/0/3 disable",  # link down: no '*'
            "set interfaces ge-0/0/3 unit 0 family ethernet-switching vlan members 100",
            "set interfaces ge-0/0/7 disable",
            "set interfaces ge-0/0/7 unit 0 family ethernet-switching vlan members 1005",
        ]
    )
    shown = JunosSession(device, "admin").handle("show vlans").text
    assert parse_table("juniper_junos", "show vlans", shown) == parse_table(
        "juniper_junos", "show vlans", REAL_SHOW_VLANS
    )
    assert shown.splitlines() == REAL_SHOW_VLANS.splitlines()[:-1]  # the same layout, minus the VC member tag


def test_edit_up_top_move_through_the_hierarchy() -> None:
    device = JunosState("sw01")
    session = JunosSession(device, "admin")
    for line in ("configure", "edit interfaces ge-0/0/1", 'set description "at a desk"', "up", "edit vlans"):
        assert session.handle(line).text in ("", "Entering configuration mode\n")
    assert session.prompt() == "\n[edit vlans]\nadmin@sw01# "
    session.handle("set USERS vlan-id 10")
    assert "syntax error." in session.handle("edit USERS vlan-id").text  # a statement is not a level
    session.handle("top")
    assert session.prompt().startswith("\n[edit]\n")
    assert "commit complete" in session.handle("commit").text
    assert device.committed.set_lines() == [
        "set system host-name sw01",
        'set interfaces ge-0/0/1 description "at a desk"',
        "set vlans USERS vlan-id 10",
    ]


def test_commit_checks_users_and_vrf_instances_and_gives_users_a_uid() -> None:
    device = JunosState("sw01")
    with pytest.raises(ConfigRejected, match="'user bob'\n    Missing mandatory statement: 'class'"):
        device.configure(['set system login user bob authentication encrypted-password "$6$abc$def"'])
    with pytest.raises(ConfigRejected, match="Route-distinguisher must be configured for vrf instance: RED"):
        device.configure(["set routing-instances RED instance-type vrf"])
    device.configure(["set system login user bob class operator", "set system login user eve class read-only"])
    device.configure(
        [
            "set system login user ann class super-user",
            "set system login user ann uid 2000",
            "delete system login user bob",
        ]
    )
    users = device.committed.find("system", "login", "user")
    assert isinstance(users, dict)
    uids = {name: user["uid"] for name, user in users.items()}
    assert uids == {"eve": "2001", "ann": "2000"}  # given once, at the commit that adds the user
