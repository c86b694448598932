"""The lab: many simulated devices served by one asyncio loop in a background thread.

The loop runs in its own thread so that the lab works the same under pytest, a synchronous script, a
Nornir run or another asyncio application. Device states are plain objects: tests seed them before
``start`` and read them afterwards (a change pushed over SSH is applied before the prompt comes back).
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Coroutine, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, TypeVar

import asyncssh

from diffsync_automation.lab.faults import Faults
from diffsync_automation.lab.schema import HostIntent
from diffsync_automation.lab.seed import LAB_USER, Fleet, PlatformChoice, build_fleet
from diffsync_automation.lab.server import LISTEN_HOST, listen
from diffsync_automation.lab.state import DeviceState, Platform

_T = TypeVar("_T")
_TIMEOUT = 60.0


@dataclass(frozen=True)
class Credentials:
    """Login shared by all devices of a lab; ``secret`` is the enable password. Never printed."""

    username: str
    password: str = field(repr=False)
    secret: str = field(repr=False)

    @classmethod
    def generate(cls, username: str = LAB_USER) -> Credentials:
        """Random password and enable secret, so that no lab secret is ever hard-coded."""
        return cls(username, secrets.token_urlsafe(12), secrets.token_urlsafe(12))


class SimDevice:
    """One simulated device: its state, faults, port and open connections."""

    def __init__(self, lab: Lab, state: DeviceState) -> None:
        self.name = state.hostname
        self.state = state
        self.port = 0
        self.connections: set[Any] = set()
        self._lab = lab
        self._faults = Faults()
        self._listener: Any = None

    @property
    def platform(self) -> Platform:
        """netmiko device type of the device."""
        return self.state.platform

    @property
    def credentials(self) -> Credentials:
        """Credentials the device accepts."""
        return self._lab.credentials

    @property
    def faults(self) -> Faults:
        """Current fault settings."""
        return self._faults

    def set_faults(self, faults: Faults | None = None, **changes: Any) -> Faults:
        """Replace the faults (``faults``) or change some of them (``reject_login=True``); applies at once."""
        self._faults = replace(faults if faults is not None else self._faults, **changes)
        self._lab._apply_listener(self)
        return self._faults

    def clear_faults(self) -> None:
        """Back to a healthy device."""
        self.set_faults(Faults())

    def drop_connections(self) -> None:
        """Close every open SSH connection to the device, as a reboot would."""
        self._lab._call(self._drop_all())

    def netmiko_params(self) -> dict[str, Any]:
        """Keyword arguments for ``netmiko.ConnectHandler``."""
        credentials = self.credentials
        return {
            "device_type": self.platform,
            "host": LISTEN_HOST,
            "port": self.port,
            "username": credentials.username,
            "password": credentials.password,
            "secret": credentials.secret,
        }

    async def _drop_all(self) -> None:
        for conn in list(self.connections):
            conn.abort()

    async def _sync_listener(self, host_key: Any) -> None:
        if self._faults.refuse_connections and self._listener is not None:
            self._listener.close()
            await self._listener.wait_closed()
            self._listener = None
        elif not self._faults.refuse_connections and self._listener is None:
            self._listener = await listen(self, host_key, self.port)
            self.port = self._listener.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            await self._listener.wait_closed()
            self._listener = None
        for conn in list(self.connections):
            conn.close()


class Lab:
    """Simulated devices on 127.0.0.1, each on a port chosen by the OS.

    Use as a context manager, or call ``start`` and ``stop``. ``lab["sw01"]`` is a ``SimDevice``.
    """

    def __init__(self, devices: Fleet | Sequence[DeviceState], *, credentials: Credentials | None = None) -> None:
        self.fleet = devices if isinstance(devices, Fleet) else Fleet(list(devices))
        self.credentials = credentials or Credentials.generate()
        self.devices = {state.hostname: SimDevice(self, state) for state in self.fleet.states}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._host_key: Any = None

    @classmethod
    def seeded(
        cls,
        count: int,
        platform: PlatformChoice = "cisco_ios",
        *,
        drift: bool = True,
        credentials: Credentials | None = None,
    ) -> Lab:
        """A lab of ``count`` seeded devices (see ``seed.build_fleet``)."""
        return cls(build_fleet(count, platform, drift=drift), credentials=credentials)

    # ------------------------------------------------------------------ container protocol
    def __getitem__(self, name: str) -> SimDevice:
        return self.devices[name]

    def __iter__(self) -> Iterator[SimDevice]:
        return iter(self.devices.values())

    def __len__(self) -> int:
        return len(self.devices)

    @property
    def intended(self) -> dict[str, HostIntent]:
        """Intended state per device name (what the inventories carry)."""
        return self.fleet.intended

    @property
    def ports(self) -> dict[str, int]:
        """Port of every device, by name."""
        return {name: device.port for name, device in self.devices.items()}

    @property
    def running(self) -> bool:
        """Whether the devices are being served."""
        return self._thread is not None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Lab:
        """Start serving every device; returns once all of them listen."""
        if self._thread is not None:
            raise RuntimeError("lab already started")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="diffsync-lab", daemon=True)
        self._thread.start()
        try:
            self._call(self._start_all())
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Close listeners and open sessions, then stop the loop. Safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._stop_all(), loop).result(_TIMEOUT)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(_TIMEOUT)
            loop.close()
            self._loop, self._thread = None, None

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ loop plumbing
    def _call(self, coro: Coroutine[Any, Any, _T]) -> _T:
        if self._loop is None:
            coro.close()
            raise RuntimeError("lab is not running")
        if threading.current_thread() is self._thread:
            coro.close()
            raise RuntimeError("call the lab API from outside its event loop thread")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(_TIMEOUT)

    def _apply_listener(self, device: SimDevice) -> None:
        if self._loop is not None:
            self._call(device._sync_listener(self._host_key))

    async def _start_all(self) -> None:
        self._host_key = asyncssh.generate_private_key("ssh-ed25519")
        for device in self.devices.values():
            # Bind first even when connections are refused, so the device owns a port from the start.
            device._listener = await listen(device, self._host_key)
            device.port = device._listener.sockets[0].getsockname()[1]
            await device._sync_listener(self._host_key)

    async def _stop_all(self) -> None:
        for device in self.devices.values():
            await device._close()
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
