"""Two (and more) real processes sharing RedisStores on one server: one loads, others diff and sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from diffsync_automation.store.redis import RedisStore

from .conftest import TEST_PREFIX
from .models import INTENDED, LIVE, Network, fill

pytestmark = pytest.mark.redis

TESTS_DIR = Path(__file__).resolve().parent.parent


def worker(*args: str) -> subprocess.Popen[str]:
    """Start ``store.redis_worker`` in a new interpreter."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(
        [sys.executable, "-m", "store.redis_worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> Any:
    """Wait for a worker; its stdout parsed as JSON (None if empty)."""
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return json.loads(stdout) if stdout else None


@pytest.fixture
def store_ids(redis_url: str) -> Any:
    ids = [f"test-{uuid.uuid4()}" for _ in range(2)]
    yield ids
    for store_id in ids:
        RedisStore.delete_store(store_id, url=redis_url, key_prefix=TEST_PREFIX)


def test_one_process_loads_another_diffs_and_syncs(redis_url: str, store_ids: list[str]) -> None:
    store_id = store_ids[0]
    assert finish(worker("load", redis_url, store_id, TEST_PREFIX, "live")) is None
    source = fill(Network(), INTENDED)
    expected = fill(Network(), LIVE).diff_from(source)
    assert finish(worker("diff", redis_url, store_id, TEST_PREFIX, "intended")) == expected.dict()
    assert finish(worker("sync", redis_url, store_id, TEST_PREFIX, "intended")) == expected.dict()
    assert finish(worker("diff", redis_url, store_id, TEST_PREFIX, "intended")) == source.diff_from(source).dict()
    reader = Network(internal_storage_engine=RedisStore(url=redis_url, store_id=store_id, key_prefix=TEST_PREFIX))
    assert reader.dict() == source.dict()


def test_concurrent_loaders_keep_their_stores_apart(redis_url: str, store_ids: list[str]) -> None:
    loaders = [
        worker("load", redis_url, store_id, TEST_PREFIX, dataset)
        for store_id, dataset in zip(store_ids, ("live", "intended"))
    ]
    for loader in loaders:
        finish(loader)
    for store_id, dataset in zip(store_ids, (LIVE, INTENDED)):
        reader = Network(internal_storage_engine=RedisStore(url=redis_url, store_id=store_id, key_prefix=TEST_PREFIX))
        assert reader.dict() == fill(Network(), dataset).dict()
        assert [device.name for device in reader.get_all("device")] == [name for name, _role, _ in dataset]
