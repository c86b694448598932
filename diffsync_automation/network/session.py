"""A device CLI session over netmiko with bounded waits and errors that say what happened.

netmiko's own waits are long and partly fixed (a 10 s command-echo wait, prompt discovery that backs off for
tens of seconds), so a hung device would stall a run for minutes. Every read here is bounded by
``read_timeout``: show commands wait for the known prompt instead of re-discovering it, and configuration lines
go through ``send_config_set`` one at a time with that timeout. netmiko and socket exceptions become the
``NetworkError`` subclasses of ``errors.py``; their messages never contain credentials. No line reaches netmiko
unless ``cli_text`` accepts it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import Any, Protocol

from netmiko import ConnectHandler
from netmiko.channel import SSHChannel
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadException, ReadTimeout
from netmiko.netmiko_globals import MAX_BUFFER
from paramiko import SSHException  # type: ignore[import-untyped]

from diffsync_automation.network.cli_text import cli_text_problem
from diffsync_automation.network.errors import (
    AuthenticationFailed,
    ConfigRejected,
    ConnectionLost,
    DeviceTimeout,
    DeviceUnreachable,
    MissingCredentials,
    NetworkError,
    UnsafeCommand,
)
from diffsync_automation.network.secrets import scrub_logs

ConnectionFactory = Callable[[], Any]
"""Returns a connected netmiko ``BaseConnection`` (or an object with the same methods)."""

DEFAULT_READ_TIMEOUT = 20.0
DEFAULT_CONNECT_TIMEOUT = 10.0
_PROMPT_LINE = re.compile(r"^(\S+?)(\(config[^)]*\))?([>#])\s*$")


class ConfigSession(Protocol):
    """What the device adapter and the push need from a session."""

    host: str

    @property
    def usable(self) -> bool:
        """Whether the session is open and in a known state."""

    @property
    def login_user(self) -> str | None:
        """The user the session is logged in as (None: not known)."""

    def show(self, command: str) -> str:
        """Output of a show command."""

    def enter_config(self, command: str) -> None:
        """Enter configuration mode with ``command``."""

    def config_line(self, command: str) -> str:
        """Send one configuration line; its reply (echo and output)."""

    def text_line(self, command: str) -> str:
        """Send one line of text the device reads raw, without a prompt after it (an EOS banner up to ``EOF``);
        its reply up to the echo."""

    def exit_config(self, command: str) -> None:
        """Leave configuration mode with ``command``; raise if the device is still in it."""

    def reopen(self) -> None:
        """Replace a broken connection with a new one."""


def netmiko_timeouts(read_timeout: float, connect_timeout: float) -> dict[str, float]:
    """netmiko ``ConnectHandler`` arguments bounding every wait by the user's two timeouts.

    ``connect_timeout`` bounds the TCP connect, the SSH banner and the login each; ``read_timeout`` every read,
    netmiko's own session preparation and prompt discovery included. They replace any value the connection
    parameters (or a Nornir inventory's ``extras``) give, so that the options of the run hold on every path.
    """
    return {
        "conn_timeout": connect_timeout,
        "banner_timeout": connect_timeout,
        "auth_timeout": connect_timeout,
        "read_timeout_override": read_timeout,
    }


DEFERRED_CONNECT = {"auto_connect": False}
"""netmiko ``ConnectHandler`` argument leaving the connect to ``log_in``."""


READ_WAIT = 0.05
"""Seconds a read of a channel with no reply yet waits for data before it returns nothing (``CloseAwareChannel``)."""


class CloseAwareChannel(SSHChannel):
    """netmiko's SSH channel, except that a read on a channel the device closed fails at once, and that a read
    that finds nothing while the device has not yet answered the last write waits up to ``READ_WAIT`` for data.

    netmiko only notices a closed channel when a read returns no bytes, which paramiko never does for a closed
    channel with an empty buffer: every read then waited for the full read timeout.

    netmiko waits for a reply by reading every 10-25 ms; with 50 sessions waiting on busy devices that was ~100
    empty reads per device, each taking the interpreter lock. Here such a read blocks in paramiko's ``recv``
    (a condition variable its transport thread signals; not ``fileno``, whose pipe paramiko closes while its
    transport thread may still write to it) and returns as soon as data arrives. Once the reply has started,
    reads return at once again, so netmiko's "nothing more?" checks (``clear_buffer``, the quiet period of
    ``read_channel_timing``) cost no extra time.
    """

    def __init__(self, conn: Any, encoding: str) -> None:
        super().__init__(conn, encoding)
        self._answered = False
        """Whether data arrived since the last write (or, before any write, at all)."""

    def write_channel(self, out_data: str) -> None:
        self._answered = False
        super().write_channel(out_data)

    def read_channel(self) -> str:
        output: str = super().read_channel()
        if not output and not self._answered and self.remote_conn is not None:
            output = self._first_data(self.remote_conn)
        self._answered = self._answered or bool(output)
        return output

    def _first_data(self, channel: Any) -> str:
        """What arrives within ``READ_WAIT``, with whatever is there right after it ("" if nothing came)."""
        timeout = channel.gettimeout()
        channel.settimeout(READ_WAIT)
        try:
            data: bytes = channel.recv(MAX_BUFFER)
        except TimeoutError:  # paramiko's socket.timeout
            return ""
        finally:
            channel.settimeout(timeout)
        if not data:
            raise ReadException("Channel stream closed by remote device.")
        rest: str = super().read_channel()
        return data.decode(self.encoding, "ignore") + rest

    def read_buffer(self) -> str:
        output: str = super().read_buffer()
        channel = self.remote_conn
        if not output and channel is not None and (channel.closed or channel.eof_received):
            raise ReadException("Channel stream closed by remote device.")
        return output


def watch_for_close(conn: Any) -> None:
    """Give a connected netmiko connection the ``CloseAwareChannel`` (other channel kinds are left alone)."""
    channel = getattr(conn, "channel", None)
    if type(channel) is SSHChannel:
        conn.channel = CloseAwareChannel(channel.remote_conn, channel.encoding)


def log_in(conn: Any) -> Any:
    """Connect a netmiko connection made with ``auto_connect=False``; the connection, logged in.

    This is netmiko's own connect (``_open``), except that the ``CloseAwareChannel`` is in place from the SSH
    handshake on, so a device that closes the connection during the login (too many sessions, say) is reported
    at once instead of after the read timeout, and that a failed login is dropped without netmiko's polite logout,
    which would wait on a hung device once more. On failure the connection is closed.
    """
    establish = conn.establish_connection

    def establish_and_watch(*args: Any, **kwargs: Any) -> None:
        establish(*args, **kwargs)
        watch_for_close(conn)

    conn.establish_connection = establish_and_watch
    conn.cleanup = _no_logout
    try:
        conn._open()
    except Exception:
        conn.disconnect()
        raise
    finally:
        del conn.establish_connection, conn.cleanup  # back to the class's methods
    return conn


def _no_logout(*args: Any, **kwargs: Any) -> None:
    """Stands in for netmiko's ``cleanup`` (the logout) while a login is under way."""


scrub_logs(logging.getLogger("netmiko"))  # netmiko logs each line sent and read at DEBUG level


class NetmikoSession:
    """One device session: opened on first use, closed by ``close`` (or the ``with`` block).

    ``connect`` opens the connection; it is called again by ``reopen`` after the connection broke.
    ``owns_connection=False`` leaves closing to the caller (a Nornir connection, for instance).
    """

    def __init__(
        self,
        host: str,
        connect: ConnectionFactory,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        owns_connection: bool = True,
        address: str = "",
    ) -> None:
        self.host = host
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self._connect = connect
        self._owns = owns_connection
        self._address = address or "the device"
        self._conn: Any = None
        self._broken = False

    @classmethod
    def from_params(
        cls,
        host: str,
        params: Mapping[str, Any],
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> NetmikoSession:
        """A session that connects with ``netmiko.ConnectHandler(**params)``, bounded by the two timeouts."""
        settings = {**params, **netmiko_timeouts(read_timeout, connect_timeout), **DEFERRED_CONNECT}
        address = f"{settings.get('host', '?')}:{settings.get('port', 22)}"
        return cls(
            host,
            lambda: log_in(ConnectHandler(**settings)),
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            address=address,
        )

    @classmethod
    def for_device(
        cls,
        host: str,
        connection_params: Mapping[str, Any],
        connection_factory: ConnectionFactory | None,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        owns_connection: bool = True,
    ) -> NetmikoSession:
        """The session for a device given either a connection factory or netmiko ``ConnectHandler`` parameters.

        A factory must bound its own waits (``netmiko_timeouts``); ``connect_timeout`` only words its errors.
        """
        if connection_factory is not None:
            return cls(
                host,
                connection_factory,
                read_timeout=read_timeout,
                connect_timeout=connect_timeout,
                owns_connection=owns_connection,
            )
        if connection_params:
            return cls.from_params(host, connection_params, read_timeout=read_timeout, connect_timeout=connect_timeout)
        raise ValueError(f"host {host}: give connection_params or a connection_factory")

    # ------------------------------------------------------------------ lifecycle
    @property
    def usable(self) -> bool:
        return self._conn is not None and not self._broken

    @property
    def login_user(self) -> str | None:
        """netmiko's ``username`` of the open connection."""
        username = getattr(self._conn, "username", None)
        return username if isinstance(username, str) and username else None

    def open(self) -> None:
        """Connect (if not yet connected) and enter privileged mode."""
        if self._conn is not None:
            return
        with self._errors("connecting"):
            self._conn = self._connect()
            self._broken = False
            watch_for_close(self._conn)
        try:
            self._conn.enable()  # netmiko checks the prompt first and types nothing on a privileged session
        except (ValueError, ReadTimeout) as exc:
            # netmiko reports a refused secret as ValueError on some platforms and by waiting in vain for a
            # '#' prompt on others; a device still answering with its '>' prompt refused the secret.
            if isinstance(exc, ValueError) or self._answers_unprivileged():
                self._mark_broken()
                raise AuthenticationFailed(self.host, "the device refused the enable secret") from exc
            raise self._translate(exc, "entering privileged mode") from exc
        except Exception as exc:
            raise self._translate(exc, "entering privileged mode") from exc

    def reopen(self) -> None:
        self._discard()
        self.open()

    def close(self) -> None:
        """Log out (or just drop a broken connection); a connection the session does not own stays open."""
        if self._conn is None:
            return
        if self._owns:
            if self._broken:
                self._discard()
                return
            with suppress(Exception):  # logging out of a device that already went away is not an error
                self._conn.disconnect()
        self._conn = None

    def __enter__(self) -> NetmikoSession:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ commands
    def show(self, command: str) -> str:
        """Output of ``command``: read up to its echo, then up to the prompt that follows it.

        Waiting for the echo first (netmiko's ``cmd_verify``) drops a prompt still in flight from an earlier
        exchange (netmiko's login can leave one behind when the device answers slowly), which would otherwise
        end the read before the output came.
        """
        conn = self._ready(command)
        with self._errors(f"running {command!r}"):
            output: str = conn.send_command(
                command, read_timeout=self.read_timeout, expect_string=self._prompt_pattern(conn), cmd_verify=True
            )
        return output

    def config_line(self, command: str) -> str:
        conn = self._ready(command)
        with self._errors(f"sending {command!r}"):
            output: str = conn.send_config_set(
                [command],
                enter_config_mode=False,
                exit_config_mode=False,
                read_timeout=self.read_timeout,
                cmd_verify=True,
                strip_prompt=False,
                strip_command=False,
            )
        prompt = _last_prompt(output)
        if prompt is not None:
            # The hostname may change during the session (a Junos commit renames the prompt): follow it.
            conn.base_prompt = prompt.group(1)
        return output

    def text_line(self, command: str) -> str:
        conn = self._ready(command)
        with self._errors(f"sending {command!r}"):
            conn.write_channel(conn.normalize_cmd(command))
            output: str = conn.read_until_pattern(pattern=re.escape(command), read_timeout=self.read_timeout)
        return output

    def enter_config(self, command: str) -> None:
        reply = self.config_line(command)
        prompt = _last_prompt(reply)
        if prompt is None or not _in_config(prompt):
            said = [line.strip() for line in reply.splitlines()[1:-1] if line.strip()]
            reason = f" (the device said: {' '.join(said)})" if said else ""
            raise self._unknown_state(f"{command!r} did not enter configuration mode{reason}")

    def exit_config(self, command: str) -> None:
        prompt = _last_prompt(self.config_line(command))
        if prompt is None or _in_config(prompt):
            raise self._unknown_state(f"{command!r} did not leave configuration mode")

    # ------------------------------------------------------------------ internals
    def _ready(self, command: str) -> Any:
        """The open connection, once ``command`` is known to be safe to type (the last guard before netmiko)."""
        problem = cli_text_problem(command)
        if problem is not None:
            raise UnsafeCommand(self.host, f"refused to send {command!r}: it {problem}")
        if self._broken:
            raise ConnectionLost(self.host, "the session broke earlier and was not reopened")
        self.open()
        return self._conn

    @staticmethod
    def _prompt_pattern(conn: Any) -> str:
        return rf"(?m)^{re.escape(str(conn.base_prompt))}[>#]\s*$"

    def _unknown_state(self, message: str) -> NetworkError:
        self._mark_broken()
        return ConfigRejected(self.host, message)

    def _mark_broken(self) -> None:
        self._broken = True

    def _discard(self) -> None:
        """Drop the connection without talking to the device (which may not answer)."""
        conn, self._conn = self._conn, None
        self._broken = False
        if conn is None or not self._owns:
            return
        cleanup = getattr(conn, "paramiko_cleanup", None)
        try:
            if cleanup is not None:
                cleanup()
            else:
                conn.disconnect()
        except Exception:  # the connection is being thrown away
            pass

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except NetworkError:
            raise
        except Exception as exc:
            raise self._translate(exc, doing) from exc

    def _translate(self, exc: Exception, doing: str) -> Exception:
        """The ``NetworkError`` for a netmiko/paramiko/socket exception; other exceptions unchanged."""
        if isinstance(exc, NetmikoAuthenticationException):
            if str(exc).rstrip().endswith("Authentication timeout."):  # paramiko's auth_timeout, in netmiko's message
                return DeviceTimeout(
                    self.host,
                    f"{self._address} did not answer the login within {self.connect_timeout:g} s; check the device, or"
                    " raise the connect timeout if it is just slow",
                )
            return AuthenticationFailed(self.host, "the device refused the login (check username and password)")
        if isinstance(exc, NetmikoTimeoutException):
            return self._connect_failure(str(exc), exc.__context__)
        if isinstance(exc, ReadTimeout):
            if self._conn is None:
                return DeviceTimeout(
                    self.host,
                    f"{self._address} accepted the connection but stopped answering (no reply within"
                    f" {self.read_timeout:g} s while logging in); check the device, or raise the read timeout if it"
                    " is just slow",
                )
            alive = self._alive()
            self._mark_broken()
            if not alive:  # closed in a way the channel did not show: found out only by the timeout
                return ConnectionLost(
                    self.host,
                    f"the device closed the connection while {doing} (noticed after the {self.read_timeout:g} s"
                    " read timeout)",
                )
            return DeviceTimeout(
                self.host, f"the device stopped answering: no reply within {self.read_timeout:g} s while {doing}"
            )
        if isinstance(exc, ReadException):
            self._mark_broken()
            where = doing if self._conn is not None else "logging in"
            return ConnectionLost(self.host, f"the device closed the connection while {where}")
        if isinstance(exc, (SSHException, OSError, EOFError)):
            self._mark_broken()
            if self._conn is None:
                return DeviceUnreachable(self.host, f"could not open an SSH session to {self._address}: {exc}")
            return ConnectionLost(self.host, f"the connection failed while {doing}: {exc}")
        return exc

    def _connect_failure(self, netmiko_message: str, cause: BaseException | None) -> NetworkError:
        """The error for netmiko's connect failure: its message says what paramiko ran into, ``cause`` (the
        exception netmiko was handling) what the socket did."""
        reason = netmiko_message.strip().splitlines()[-1].strip() if netmiko_message.strip() else ""
        if "No authentication methods available" in netmiko_message:
            return MissingCredentials(
                self.host,
                f"no credentials to log in to {self._address} with ({reason}): set the host's username and password"
                " (or an SSH key)",
            )
        if "SSH protocol banner" in netmiko_message or "No existing session" in netmiko_message:
            # netmiko words a missing banner as "No existing session" (paramiko gave up waiting for it)
            return DeviceTimeout(
                self.host,
                f"{self._address} accepted the connection but did not complete the SSH handshake within"
                f" {self.connect_timeout:g} s; check that an SSH server answers on that port, or raise the connect"
                " timeout for a slow device",
            )
        if "paramiko SSHException" in netmiko_message:
            return DeviceUnreachable(self.host, f"the SSH handshake with {self._address} failed: {reason}")
        unreachable = f"could not open an SSH connection to {self._address}"
        errors = getattr(cause, "errors", None)  # paramiko's NoValidConnectionsError: the error per address tried
        if isinstance(errors, dict) and errors:
            cause = next(iter(errors.values()))
        if isinstance(cause, ConnectionRefusedError):
            return DeviceUnreachable(
                self.host, f"{unreachable}: the connection was refused (nothing listens there); check the port"
            )
        if isinstance(cause, TimeoutError):
            return DeviceUnreachable(
                self.host,
                f"{unreachable}: no answer within {self.connect_timeout:g} s; check the address and the network path",
            )
        if "DNS failure" in netmiko_message:
            return DeviceUnreachable(self.host, f"{unreachable}: the name does not resolve; check the address")
        why = (cause.strerror if isinstance(cause, OSError) else None) or cause or reason
        return DeviceUnreachable(self.host, f"{unreachable}: {why}; check the address, the port and the network path")

    def _answers_unprivileged(self) -> bool:
        """Whether the device answers a bare return with its unprivileged ``>`` prompt."""
        try:
            self._conn.write_channel(self._conn.RETURN)
            reply = str(self._conn.read_until_pattern(pattern=r"[>#]\s*$", read_timeout=self.read_timeout))
        except Exception:  # no answer at all: not a refused secret
            return False
        return reply.rstrip().endswith(">")

    def _alive(self) -> bool:
        try:
            return bool(self._conn is not None and self._conn.is_alive())
        except Exception:  # a dead transport may raise instead of answering False
            return False


def _in_config(prompt: re.Match[str]) -> bool:
    """IOS-style ``host(config)#``, or Junos ``user@host#`` (its operational prompt ends in ``>``)."""
    return prompt.group(2) is not None or (prompt.group(3) == "#" and "@" in prompt.group(1))


def _last_prompt(output: str) -> re.Match[str] | None:
    lines = [line for line in output.splitlines() if line.strip()]
    return _PROMPT_LINE.match(lines[-1].strip()) if lines else None
