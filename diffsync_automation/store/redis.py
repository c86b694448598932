"""``RedisStore``: an adapter's objects kept in Redis, shared between processes, as plain JSON.

Compared with diffsync 2.2.3's ``RedisStore`` (same constructor, same store interface):

* values are tagged JSON rebuilt through the adapter's own model classes, never pickle: every value kind diffsync's
  pickles keep comes back equal and of the same type, and ``add``/``update`` refuse a value with no stored form;
* each model type is read in one round trip the first time it is touched, then served from memory, and ``get``
  returns the same object every time (as ``LocalStore`` does), so in-place changes are not lost;
* writes are buffered and sent in atomic MULTI/EXEC batches: every ``batch_size`` changes, at the end of every
  sync, on ``flush()``/``close()``/leaving ``with``, and at interpreter exit;
* ``count`` and ``get_all_model_names`` read a counter and a set instead of scanning the keyspace;
* all keys live under ``<key_prefix>:<store_id>:``, optionally with a TTL; ``list_stores``/``delete_store`` manage them;
* a version stamp checked under WATCH turns a second writer into ``RedisStoreStale`` instead of a lost update;
* Redis failures raise ``RedisStoreError`` subclasses naming the server URL with its password masked. After a
  failed write the instance forgets its local view, so the next call re-reads Redis and a retried sync repairs.

See docs/redis.md for the key layout, the consistency model and the numbers.
"""

from __future__ import annotations

import atexit
import logging
import secrets
import time
import uuid
import warnings
import weakref
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from inspect import isclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

try:
    from redis import Redis
    from redis import exceptions as redis_errors
except ImportError as error:  # pragma: no cover - exercised in a subprocess without redis
    raise ImportError(
        "diffsync_automation.store.redis needs the 'redis' package: pip install 'diffsync-automation[redis]'"
    ) from error

from diffsync_automation._engine.gcpause import gc_paused
from diffsync_automation.exceptions import ObjectAlreadyExists, ObjectNotFound, ObjectStoreWrongType
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.store import BaseStore, ModelRef
from diffsync_automation.store._redis_client import Connection, connect
from diffsync_automation.store._redis_codec import (
    FORMAT_VERSION,
    DecodeError,
    check_attrs,
    check_storable,
    decode,
    encode,
)
from diffsync_automation.store._redis_errors import (
    RedisStoreAuthError,
    RedisStoreCorrupt,
    RedisStoreError,
    RedisStoreStale,
    RedisStoreUnavailable,
    RedisStoreValueError,
    translate,
)
from diffsync_automation.store._redis_keys import REDIS_DIFFSYNC_ROOT_LABEL, KeyLayout

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "REDIS_DIFFSYNC_ROOT_LABEL",
    "RedisStore",
    "RedisStoreAuthError",
    "RedisStoreCorrupt",
    "RedisStoreError",
    "RedisStoreStale",
    "RedisStoreUnavailable",
    "RedisStoreValueError",
]

DEFAULT_BATCH_SIZE = 10_000
"""Buffered changes that trigger a write; large enough to amortise a round trip, small enough to bound memory."""

WRITE_CHUNK = 5_000
"""Fields per HSET/HDEL command inside one transaction."""

_LOG = logging.getLogger(__name__)
_open_stores: weakref.WeakSet[RedisStore] = weakref.WeakSet()

Bucket = dict[str, DiffSyncModel]
Stamp = tuple[str, int]
"""``(epoch, version)``: the epoch names one incarnation of a store, the version counts its write transactions."""
STAMP_FIELDS = ("epoch", "version")


class RedisStore(BaseStore):
    """A store in Redis under ``<key_prefix>:<store_id>``; several adapters and processes can share one server.

    Construct with ``url`` (``redis://``, ``rediss://`` or ``unix://``, with user, password and db) or with
    ``host``/``port``/``db``. ``store_id`` names the data set (a random UUID if omitted, as in diffsync); open the
    same id from another process to read what this one wrote. ``ttl`` (seconds) makes the whole store expire that
    long after its last write. ``redis_options`` go to redis-py (TLS certificates, timeouts, retry policy).

    An instance reads each model type once and does not see later writes by other instances until ``refresh()``.
    Writes are optimistic: if another instance wrote to (or deleted) the store since this one read it, the next
    write raises ``RedisStoreStale`` instead of overwriting it. Not thread-safe, like ``LocalStore``.
    """

    def __init__(
        self,
        *args: Any,
        store_id: str | None = None,
        host: str | None = None,
        port: int = 6379,
        url: str | None = None,
        db: int = 0,
        ttl: int | None = None,
        key_prefix: str = REDIS_DIFFSYNC_ROOT_LABEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        redis_options: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if ttl is not None and ttl <= 0:
            raise ValueError(f"ttl must be a positive number of seconds, got {ttl}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self._conn = connect(url=url, host=host, port=port, db=db, options=redis_options)
        self._store_id = store_id if store_id else str(uuid.uuid4())
        self._keys = KeyLayout(key_prefix, self._store_id)
        self.ttl = ttl
        self.batch_size = batch_size
        self._stamp: Stamp | None = None
        self._types: set[str] = set()
        self._cache: dict[str, Bucket] = {}
        self._seq: dict[str, dict[str, int]] = {}
        self._next_seq: dict[str, int] = {}
        self._dirty: dict[str, Bucket] = {}
        self._removed: dict[str, set[str]] = {}
        self._new_types: set[str] = set()
        self._pending = 0
        self._opened = False
        self._open()
        _open_stores.add(self)

    def __str__(self) -> str:
        return f"{self.name} ({self._store_id})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if exc is None:
            self.close()
            return
        try:
            self.close()
        except RedisStoreError:
            _LOG.warning("could not flush %s while handling %r", self, exc, exc_info=True)

    def __del__(self) -> None:
        if getattr(self, "_pending", 0):
            warnings.warn(
                f"{self} was garbage-collected with {self._pending} unflushed changes; call flush() or close()",
                ResourceWarning,
                stacklevel=2,
            )

    @property
    def store_id(self) -> str:
        """The id naming this store's data set on the server."""
        return self._store_id

    @property
    def key_prefix(self) -> str:
        """The prefix of every key of this store."""
        return self._keys.prefix

    @property
    def masked_url(self) -> str:
        """The server's URL with the password replaced by ``***`` (what error messages show)."""
        return self._conn.where

    @property
    def pending(self) -> int:
        """Changes buffered in memory, not yet written to Redis."""
        return self._pending

    # Store interface

    def get_all_model_names(self) -> set[str]:
        self._ensure_open()
        return set(self._types)

    def get(self, *, model: ModelRef, identifier: str | dict[str, Any]) -> DiffSyncModel:
        object_class, modelname = self._get_object_class_and_model(model)
        uid = self._get_uid(model, object_class, identifier)
        bucket = self._cache.get(modelname)
        if bucket is None:
            bucket = self._load_type(modelname, object_class)
        try:
            return bucket[uid]
        except KeyError:
            raise ObjectNotFound(f"{modelname} {uid} not present in {self}") from None

    def get_all(self, *, model: ModelRef) -> list[DiffSyncModel]:
        return list(self._bucket(model).values())

    def get_by_uids(self, *, uids: Iterable[str], model: ModelRef) -> list[DiffSyncModel]:
        bucket = self._bucket(model)
        try:
            return [bucket[uid] for uid in uids]
        except KeyError as missing:
            raise ObjectNotFound(f"{_name(model)} {missing.args[0]} not present in {self}") from None

    def add(self, *, obj: DiffSyncModel) -> None:
        """Store ``obj``; adding an object equal to the stored one is a no-op (as in diffsync's RedisStore)."""
        modelname = obj.get_type()
        uid = obj.get_unique_id()
        existing = self._bucket(obj).get(uid)
        if existing is not None:
            if existing is not obj and existing.dict() != obj.dict():
                raise ObjectAlreadyExists(f"Object {uid} already present", obj)
            return
        check_storable(obj)
        if obj.adapter is None:
            obj.adapter = self.adapter
        self._put(modelname, uid, obj)

    def update(self, *, obj: DiffSyncModel) -> None:
        self._bucket(obj)
        check_storable(obj)
        self._put(obj.get_type(), obj.get_unique_id(), obj)

    def remove_item(self, modelname: str, uid: str) -> None:
        bucket = self._bucket(modelname)
        if uid not in bucket:
            raise ObjectNotFound(f"{modelname} {uid} not present in {self}")
        del bucket[uid]
        del self._seq[modelname][uid]
        dirty = self._dirty.get(modelname)
        if dirty is not None and dirty.pop(uid, None) is not None:
            self._pending -= 1
        removed = self._removed.setdefault(modelname, set())
        if uid not in removed:
            removed.add(uid)
            self._pending += 1
        self._maybe_flush()

    def count(self, *, model: ModelRef | None = None) -> int:
        self._ensure_open()
        if model:
            modelname = _name(model)
            bucket = self._cache.get(modelname)
            if bucket is not None:
                return len(bucket)
            total = 0
            cold = [modelname] if modelname in self._types else []
        else:
            total = sum(len(bucket) for bucket in self._cache.values())
            cold = [modelname for modelname in self._types if modelname not in self._cache]
        if cold:
            with self._redis("counting objects"):
                pipe = self._client.pipeline(transaction=False)
                for modelname in cold:
                    pipe.hlen(self._keys.model(modelname))
                total += sum(int(length) for length in pipe.execute())
        return total

    def update_or_instantiate(
        self, *, model: type[DiffSyncModel], ids: dict[str, Any], attrs: dict[str, Any]
    ) -> tuple[DiffSyncModel, bool]:
        check_attrs(model, attrs)
        obj, created = super().update_or_instantiate(model=model, ids=ids, attrs=attrs)
        if not created:
            self.mark_dirty(obj=obj)
        return obj, created

    def update_or_add_model_instance(self, obj: DiffSyncModel) -> tuple[DiffSyncModel, bool]:
        check_storable(obj)
        stored, created = super().update_or_add_model_instance(obj)
        if not created:
            self.mark_dirty(obj=stored)
        return stored, created

    def mark_dirty(self, *, obj: DiffSyncModel) -> None:
        """Write ``obj`` again at the next flush, if it is the object this store holds under its unique id.

        Never flushes by itself: the caller may still be changing ``obj`` (e.g. ``add_child`` before ``add``).
        """
        modelname = obj.get_type()
        bucket = self._cache.get(modelname)
        if bucket is None:
            return
        uid = obj.get_unique_id()
        if bucket.get(uid) is obj:
            self._mark(modelname, uid, obj)

    def flush(self) -> None:
        """Write the buffered changes in one MULTI/EXEC transaction (all of them or none).

        On failure the buffered changes and the cached objects are dropped: Redis holds the truth again, and the
        next call re-reads it. RedisStoreStale if the store changed on the server since this instance read it.
        """
        if not self._pending:
            return
        try:
            writes = self._encode_pending()
        except RedisStoreError:
            self._drop_view()
            raise
        try:
            stamp = self._write(writes)
        except (redis_errors.WatchError, RedisStoreStale):
            self._drop_view()
            raise RedisStoreStale(
                f"{self} at {self.masked_url} was deleted, expired, lost in a server restart or written by another "
                "instance since this instance read it; its buffered changes were dropped, retry to re-read it"
            ) from None
        except (redis_errors.RedisError, OSError) as error:
            self._drop_view()
            raise translate(error, self.masked_url, f"writing {self}", self._conn.secrets) from error
        self._stamp = stamp
        self._dirty.clear()
        self._removed.clear()
        self._new_types.clear()
        self._pending = 0

    # Store management

    def refresh(self) -> None:
        """Flush, then forget the cached objects so the next reads see what other writers stored."""
        self.flush()
        self._drop_view()
        self._open()

    def clear(self) -> None:
        """Delete this store's data on the server and in memory (the store stays usable, empty)."""
        with self._redis(f"deleting {self}"):
            _delete_keys(self._client, self._keys)
        self._drop_view()
        self._open()

    def close(self) -> None:
        """Flush and release the connections (the instance must not be used afterwards)."""
        try:
            self.flush()
        finally:
            _open_stores.discard(self)
            self._client.close()

    @classmethod
    def list_stores(
        cls,
        *,
        url: str | None = None,
        host: str | None = None,
        port: int = 6379,
        db: int = 0,
        key_prefix: str = REDIS_DIFFSYNC_ROOT_LABEL,
        redis_options: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Ids of the stores on this server under ``key_prefix`` (expired or deleted ones are pruned)."""
        with _session(url=url, host=host, port=port, db=db, options=redis_options) as conn:
            registry = KeyLayout(key_prefix, "").registry
            with _translated(conn, "listing stores"):
                store_ids = sorted(_text(member) for member in conn.client.smembers(registry))
                pipe = conn.client.pipeline(transaction=False)
                for store_id in store_ids:
                    pipe.exists(KeyLayout(key_prefix, store_id).meta)
                present = pipe.execute()
                gone = [store_id for store_id, exists in zip(store_ids, present) if not exists]
                if gone:
                    conn.client.srem(registry, *gone)
            return [store_id for store_id, exists in zip(store_ids, present) if exists]

    @classmethod
    def delete_store(
        cls,
        store_id: str,
        *,
        url: str | None = None,
        host: str | None = None,
        port: int = 6379,
        db: int = 0,
        key_prefix: str = REDIS_DIFFSYNC_ROOT_LABEL,
        redis_options: Mapping[str, Any] | None = None,
    ) -> bool:
        """Delete every key of one store; True if it existed."""
        with (
            _session(url=url, host=host, port=port, db=db, options=redis_options) as conn,
            _translated(conn, f"deleting store {store_id}"),
        ):
            return _delete_keys(conn.client, KeyLayout(key_prefix, store_id))

    # Internals

    @property
    def _client(self) -> Redis:
        return self._conn.client

    @contextmanager
    def _redis(self, action: str) -> Iterator[None]:
        """Translate redis-py errors raised by the block."""
        with _translated(self._conn, action):
            yield

    def _open(self) -> None:
        """Check the server and read the store's stamp and type names."""
        with self._redis(f"opening {self}"):
            pipe = self._client.pipeline(transaction=True)
            pipe.ping()
            pipe.hmget(self._keys.meta, STAMP_FIELDS)
            pipe.smembers(self._keys.types)
            _pong, stamp, types = pipe.execute()
        self._stamp = _stamp(stamp)
        self._types = {_text(name) for name in types}
        self._opened = True

    def _ensure_open(self) -> None:
        if not self._opened:
            self._open()

    def _drop_view(self) -> None:
        """Forget cached objects and buffered changes; the next call re-reads the server."""
        self._cache.clear()
        self._seq.clear()
        self._next_seq.clear()
        self._dirty.clear()
        self._removed.clear()
        self._new_types.clear()
        self._pending = 0
        self._opened = False

    def _bucket(self, model: ModelRef) -> Bucket:
        """The cached objects of one type, read from Redis on first use."""
        modelname = _name(model)
        bucket = self._cache.get(modelname)
        if bucket is None:
            bucket = self._load_type(modelname, model)
        return bucket

    def _load_type(self, modelname: str, hint: ModelRef | None) -> Bucket:
        """Read every object of one type (one round trip) into the cache, in insertion order."""
        self._ensure_open()
        entries: list[tuple[int, str, DiffSyncModel]] = []
        if modelname in self._types:
            model_class = self._model_class(modelname, hint)
            key = self._keys.model(modelname)
            values = self._read_consistent(modelname, key)
            with gc_paused():  # a bulk decode creates many long-lived objects and no garbage
                for raw_uid, raw in values.items():
                    try:
                        uid = _text(raw_uid)
                        seq, obj = decode(raw, modelname, model_class)
                    except (DecodeError, UnicodeDecodeError) as error:
                        raise RedisStoreCorrupt(f"{key} field {raw_uid!r} at {self.masked_url}: {error}") from None
                    obj.adapter = self.adapter
                    entries.append((seq, uid, obj))
            entries.sort(key=_seq_of)
        bucket: Bucket = {uid: obj for _seq, uid, obj in entries}
        self._cache[modelname] = bucket
        self._seq[modelname] = {uid: seq for seq, uid, _obj in entries}
        self._next_seq[modelname] = entries[-1][0] + 1 if entries else 0
        return bucket

    def _read_consistent(self, modelname: str, key: str) -> dict[Any, Any]:
        """``HGETALL key``, provided the store did not change since this instance read anything else from it.

        An instance that holds nothing yet simply re-opens and reads the newer data; one that already holds other
        types raises RedisStoreStale, because mixing two states of the store could make a diff wrong.
        """
        for _attempt in range(3):
            with self._redis(f"reading {modelname} objects of {self}"):
                pipe = self._client.pipeline(transaction=True)
                pipe.hmget(self._keys.meta, STAMP_FIELDS)
                pipe.hgetall(key)
                stamp, values = pipe.execute()
            if _stamp(stamp) == self._stamp:
                return dict(values)
            if self._cache or self._pending:
                break
            self._open()
        self._drop_view()
        raise RedisStoreStale(f"{self} at {self.masked_url} changed on the server while this instance was reading it")

    def _model_class(self, modelname: str, hint: ModelRef | None) -> type[DiffSyncModel]:
        """The class to rebuild stored objects with: the adapter's, else the one the caller passed."""
        candidate = getattr(self.adapter, modelname, None) if self.adapter is not None else None
        if not (isclass(candidate) and issubclass(candidate, DiffSyncModel)):
            candidate = type(hint) if isinstance(hint, DiffSyncModel) else hint
        if isclass(candidate) and issubclass(candidate, DiffSyncModel) and candidate.get_type() == modelname:
            return candidate
        raise ObjectStoreWrongType(f"{self} cannot read {modelname} objects: no model class is known for that type")

    def _put(self, modelname: str, uid: str, obj: DiffSyncModel) -> None:
        """Insert or replace ``obj`` in the cache (keeping its position if replaced) and buffer its write."""
        bucket = self._cache[modelname]
        if uid not in bucket:
            self._seq[modelname][uid] = self._next_seq[modelname]
            self._next_seq[modelname] += 1
        bucket[uid] = obj
        if modelname not in self._types:
            self._types.add(modelname)
            self._new_types.add(modelname)
        self._mark(modelname, uid, obj)
        self._maybe_flush()

    def _mark(self, modelname: str, uid: str, obj: DiffSyncModel) -> None:
        dirty = self._dirty.setdefault(modelname, {})
        if uid not in dirty:
            self._pending += 1
        dirty[uid] = obj
        removed = self._removed.get(modelname)
        if removed is not None and uid in removed:
            removed.discard(uid)
            self._pending -= 1

    def _maybe_flush(self) -> None:
        if self._pending >= self.batch_size:
            self.flush()

    def _encode_pending(self) -> dict[str, dict[str, bytes]]:
        """The JSON of every buffered object, by type; encoded now so that later in-place changes are included."""
        writes: dict[str, dict[str, bytes]] = {}
        for modelname, dirty in self._dirty.items():
            seqs = self._seq[modelname]
            values = writes[modelname] = {}
            for uid, obj in dirty.items():
                try:
                    values[uid] = encode(obj, seqs[uid])
                except RedisStoreValueError as error:
                    raise RedisStoreValueError(f"cannot store {modelname} {uid} in {self}: {error}") from None
        return writes

    def _write(self, writes: dict[str, dict[str, bytes]]) -> Stamp:
        """One transaction, if the stamp is still ours (WATCH): values, deletions, type names, meta and TTLs.

        Returns the new stamp: same epoch, version + 1 (a new epoch for a store this instance creates).
        """
        keys = self._keys
        with self._client.pipeline(transaction=True) as pipe:
            pipe.watch(keys.meta)  # type: ignore[no-untyped-call]
            if _stamp(pipe.hmget(keys.meta, STAMP_FIELDS)) != self._stamp:
                raise RedisStoreStale("stamp changed")
            pipe.multi()
            if self._stamp is None:
                stamp = (secrets.token_hex(8), 1)
                created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                meta: dict[Any, Any] = {
                    "epoch": stamp[0],
                    "version": stamp[1],
                    "format": FORMAT_VERSION,
                    "created": created,
                }
                pipe.hset(keys.meta, mapping=meta)
                pipe.sadd(keys.registry, self._store_id)
            else:
                stamp = (self._stamp[0], self._stamp[1] + 1)
                pipe.hset(keys.meta, "version", stamp[1])
            for modelname, uids in self._removed.items():
                for chunk in _chunks(list(uids)):
                    pipe.hdel(keys.model(modelname), *chunk)
            for modelname, values in writes.items():
                for chunk in _chunks(list(values.items())):
                    pipe.hset(keys.model(modelname), mapping=dict(chunk))
            if self._new_types:
                pipe.sadd(keys.types, *self._new_types)
            if self.ttl is not None:
                for key in (keys.meta, keys.types, *(keys.model(name) for name in self._types)):
                    pipe.expire(key, self.ttl)
            pipe.execute()
        return stamp


def _name(model: ModelRef) -> str:
    return model if isinstance(model, str) else model.get_type()


def _stamp(fields: list[Any]) -> Stamp | None:
    """``(epoch, version)`` from ``HMGET meta epoch version``; None while the store does not exist."""
    epoch, version = fields
    return (_text(epoch), int(version or 0)) if epoch else None


def _text(value: bytes | str) -> str:
    """A reply value as text (the client returns bytes; a caller's ``decode_responses=True`` returns str)."""
    return value.decode() if isinstance(value, bytes) else value


def _seq_of(entry: tuple[int, str, DiffSyncModel]) -> int:
    return entry[0]


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), WRITE_CHUNK):
        yield items[start : start + WRITE_CHUNK]


def _delete_keys(client: Redis, keys: KeyLayout) -> bool:
    """Delete every key of a store atomically (re-reading its type names if they change meanwhile)."""
    while True:
        with client.pipeline(transaction=True) as pipe:
            try:
                pipe.watch(keys.types)  # type: ignore[no-untyped-call]
                names = [_text(name) for name in pipe.smembers(keys.types)]
                pipe.multi()
                pipe.delete(keys.meta, keys.types, *(keys.model(name) for name in names))
                pipe.srem(keys.registry, keys.store_id)
                deleted, _removed = pipe.execute()
                return bool(deleted)
            except redis_errors.WatchError:
                continue


@contextmanager
def _translated(conn: Connection, action: str) -> Iterator[None]:
    try:
        yield
    except (redis_errors.RedisError, OSError) as error:
        raise translate(error, conn.where, action, conn.secrets) from error


@contextmanager
def _session(
    *, url: str | None, host: str | None, port: int, db: int, options: Mapping[str, Any] | None
) -> Iterator[Connection]:
    """A short-lived connection for the class-level management calls."""
    conn = connect(url=url, host=host, port=port, db=db, options=options)
    try:
        yield conn
    finally:
        conn.client.close()


@atexit.register
def _flush_at_exit() -> None:
    """Write what open stores still buffer, so a loader process that simply ends does not lose its tail."""
    for store in list(_open_stores):
        try:
            store.flush()
        except RedisStoreError:
            _LOG.error("could not flush %s at interpreter exit", store, exc_info=True)
