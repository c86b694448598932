"""The Nornir side of ``drift``, ``sync`` and ``apply``: open the inventory, run one task on every host, collect.

Every run goes through the runner ``RunnerChoice`` picks (threads, worker processes for large inventories, or
Dask) with three processors: ``DriftReportProcessor`` (from ``nornir_plugins``) builds the report,
``ProgressProcessor`` advances the progress bar, ``CloseConnectionsProcessor`` logs out of each host at once.
``drift`` and plain ``sync`` run the ``diffsync_compliance`` task, ``sync --plan`` ``diffsync_plan`` and
``apply`` ``diffsync_apply`` (``nornir_plugins.tasks``), each with the command's ``CheckOptions``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.exceptions import PluginNotRegistered
from nornir.core.inventory import Host
from nornir.core.plugins.runners import RunnerPlugin
from nornir.core.task import AggregatedResult, MultiResult, Result, Task
from nornir.plugins.runners import ThreadedRunner
from rich.progress import Progress
from ruamel.yaml.error import YAMLError

from diffsync_automation.cli.inventory_source import EXPECTED, InventoryError, detect_inventory
from diffsync_automation.report.model import DriftReport
from diffsync_automation.yaml_errors import describe_yaml_error
from nornir_plugins import CloseConnectionsProcessor, DriftReportProcessor
from nornir_plugins._collector import collect_for_long_runs
from nornir_plugins.ansible_inventory import AnsibleInventoryError, NoAnsibleHostsError
from nornir_plugins.process_runner import ProcessRunner, default_processes

AUTO_PROCESSES_FROM = 200
"""Inventories this large run on one worker process per CPU unless ``--processes`` says otherwise. Measured on 2
cores with 50 devices at once: 100 lab devices took 2.0-2.1 s either way (the workers' start, ~1 s, eats what the
second core saves), 200 took 3.4 s against 4.3 s in threads, 400 5.8 s against 8.6-8.9 s."""


@dataclass(frozen=True)
class RunnerChoice:
    """How a command runs its checks: ``workers`` devices at once, in threads of this process, in ``processes``
    worker processes (None: decided by the inventory's size), or on a Dask cluster (``scheduler``: a running
    one's address; ``dask_workers``: a local one of that many processes)."""

    workers: int
    processes: int | None = None
    scheduler: str | None = None
    dask_workers: int | None = None

    def __post_init__(self) -> None:
        if self.scheduler is not None and self.dask_workers is not None:
            raise InventoryError(
                "give either --scheduler (an existing cluster) or --dask-workers (a local one), not both"
            )
        if self.processes is not None and (self.scheduler is not None or self.dask_workers is not None):
            raise InventoryError("--processes runs on this machine; it does not combine with a dask cluster")

    def runner(self, hosts: int) -> RunnerPlugin:
        """The Nornir runner for an inventory of ``hosts`` hosts."""
        if self.scheduler is not None or self.dask_workers is not None:
            from nornir_plugins.dask_runner import DaskRunner

            return DaskRunner(scheduler=self.scheduler, workers=self.dask_workers)
        processes = self.processes
        if processes is None:
            processes = default_processes() if hosts >= AUTO_PROCESSES_FROM else 1
        if processes > 1:
            return ProcessRunner(processes, num_workers=-(-self.workers // processes))
        return ThreadedRunner(self.workers)


def open_inventory(path: Path, choice: RunnerChoice, limit: Iterable[str] = ()) -> Nornir:
    """Nornir over the inventory at ``path`` (any kind ``detect_inventory`` knows), run by the runner ``choice`` picks.

    ``limit`` keeps the hosts named, or in a group named; logging to ``nornir.log`` is off and
    ``~/.ssh/config`` is not read, so the run depends only on the inventory. A Nornir config file's own
    runner, logging and ssh settings are replaced by these.
    """
    # Failed hosts are in the table and the reports; Nornir's own error log would repeat them on stderr.
    logging.getLogger("nornir").addHandler(logging.NullHandler())
    source = detect_inventory(path)
    try:
        runner = InitNornir(
            **source.init_nornir_settings(),
            runner={"plugin": "threaded"},
            logging={"enabled": False},
            ssh={"config_file": os.devnull},
        )
    except NoAnsibleHostsError as exc:
        raise InventoryError(f"{exc} (read as an {source.kind.value}; {EXPECTED})") from None
    except AnsibleInventoryError as exc:
        raise InventoryError(str(exc)) from None
    except PluginNotRegistered as exc:
        raise InventoryError(f"{path}: {exc} (is the package providing it installed?)") from None
    except YAMLError as exc:
        raise InventoryError(describe_yaml_error(exc)) from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # valid YAML that is not an inventory
        raise InventoryError(
            f"{path}: not a usable {source.kind.value} ({type(exc).__name__}: {exc}); {EXPECTED}"
        ) from exc
    names = set(limit)
    if names:
        runner = runner.filter(filter_func=lambda host: _matches(host, names))
    if not runner.inventory.hosts:
        raise InventoryError(
            f"no hosts in {path} ({source.kind.value})"
            + (f" match --limit {', '.join(sorted(names))}" if names else "")
        )
    return runner.with_runner(choice.runner(len(runner.inventory.hosts)))


def _matches(host: Host, names: set[str]) -> bool:
    return host.name in names or any(group.name in names for group in host.groups)


class ProgressProcessor:
    """Advances a rich progress bar as hosts finish (rich's ``Progress`` locks itself: runner threads are fine)."""

    def __init__(self, progress: Progress, total: int, label: str) -> None:
        self._progress = progress
        self._bar = progress.add_task(label, total=total)

    def task_started(self, task: Task) -> None:
        """Nothing to show before the first host finishes."""

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        """The bar is full by now."""

    def task_instance_started(self, task: Task, host: Host) -> None:
        """Progress counts finished hosts only."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self._progress.advance(self._bar)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Subtasks do not move the bar."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Subtasks do not move the bar."""


def run_task(
    runner: Nornir, task: Callable[..., Result], progress: Progress, label: str, **params: Any
) -> tuple[DriftReport, AggregatedResult]:
    """Run ``task`` on every host of ``runner``; the drift report and Nornir's own result."""
    reporter = DriftReportProcessor()
    bar = ProgressProcessor(progress, len(runner.inventory.hosts), label)
    collect_for_long_runs()  # this process runs this one command: what it loaded so far stays to the end
    try:
        # Each command is one run: a host's session is closed as soon as its task ended, not kept to the end.
        outcome = runner.with_processors([reporter, bar, CloseConnectionsProcessor()]).run(task=task, **params)
    finally:
        runner.close_connections(on_good=True, on_failed=True)
        close_runner = getattr(runner.runner, "close", None)  # the dask runner owns a cluster client
        if close_runner is not None:
            close_runner()
    return reporter.report, outcome
