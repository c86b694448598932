"""``acls`` as Junos firewall filters and ``prefix_lists`` as policy-options prefix lists: read from ``display set``
lines, rendered, refused where Junos or the shared schema cannot say it (unit tests), and each pushed over SSH to a
lab device through the four states and the max-deletes guard."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device
from diffsync_automation.network.errors import IntendedStateError
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.platforms import JunosPlatform, UnsupportedSection
from diffsync_automation.network.platforms.junos_filters import aligned
from diffsync_automation.network.render import commands_of, render_changes
from diffsync_automation.network.schema import validate_host_data
from tests.network.conftest import Rig

JUNOS = JunosPlatform()
TERM = "set firewall family inet filter {} term {} {}"
ACL_ORDER = ["acl", "acl_entry", "prefix_list", "prefix_list_entry"]
ANY_ACE = {
    "acl_type": "extended",
    "grant": "permit",
    "protocol": "ip",
    "source": "any",
    "source_port": None,
    "destination": "any",
    "destination_port": None,
}
"""An ``acl_entry``'s attributes: permit ip any any."""


def gathered(*lines: str, section: str) -> Any:
    return JUNOS.gather(lambda command: "\n".join(lines) + "\n", frozenset({section}))[section][0]


def ace(sequence: int, grant: str = "permit", **match: Any) -> dict[str, Any]:
    return {
        "sequence": sequence,
        "grant": grant,
        "protocol": "ip",
        "source": {"any": True},
        "destination": {"any": True},
        **match,
    }


def acls(*lists: dict[str, Any]) -> dict[str, Any]:
    return {"acls": [{"afi": "ipv4", "acls": list(lists)}]}


def prefix_lists(name: str, *entries: tuple[int, str]) -> dict[str, Any]:
    given = [{"sequence": sequence, "action": "permit", "prefix": prefix} for sequence, prefix in entries]
    return {"prefix_lists": [{"afi": "ipv4", "prefix_lists": [{"name": name, "entries": given}]}]}


def junos_state(rig: Rig) -> JunosState:
    state = rig.device.state
    assert isinstance(state, JunosState)
    return state


def lines_of(rig: Rig, word: str) -> list[str]:
    return [line for line in junos_state(rig).committed.set_lines() if word in line]


# ---------------------------------------------------------------------- reading
def test_terms_read_as_aces_in_order_and_a_source_only_filter_as_standard() -> None:
    found = gathered(
        TERM.format("MGMT", 10, "from destination-port ssh"),  # a name where one was configured; any order
        TERM.format("MGMT", 10, "from source-address 10.0.0.0/8"),
        TERM.format("MGMT", 10, "from destination-address 192.0.2.1/32"),
        TERM.format("MGMT", 10, "from protocol tcp"),
        TERM.format("MGMT", 10, "then accept"),
        TERM.format("MGMT", 20, "from source-address 0.0.0.0/0"),
        TERM.format("MGMT", 20, "then discard"),
        TERM.format("NTP", 5, "from source-address 192.0.2.123/32"),
        TERM.format("NTP", 5, "then accept"),
        TERM.format("NTP", 9, "then discard"),
        section="acls",
    )
    assert found["acls"] == [
        {
            "name": "MGMT",
            "acl_type": "extended",
            "aces": [
                {
                    "sequence": 10,
                    "grant": "permit",
                    "protocol": "tcp",
                    "source": {"prefix": "10.0.0.0/8"},
                    "destination": {"host": "192.0.2.1", "port_protocol": {"eq": 22}},
                },
                {
                    "sequence": 20,
                    "grant": "deny",
                    "protocol": "ip",
                    "source": {"any": True},
                    "destination": {"any": True},
                },
            ],
        },
        {
            "name": "NTP",
            "acl_type": "standard",
            "aces": [
                {"sequence": 5, "grant": "permit", "source": {"host": "192.0.2.123"}},
                {"sequence": 9, "grant": "deny", "source": {"any": True}},
            ],
        },
    ]


@pytest.mark.parametrize(
    ("lines", "refusal"),
    [
        (
            [TERM.format("F", 10, "then count HITS")],
            "filter F: cannot read 'set firewall family inet filter F term 10 then count HITS'",
        ),
        ([TERM.format("F", 10, "from source-address 10.0.0.0/8 except")], "filter F: cannot read"),
        ([TERM.format("F", 10, "from protocol ospf")], "filter F: cannot read"),
        ([TERM.format("F", "ssh", "then accept")], "filter F: term 'ssh' is not a sequence number"),
        ([TERM.format("F", 20, "then accept"), TERM.format("F", 10, "then accept")], "term 10 comes after term 20"),
        ([TERM.format("F", 10, "from destination-port 22")], "term 10 matches a port without protocol tcp or udp"),
        (["set firewall family inet filter F interface-specific"], "only terms are managed"),
    ],
)
def test_a_filter_the_schema_cannot_hold_fails_the_read_naming_filter_and_line(lines: list[str], refusal: str) -> None:
    with pytest.raises(UnsupportedSection, match=refusal.replace("(", r"\(")):
        gathered(*lines, section="acls")


def test_prefix_list_items_read_as_permit_entries_and_other_statements_are_refused() -> None:
    found = gathered(
        "set policy-options prefix-list PL 10.0.0.0/8",
        "set policy-options prefix-list PL 192.0.2.1/32",
        section="prefix_lists",
    )
    assert found["prefix_lists"] == [
        {
            "name": "PL",
            "entries": [
                {"sequence": 10, "action": "permit", "prefix": "10.0.0.0/8"},
                {"sequence": 20, "action": "permit", "prefix": "192.0.2.1/32"},
            ],
        }
    ]
    for line in (
        'set policy-options prefix-list PL apply-path "system ntp server <*>"',
        "set policy-options prefix-list PL 2001:db8::/32",
    ):
        with pytest.raises(UnsupportedSection, match="prefix list PL: cannot read"):
            gathered(line, section="prefix_lists")


# ---------------------------------------------------------------------- rendering and refusals
def test_new_terms_go_before_the_next_kept_term_in_sequence_order_and_a_change_never_empties_a_term() -> None:
    created = [Change("acl_entry", "create", {"name": "F", "sequence": s}, {}, ANY_ACE) for s in (25, 15, 40)]
    before = {
        "acl_type": "extended",
        "grant": "permit",
        "protocol": "tcp",
        "source": "host 10.0.0.1",
        "destination": "any",
        "source_port": None,
        "destination_port": 22,
    }
    changed = Change(
        "acl_entry",
        "update",
        {"name": "F", "sequence": 10},
        before,
        {"grant": "deny", "protocol": "udp", "destination_port": 161},
    )
    removed = Change("acl_entry", "delete", {"name": "F", "sequence": 30}, dict(before), {})
    rendered = render_changes([*created, changed, removed], JUNOS, ACL_ORDER, {"F": [10, 20, 30]})
    base = "firewall family inet filter F term"
    assert commands_of(rendered) == [
        f"delete {base} 30",  # deletes first in one commit; term 30 no longer anchors anything
        f"set {base} 10 from protocol udp",
        f"set {base} 10 from destination-port 161",
        f"set {base} 10 then discard",
        f"delete {base} 10 from protocol tcp",
        f"delete {base} 10 from destination-port 22",
        f"delete {base} 10 then accept",
        f"set {base} 15 then accept",
        f"insert {base} 15 before term 20",
        f"set {base} 25 then accept",
        f"set {base} 40 then accept",  # nothing the filter keeps comes after 25 or 40: they go last, in order
    ]


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (
            Change("acl", "update", {"name": "F"}, {"acl_type": "standard"}, {"acl_type": "extended"}),
            "a Junos filter has no type",
        ),
        (
            Change(
                "prefix_list_entry",
                "create",
                {"name": "PL", "sequence": 5},
                {},
                {"action": "deny", "prefix": "10.0.0.0/8", "ge": None, "le": None},
            ),
            "holds prefixes only: give permit entries without ge or le",
        ),
        (
            Change(
                "prefix_list_entry",
                "create",
                {"name": "PL", "sequence": 5},
                {},
                {"action": "permit", "prefix": "10.0.0.0/8", "ge": None, "le": 24},
            ),
            "holds prefixes only",
        ),
    ],
)
def test_what_junos_cannot_hold_is_refused_in_one_line(change: Change, refusal: str) -> None:
    with pytest.raises(UnsupportedSection, match=refusal):
        JUNOS.render(change)


def adapter(data: dict[str, Any], name: str) -> IntendedAdapter:
    loaded = IntendedAdapter("sw01", validate_host_data("sw01", data), JUNOS, complete=True, name=name)
    loaded.load()
    return loaded


def test_items_take_the_intended_sequence_of_their_prefix_and_filters_the_intended_type() -> None:
    device = adapter(
        prefix_lists("PL", (10, "10.0.0.0/8"), (20, "192.168.0.0/16"), (30, "172.16.0.0/12"))
        | acls(
            {
                "name": "F",
                "acl_type": "standard",
                "aces": [{"sequence": 10, "grant": "permit", "source": {"any": True}}],
            }
        ),
        "device",
    )
    intended = adapter(
        prefix_lists("PL", (5, "172.16.0.0/12"), (7, "10.0.0.0/8"), (10, "192.0.2.0/24"))
        | acls({"name": "F", "aces": [ace(10)]}),
        "intended",
    )
    replaced = {
        (old.get_unique_id(), new.get_unique_id(), getattr(new, "acl_type", None))
        for old, new in aligned(device, intended)
    }
    assert replaced == {  # 192.168.0.0/16 keeps 20, which the intended list leaves free
        ("PL__10", "PL__7", None),
        ("PL__30", "PL__5", None),
        ("F", "F", "extended"),
        ("F__10", "F__10", "extended"),
    }
    with pytest.raises(IntendedStateError, match=r"entries\[1\]: 10\.0\.0\.0/8 is also given at sequence 5"):
        adapter(prefix_lists("PL", (5, "10.0.0.0/8"), (9, "10.0.0.0/8")), "intended")  # Junos keeps a prefix once


# ---------------------------------------------------------------------- over SSH
@pytest.mark.lab
def test_filters_drift_sync_states_and_guard_on_junos(lab_factory: LabFactory) -> None:
    rig = Rig(lab_factory(1, "juniper_junos"))  # filter VTY-SSH lacks term 20 of 10, 20, 30
    rig.device.state.configure(
        [
            TERM.format("ROGUE", 10, "from source-address 10.9.9.9/32"),
            TERM.format("ROGUE", 10, "then accept"),
            TERM.format("VTY-SSH", 30, "from protocol icmp"),  # term 30 now drops only ICMP
        ]
    )
    vty = rig.intended["acls"][0]["acls"][0]
    vty["aces"].append(ace(40, "deny"))
    ntp = {
        "name": "NTP",
        "acl_type": "standard",
        "aces": [{"sequence": 10, "grant": "permit", "source": {"host": "192.0.2.123"}}],
    }
    intended = acls(vty, ntp)
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    base = "firewall family inet filter"
    assert found.commands == [
        f"delete {base} ROGUE",  # its term goes with it: no delete of its own
        f"set {base} NTP",  # filters before terms; terms in sequence order
        f"set {base} NTP term 10 from source-address 192.0.2.123/32",
        f"set {base} NTP term 10 then accept",
        f"set {base} VTY-SSH term 20 from source-address 172.16.0.0/16",
        f"set {base} VTY-SSH term 20 from destination-address 192.0.2.1/32",
        f"set {base} VTY-SSH term 20 from protocol udp",
        f"set {base} VTY-SSH term 20 from destination-port 161",
        f"set {base} VTY-SSH term 20 then accept",
        f"insert {base} VTY-SSH term 20 before term 30",
        f"delete {base} VTY-SSH term 30 from protocol icmp",
        f"set {base} VTY-SSH term 40 then discard",
    ]
    guarded = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed

    commits = len(junos_state(rig).history)
    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified and synced.applied == found.commands, synced.errors
    assert len(junos_state(rig).history) == commits + 1  # one commit for the whole push
    terms = [line.split()[7] for line in lines_of(rig, "VTY-SSH") if line.endswith(("accept", "discard"))]
    assert terms == ["10", "20", "30", "40"]  # evaluated in sequence order
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands

    # merged puts a new first term before term 10; replaced keeps only the entries it lists of a listed filter.
    first = acls({"name": "VTY-SSH", "aces": [ace(5, source={"host": "192.0.2.9"})]})
    merged = check_device(rig.name, first, rig.params, state="merged", dry_run=False)
    assert not merged.errors and merged.verified, merged.errors
    assert merged.applied[-1] == f"insert {base} VTY-SSH term 5 before term 10"
    replaced = check_device(
        rig.name,
        acls({"name": "NTP", "acl_type": "standard", "aces": [ace(20, "deny", protocol=None, destination=None)]}),
        rig.params,
        state="replaced",
        dry_run=False,
    )
    assert not replaced.errors and replaced.verified, replaced.errors
    assert replaced.applied == [f"delete {base} NTP term 10", f"set {base} NTP term 20 then discard"]
    deleted = check_device(rig.name, acls({"name": "VTY-SSH"}), rig.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified and deleted.applied == [f"delete {base} VTY-SSH"], deleted.errors
    assert lines_of(rig, "VTY-SSH") == [] and lines_of(rig, "NTP")


@pytest.mark.lab
def test_prefix_lists_keep_the_intended_sequences_refuse_what_junos_lacks_and_go_through_the_states(
    lab_factory: LabFactory,
) -> None:
    rig = Rig(lab_factory(1, "juniper_junos"))  # CAMPUS holds 10.0.0.0/8, 192.168.0.0/16 (the drift), 172.16.0.0/12
    intended = prefix_lists("CAMPUS", (5, "172.16.0.0/12"), (15, "10.0.0.0/8"), (25, "192.0.2.0/24"))
    found = check_device(rig.name, intended, rig.params, state="overridden")
    assert not found.errors, found.errors
    # Sequences the device does not keep cause no drift: only the stray prefix goes and the new one comes.
    assert sorted((item.change.name, item.change.action) for item in found.changes) == [
        ("CAMPUS__20", "delete"),
        ("CAMPUS__25", "create"),
    ]
    assert found.commands == [
        "delete policy-options prefix-list CAMPUS 192.168.0.0/16",
        "set policy-options prefix-list CAMPUS 192.0.2.0/24",
    ]
    denied = prefix_lists("CAMPUS", (5, "172.16.0.0/12"))
    denied["prefix_lists"][0]["prefix_lists"][0]["entries"].append(
        {"sequence": 30, "action": "deny", "prefix": "0.0.0.0/0", "le": 32}
    )
    refused = check_device(rig.name, denied, rig.params, state="merged", dry_run=False)
    assert [error.kind for error in refused.errors] == ["intended_state"] and not refused.pushed
    assert "prefix list CAMPUS sequence 30: a Junos prefix list holds prefixes only" in refused.errors[0].message
    guarded = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False, max_deletes=0)
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed

    synced = check_device(rig.name, intended, rig.params, state="overridden", dry_run=False)
    assert not synced.errors and synced.verified, synced.errors
    again = check_device(rig.name, intended, rig.params, state="overridden")
    assert not again.errors and not again.changed, again.commands
    # deleted matches an entry by its sequence in the data: the prefix the data gives that sequence goes.
    gone = check_device(
        rig.name, prefix_lists("CAMPUS", (15, "10.0.0.0/8")), rig.params, state="deleted", dry_run=False
    )
    assert not gone.errors and gone.verified and gone.applied == ["delete policy-options prefix-list CAMPUS 10.0.0.0/8"]
    replaced = check_device(
        rig.name, prefix_lists("CAMPUS", (1, "198.51.100.0/24")), rig.params, state="replaced", dry_run=False
    )
    assert not replaced.errors and replaced.verified, replaced.errors
    assert sorted(replaced.applied) == [
        "delete policy-options prefix-list CAMPUS 172.16.0.0/12",
        "delete policy-options prefix-list CAMPUS 192.0.2.0/24",
        "set policy-options prefix-list CAMPUS 198.51.100.0/24",
    ]
    removed = check_device(
        rig.name,
        {"prefix_lists": [{"afi": "ipv4", "prefix_lists": [{"name": "CAMPUS"}]}]},
        rig.params,
        state="deleted",
        dry_run=False,
    )
    assert not removed.errors and removed.verified and removed.applied == ["delete policy-options prefix-list CAMPUS"]
    assert lines_of(rig, "prefix-list") == []
