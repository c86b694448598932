"""Exceptions of ``RedisStore`` and the translation of redis-py errors into them.

Every message names the server by its URL with the password replaced by ``***``, so that logs and tracebacks
say which server failed without leaking the secret.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

from redis import exceptions as redis_errors

from diffsync_automation.exceptions import ObjectStoreException

MASK = "***"


class RedisStoreError(ObjectStoreException):
    """A Redis operation of a ``RedisStore`` failed."""


class RedisStoreUnavailable(RedisStoreError):
    """The server cannot be reached, dropped the connection, timed out, or is still loading its data."""


class RedisStoreAuthError(RedisStoreError):
    """The server rejected the credentials, or the user lacks a permission the store needs."""


class RedisStoreCorrupt(RedisStoreError):
    """A stored value is not an object this store wrote (foreign format, planted data, unknown model type)."""


class RedisStoreValueError(RedisStoreError, ValueError):
    """A field holds a value the store has no form for; raised by ``add``/``update`` before anything is stored."""


class RedisStoreStale(RedisStoreError):
    """The store's data changed under this instance: deleted, expired, lost in a restart, or rewritten elsewhere."""


def mask_url(url: str) -> str:
    """``url`` with its password (in the user info or a ``password`` query parameter) replaced by ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, has_password, _password = userinfo.partition(":")
        netloc = f"{user}:{MASK}@{hostport}" if has_password else f"{user}@{hostport}"
    query = parts.query
    if query:
        pairs = [(key, MASK if "password" in key else value) for key, value in parse_qsl(query, keep_blank_values=True)]
        query = urlencode(pairs, safe="/*")
    masked = f"{parts.scheme}://{netloc}{parts.path}"
    return f"{masked}?{query}" if query else masked


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of a secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


def translate(error: Exception, where: str, action: str, secrets: Iterable[str]) -> RedisStoreError:
    """The ``RedisStoreError`` to raise for a redis-py (or socket) ``error`` met while doing ``action``."""
    detail = scrub(str(error) or type(error).__name__, secrets)
    refused = (redis_errors.AuthenticationError, redis_errors.NoPermissionError)
    if isinstance(error, refused) or any(code in detail for code in ("NOAUTH", "WRONGPASS", "NOPERM")):
        return RedisStoreAuthError(f"Redis server at {where} refused access while {action}: {detail}")
    if "DB index" in detail or "Invalid Database" in detail:
        return RedisStoreError(f"Redis server at {where} rejected the database index while {action}: {detail}")
    unreachable = (redis_errors.ConnectionError, redis_errors.TimeoutError, redis_errors.BusyLoadingError, OSError)
    if isinstance(error, unreachable):
        return RedisStoreUnavailable(f"Redis store is unavailable at {where} while {action}: {detail}")
    return RedisStoreError(f"Redis server at {where} failed while {action}: {detail}")
