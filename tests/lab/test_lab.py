"""Lab API: ports, lifecycle, seeded fleet and its documented drift."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

import pytest
from lab_helpers import connect

from diffsync_automation.lab import PLATFORMS, Credentials, Lab, Platform, build_fleet, drift_on, snapshot
from diffsync_automation.lab.pytest_plugin import LabFactory
from diffsync_automation.lab.schema import state_from_intent
from diffsync_automation.lab.seed import HOSTNAME_SUFFIX, port_names

pytestmark = pytest.mark.lab


def wait_closed(conn: object, timeout: float = 60.0) -> None:
    """Wait until paramiko has seen the server close the connection."""
    transport = conn.remote_conn.get_transport()  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while transport.is_active() and time.monotonic() < deadline:
        time.sleep(0.02)


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_many_devices_on_distinct_os_chosen_ports() -> None:
    with Lab.seeded(100, "mixed") as lab:
        ports = list(lab.ports.values())
        assert len(set(ports)) == 100
        assert all(port > 0 for port in ports)
        assert all(listening(port) for port in ports)
    assert not any(listening(port) for port in ports)


def test_stop_closes_open_sessions_and_is_idempotent() -> None:
    lab = Lab.seeded(1).start()
    conn = connect(lab["sw01"])
    assert lab["sw01"].connections
    lab.stop()
    assert not lab.running
    wait_closed(conn)
    with pytest.raises(OSError, match="Socket is closed"):
        conn.send_command("show version")
    lab.stop()


def test_lab_cannot_start_twice_and_runtime_calls_need_a_running_lab() -> None:
    lab = Lab.seeded(1)
    lab["sw01"].set_faults(delay=0.5)  # recorded before start, applied when serving
    with pytest.raises(RuntimeError, match="not running"):
        lab["sw01"].drop_connections()
    with lab:
        with pytest.raises(RuntimeError, match="already started"):
            lab.start()
        assert lab["sw01"].faults.delay == 0.5


def test_refused_device_still_owns_a_port_when_the_lab_starts() -> None:
    lab = Lab.seeded(1)
    lab["sw01"].set_faults(refuse_connections=True)
    with lab:
        port = lab["sw01"].port
        assert port > 0 and not listening(port)
        lab["sw01"].clear_faults()
        assert lab["sw01"].port == port and listening(port)


def test_drop_connections(lab_factory: LabFactory) -> None:
    device = lab_factory(1)["sw01"]
    conn = connect(device)
    device.drop_connections()
    wait_closed(conn)
    with pytest.raises(OSError, match="Socket is closed"):
        conn.send_command("show version")


def test_credentials_are_random_and_never_printed() -> None:
    first, second = Credentials.generate(), Credentials.generate()
    assert first.password != second.password and first.secret != second.secret
    assert first.password not in repr(first) and first.secret not in repr(first)
    assert Lab.seeded(1, credentials=first)["sw01"].credentials is first


@pytest.mark.parametrize(("count", "names"), [(3, ["sw01", "sw02", "sw03"]), (120, ["sw001", "sw120"])])
def test_device_names(count: int, names: list[str]) -> None:
    fleet = build_fleet(count, "mixed")
    hostnames = [state.hostname for state in fleet.states]
    assert set(names) <= set(hostnames)
    assert [s.platform for s in fleet.states[:2]] == ["cisco_ios", "arista_eos"]


KEYED: dict[str, Callable[[Any], str]] = {
    "vlans": lambda item: str(item["id"]),
    "interfaces": lambda item: item["name"],
    "ntp_global": lambda item: item["server"],
    "static_routes": lambda item: f"{item['prefix']} via {item['next_hop']}",
}
"""How to key the items of each collection ``snapshot`` reads back from a lab device (``ntp_global``: its servers)."""
COLLECTIONS = tuple(KEYED)


def differences(intended: dict[str, object], live: dict[str, object]) -> set[tuple[str, str, str]]:
    """(collection, key, kind) for every item of ``COLLECTIONS`` that differs between two host states."""
    found: set[tuple[str, str, str]] = set()
    for collection, key_of in KEYED.items():
        want = {key_of(item): item for item in _items(intended[collection])}
        have = {key_of(item): item for item in _items(live[collection])}
        found |= {(collection, k, "create") for k in want.keys() - have.keys()}
        found |= {(collection, k, "delete") for k in have.keys() - want.keys()}
        found |= {(collection, k, "update") for k in want.keys() & have.keys() if want[k] != have[k]}
    return found


def _items(collection: Any) -> list[Any]:
    return list(collection["servers"] if isinstance(collection, dict) else collection)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_seeded_drift_is_exactly_the_documented_one(platform: Platform) -> None:
    """The differences ``snapshot`` can see; tests/network/test_seeded_drift.py checks every feature over SSH."""
    fleet = build_fleet(3, platform)
    port2 = port_names(platform)[1][1]
    expected = {
        ("vlans", "20", "update"),
        ("interfaces", port2, "update"),
        ("ntp_global", "192.0.2.124", "create"),
        ("static_routes", "10.99.0.0/16 via 172.16.0.1", "delete"),
        ("vlans", "99", "delete"),
    }
    if platform == "juniper_junos":  # the route of VRF GUEST went with the VRF
        expected.add(("static_routes", "10.50.0.0/16 via 172.16.0.2", "create"))
    assert {(drift.key, drift.action) for drift in drift_on(platform) if drift.key in COLLECTIONS} == {
        (key, action) for key, _, action in expected
    }
    for state in fleet.states:
        live = snapshot(state)
        intended = fleet.intended[state.hostname]
        assert differences(dict(intended), dict(live)) == expected
        assert (
            live["device_hostname"] == state.hostname
            and intended["device_hostname"] == state.hostname + HOSTNAME_SUFFIX
        )


def test_no_drift_fleet_matches_its_intent_and_round_trips() -> None:
    fleet = build_fleet(2, "mixed", drift=False)
    for state in fleet.states:
        intended = fleet.intended[state.hostname]
        live = snapshot(state)
        assert live == {key: intended[key] for key in live}  # type: ignore[literal-required]
        assert snapshot(state_from_intent(state.platform, snapshot(state))) == snapshot(state)


def test_lab_from_plain_states_uses_their_snapshot_as_intent() -> None:
    states = build_fleet(2, "mixed").states
    lab = Lab(states)
    assert lab.intended == {s.hostname: snapshot(s) for s in states}
    with pytest.raises(ValueError, match="unique"):
        Lab([states[0], states[0]])
