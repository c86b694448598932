"""Connecting is bounded by ``connect_timeout``, and each way of failing to log in is named for what it is."""

from __future__ import annotations

import socket

import pytest

from diffsync_automation.network import check_device

pytestmark = pytest.mark.integration  # a real TCP listener on 127.0.0.1 and a real SSH client


def test_a_port_that_accepts_but_speaks_no_ssh_fails_within_the_connect_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # the kernel completes the TCP handshake; nothing ever sends an SSH banner
        port = listener.getsockname()[1]
        params = {
            "device_type": "cisco_ios",
            "host": "127.0.0.1",
            "port": port,
            "username": "u",
            "password": "s3cret-pw",
        }
        result = check_device("sw01", {"vlans": []}, params, connect_timeout=1.5, read_timeout=60)
    assert [error.kind for error in result.errors] == ["timeout"]
    assert (
        f"127.0.0.1:{port} accepted the connection but did not complete the SSH handshake within 1.5 s"
        in result.errors[0].message
    )
