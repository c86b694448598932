"""``CheckOptions``: what one run does to each device, decided once by the front end and passed down whole.

The CLI, the Nornir tasks, the Dask batches and the Ansible module build one ``CheckOptions`` from their own
arguments; the per-device workflow (``network.workflow``) and everything under it read it from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diffsync_automation.network.session import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT
from diffsync_automation.network.target import DEFAULT_STATE, State


@dataclass(frozen=True)
class CheckOptions:
    """The options of a drift check or sync, the same for every device of a run."""

    state: State = DEFAULT_STATE
    """What a sync may do (``network.target``)."""
    dry_run: bool = True
    """Only report what differs and the commands a sync would send."""
    max_deletes: int | None = None
    """Refuse a sync deleting more objects unless ``force``; a dry run only warns (``network.deletes``)."""
    force: bool = False
    read_timeout: float = DEFAULT_READ_TIMEOUT
    """Seconds to wait for each reply of a device, the login's included."""
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    """Seconds to wait for the TCP connect, the SSH banner and the login each."""
    rollback_on_failure: bool = False
    """Return a device whose push failed or was cut part-way to its configuration before it (``network.rollback``)."""
    base_dir: Path = field(default_factory=Path)
    """Where ``intended_config_file`` and ``intended_config_template`` paths start (the inventory directory)."""
