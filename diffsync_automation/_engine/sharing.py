"""Copy-on-write sharing of the per-instance bookkeeping pydantic gives every model.

Each pydantic model carries a set of the field names that were set explicitly and a dict of its private
attributes. For the models an adapter holds they are almost always identical across instances (same fields
given, status "success"), yet each costs a few hundred bytes and a container the garbage collector tracks:
about 900 bytes per model. Instances therefore start with one shared, interned copy, and get their own copy
the moment anything would change it (``DiffSyncModel.__setattr__``/``__delattr__``/``set_status``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

PLAIN_FIELD_SETTER: Callable[[Any, str, Any], None] | None
"""pydantic's handler for assigning a plain field (pydantic >= 2.11 memoizes one handler per assigned name). An
assignment whose handler is this one can call it directly, skipping pydantic's generic ``__setattr__`` dispatch."""
try:
    from pydantic.main import _model_field_setattr_handler as PLAIN_FIELD_SETTER
except ImportError:  # older or newer pydantic: every assignment goes through pydantic's __setattr__
    PLAIN_FIELD_SETTER = None


class SharedFieldSet(set[str]):
    """A fields-set shared by many instances; never mutated in place."""

    __slots__ = ("_grown",)
    _grown: dict[str, SharedFieldSet]

    def with_name(self, name: str) -> SharedFieldSet:
        """The interned shared set holding these names and ``name`` (remembered: loads add ``adapter`` to each)."""
        if name in self:
            return self
        try:
            grown = self._grown
        except AttributeError:
            grown = self._grown = {}
        shared = grown.get(name)
        if shared is None:
            shared = grown[name] = shared_field_set((*self, name))
        return shared


class SharedPrivate(dict[str, Any]):
    """A private-attributes dict shared by many instances; never mutated in place."""

    __slots__ = ()


_field_sets: dict[frozenset[str], SharedFieldSet] = {}


def shared_field_set(names: Iterable[str]) -> SharedFieldSet:
    """The interned shared set with exactly these names."""
    key = frozenset(names)
    shared = _field_sets.get(key)
    if shared is None:
        shared = _field_sets[key] = SharedFieldSet(key)
    return shared


def shared_private(defaults: Mapping[str, Any]) -> SharedPrivate:
    """A shared private-attributes dict holding these defaults."""
    return SharedPrivate(defaults)


_statuses: dict[int, dict[str, SharedPrivate]] = {}


def shared_status(status: Any, message: str) -> SharedPrivate:
    """The shared private dict of a model whose only private attributes are its status and message.

    Keyed by the status member's identity: enum members hash through Python code, and this runs for every
    element of a sync.
    """
    by_message = _statuses.get(id(status))
    if by_message is None:
        by_message = _statuses[id(status)] = {}
    shared = by_message.get(message)
    if shared is None:
        shared = by_message[message] = SharedPrivate(_status=status, _status_message=message)
    return shared


def unshare_for(model: Any, name: str) -> None:
    """Before ``model.<name>`` is assigned: copy whichever shared container the assignment could change.

    pydantic adds an assigned field's name to the fields-set (nothing changes if the shared set holds it
    already, the usual case for an update) and writes private attributes into the private dict.
    """
    fields_set = model.__pydantic_fields_set__
    if type(fields_set) is SharedFieldSet and name not in fields_set:
        object.__setattr__(model, "__pydantic_fields_set__", set(fields_set))
    private = model.__pydantic_private__
    if type(private) is SharedPrivate and name in type(model).__private_attributes__:
        object.__setattr__(model, "__pydantic_private__", dict(private))


def unshare(model: Any) -> None:
    """Give ``model`` its own fields-set and private dict before something mutates them in place."""
    fields_set = model.__pydantic_fields_set__
    if type(fields_set) is SharedFieldSet:
        object.__setattr__(model, "__pydantic_fields_set__", set(fields_set))
    private = model.__pydantic_private__
    if type(private) is SharedPrivate:
        object.__setattr__(model, "__pydantic_private__", dict(private))
