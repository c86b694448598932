"""Real ``redis-server`` processes for tests and the Redis benchmark: 127.0.0.1, a free port, a temp dir.

Used by tests/store/conftest.py (fixtures) and benchmarks/redis_bench.py. Every server is a child process of the
caller and is stopped by ``stop()`` (the fixtures do that at teardown). Options cover the dedicated servers the error
tests need: a password, ACL users, a unix socket, TLS, few databases, and an append-only file so that data survives
a restart.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

READY_MARK = "Ready to accept connections"
START_TIMEOUT = 10.0
REQUIRE_ENV = "REQUIRE_REDIS"
URL_ENV = "REDIS_URL"


class RedisServerError(RuntimeError):
    """A redis-server could not be started."""


def redis_server_binary() -> str | None:
    """Path of the ``redis-server`` executable, if installed."""
    return shutil.which("redis-server")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class TlsFiles:
    """Certificate files for a TLS server and for clients that trust it."""

    cert: Path
    key: Path
    ca: Path


@dataclass
class RedisServer:
    """One redis-server process bound to 127.0.0.1 (and optionally a unix socket) in ``workdir``."""

    workdir: Path
    password: str | None = None
    acl_users: tuple[str, ...] = ()
    """ACL rules, one string per user, e.g. ``"alice on >pw ~* &* +@all"``."""
    unixsocket: bool = False
    tls: TlsFiles | None = None
    persistent: bool = False
    """Append-only file with fsync on every write, so that a restart keeps the data."""
    databases: int = 16
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def socket_path(self) -> Path:
        """Where the unix socket is (if enabled)."""
        return self.workdir / "redis.sock"

    def url(self, db: int = 0, *, password: str | None = None, username: str | None = None) -> str:
        """``redis://`` (or ``rediss://`` for a TLS server) URL; ``password`` defaults to the server's."""
        scheme = "rediss" if self.tls else "redis"
        return f"{scheme}://{_userinfo(username, password or self.password)}127.0.0.1:{self.port}/{db}"

    def unix_url(self, db: int = 0, *, password: str | None = None) -> str:
        """``unix://`` URL of the socket."""
        return f"unix://{_userinfo(None, password or self.password)}{self.socket_path}?db={db}"

    def start(self) -> RedisServer:
        """Start on a free port (a new one if the chosen port was taken meanwhile); RedisServerError on failure."""
        last_error = ""
        for _attempt in range(5):
            port = self.port or free_port()
            try:
                self._launch(port)
                return self
            except RedisServerError as error:
                last_error = str(error)
                if self.port:  # a restart must keep its port: do not wander off
                    break
        raise RedisServerError(last_error)

    def stop(self) -> None:
        """Terminate the server and wait for it."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        """Stop, then start again on the same port (with the same data if ``persistent``)."""
        self.stop()
        self.start()

    def _arguments(self, port: int) -> list[str]:
        binary = redis_server_binary()
        if binary is None:
            raise RedisServerError("redis-server is not installed")
        args = [binary, "--bind", "127.0.0.1", "--dir", str(self.workdir), "--logfile", str(self._log)]
        args += ["--save", "", "--databases", str(self.databases), "--loglevel", "notice"]
        if self.persistent:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        if self.tls:
            args += ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(self.tls.cert)]
            args += ["--tls-key-file", str(self.tls.key), "--tls-ca-cert-file", str(self.tls.ca)]
            args += ["--tls-auth-clients", "no"]
        else:
            args += ["--port", str(port)]
        if self.unixsocket:
            args += ["--unixsocket", str(self.socket_path), "--unixsocketperm", "700"]
        if self.password:
            args += ["--requirepass", self.password]
        for rule in self.acl_users:
            args += ["--user", *rule.split()]  # one argv item per token, as in a config file line
        return args

    @property
    def _log(self) -> Path:
        return self.workdir / "redis.log"

    def _launch(self, port: int) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        log_start = self._log.stat().st_size if self._log.exists() else 0
        process = subprocess.Popen(
            self._arguments(port), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            log = self._log.read_text(errors="replace")[log_start:] if self._log.exists() else ""
            if READY_MARK in log:
                self.process, self.port = process, port
                return
            if process.poll() is not None:
                stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
                lines = [line for line in (log + stderr).splitlines() if "overcommit" not in line]
                raise RedisServerError(f"redis-server exited with {process.returncode}: " + " | ".join(lines[-4:]))
            time.sleep(0.02)
        process.kill()
        process.wait(timeout=10)
        raise RedisServerError(f"redis-server did not become ready within {START_TIMEOUT} s")


def _userinfo(username: str | None, password: str | None) -> str:
    if not username and not password:
        return ""
    return f"{quote(username or '', safe='')}:{quote(password or '', safe='')}@" if password else f"{username}@"


def redis_required() -> bool:
    """Whether a missing redis-server must fail the run instead of skipping (``.ci/run`` sets it)."""
    return os.environ.get(REQUIRE_ENV) == "1"
