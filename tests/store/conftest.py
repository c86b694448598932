"""Fixtures for the store tests: a shared redis-server, dedicated servers, and a store factory for both stores.

Redis rule (docs/DEVELOPERS): use ``REDIS_URL`` if set, else start ``redis-server`` on a free 127.0.0.1 port, else
skip with the reason; ``REQUIRE_REDIS=1`` turns that skip into a failure. Tests that need a specially configured
server (password, ACL, unix socket, TLS, restart) always start their own with ``redis_servers``.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from redis_server import URL_ENV, RedisServer, RedisServerError, redis_required, redis_server_binary

from diffsync_automation.exceptions import ObjectStoreException
from diffsync_automation.store import BaseStore
from diffsync_automation.store.local import LocalStore

TEST_PREFIX = "dsa-test"
"""Key prefix of every store the tests create, so an external REDIS_URL server's own data is never touched."""


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail when REQUIRE_REDIS=1."""
    if redis_required():
        pytest.fail(f"{reason} (REQUIRE_REDIS=1 forbids skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a redis-server shared by the session: REDIS_URL, else one started on a free loopback port."""
    url = os.environ.get(URL_ENV)
    if url:
        yield url
        return
    if redis_server_binary() is None:
        unavailable("redis-server is not installed and REDIS_URL is not set")
    try:
        server = RedisServer(tmp_path_factory.mktemp("redis-shared")).start()
    except RedisServerError as error:
        unavailable(f"could not start redis-server: {error}")
    try:
        yield server.url()
    finally:
        server.stop()


ServerFactory = Callable[..., RedisServer]


@pytest.fixture
def redis_servers(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start dedicated redis-servers (``RedisServer`` options as keywords); all are stopped at teardown."""
    if redis_server_binary() is None:
        unavailable("redis-server is not installed (dedicated servers cannot come from REDIS_URL)")
    started: list[RedisServer] = []

    def start(**options: Any) -> RedisServer:
        server = RedisServer(tmp_path / f"redis{len(started)}", **options)
        started.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def store_id() -> str:
    """A fresh store id per test."""
    return f"test-{uuid.uuid4()}"


StoreFactory = Callable[..., BaseStore]


@pytest.fixture(params=["local", pytest.param("redis", marks=pytest.mark.redis)])
def make_store(request: pytest.FixtureRequest) -> Iterator[StoreFactory]:
    """Build stores of one kind (LocalStore or RedisStore on the shared server); Redis data is deleted afterwards."""
    if request.param == "local":
        yield lambda **kwargs: LocalStore(**kwargs)
        return
    from diffsync_automation.store.redis import RedisStore

    url = request.getfixturevalue("redis_url")
    created: list[RedisStore] = []

    def factory(**kwargs: Any) -> BaseStore:
        kwargs.setdefault("store_id", f"test-{uuid.uuid4()}")
        store = RedisStore(url=url, key_prefix=TEST_PREFIX, **kwargs)
        created.append(store)
        return store

    yield factory
    for store in created:
        with contextlib.suppress(ObjectStoreException):  # a test may leave a store stale on purpose
            store.close()
        RedisStore.delete_store(store.store_id, url=url, key_prefix=TEST_PREFIX)


@pytest.fixture
def redis_stores(request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """Open RedisStores (``url`` defaults to the shared server, prefix to TEST_PREFIX); their data is deleted after."""
    from diffsync_automation.store.redis import RedisStore

    opened: list[tuple[RedisStore, str]] = []

    def open_store(url: str | None = None, **kwargs: Any) -> RedisStore:
        url = url or request.getfixturevalue("redis_url")
        kwargs.setdefault("store_id", f"test-{uuid.uuid4()}")
        kwargs.setdefault("key_prefix", TEST_PREFIX)
        store = RedisStore(url=url, **kwargs)
        opened.append((store, url))
        return store

    yield open_store
    for store, url in opened:
        with contextlib.suppress(ObjectStoreException):  # the server may be gone or the store stale on purpose
            store.close()
        with contextlib.suppress(ObjectStoreException):
            RedisStore.delete_store(store.store_id, url=url, key_prefix=store.key_prefix)
