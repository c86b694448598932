"""``LocalStore``: the default in-memory store, ``{modelname: {unique_id: object}}``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from diffsync_automation._engine import compiled
from diffsync_automation._engine.children import LAST_KEY
from diffsync_automation._engine.lanes import store_lane
from diffsync_automation.exceptions import ObjectAlreadyExists, ObjectNotFound
from diffsync_automation.store import BaseStore, ModelRef

if TYPE_CHECKING:
    from diffsync_automation.model import DiffSyncModel

_EMPTY: dict[str, Any] = {}


def _modelname(model: ModelRef) -> str:
    return model if isinstance(model, str) else model.get_type()


class LocalStore(BaseStore):
    """Objects kept in process memory, in insertion order per type.

    ``_data`` keeps diffsync's name and shape because users reach into it. Unlike diffsync, reading an
    unknown type does not create an empty bucket for it (see docs/compatibility.md).
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Decide the subclass's lane: the engine reads its buckets only while it reads them ``LocalStore``'s way."""
        super().__init_subclass__(**kwargs)
        cls._lane = store_lane(cls, LocalStore, BaseStore)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._data: defaultdict[str, dict[str, DiffSyncModel]] = defaultdict(dict)

    def get_all_model_names(self) -> set[str]:
        return set(self._data.keys())

    def get(self, *, model: ModelRef, identifier: str | dict[str, Any]) -> DiffSyncModel:
        object_class, modelname = self._get_object_class_and_model(model)
        uid = self._get_uid(model, object_class, identifier)
        try:
            return self._data.get(modelname, _EMPTY)[uid]  # type: ignore[no-any-return]
        except KeyError:
            raise ObjectNotFound(f"{modelname} {uid} not present in {self}") from None

    def get_all(self, *, model: ModelRef) -> list[DiffSyncModel]:
        return list(self._data.get(_modelname(model), _EMPTY).values())

    def get_by_uids(self, *, uids: Iterable[str], model: ModelRef) -> list[DiffSyncModel]:
        modelname = _modelname(model)
        bucket = self._data.get(modelname, _EMPTY)
        try:
            return [bucket[uid] for uid in uids]
        except KeyError as missing:
            raise ObjectNotFound(f"{modelname} {missing.args[0]} not present in {self}") from None

    def add(self, *, obj: DiffSyncModel) -> None:
        kernel = compiled.speedups
        if kernel is not None and kernel.local_add(self, obj):
            return
        model_class = type(obj)
        lane = model_class._lane
        if lane.own_identity:  # read what get_type()/get_unique_id() would return without calling them
            modelname = model_class._modelname
            reader = lane.instance_uid
            uid = reader(obj) if reader is not None else None
            if uid is None:
                uid = obj.get_unique_id()
        else:
            modelname = obj.get_type()
            uid = obj.get_unique_id()
        bucket = self._data[modelname]
        existing = bucket.get(uid)
        if existing is not None:
            if existing is not obj:
                raise ObjectAlreadyExists(f"Object {uid} already present", obj)
            return
        if obj.adapter is None:
            obj._attach_adapter(self.adapter)
        bucket[uid] = obj
        LAST_KEY[0] = uid

    def update(self, *, obj: DiffSyncModel) -> None:
        self._data[obj.get_type()][obj.get_unique_id()] = obj

    def remove_item(self, modelname: str, uid: str) -> None:
        bucket = self._data.get(modelname, _EMPTY)
        if uid not in bucket:
            raise ObjectNotFound(f"{modelname} {uid} not present in {self}")
        del bucket[uid]

    def count(self, *, model: ModelRef | None = None) -> int:
        if not model:
            return sum(len(entries) for entries in self._data.values())
        return len(self._data.get(_modelname(model), _EMPTY))


LocalStore._lane = store_lane(LocalStore, LocalStore, BaseStore)
