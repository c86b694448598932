"""``NetworkAdapter``: the models of one device and how host-shaped data becomes model objects.

The intended adapter and the device adapter both derive from it and load the same way, from data in the
intended-state schema (``IntendedState``): the intended adapter from the inventory, the device adapter from what
the platform read off the device. Each managed section is loaded by a ``load_<section>`` method that yields one
model object per entry; add a section by adding a model class attribute, a ``top_level`` entry, a schema field
and a ``load_<section>`` method (see docs/network.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from diffsync_automation.adapter import Adapter
from diffsync_automation.network.errors import IntendedStateError, Problem
from diffsync_automation.network.models import Interface, NetworkModel, NtpServer, StaticRoute, System, Vlan
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.schema import IntendedState, InterfaceData, SectionItem, StaticRouteData, VlanData


class NetworkAdapter(Adapter):
    """The configuration of one device (``host``) as network models."""

    system = System
    vlan = Vlan
    interface = Interface
    ntp_server = NtpServer
    static_route = StaticRoute
    top_level: ClassVar[list[str]] = ["system", "vlan", "interface", "ntp_server", "static_route"]
    schema: ClassVar[type[IntendedState]] = IntendedState

    def __init__(self, host: str, platform: Platform, name: str | None = None) -> None:
        super().__init__(name=name)
        self.host = host
        self.platform = platform
        self.origin: dict[tuple[str, str], str] = {}
        """``(model type, unique id)`` -> path of the entry the object was loaded from (``vlans[2]``)."""

    def load_state(self, state: IntendedState, complete: bool) -> None:
        """Add the objects of every managed section of ``state``.

        ``complete=False`` makes each object compare only the attributes the data spells out (``merged``);
        otherwise missing attributes take their defaults. Duplicate entries raise ``IntendedStateError``.
        """
        problems: list[Problem] = []
        for section in sorted(state.managed()):
            loader = getattr(self, f"load_{section}", None)
            if loader is None:
                raise TypeError(f"{type(self).__name__} has no load_{section}() for the section {section!r}")
            value = getattr(state, section)
            for index, obj in enumerate(loader(value, complete)):
                path = f"{section}[{index}]" if isinstance(value, Sequence) and not isinstance(value, str) else section
                problem = self._add_loaded(obj, path)
                if problem is not None:
                    problems.append(problem)
        if problems:
            raise IntendedStateError(self.host, problems)

    def _add_loaded(self, obj: NetworkModel, path: str) -> Problem | None:
        key = (obj.get_type(), obj.get_unique_id())
        if key in self.origin:
            return Problem(
                path, f"duplicate {obj.get_type()} {obj.get_unique_id()}: already given at {self.origin[key]}"
            )
        self.origin[key] = path
        self.add(obj)
        return None

    @staticmethod
    def _given(item: SectionItem, complete: bool, *identifiers: str) -> set[str] | None:
        """Attributes to compare: None (all) when complete, else the ones set in the data."""
        return None if complete else set(item.model_fields_set) - set(identifiers)

    @staticmethod
    def _limited(obj: NetworkModel, attrs: set[str] | None) -> NetworkModel:
        if attrs is not None:
            obj.limit_attrs(attrs)
        return obj

    # ------------------------------------------------------------------ section loaders
    def load_device_hostname(self, value: str, complete: bool) -> Iterator[NetworkModel]:
        """The ``system`` object, identified by the inventory host name."""
        yield System(host=self.host, hostname=value)

    def load_vlans(self, items: list[VlanData], complete: bool) -> Iterator[NetworkModel]:
        for item in items:
            vlan = Vlan(vlan_id=item.id, **item.model_dump(include={"name"}, exclude_none=True))
            yield self._limited(vlan, self._given(item, complete, "id"))

    def load_interfaces(self, items: list[InterfaceData], complete: bool) -> Iterator[NetworkModel]:
        """Names are expanded to the platform's full form; unset attributes take the interface kind's defaults."""
        for item in items:
            name = self.platform.canonical_interface(item.name)
            values: dict[str, Any] = self.platform.interface_defaults(name)
            values.update(item.model_dump(include=item.model_fields_set - {"name"}))
            yield self._limited(Interface(name=name, **values), self._given(item, complete, "name"))

    def load_ntp_servers(self, items: list[str], complete: bool) -> Iterator[NetworkModel]:
        for server in items:
            yield NtpServer(server=server)

    def load_static_routes(self, items: list[StaticRouteData], complete: bool) -> Iterator[NetworkModel]:
        for item in items:
            route = StaticRoute(prefix=item.prefix, next_hop=item.next_hop, distance=item.distance)
            yield self._limited(route, self._given(item, complete, "prefix", "next_hop"))
