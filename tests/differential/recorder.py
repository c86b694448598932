"""Per-run recorder the twin models and adapters report into (CRUD calls, callbacks, sync_complete calls)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Recorder:
    """What one library did during one run; the CRUD plan says how planned objects misbehave."""

    plan: dict[tuple[str, tuple[Any, ...]], str] = field(default_factory=dict)
    crud: list[tuple[Any, ...]] = field(default_factory=list)
    callbacks: list[tuple[str, int, int]] = field(default_factory=list)
    completions: list[tuple[Any, ...]] = field(default_factory=list)
    adapter_calls: list[tuple[Any, ...]] = field(default_factory=list)

    def callback(self, stage: str, current: int, total: int) -> None:
        """Progress callback handed to diff_*/sync_*."""
        self.callbacks.append((stage, current, total))


_CURRENT: ContextVar[Recorder] = ContextVar("differential_recorder")


def current() -> Recorder:
    """The recorder of the running scenario (models cannot rely on `self.adapter`, which the engine may clear)."""
    return _CURRENT.get()


@contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """Make `recorder` the current one for the duration of a run."""
    token = _CURRENT.set(recorder)
    try:
        yield recorder
    finally:
        _CURRENT.reset(token)
