"""Helpers of the Dask runner tests, in a module of their own so test modules need not import conftest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed import LocalCluster
from nornir.core import Nornir

from nornir_plugins.dask_runner import start_local_cluster

NornirFactory = Callable[..., Nornir]


def local_cluster(**scheduler: Any) -> LocalCluster:
    """Two single-threaded worker processes on 127.0.0.1, as ``DaskRunner(workers=2)`` starts them."""
    return start_local_cluster(2, scheduler_kwargs=scheduler)
