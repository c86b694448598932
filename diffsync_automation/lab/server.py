"""SSH side of a simulated device: authentication, the interactive shell and fault behaviour.

Built on asyncssh with its line editor off: input is echoed when a line is consumed, not when it arrives,
so echo, output and prompt stay in order when a client types ahead (netmiko does). See
docs/lab.md for the other pitfalls this module avoids.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
import socket
from typing import TYPE_CHECKING, Any

import asyncssh

from diffsync_automation.lab.platforms import open_session

if TYPE_CHECKING:
    from diffsync_automation.lab.lab import SimDevice

LISTEN_HOST = "127.0.0.1"
KEX_ALGORITHMS = ("curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256")
ENCRYPTION_ALGORITHMS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com")
"""What the lab offers in the SSH handshake: an elliptic-curve key exchange and AEAD ciphers, cheap in CPU for the
lab and the client (asyncssh's default would settle with paramiko on the post-quantum hybrid key exchange and
AES-CTR with a separate HMAC per packet). paramiko, libssh and OpenSSH clients support them."""
_LINE_END = re.compile(r"\r\n?|\n")


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


class _DeviceServer(asyncssh.SSHServer):
    """Per-connection server object: password check and connection bookkeeping."""

    def __init__(self, device: SimDevice) -> None:
        self._device = device
        self._conn: Any = None

    def connection_made(self, conn: Any) -> None:
        self._conn = conn
        self._device.connections.add(conn)
        _ack_promptly(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self._device.connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        credentials = self._device.credentials
        if self._device.faults.reject_login:
            return False
        return _same(username, credentials.username) and _same(password, credentials.password)


def _ack_promptly(conn: Any) -> None:
    """Set TCP_QUICKACK after every read.

    paramiko does not set TCP_NODELAY, so a client packet the server does not answer at once waits for the
    server's delayed ACK (about 40 ms, twice per login). Acknowledging at once removes that stall. Linux only.
    """
    sock = conn.get_extra_info("socket")
    if sock is None or not hasattr(socket, "TCP_QUICKACK"):
        return
    original = conn.data_received

    def data_received(data: bytes, datatype: int | None = None) -> None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        original(data, datatype)

    conn.data_received = data_received


class _LineReader:
    """Splits raw channel input into lines (CR, LF or CRLF, possibly split across reads)."""

    def __init__(self, stdin: Any) -> None:
        self._stdin = stdin
        self._buffer = ""
        self._pending_lf = False

    async def readline(self) -> str | None:
        """Next line without its terminator, or None at end of input."""
        while True:
            if self._pending_lf and self._buffer:
                self._buffer = self._buffer.removeprefix("\n")
                self._pending_lf = False
            found = _LINE_END.search(self._buffer)
            if found is not None:
                line, self._buffer = self._buffer[: found.start()], self._buffer[found.end() :]
                self._pending_lf = found.group() == "\r" and not self._buffer
                return line
            data = await self._stdin.read(4096)
            if not data:
                return None
            self._buffer += data


async def serve_shell(process: Any, device: SimDevice) -> None:
    """Run the interactive CLI of ``device`` on one SSH session."""
    session = open_session(device.state, device.credentials.username)
    reader = _LineReader(process.stdin)
    connection = process.get_extra_info("connection")

    def write(text: str) -> None:
        process.stdout.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))

    dropped = False
    config_lines = 0
    try:
        if not device.faults.silent:
            write("\n" + session.prompt())
        while (line := await reader.readline()) is not None:
            faults = device.faults
            if faults.silent:
                continue
            if faults.drops(line):
                dropped = True
                connection.abort()
                return
            if faults.drop_after is not None and session.level == "config" and line.strip() not in ("", "end"):
                config_lines += 1
                if config_lines > faults.drop_after:
                    dropped = True
                    connection.abort()
                    return
            if faults.delay and line.strip():
                await asyncio.sleep(faults.delay)
            shown, line = session.typed(line)
            write(shown + "\n")
            if faults.rejects(line):
                write(session.invalid_input(line) + session.prompt())
                continue
            reply = session.handle(line)
            if reply.close:
                break
            if reply.ask_password:
                write("Password: ")
                password = await reader.readline()
                if password is None:
                    break
                write("\n")
                if _same(password, device.credentials.secret):
                    session.enter_enable()
                else:
                    write("% Access denied\n")
            write(reply.text + session.prompt())
    except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged, ConnectionError):
        pass
    finally:
        if not dropped:
            process.exit(0)


async def listen(device: SimDevice, host_key: Any, port: int = 0) -> Any:
    """Start accepting SSH connections for ``device``; ``port=0`` lets the OS choose."""
    return await asyncssh.create_server(
        lambda: _DeviceServer(device),
        LISTEN_HOST,
        port,
        server_host_keys=[host_key],
        kex_algs=list(KEX_ALGORITHMS),
        encryption_algs=list(ENCRYPTION_ALGORITHMS),
        process_factory=lambda process: serve_shell(process, device),
        encoding="utf-8",
        line_editor=False,
    )
