"""The driver's side of runners whose hosts run in other processes: failed results and replayed processor hooks.

A host run in a worker process comes back as plain data (``_plain_results``); the driver rebuilds its results
and replays, in the order the worker made them, the processor calls ``Task.start`` would have made, so run-wide
processors (``DriftReportProcessor``, progress bars) see what they see under the threaded runner. A host the
worker could not return gets a failed result instead: no host is ever missing from a run's result.
"""

from __future__ import annotations

import logging

from nornir.core.inventory import Host
from nornir.core.task import MultiResult, Result, Task

from diffsync_automation.network.secrets import scrub
from nornir_plugins._plain_results import Hook
from nornir_plugins.connection import connection_secrets


def runs_in_process(task: Task) -> bool:
    """Whether ``task`` is Nornir's own housekeeping (``close_connections``): it acts on the driver's connections,
    so a runner of other processes runs it here."""
    return getattr(task.task, "__module__", None) == "nornir.core"


def failed_result(host: Host, name: str, error: Exception) -> MultiResult:
    """A one-entry failed ``MultiResult`` for ``host`` carrying ``error`` (its message scrubbed of credentials)."""
    message = scrub(str(error), connection_secrets(host))
    error.args = (message,)
    result = Result(host, result=message, failed=True, exception=error, severity_level=logging.ERROR)
    result.name = name  # type: ignore[assignment]  # Nornir declares it None, then sets a str
    multi = MultiResult(name)
    multi.append(result)
    return multi


def replay(task: Task, host: Host, multi: MultiResult, hooks: list[Hook]) -> None:
    """The processor calls ``Task.start`` makes on a worker thread, in the same order."""
    task.results = multi
    processors = task.processors
    processors.task_instance_started(task, host)
    for hook in hooks:
        if hook.result is None:
            processors.subtask_instance_started(hook.task, host)
        else:
            processors.subtask_instance_completed(hook.task, host, hook.result)
    processors.task_instance_completed(task, host, multi)


def host_task(task: Task, host: Host) -> Task:
    """The copy of ``task`` that ran on ``host``, as the threaded runner makes one per host."""
    copy = task.copy()
    copy.host = host
    return copy
