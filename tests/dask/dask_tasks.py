"""Nornir tasks the Dask tests run on workers; a module of their own so workers import it by name."""

from __future__ import annotations

import threading

from distributed import Worker
from nornir.core.task import Result, Task


class ReadOnlyFact(Exception):
    """An exception whose ``__init__`` differs from its ``args``, as ``DriftCheckError``'s does."""

    def __init__(self, host: str, fact: str) -> None:
        super().__init__(f"{host}: {fact} is read-only")
        self.fact = fact


def remember(task: Task, key: str) -> Result:
    """The host's value of ``key``, resolved through its groups and defaults."""
    return Result(host=task.host, result=task.host.get(key))


def nested(task: Task) -> Result:
    task.run(task=remember, key="role")
    task.run(task=remember, key="site", severity_level=30)
    return Result(host=task.host, result="nested done")


def explode(task: Task, message: str) -> Result:
    raise ValueError(f"{task.host.name}: {message}")


def grouped(task: Task, fail_subtask: str = "", fail_task: str = "", read_only: str = "") -> Result:
    """Subtasks, nested subtasks and, for the hosts named, a failing subtask or a failing task."""
    task.run(task=remember, key="site")
    task.run(task=nested)
    if task.host.name == fail_subtask:
        task.run(task=explode, message="subtask failed")
    if task.host.name == fail_task:
        raise KeyError(f"{task.host.name} has no such key")
    if task.host.name == read_only:
        raise ReadOnlyFact(task.host.name, "serial")
    data = {"platform": task.host.platform, "vlans": task.host.get("vlans"), "port": task.host.port}
    return Result(host=task.host, result=data, changed=True, diff=f"+ {task.host.name}", tag=("extra", 1))


def leak(task: Task) -> Result:
    """A careless task: returns and raises its host's password."""
    password = task.host.password
    if task.host.name == "h02":
        raise RuntimeError(f"login with {password} refused")
    return Result(host=task.host, result={"password": password, "note": "ok"}, diff=f"password {password}")


def unpicklable(task: Task) -> Result:
    return Result(host=task.host, result=threading.Lock(), handle=threading.Event())


def executing(dask_worker: Worker) -> list[str]:
    """Keys of the tasks the worker is running right now (run on each worker by ``Client.run``)."""
    return [str(task.key) for task in dask_worker.state.executing]
