"""The task's timeouts bound the login Nornir opens, and a host without credentials says so, over real SSH."""

from __future__ import annotations

import pytest
from nornir_fleet import FleetFactory

from nornir_plugins import DriftCheckError, diffsync_sync

pytestmark = pytest.mark.lab


def test_task_timeouts_replace_the_inventory_s_and_bound_a_silent_device(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(3, "cisco_ios")
    nr = fleet.nornir()
    extras = nr.inventory.defaults.connection_options["netmiko"].extras
    assert extras is not None
    extras.update(conn_timeout=99, banner_timeout=99, auth_timeout=99, read_timeout_override=99)
    fleet.lab["sw02"].set_faults(silent=True)
    fleet.lab["sw03"].set_faults(drop_on="^terminal")  # closes the connection during netmiko's login

    result = nr.run(task=diffsync_sync, read_timeout=1.5, connect_timeout=2.5)

    conn = nr.inventory.hosts["sw01"].connections["netmiko"].connection
    assert (conn.conn_timeout, conn.banner_timeout, conn.auth_timeout) == (2.5, 2.5, 2.5)
    assert conn.read_timeout_override == 1.5
    assert not result["sw01"].failed  # the enable secret of the inventory's extras still applied
    error = result["sw02"][0].exception
    assert isinstance(error, DriftCheckError) and error.kinds == ["timeout"]
    assert "accepted the connection but stopped answering (no reply within 1.5 s" in str(error)
    closed = result["sw03"][0].exception
    assert isinstance(closed, DriftCheckError) and closed.kinds == ["connection_lost"]
    assert "the device closed the connection while logging in" in str(closed)
    assert "netmiko" not in nr.inventory.hosts["sw03"].connections  # a failed login leaves no half-open connection


def test_a_host_without_credentials_is_named_as_such(fleet_factory: FleetFactory) -> None:
    fleet = fleet_factory(2, "cisco_ios")
    nr = fleet.nornir()
    nr.inventory.defaults.password = None

    result = nr.run(task=diffsync_sync)

    for host in ("sw01", "sw02"):
        error = result[host][0].exception
        assert isinstance(error, DriftCheckError) and error.kinds == ["missing_credentials"], host
        assert "No authentication methods available" in str(error)
        assert "set the host's username and password" in str(error)
