"""Fixtures for the Dask runner tests: a real LocalCluster of worker processes on 127.0.0.1, Nornir over it.

``DaskRunner`` is registered by hand so the tests do not depend on the package's entry points being installed.
The worker processes are spawned with this process's ``sys.path``, so they import ``dask_tasks`` as the tests do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_helpers import NornirFactory, local_cluster
from distributed import LocalCluster
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.plugins.runners import RunnersPluginRegister

from nornir_plugins.dask_runner import DaskRunner

__all__ = ["dask_cluster", "nornir_factory"]

RunnersPluginRegister.register("dask", DaskRunner)


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[LocalCluster]:
    """One cluster per module for the tests that do not harm it (starting worker processes takes seconds)."""
    with local_cluster() as cluster:
        yield cluster


@pytest.fixture
def nornir_factory() -> Iterator[NornirFactory]:
    """``make(directory, plugin, **options)``: InitNornir over ``directory/nornir.yaml`` with that runner.

    Dask runners are closed and every driver-side connection is closed at teardown.
    """
    opened: list[Nornir] = []

    def make(directory: Path, plugin: str = "threaded", **options: Any) -> Nornir:
        runner = InitNornir(config_file=str(directory / "nornir.yaml"), runner={"plugin": plugin, "options": options})
        opened.append(runner)
        return runner

    yield make
    for runner in opened:
        runner.close_connections(on_good=True, on_failed=True)
        if isinstance(runner.runner, DaskRunner):
            runner.runner.close()
