"""Junos static routes in routing instances and through exit interfaces: read from ``display set`` lines, rendered
as ``set``/``delete`` (unit tests), and pushed over SSH to a lab device, committed and read back."""

from __future__ import annotations

from typing import Any

import pytest

from diffsync_automation.lab.junos_state import JunosState
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.network.changes import Change
from diffsync_automation.network.check import check_device
from diffsync_automation.network.platforms import JunosPlatform, UnsupportedSection
from diffsync_automation.network.platforms.junos_static import QUALIFIED
from tests.network.conftest import Rig

JUNOS = JunosPlatform()
GUEST = {"vrf": "GUEST", "prefix": "10.50.0.0/16"}


def routes_of(*lines: str) -> Any:
    return JUNOS.gather(lambda command: "\n".join(lines) + "\n", frozenset({"static_routes"}))["static_routes"]


def test_routes_are_read_per_next_hop_with_their_instance_interface_and_preference() -> None:
    assert routes_of(
        "set routing-options static route 10.0.0.0/8 next-hop ge-0/0/1.0",
        "set routing-options static route 10.0.0.0/8 qualified-next-hop irb.10 preference 20",
        "set routing-instances GUEST routing-options static route 10.50.0.0/16 preference 7",
        "set routing-instances GUEST routing-options static route 10.50.0.0/16 next-hop 192.0.2.1",
        "set routing-instances GUEST routing-options static route 10.50.0.0/16 qualified-next-hop 192.0.2.2 interface"
        " ge-0/0/2.0",
        "set routing-options static route 10.60.0.0/16 discard",
    ) == [
        {"prefix": "10.0.0.0/8", "interface": "ge-0/0/1", "distance": 5, "form": "next-hop"},
        {"prefix": "10.0.0.0/8", "interface": "irb.10", "distance": 20, "form": QUALIFIED},
        {**GUEST, "next_hop": "192.0.2.1", "distance": 7, "form": "next-hop"},
        {**GUEST, "next_hop": "192.0.2.2", "interface": "ge-0/0/2", "distance": 7, "form": QUALIFIED},
    ]


def test_a_next_hop_takes_the_qualified_form_when_it_has_an_interface_or_its_own_preference() -> None:
    keys = {"vrf": "GUEST", "prefix": "10.50.0.0/16", "next_hop": "192.0.2.1", "interface": "ge-0/0/2"}
    base = "routing-instances GUEST routing-options static route 10.50.0.0/16"
    assert JUNOS.render(Change("static_route", "update", keys, {"distance": 5}, {"distance": 10})) == [
        f"delete {base} qualified-next-hop 192.0.2.1",
        f"set {base} qualified-next-hop 192.0.2.1 interface ge-0/0/2.0",
        f"set {base} qualified-next-hop 192.0.2.1 preference 10",
    ]
    exit_only = {"prefix": "10.60.0.0/16", "interface": "ge-0/0/3"}
    assert JUNOS.render(Change("static_route", "update", exit_only, {"distance": 9}, {"distance": 5})) == [
        "delete routing-options static route 10.60.0.0/16 qualified-next-hop ge-0/0/3.0",
        "set routing-options static route 10.60.0.0/16 next-hop ge-0/0/3.0",
    ]


def test_a_next_hop_taking_its_routes_preference_is_removed_as_written_and_gets_its_own() -> None:
    keys = {"prefix": "10.70.0.0/16", "next_hop": "192.0.2.7"}
    base = "routing-options static route 10.70.0.0/16"
    for distance in (20, 5):  # a plain next-hop X would take the route's preference 10 again
        assert JUNOS.render(
            Change("static_route", "update", keys, {"distance": 10, "form": "next-hop"}, {"distance": distance})
        ) == [f"delete {base} next-hop 192.0.2.7", f"set {base} qualified-next-hop 192.0.2.7 preference {distance}"]
    qualified = {"distance": 5, "form": QUALIFIED}  # qualified-next-hop X preference 5, as read
    assert JUNOS.render(Change("static_route", "delete", keys, qualified)) == [
        f"delete {base} qualified-next-hop 192.0.2.7"
    ]


@pytest.mark.parametrize(
    ("keys", "after", "refusal"),
    [
        ({"prefix": "10.0.0.0/8", "next_hop": "192.0.2.1"}, {"name": "TO-CORE"}, "have no names"),
        ({"prefix": "10.0.0.0/8", "interface": "Null0"}, {}, "discard route"),
        ({"prefix": "10.0.0.0/8", "interface": "Gi0/1"}, {}, "not a Junos interface name"),
    ],
)
def test_what_junos_routes_lack_is_refused_before_anything_is_sent(
    keys: dict[str, Any], after: dict[str, Any], refusal: str
) -> None:
    with pytest.raises(UnsupportedSection, match=refusal):
        JUNOS.render(Change("static_route", "create", keys, {}, {"distance": 5, **after}))


@pytest.mark.lab
def test_routes_in_an_instance_and_through_an_interface_are_committed_read_back_and_removed(
    lab_factory: LabFactory,
) -> None:
    junos = Rig(lab_factory(1, "juniper_junos"))
    routes: list[dict[str, Any]] = [
        {"vrf": "GUEST", "prefix": "10.50.0.0/16", "next_hop": "192.0.2.1", "interface": "ge-0/0/2", "distance": 10},
        {"prefix": "10.60.0.0/16", "interface": "ge-0/0/3"},
    ]
    intended = {"vrfs": junos.intended["vrfs"], "static_routes": routes}
    created = check_device(junos.name, intended, junos.params, state="merged", dry_run=False)
    assert not created.errors and created.verified, created.errors
    state = junos.device.state
    assert isinstance(state, JunosState)
    base = "routing-instances GUEST routing-options static route 10.50.0.0/16 qualified-next-hop 192.0.2.1"
    assert {f"set {base} interface ge-0/0/2.0", f"set {base} preference 10"} <= set(state.committed.set_lines())
    assert "set routing-options static route 10.60.0.0/16 next-hop ge-0/0/3.0" in state.committed.set_lines()
    again = check_device(junos.name, {"static_routes": routes}, junos.params, state="merged")
    assert not again.errors and not again.changes
    clash = [routes[0], {**routes[0], "interface": None}]
    refused = check_device(junos.name, {"static_routes": clash}, junos.params, state="merged")
    assert [error.kind for error in refused.errors] == ["intended_state"] and "one next hop" in str(refused.errors[0])
    guarded = check_device(
        junos.name, {"static_routes": routes}, junos.params, state="deleted", dry_run=False, max_deletes=1
    )
    assert [error.kind for error in guarded.errors] == ["max_deletes"] and not guarded.pushed
    deleted = check_device(junos.name, {"static_routes": routes}, junos.params, state="deleted", dry_run=False)
    assert not deleted.errors and deleted.verified, deleted.errors
    assert not any("10.50.0.0" in line or "10.60.0.0" in line for line in state.committed.set_lines())


@pytest.mark.lab
def test_a_route_preference_and_a_management_instance_route_over_ssh(lab_factory: LabFactory) -> None:
    """A plain next hop under a route-level preference changes distance and converges; ``overridden`` keeps the
    ``mgmt_junos`` default route the data does not list."""
    junos = Rig(lab_factory(1, "juniper_junos", drift=False))
    state = junos.device.state
    assert isinstance(state, JunosState)
    base = "routing-options static route 10.70.0.0/16"
    management = "routing-instances mgmt_junos routing-options static route 0.0.0.0/0 next-hop 10.9.0.1"
    state.committed.set(f"{base} preference 10")
    state.committed.set(f"{base} next-hop 192.0.2.7")
    state.committed.set(management)
    routes = [*junos.intended["static_routes"], {"prefix": "10.70.0.0/16", "next_hop": "192.0.2.7", "distance": 20}]
    data = {"static_routes": routes}
    changed = check_device(junos.name, data, junos.params, state="overridden", dry_run=False)
    assert not changed.errors and changed.verified, changed.errors
    assert changed.applied == [
        f"delete {base} next-hop 192.0.2.7",
        f"set {base} qualified-next-hop 192.0.2.7 preference 20",
    ]
    assert f"set {management}" in state.committed.set_lines()  # kept, and not reported as drift
