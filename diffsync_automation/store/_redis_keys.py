"""Where a ``RedisStore`` keeps its data: a handful of keys per store, all under one prefix.

Layout for prefix ``P`` and store id ``S`` (``S`` escaped so that ids containing ``:`` cannot collide)::

    P:stores              SET   ids of the stores written under this prefix (the registry behind ``list_stores``)
    P:S:meta              HASH  epoch (token of this incarnation), version (write count), format, created
    P:S:types             SET   model type names ever stored (mirrors LocalStore's buckets)
    P:S:model:<type>      HASH  unique id -> JSON value of one object

One hash per model type makes ``count`` an ``HLEN``, ``get_all`` an ``HGETALL`` and a whole batch of writes a few
``HSET``/``HDEL`` commands; nothing ever scans the keyspace.
"""

from __future__ import annotations

from dataclasses import dataclass

REDIS_DIFFSYNC_ROOT_LABEL = "diffsync"
"""Default key prefix, diffsync's own: a store's keys start with ``diffsync:<store_id>:`` in both libraries."""


def escape(part: str) -> str:
    """``part`` with ``%`` and ``:`` percent-encoded, so it can sit between ``:`` separators unambiguously."""
    return part.replace("%", "%25").replace(":", "%3A")


@dataclass(frozen=True)
class KeyLayout:
    """The Redis key names of one store."""

    prefix: str
    store_id: str

    @property
    def registry(self) -> str:
        """The set of store ids under this prefix."""
        return f"{self.prefix}:stores"

    @property
    def base(self) -> str:
        """Common start of every key of this store."""
        return f"{self.prefix}:{escape(self.store_id)}"

    @property
    def meta(self) -> str:
        """Hash with the store's epoch, version, format and creation time."""
        return f"{self.base}:meta"

    @property
    def types(self) -> str:
        """Set of the model type names stored."""
        return f"{self.base}:types"

    def model(self, modelname: str) -> str:
        """Hash of the objects of one model type."""
        return f"{self.base}:model:{modelname}"
