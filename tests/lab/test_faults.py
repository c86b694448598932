"""Each injected fault makes netmiko raise the error it raises against a real device that misbehaves so.

``read_timeout_override`` keeps the timeout paths short; the faults themselves do not depend on it.
"""

from __future__ import annotations

import re

import pytest
from lab_helpers import PLATFORMS, connect
from netmiko import ConnectHandler
from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

from diffsync_automation.lab import Faults
from diffsync_automation.lab.faults import faults_by_host
from diffsync_automation.lab.pytest_plugin import LabFactory

pytestmark = pytest.mark.lab


@PLATFORMS
def test_wrong_credentials(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    device.set_faults(reject_login=True)
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**device.netmiko_params())
    device.clear_faults()
    with connect(device) as conn:
        assert conn.find_prompt() == "sw01#"


@PLATFORMS
def test_connection_refused_then_restored_on_same_port(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    port = device.port
    device.set_faults(refuse_connections=True)
    with pytest.raises(NetmikoTimeoutException, match="TCP connection to device failed"):
        ConnectHandler(**device.netmiko_params())
    device.set_faults(refuse_connections=False)
    assert device.port == port
    with connect(device) as conn:
        assert conn.find_prompt() == "sw01#"


@PLATFORMS
def test_connection_dropped_mid_session(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    device.set_faults(drop_on=r"^show vlan")
    conn = connect(device, read_timeout_override=1)
    assert "uptime" in conn.send_command("show version").lower()
    with pytest.raises(ReadTimeout):  # netmiko does not notice the EOF, it waits for the prompt
        conn.send_command("show vlan brief")
    with pytest.raises(OSError, match="Socket is closed"):
        conn.send_command("show version")
    assert not device.connections


@PLATFORMS
def test_slow_device_answers_within_a_generous_timeout_only(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    with connect(device) as conn:
        device.set_faults(delay=0.3)
        assert conn.send_command("show vlan brief", use_textfsm=True, read_timeout=20)[0]["vlan_name"] == "default"
        device.set_faults(delay=1.5)
        with pytest.raises(ReadTimeout):
            conn.send_command("show version", read_timeout=0.3)
        device.clear_faults()  # let the queued lines through quickly so the session closes promptly


@PLATFORMS
def test_rejected_command_stops_config_push(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    device.set_faults(reject=r"^vlan 77$")
    with connect(device) as conn:
        with pytest.raises(ConfigInvalidException, match="vlan 77"):
            conn.send_config_set(["vlan 76", "vlan 77", "vlan 78"], error_pattern=r"% Invalid")
        assert conn.check_config_mode()  # netmiko leaves the session in config mode
        conn.exit_config_mode()
    assert 76 in device.state.vlans  # lines before the rejected one stay applied, as on the devices
    assert 77 not in device.state.vlans
    assert 78 not in device.state.vlans


@PLATFORMS
def test_device_that_stops_answering(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    conn = connect(device, read_timeout_override=1)
    device.set_faults(silent=True)
    with pytest.raises(ReadTimeout):
        conn.send_command("show version", auto_find_prompt=False)
    conn.disconnect()
    with pytest.raises(ReadTimeout):
        ConnectHandler(**device.netmiko_params(), read_timeout_override=1)


def test_faults_are_per_device(lab_factory: LabFactory) -> None:
    lab = lab_factory(2, "mixed")
    lab["sw01"].set_faults(reject_login=True)
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**lab["sw01"].netmiko_params())
    with connect(lab["sw02"]) as conn:
        assert conn.find_prompt() == "sw02#"
    assert lab["sw02"].faults == Faults()


def test_fault_settings_are_validated_and_immutable() -> None:
    with pytest.raises(ValueError, match="delay"):
        Faults(delay=-1)
    with pytest.raises(Exception, match="unterminated"):
        Faults(reject="(")
    faults = Faults(drop_on="^show")
    assert faults.drops("show vlan") and not faults.drops("configure terminal")
    with pytest.raises(AttributeError):
        faults.delay = 2.0  # type: ignore[misc]


@PLATFORMS
def test_session_dropped_after_n_config_lines(lab_factory: LabFactory, platform: str) -> None:
    device = lab_factory(1, platform)["sw01"]
    device.set_faults(drop_after=2)
    conn = connect(device, read_timeout_override=1)
    with pytest.raises((ReadTimeout, OSError)):
        conn.send_config_set(["vlan 81", "name EIGHTY-ONE", "vlan 82", "name EIGHTY-TWO"])
    conn.disconnect()
    assert device.state.vlans.get(81) == "EIGHTY-ONE"  # the first two lines were applied
    assert 82 not in device.state.vlans  # the third closed the connection unapplied
    assert not device.connections


def test_fault_specs_name_what_is_wrong() -> None:
    hosts = ["sw01", "sw02"]
    faults = faults_by_host(["sw01=drop:3", "sw01=reject:^vlan 9", "sw02=auth"], hosts, slow=0.5)
    assert faults["sw01"] == Faults(drop_after=3, reject="^vlan 9", delay=0.5)
    assert faults["sw02"] == Faults(reject_login=True, delay=0.5)
    assert faults["sw01"].describe() == "drop:3, slow:0.5, reject:^vlan 9"
    for spec, message in [
        ("sw01", "HOST=KIND"),
        ("sw01=melt", "unknown kind 'melt'"),
        ("sw01=drop", "sw01=drop:ARG"),
        ("sw01=auth:1", "sw01=auth"),
        ("sw01=slow:-1", "bad argument '-1'"),
        ("sw01=reject:(", "bad argument"),
        ("sw09=silent", "no device named 'sw09'"),
    ]:
        with pytest.raises(ValueError, match=re.escape(message)):
            faults_by_host([spec], hosts)
