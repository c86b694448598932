"""Per-device fault settings for reliability tests.

``Faults`` is immutable: change it with ``SimDevice.set_faults`` so that faults which need the server to act
(closing or reopening the listening socket) take effect at once. Every other fault is read by the session at
the moment it matters, so a change also reaches sessions that are already open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Faults:
    """What a device does wrong.

    - ``reject_login``: every password is refused (the device's credentials no longer match the inventory).
    - ``refuse_connections``: nothing listens on the device's port, so TCP connects are refused.
    - ``drop_on``: regex; a command line that matches makes the device close the connection without a reply.
    - ``reject``: regex; a matching command is answered with the platform's invalid-input error, not applied.
    - ``delay``: seconds the device takes over each command before echoing it (empty lines get their prompt
      at once, so netmiko's prompt probing does not queue up behind the delay).
    - ``silent``: the device reads input but never answers again (a hung device).
    """

    reject_login: bool = False
    refuse_connections: bool = False
    drop_on: str | None = None
    reject: str | None = None
    delay: float = 0.0
    silent: bool = False
    _drop_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _reject_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.delay < 0:
            raise ValueError("delay must not be negative")
        # Compile once, and fail at configuration time rather than inside a session.
        object.__setattr__(self, "_drop_re", re.compile(self.drop_on) if self.drop_on is not None else None)
        object.__setattr__(self, "_reject_re", re.compile(self.reject) if self.reject is not None else None)

    def drops(self, line: str) -> bool:
        """Whether ``line`` makes the device drop the connection."""
        return self._drop_re is not None and self._drop_re.search(line) is not None

    def rejects(self, line: str) -> bool:
        """Whether ``line`` is answered with an invalid-input error."""
        return self._reject_re is not None and self._reject_re.search(line) is not None
