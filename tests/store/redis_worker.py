"""A separate process acting on a RedisStore: ``python -m store.redis_worker ACTION URL STORE_ID PREFIX DATASET``.

Actions: ``load`` (fill the store with DATASET and exit without flushing: the interpreter-exit flush must write it),
``diff`` and ``sync`` (against an in-memory source built from DATASET; print the diff as JSON).
"""

from __future__ import annotations

import json
import sys

from diffsync_automation.store.redis import RedisStore

from .models import DATASETS, Network, fill


def main(action: str, url: str, store_id: str, prefix: str, dataset: str) -> None:
    target = Network(internal_storage_engine=RedisStore(url=url, store_id=store_id, key_prefix=prefix))
    if action == "load":
        fill(target, DATASETS[dataset])
        return
    source = fill(Network(), DATASETS[dataset])
    diff = target.diff_from(source) if action == "diff" else target.sync_from(source)
    sys.stdout.write(json.dumps(diff.dict()))


if __name__ == "__main__":
    main(*sys.argv[1:])
