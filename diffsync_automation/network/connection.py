"""``DeviceConnection``: how the workflow reaches one device, and the platform driver it talks to.

Either netmiko ``ConnectHandler`` parameters, or a factory returning a connected netmiko connection (a Nornir
host's, say): then ``platform`` names the driver, ``owns_connection=False`` leaves closing it to the caller and
``factory_secrets`` lists the credentials it logs in with, so that they are scrubbed like the parameters' own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from diffsync_automation.network.errors import UnsupportedPlatform
from diffsync_automation.network.platforms import Platform, get_platform, platform_names
from diffsync_automation.network.secrets import credentials
from diffsync_automation.network.session import ConnectionFactory, NetmikoSession


@dataclass(frozen=True)
class DeviceConnection:
    """The way to one device (see the module docstring); holds credentials: never log or return it."""

    params: Mapping[str, Any] = field(default_factory=dict)
    factory: ConnectionFactory | None = None
    platform: str | Platform | None = None
    owns_connection: bool = True
    factory_secrets: tuple[str, ...] = ()

    @property
    def secrets(self) -> list[str]:
        """Every credential in play, to scrub from messages."""
        return credentials(self.params, *({"password": value} for value in self.factory_secrets))

    @property
    def platform_name(self) -> str:
        """The device type: ``platform``'s name, else the parameters' ``device_type``."""
        if self.platform is None:
            return str(self.params.get("device_type", ""))
        return self.platform if isinstance(self.platform, str) else self.platform.name

    def driver(self, host: str) -> Platform:
        """The platform driver; raises ``UnsupportedPlatform``."""
        if self.platform is not None and not isinstance(self.platform, str):
            return self.platform
        driver = get_platform(self.platform_name)
        if driver is None:
            known = ", ".join(platform_names())
            raise UnsupportedPlatform(
                host, f"no platform driver for device type {self.platform_name!r} (known: {known})"
            )
        return driver

    def session(self, host: str, read_timeout: float, connect_timeout: float) -> NetmikoSession:
        """A session to the device, opened on first use."""
        return NetmikoSession.for_device(
            host,
            self.params,
            self.factory,
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            owns_connection=self.owns_connection,
        )
