"""Building the redis-py client of a ``RedisStore`` from diffsync's ``url``/``host``/``port``/``db`` arguments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from diffsync_automation.store._redis_errors import RedisStoreUnavailable, mask_url, scrub

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a TCP/TLS/unix connection (redis-py 4.x waits forever by default)."""

SOCKET_TIMEOUT = 60.0
"""Seconds to wait for a reply; generous because one reply may carry a whole model type."""

RETRIES = 3
"""Reconnection attempts per command after a dropped connection, with 50 ms to 500 ms backoff."""


@dataclass(frozen=True)
class Connection:
    """A client plus what error messages may say about it."""

    client: Redis
    where: str
    """The server URL with the password masked."""
    secrets: tuple[str, ...]
    """Strings that must never appear in a message (the password, raw and percent-decoded)."""


def connect(*, url: str | None, host: str | None, port: int, db: int, options: Mapping[str, Any] | None) -> Connection:
    """A client for ``url`` or ``host``/``port`` (not yet connected: redis-py connects on the first command).

    ``options`` are extra keyword arguments for redis-py (TLS files, timeouts, ``retry``...); they override ours.
    """
    if url and host and port:
        raise ValueError("'url' and 'host' arguments can't be specified together.")
    kwargs: dict[str, Any] = {
        "socket_connect_timeout": CONNECT_TIMEOUT,
        "socket_timeout": SOCKET_TIMEOUT,
        "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), RETRIES),
        **(options or {}),
    }
    secrets = [str(kwargs["password"])] if kwargs.get("password") else []
    if url:
        parts = urlsplit(url)
        if parts.password:
            secrets += [parts.password, unquote(parts.password)]
        secrets += [value for key, value in parse_qsl(parts.query) if "password" in key]
        where = mask_url(url)
        try:
            client = Redis.from_url(url, db=db, **kwargs)
        except ValueError as error:
            raise ValueError(f"invalid Redis URL {where}: {scrub(str(error), secrets)}") from None
    elif host:
        where = f"redis://{host}:{port}/{db}"
        client = Redis(host=host, port=port, db=db, **kwargs)
    else:
        raise RedisStoreUnavailable("Redis store is unavailable: neither 'host' nor 'url' was specified.")
    return Connection(client=client, where=where, secrets=tuple(secrets))
