"""Models holding every kind of value, built once on diffsync 2.2.3 and once on diffsync_automation.

The same declarations on both libraries let a test store one value through each library's RedisStore and compare
what comes back. Module-level classes, because diffsync's RedisStore pickles objects by class reference.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import ipaddress
import uuid
from typing import Any

import diffsync
from pydantic import BaseModel

import diffsync_automation


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Port(BaseModel):
    """A pydantic model inside a field."""

    number: int
    speed: float | None = None
    extra: Any = None


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _models(lib: Any) -> tuple[type[Any], type[Any], type[Any], type[Any]]:
    class Holder(lib.DiffSyncModel):  # type: ignore[name-defined,misc]
        """One ``Any`` field: the value keeps whatever type it had."""

        _modelname = "holder"
        _identifiers = ("name",)
        _attributes = ("anything",)

        name: str
        anything: Any = None

    class Typed(lib.DiffSyncModel):  # type: ignore[name-defined,misc]
        """Typed fields: pydantic's JSON mode alone would change or lose several of these."""

        _modelname = "typed"
        _identifiers = ("name",)
        _attributes = (
            "ratio",
            "numbers",
            "tags",
            "frozen",
            "blob",
            "when",
            "day",
            "clock",
            "span",
            "ident",
            "amount",
            "network",
            "by_vlan",
            "colour",
            "level",
            "port",
            "ports",
        )

        name: str
        ratio: float = 0.0
        numbers: tuple[int, ...] = ()
        tags: set[str] = set()
        frozen: frozenset[int] = frozenset()
        blob: bytes = b""
        when: datetime.datetime | None = None
        day: datetime.date | None = None
        clock: datetime.time | None = None
        span: datetime.timedelta | None = None
        ident: uuid.UUID | None = None
        amount: decimal.Decimal | None = None
        network: IpNetwork | None = None
        by_vlan: dict[int, str] = {}
        colour: Colour | None = None
        level: Level = Level.LOW
        port: Port | None = None
        ports: list[Port] = []

    class HolderAdapter(lib.Adapter):  # type: ignore[name-defined,misc]
        holder = Holder
        top_level = ["holder"]

    class TypedAdapter(lib.Adapter):  # type: ignore[name-defined,misc]
        typed = Typed
        top_level = ["typed"]

    for cls in (Holder, Typed, HolderAdapter, TypedAdapter):  # pickle finds them by these names
        cls.__qualname__ = f"{cls.__name__}_{lib.__name__}"
        globals()[cls.__qualname__] = cls
    return Holder, Typed, HolderAdapter, TypedAdapter


class Library:
    """The classes of one library."""

    def __init__(self, lib: Any) -> None:
        self.lib = lib
        self.holder, self.typed, self.holder_adapter, self.typed_adapter = _models(lib)


OURS = Library(diffsync_automation)
UPSTREAM = Library(diffsync)
