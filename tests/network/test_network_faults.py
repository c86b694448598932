"""Every fault the lab can inject gives a clear error, and a push that fails half-way says what was applied."""

from __future__ import annotations

from typing import Any

import pytest
from netmiko.exceptions import NetmikoAuthenticationException
from network_helpers import FAST_TIMEOUT, live, normalised, run

from diffsync_automation.network import (
    AuthenticationFailed,
    ConfigRejected,
    DeviceAdapter,
    DeviceTimeout,
    IntendedAdapter,
    NetmikoSession,
    get_platform,
)
from diffsync_automation.network.schema import BASE_SECTIONS
from diffsync_automation.report import DeviceReport

pytestmark = pytest.mark.lab


def test_wrong_credentials(rig: Any) -> None:
    rig.device.set_faults(reject_login=True)
    result = run(rig, dry_run=False)
    assert [(e.kind, e.message) for e in result.errors] == [
        ("authentication", f"host {rig.name}: the device refused the login (check username and password)")
    ]
    assert result.before is None and result.changes == []


def test_wrong_enable_secret(rig: Any) -> None:
    result = run(rig, params={**rig.params, "secret": "not-the-secret"}, read_timeout=FAST_TIMEOUT)
    assert [(e.kind, e.message) for e in result.errors] == [
        ("authentication", f"host {rig.name}: the device refused the enable secret")
    ]


def test_connection_closed_during_login(rig: Any) -> None:
    rig.device.set_faults(drop_on="^terminal")  # netmiko's first command after the SSH handshake
    result = run(rig)
    assert [(e.kind, e.message) for e in result.errors] == [
        ("connection_lost", f"host {rig.name}: the device closed the connection while logging in")
    ]


def test_connection_refused(rig: Any) -> None:
    rig.device.set_faults(refuse_connections=True)
    result = run(rig)
    assert [e.kind for e in result.errors] == ["unreachable"]
    assert (
        f"127.0.0.1:{rig.device.port}: the connection was refused (nothing listens there)" in result.errors[0].message
    )


def test_invalid_input_mid_push_gives_a_partial_result(rig: Any) -> None:
    planned = run(rig, state="overridden").commands
    failing = next(command for command in planned if command.startswith("interface "))
    rig.device.set_faults(reject=f"^{failing}$")
    result = run(rig, state="overridden", dry_run=False)
    index = planned.index(failing)
    assert [e.kind for e in result.errors] == ["config_rejected"]
    assert f"the device rejected {failing!r}: % Invalid input" in result.errors[0].message
    assert result.applied == planned[:index]
    assert result.failed_commands == [failing]
    assert result.not_attempted == planned[index + 1 :]
    statuses = [(change.change.model, change.status) for change in result.changes]
    failed = statuses.index(("interface", "failed"))
    assert ("vlan", "applied") in statuses[:failed] and {status for _, status in statuses[:failed]} == {"applied"}
    assert statuses[-1][1] == "not_attempted"
    assert result.session_usable is True and result.verified is False
    # The re-read shows exactly what is still missing: everything from the failed change on.
    assert result.remaining is not None and "interface" in result.remaining and "vlan" in result.remaining
    assert rig.device.state.vlans[20] == "SERVERS" and 99 in rig.device.state.vlans
    rig.device.clear_faults()
    assert run(rig, state="overridden", dry_run=False).verified is True


def test_session_is_out_of_config_mode_after_a_rejected_command(rig: Any) -> None:
    platform = get_platform(rig.platform)
    assert platform is not None
    from netmiko import ConnectHandler

    conn = ConnectHandler(**rig.params)
    session = NetmikoSession(rig.name, lambda: conn, read_timeout=FAST_TIMEOUT, owns_connection=False)
    try:
        device = DeviceAdapter(rig.name, session, platform)
        device.load()
        intended = IntendedAdapter(rig.name, rig.intended, platform)
        intended.load()
        rig.device.set_faults(reject="^ntp server")
        with pytest.raises(ConfigRejected):
            device.sync_from(intended)
        assert device.last_push is not None and device.last_push.session_usable
        prompt = conn.find_prompt()
        assert prompt.endswith("#") and "(config" not in prompt
        assert "USERS" in session.show("show vlan")  # IOS refuses show commands in config mode
    finally:
        conn.disconnect()


def test_connection_dropped_mid_push(rig: Any) -> None:
    planned = run(rig, state="overridden").commands
    rig.device.set_faults(drop_on="^ntp server")
    result = run(rig, state="overridden", dry_run=False, read_timeout=FAST_TIMEOUT)
    index = next(i for i, command in enumerate(planned) if command.startswith("ntp server"))
    assert [e.kind for e in result.errors] == ["connection_lost"]
    assert "closed the connection while sending 'ntp server 192.0.2.124'" in result.errors[0].message
    assert "noticed after" not in result.errors[0].message  # seen when the channel closed, not after the timeout
    assert result.applied == planned[:index]
    assert result.failed_commands == [planned[index]]  # unknown: it may or may not have been applied
    assert [c.status for c in result.changes if c.change.model == "ntp_server"] == ["unknown"]
    assert result.not_attempted == planned[index + 1 :]
    assert result.session_usable is False
    # The verification reopened a session: the drop command never reached the device.
    assert result.verified is False and result.remaining is not None and "ntp_server" in result.remaining


def test_slow_device_still_syncs(rig: Any) -> None:
    rig.device.set_faults(delay=0.15)
    result = run(rig, state="overridden", dry_run=False, read_timeout=FAST_TIMEOUT)
    assert not result.failed, result.errors
    assert result.verified and live(rig) == normalised(rig.intended, *BASE_SECTIONS)


@pytest.mark.slow
def test_device_that_stops_answering_mid_session(rig: Any) -> None:
    platform = get_platform(rig.platform)
    assert platform is not None
    with NetmikoSession.from_params(rig.name, rig.params, read_timeout=FAST_TIMEOUT) as session:
        device = DeviceAdapter(rig.name, session, platform)
        device.load()
        intended = IntendedAdapter(rig.name, rig.intended, platform)
        intended.load()
        rig.device.set_faults(silent=True)
        with pytest.raises(DeviceTimeout) as caught:
            device.sync_from(intended)
        assert not session.usable
    assert "stopped answering" in str(caught.value)
    assert device.last_push is not None and device.last_push.error is caught.value
    assert device.last_push.applied == [] and device.verification is None


@pytest.mark.slow
def test_device_that_never_answers(rig: Any) -> None:
    rig.device.set_faults(silent=True)
    result = run(rig, read_timeout=FAST_TIMEOUT)
    assert [e.kind for e in result.errors] == ["timeout"]
    assert "accepted the connection but stopped answering" in result.errors[0].message


@pytest.mark.parametrize("fault", ["reject", "drop_on"])
def test_rollback_on_failure_returns_the_device_to_its_configuration_before_the_push(rig: Any, fault: str) -> None:
    planned = run(rig, state="overridden").commands
    failing = next(command for command in planned if command.startswith("interface "))
    before = live(rig)
    rig.device.set_faults(**{fault: f"^{failing}$"})
    result = run(rig, state="overridden", dry_run=False, rollback_on_failure=True, read_timeout=FAST_TIMEOUT)
    assert [e.kind for e in result.errors] == ["config_rejected" if fault == "reject" else "connection_lost"]
    assert result.applied and result.applied == planned[: planned.index(failing)]
    assert result.rollback is not None and result.rollback.error == "" and result.rollback.verified is True
    assert result.rollback.method == "inverse" and result.rollback.applied == result.rollback.commands
    assert result.rollback.applied  # the VLAN changes made before the failure were undone
    assert live(rig) == before
    report = DeviceReport.from_device_result(result)
    assert report.rollback is not None and report.rollback.verified and report.status.value == "error"


def test_a_platform_s_own_rollback_is_used_and_a_re_read_judges_it(rig: Any) -> None:
    calls: list[bool] = []

    class OwnRollback(type(get_platform(rig.platform))):  # type: ignore[misc]
        def roll_back(self, session: Any) -> None:
            calls.append(session.usable)  # this device has no rollback command: nothing is undone

    rig.device.set_faults(reject="^ntp server")
    result = run(rig, state="overridden", dry_run=False, rollback_on_failure=True, platform=OwnRollback())
    assert calls == [True] and result.applied
    assert result.rollback is not None and result.rollback.method == "native" and result.rollback.applied == []
    assert result.rollback.verified is False and "still differs after its rollback" in result.rollback.error


def test_a_login_that_times_out_is_a_timeout_not_a_refused_login() -> None:
    """paramiko's auth_timeout reaches us as netmiko's authentication error; an overloaded device is not a wrong
    password."""

    def stalled_login() -> Any:
        raise NetmikoAuthenticationException("Authentication to device failed.\n\nAuthentication timeout.")

    def refused_login() -> Any:
        raise NetmikoAuthenticationException("Authentication to device failed.\n\nAuthentication failed.")

    with pytest.raises(DeviceTimeout, match="did not answer the login within 10 s"):
        NetmikoSession("r1", stalled_login).open()
    with pytest.raises(AuthenticationFailed, match="refused the login"):
        NetmikoSession("r1", refused_login).open()
