"""Nornir tasks the ``ProcessRunner`` tests run in worker processes; a module of their own so workers import it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from nornir.core.task import Result, Task

from diffsync_automation.network.stop import RUN_STOP, refuse_if_stopped


def site(task: Task) -> Result:
    """The host's ``site``, resolved through its groups and defaults."""
    return Result(host=task.host, result=task.host.get("site"))


def with_subtasks(task: Task, fail_subtask: str = "", fail_task: str = "") -> Result:
    """A subtask for every host; for the hosts named, a failing subtask or a failing task."""
    task.run(task=site, severity_level=30)
    if task.host.name == fail_subtask:
        task.run(task=explode)
    if task.host.name == fail_task:
        raise KeyError(f"{task.host.name} has no such key")
    return Result(host=task.host, result={"port": task.host.port}, changed=True, diff=f"+ {task.host.name}")


def explode(task: Task) -> Result:
    raise ValueError(f"{task.host.name}: subtask failed")


def exit_on(task: Task, host: str) -> Result:
    """The worker process running ``host`` dies at once, as on a segfault or an OOM kill."""
    if task.host.name == host:
        os._exit(3)
    return Result(host=task.host, result=os.getpid())


def wait_for_drain(task: Task, host: str, marker: Path) -> Result:
    """``host`` says it runs (``marker``) and waits for the run to drain; the others start only if it has not."""
    if task.host.name == host:
        marker.write_text(str(os.getpid()))
        deadline = time.monotonic() + 60
        while not RUN_STOP.draining and time.monotonic() < deadline:
            RUN_STOP.wait_abort(0.05)
        return Result(host=task.host, result=f"drained: {RUN_STOP.draining}")
    refuse_if_stopped(task.host.name)
    return Result(host=task.host, result="ran")
