"""SIGINT and SIGTERM during ``sync`` and ``apply``: stop starting devices, let pushes finish, then report.

The first signal drains the run (``network.stop.RUN_STOP``): no device and no push starts, pushes under way
finish their configuration session. They get ``grace`` seconds for it; a second signal, or the end of the grace
period, aborts them before their next line. Either way the run returns normally, so every report is written and
every connection is closed after its worker is done; the command then exits 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from diffsync_automation.network.stop import RUN_STOP

DEFAULT_GRACE = 60.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class Interruption:
    """The signals a run received, in order, and whether the pushes under way were aborted."""

    signals: list[str] = field(default_factory=list)
    grace_expired: bool = False

    @property
    def happened(self) -> bool:
        return bool(self.signals)

    def summary(self) -> str:
        """How the run was stopped, for the one line on stderr."""
        how = f"interrupted by {self.signals[0]}"
        if len(self.signals) > 1:
            return f"{how}, pushes under way aborted by a second {self.signals[1]}"
        if self.grace_expired:
            return f"{how}, pushes still under way after the grace period aborted"
        return f"{how}: no device started after it, pushes under way finished"


@contextmanager
def stop_on_signals(grace: float = DEFAULT_GRACE) -> Iterator[Interruption]:
    """Drain the run on the first SIGINT/SIGTERM, abort its pushes on the second or after ``grace`` seconds."""
    RUN_STOP.reset()
    caught = Interruption()
    timer: list[threading.Timer] = []

    def expire() -> None:
        caught.grace_expired = True
        RUN_STOP.abort()

    def handle(signum: int, frame: FrameType | None) -> None:
        caught.signals.append(signal.Signals(signum).name)
        if len(caught.signals) > 1:
            RUN_STOP.abort()
            return
        RUN_STOP.drain()
        timer.append(threading.Timer(grace, expire))
        timer[0].daemon = True
        timer[0].start()

    previous = {number: signal.signal(number, handle) for number in STOP_SIGNALS}
    try:
        yield caught
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for pending in timer:
            pending.cancel()
        RUN_STOP.reset()
