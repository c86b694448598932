"""Builds equivalent models, adapters and diff classes on top of any diffsync-compatible library module."""

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from . import recorder
from .scenario import IDENTIFIERS, Node, Schema


class Location(BaseModel):
    """Nested pydantic attribute value (dumped to a dict by get_attrs())."""

    building: str
    floor: int | None = None


@dataclass(frozen=True, eq=False)
class Twin:
    """One library's model classes, diff classes and adapter-class factory."""

    lib: ModuleType
    models: dict[str, type]
    diff_classes: dict[str, type]

    def adapter_class(self, side: str, schema: Schema) -> type:
        """The adapter class for one side's schema (cached so each class is built once per library)."""
        return _adapter_class(self, side, schema)

    def build(self, side: str, schema: Schema, nodes: tuple[Node, ...]) -> Any:
        """A loaded adapter holding `nodes`, added with add()/add_child() in the given order."""
        adapter = self.adapter_class(side, schema)(name=schema.name)
        self._load(adapter, nodes, None)
        return adapter

    def _load(self, adapter: Any, nodes: tuple[Node, ...], parent: Any) -> None:
        for node in nodes:
            obj = getattr(adapter, node.type)(**node.fields, model_flags=self.lib.DiffSyncModelFlags(node.flags))
            if node.placement != "dangling":
                adapter.add(obj)
            if parent is not None and node.placement != "orphan":
                parent.add_child(obj)
            self._load(adapter, node.children, obj)


@functools.cache
def twin_for(lib: ModuleType) -> Twin:
    """The twin of `lib` (class creation is slow with pydantic, so build it once)."""
    return Twin(lib=lib, models=_define_models(lib), diff_classes=_define_diffs(lib))


@functools.cache
def _adapter_class(twin: Twin, side: str, schema: Schema) -> type:
    models = twin.models
    namespace: dict[str, Any] = {
        "top_level": list(schema.top_level),
        "site": models["site_with_racks"] if schema.racks else models["site"],
        "device": models["device_lite"] if schema.lite_devices else models["device"],
        "interface": models["interface"],
        "vlan": models["vlan"],
        "sync_complete": _record_sync_complete,
    }
    if schema.spy:
        namespace.update({name: _recording(twin.lib.Adapter, name) for name in _OVERRIDABLE})
    if schema.racks:
        namespace["rack"] = models["rack"]
    return type(f"{side.capitalize()}Adapter", (twin.lib.Adapter,), namespace)


# Adapter methods users override (e.g. adapters without an internal store): the engine must go through them.
_OVERRIDABLE = ("get", "get_or_none", "get_all", "get_by_uids", "add", "update", "remove")


def _recording(base: type, name: str) -> Callable[..., Any]:
    """An override of `base.<name>` that records the call (model type, unique id or object) and delegates."""
    original = getattr(base, name)
    signature = inspect.signature(original)

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        arguments = signature.bind(self, *args, **kwargs).arguments
        recorder.current().adapter_calls.append((str(self), name, *_call_details(self, arguments)))
        return original(self, *args, **kwargs)

    method.__name__ = name
    return method


def _call_details(adapter: Any, arguments: dict[str, Any]) -> tuple[Any, ...]:
    """Library-neutral call arguments: model type names, unique ids instead of identifier dicts, object reprs."""
    if "obj" in arguments and "identifier" in arguments:  # get / get_or_none
        obj, identifier = arguments["obj"], arguments["identifier"]
        model = getattr(adapter, obj) if isinstance(obj, str) else obj
        uid = identifier if isinstance(identifier, str) else model.create_unique_id(**identifier)
        return model.get_type(), uid
    if "uids" in arguments:  # get_by_uids
        obj = arguments["obj"]
        return (obj if isinstance(obj, str) else obj.get_type()), list(arguments["uids"])
    obj = arguments["obj"]
    if isinstance(obj, str):  # get_all by type name
        return (obj,)
    if inspect.isclass(obj):  # get_all by class
        return (obj.get_type(),)
    return repr(obj), arguments.get("remove_children", False)  # add / update / remove


def _record_sync_complete(self: Any, source: Any, diff: Any, flags: Any = None, logger: Any = None) -> None:
    """sync_complete hook: remember who was told what."""
    recorder.current().completions.append((str(self), str(source), diff, flags, logger is not None))


def _define_diffs(lib: ModuleType) -> dict[str, type]:
    class ReversedDiff(lib.Diff):  # type: ignore[name-defined,misc]
        """Orders every group by descending (type, name) and counts complete() calls."""

        completions = 0

        @classmethod
        def order_children_default(cls, children: dict[str, Any]) -> Any:
            yield from sorted(children.values(), reverse=True)

        def complete(self) -> None:
            self.completions += 1

    return {"Diff": lib.Diff, "ReversedDiff": ReversedDiff}


def _define_models(lib: ModuleType) -> dict[str, type]:
    """Model classes: site → device → interface, site → rack (optional), standalone vlan with a _shortname."""
    exceptions = lib.exceptions
    refusals = {
        "create": exceptions.ObjectNotCreated,
        "update": exceptions.ObjectNotUpdated,
        "delete": exceptions.ObjectNotDeleted,
    }

    def act(
        action: str, model_type: str, key: tuple[Any, ...], normal: Callable[[], Any], silent: Callable[[], Any]
    ) -> Any:
        """Run one CRUD operation the way the plan says, recording it."""
        rec = recorder.current()
        behaviour = rec.plan.get((model_type, key), "ok")
        rec.crud.append((action, model_type, key, behaviour))
        if behaviour == "none":
            return None
        if behaviour == "refuse":
            raise refusals[action](f"refused to {action} {model_type} {key}")
        if behaviour == "crash":
            raise RuntimeError(f"backend crashed during {action} of {model_type} {key}")
        if behaviour == "silent":
            return silent()
        result = normal()
        if behaviour == "replace":
            return result.model_copy()
        if behaviour == "warn":
            result.set_status(lib.DiffSyncStatus.FAILURE, f"{action} of {model_type} {key} only partly applied")
        return result

    class TwinModel(lib.DiffSyncModel):  # type: ignore[name-defined,misc]
        """CRUD hooks driven by the recorder's plan."""

        @classmethod
        def create(cls, adapter: Any, ids: dict[str, Any], attrs: dict[str, Any]) -> Any:
            key = tuple(ids[name] for name in cls._identifiers)
            return act(
                "create",
                cls.get_type(),
                key,
                lambda: super(TwinModel, cls).create(adapter, ids, attrs),
                lambda: cls(**ids, adapter=adapter, **attrs),
            )

        def update(self, attrs: dict[str, Any]) -> Any:
            def silent() -> Any:
                for name, value in attrs.items():
                    setattr(self, name, value)
                return self

            key = tuple(getattr(self, name) for name in self._identifiers)
            return act("update", self.get_type(), key, lambda: super(TwinModel, self).update(attrs), silent)

        def delete(self) -> Any:
            key = tuple(getattr(self, name) for name in self._identifiers)
            return act("delete", self.get_type(), key, lambda: super(TwinModel, self).delete(), lambda: self)

    class Site(TwinModel):
        _modelname = "site"
        _identifiers = IDENTIFIERS["site"]
        _attributes = ("region", "tags")
        _children = {"device": "devices"}
        name: str
        region: str | None = None
        tags: list[str] = []
        devices: list[str] = []

    class SiteWithRacks(Site):
        _children = {"device": "devices", "rack": "racks"}
        racks: list[str] = []

    class Rack(TwinModel):
        # get_shortname() is overridden (no _shortname): diff element names must come from the override.
        _modelname = "rack"
        _identifiers = IDENTIFIERS["rack"]
        _attributes = ("units",)
        site_name: str
        name: str
        units: int = 42

        def get_shortname(self) -> str:
            return f"rack-{self.name}"

    class Device(TwinModel):
        _modelname = "device"
        _identifiers = IDENTIFIERS["device"]
        _shortname = ("name",)
        _attributes = ("role", "settings", "location")
        _children = {"interface": "interfaces"}
        site_name: str
        name: str
        role: str | None = None
        settings: dict[str, int] = {}
        location: Location | None = None
        interfaces: list[str] = []

    class DeviceLite(TwinModel):
        _modelname = "device"
        _identifiers = IDENTIFIERS["device"]
        _shortname = ("name",)
        _attributes = ("settings", "role")
        _children = {"interface": "interfaces"}
        site_name: str
        name: str
        settings: dict[str, int] = {}
        role: str | None = None
        interfaces: list[str] = []

    class Interface(TwinModel):
        # Fields declared in another order than _identifiers: get_identifiers() (diff keys) use declaration order.
        _modelname = "interface"
        _identifiers = IDENTIFIERS["interface"]
        _shortname = ("name",)
        _attributes = ("description", "enabled")
        device_name: str
        name: str
        site_name: str
        description: str | None = None
        enabled: bool = True

        def get_attrs(self) -> dict[str, Any]:
            """Overridden: a missing description compares as "" (engines must not dump attributes themselves)."""
            attrs = super().get_attrs()
            if attrs["description"] is None:
                attrs["description"] = ""
            return attrs

    class Vlan(TwinModel):
        # _shortname is not unique across groups, so two vlans with one vid collide inside a Diff.
        _modelname = "vlan"
        _identifiers = IDENTIFIERS["vlan"]
        _shortname = ("vid",)
        _attributes = ("name",)
        vid: int
        group: str
        name: str | None = None

        @classmethod
        def create_unique_id(cls, **identifiers: Any) -> str:
            """Overridden: unique ids must come from here, not from joining _identifiers."""
            return f"{identifiers['group']}/vlan{identifiers['vid']}"

    return {
        "site": Site,
        "site_with_racks": SiteWithRacks,
        "rack": Rack,
        "device": Device,
        "device_lite": DeviceLite,
        "interface": Interface,
        "vlan": Vlan,
    }
