"""Errors of the network layer, each naming the host and saying what went wrong in words an operator can act on.

``check_device`` turns every one of them into an entry of ``DeviceResult.errors`` (kind + message); code that
drives the adapters directly catches them by class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class NetworkLayerError(Exception):
    """Root of every exception the network package raises."""


class NetworkError(NetworkLayerError):
    """A device or data problem of one host; ``kind`` is the short machine-readable name used in results."""

    kind = "error"

    def __init__(self, host: str, message: str) -> None:
        self.host = host
        self.message = message
        super().__init__(f"host {host}: {message}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a host's intended data: where (``vlans[2].name``) and what."""

    path: str
    message: str


class IntendedStateError(NetworkError):
    """The intended data of a host does not fit the schema.

    ``path`` and ``message`` describe the first problem; ``problems`` holds all of them. ``str()`` gives one
    line per problem: ``host r1: interfaces[2].mtu: Input should be a valid integer``.
    """

    kind = "intended_state"

    def __init__(self, host: str, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("IntendedStateError needs at least one problem")
        self.problems = list(problems)
        self.path = self.problems[0].path
        super().__init__(host, self.problems[0].message)

    def __str__(self) -> str:
        return "\n".join(f"host {self.host}: {p.path}: {p.message}" for p in self.problems)


class UnsupportedPlatform(NetworkError):
    """No platform driver is registered for the device type."""

    kind = "unsupported_platform"


class DeviceUnreachable(NetworkError):
    """The TCP connection to the device failed (refused, no route, connect timeout)."""

    kind = "unreachable"


class AuthenticationFailed(NetworkError):
    """The device refused the login or the enable secret."""

    kind = "authentication"


class MissingCredentials(AuthenticationFailed):
    """The device asked for a password or key and the inventory gave none; nothing was tried."""

    kind = "missing_credentials"


class DeviceTimeout(NetworkError):
    """The device stopped answering: no reply within the read timeout."""

    kind = "timeout"


class ConnectionLost(NetworkError):
    """The device closed the SSH connection in the middle of the session."""

    kind = "connection_lost"


class DeviceDataError(NetworkError):
    """What the device reported could not be read into the models (unexpected show output)."""

    kind = "device_data"


class ConfigRejected(NetworkError):
    """The device answered a configuration command with an error; the push stopped there."""

    kind = "config_rejected"


class UnsafeCommand(NetworkError):
    """A command line holds text a device's line editor would act on (``cli_text``); nothing was sent."""

    kind = "unsafe_command"


class CommitFailed(ConfigRejected):
    """The device refused to commit the candidate configuration; nothing of the push was applied."""

    kind = "commit_failed"


class MaxDeletesExceeded(NetworkError):
    """A sync would delete more objects than allowed; nothing was pushed."""

    kind = "max_deletes"

    def __init__(self, host: str, deletes: int, limit: int) -> None:
        self.deletes = deletes
        self.limit = limit
        super().__init__(
            host, f"the sync would delete {deletes} objects, more than max_deletes={limit}; pass force=True to allow it"
        )


class VerificationFailed(NetworkError):
    """After the push, the device still differs from the intended state."""

    kind = "verification"


class Interrupted(NetworkError):
    """The run was stopped (SIGINT/SIGTERM): the push was not started, or was cut between two lines."""

    kind = "interrupted"
