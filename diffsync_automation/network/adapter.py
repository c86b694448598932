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
from diffsync_automation.network.models import (
    Acl,
    AclEntry,
    Banner,
    BgpAddressFamily,
    BgpGlobal,
    BgpNeighbor,
    Dns,
    Interface,
    L2Interface,
    L3Interface,
    LagInterface,
    LagMember,
    LldpGlobal,
    LoggingGlobal,
    NetworkModel,
    NtpGlobal,
    NtpServer,
    OspfProcess,
    PrefixList,
    PrefixListEntry,
    SnmpServer,
    StaticRoute,
    System,
    User,
    Vlan,
    Vrf,
)
from diffsync_automation.network.platforms import Platform
from diffsync_automation.network.schema import (
    AclsAfiData,
    BannerData,
    BgpAddressFamilyData,
    BgpGlobalData,
    DnsData,
    IntendedState,
    InterfaceData,
    L2InterfaceData,
    L3InterfaceData,
    LagInterfaceData,
    LldpGlobalData,
    LoggingGlobalData,
    NtpGlobalData,
    Ospfv2Data,
    PrefixListsAfiData,
    SectionItem,
    SnmpServerData,
    StaticRouteData,
    UserData,
    VlanData,
    VrfData,
)


class NetworkAdapter(Adapter):
    """The configuration of one device (``host``) as network models."""

    system = System
    vlan = Vlan
    interface = Interface
    l2_interface = L2Interface
    l3_interface = L3Interface
    lag_interface = LagInterface
    lag_member = LagMember
    vrf = Vrf
    dns = Dns
    logging_global = LoggingGlobal
    lldp_global = LldpGlobal
    banner = Banner
    snmp_server = SnmpServer
    user = User
    acl = Acl
    acl_entry = AclEntry
    prefix_list = PrefixList
    prefix_list_entry = PrefixListEntry
    bgp_global = BgpGlobal
    bgp_neighbor = BgpNeighbor
    bgp_address_family = BgpAddressFamily
    ospf_process = OspfProcess
    ntp_server = NtpServer
    ntp_global = NtpGlobal
    static_route = StaticRoute
    top_level: ClassVar[list[str]] = [
        "system",
        "vlan",
        "vrf",
        "acl",
        "acl_entry",
        "prefix_list",
        "prefix_list_entry",
        "interface",
        "l2_interface",
        "l3_interface",
        "lag_interface",
        "lag_member",
        "bgp_global",
        "bgp_neighbor",
        "bgp_address_family",
        "ospf_process",
        "ntp_server",
        "ntp_global",
        "static_route",
        "dns",
        "logging_global",
        "snmp_server",
        "user",
        "lldp_global",
        "banner",
    ]
    schema: ClassVar[type[IntendedState]] = IntendedState
    entry_lists: ClassVar[dict[str, str]] = {"ntp_server": "servers"}
    """Model type -> the list of a settings section its objects come from, for their origin path
    (``ntp_global.servers[1]``): ``state: deleted`` clears such a list when it is given empty."""

    def __init__(self, host: str, platform: Platform, name: str | None = None) -> None:
        super().__init__(name=name)
        self.host = host
        self.platform = platform
        self.origin: dict[tuple[str, str], str] = {}
        """``(model type, unique id)`` -> path of the entry the object was loaded from (``vlans[2]``)."""
        self.bgp_as: int | None = None
        """AS number of the BGP process the data holds (``bgp_global``), for the VRFs of ``Vrf.bgp_as``."""
        self.l2_ports: frozenset[str] = frozenset()
        """Ports the intended data lists in ``l2_interfaces``: their access VLAN belongs to it, not to
        ``interfaces`` (set by the intended adapter; the device side compares whatever the intended side does)."""

    def load_state(self, state: IntendedState, complete: bool) -> None:
        """Add the objects of every managed section of ``state``.

        ``complete=False`` makes each object compare only the attributes the data spells out (``merged``);
        otherwise missing attributes take their defaults. Duplicate entries raise ``IntendedStateError``.
        """
        problems: list[Problem] = []
        self.bgp_as = state.bgp_global.as_number if state.bgp_global is not None else None
        for section in sorted(state.managed()):
            loader = getattr(self, f"load_{section}", None)
            if loader is None:
                raise TypeError(f"{type(self).__name__} has no load_{section}() for the section {section!r}")
            value = getattr(state, section)
            counts: dict[str, int] = {}
            for index, obj in enumerate(loader(value, complete)):
                path = f"{section}[{index}]" if isinstance(value, Sequence) and not isinstance(value, str) else section
                entries = self.entry_lists.get(obj.get_type())
                if entries is not None and path == section:
                    counts[entries] = counts.get(entries, -1) + 1
                    path = f"{section}.{entries}[{counts[entries]}]"
                problem = self._add_loaded(obj, path)
                if problem is not None:
                    problems.append(problem)
        problems += self.platform.intended_problems(state, complete)
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
            values = self.platform.normalise_interface(values)
            compared = self._given(item, complete, "name")
            if name in self.l2_ports:  # one owner per setting: the port's access VLAN belongs to l2_interfaces
                compared = (compared if compared is not None else set(Interface._attributes)) - {"access_vlan"}
            yield self._limited(Interface(name=name, **values), compared)

    def load_l2_interfaces(self, items: list[L2InterfaceData], complete: bool) -> Iterator[NetworkModel]:
        """Nested ``access``/``trunk`` settings become flat attributes; under ``merged`` only those given compare."""
        for item in items:
            values: dict[str, Any] = {"mode": item.mode}
            given = {"mode"} & item.model_fields_set
            if item.access is not None:
                values["access_vlan"] = item.access.vlan
                given |= {"access_vlan"} & {f"access_{key}" for key in item.access.model_fields_set}
            if item.trunk is not None:
                values.update(allowed_vlans=item.trunk.allowed_vlans, native_vlan=item.trunk.native_vlan)
                given |= set(item.trunk.model_fields_set)
            port = L2Interface(name=self.platform.canonical_interface(item.name), **values)
            yield self._limited(port, None if complete else given)

    def load_l3_interfaces(self, items: list[L3InterfaceData], complete: bool) -> Iterator[NetworkModel]:
        """The primary IPv4 address apart from the secondaries; under ``merged`` only the families given compare."""
        for item in items:
            ipv4 = item.ipv4 or []
            port = L3Interface(
                name=self.platform.canonical_interface(item.name),
                vrf=item.vrf,
                ipv4=next((entry.address for entry in ipv4 if not entry.secondary), None),
                ipv4_secondary=sorted(entry.address for entry in ipv4 if entry.secondary),
                ipv6=sorted(entry.address for entry in item.ipv6 or ()),
            )
            given = ({"ipv4", "ipv4_secondary"} if item.ipv4 is not None else set()) | ({"vrf"} & item.model_fields_set)
            given |= {"ipv6"} if item.ipv6 is not None else set()
            yield self._limited(port, None if complete else given)

    def load_vrfs(self, items: list[VrfData], complete: bool) -> Iterator[NetworkModel]:
        """``bgp_as`` compares only where route targets live under BGP (under ``merged``: when they are given)."""
        in_bgp = self.platform.vrf_targets_in_bgp
        for item in items:
            vrf = Vrf(
                name=item.name,
                description=item.description,
                rd=item.rd,
                route_import=sorted(set(item.route_import)),
                route_export=sorted(set(item.route_export)),
                bgp_as=self.bgp_as if in_bgp else None,
            )
            compared = self._given(item, complete, "name")
            if not in_bgp:
                compared = (compared if compared is not None else set(Vrf._attributes)) - {"bgp_as"}
            elif compared is not None and compared & {"rd", "route_import", "route_export"}:
                compared.add("bgp_as")
            yield self._limited(vrf, compared)

    def load_dns(self, value: DnsData, complete: bool) -> Iterator[NetworkModel]:
        """The ``dns`` object, identified by the inventory host name."""
        dns = Dns(host=self.host, domain_name=value.domain_name, name_servers=sorted(set(value.name_servers)))
        yield self._limited(dns, self._given(value, complete))

    def load_logging_global(self, value: LoggingGlobalData, complete: bool) -> Iterator[NetworkModel]:
        """The ``logging_global`` object; ``hosts`` and ``buffered`` compare under ``merged`` only when given."""
        size = value.buffered.size if value.buffered is not None else None
        hosts = sorted({entry.hostname for entry in value.hosts})
        settings = LoggingGlobal(host=self.host, hosts=hosts, buffered_size=size)
        given = {"hosts"} & value.model_fields_set | (
            {"buffered_size"} if "buffered" in value.model_fields_set else set()
        )
        yield self._limited(settings, None if complete else given)

    def load_snmp_server(self, value: SnmpServerData, complete: bool) -> Iterator[NetworkModel]:
        """The ``snmp_server`` object; under ``merged`` only the keys given compare."""
        communities = sorted({f"{entry.name} {entry.access}" for entry in value.communities})
        hosts = sorted(
            {
                f"{entry.host} {'informs' if entry.informs else 'traps'} {entry.version} {entry.community_string}"
                for entry in value.hosts
            }
        )
        settings = SnmpServer(
            host=self.host, location=value.location, contact=value.contact, communities=communities, hosts=hosts
        )
        yield self._limited(settings, None if complete else set(value.model_fields_set))

    def load_users(self, items: list[UserData], complete: bool) -> Iterator[NetworkModel]:
        """A ``user`` per entry (the hash as its token, from the schema); under ``merged`` only keys given
        compare."""
        for item in items:
            hashed = item.hashed_password
            user = User(
                name=item.name,
                privilege=item.privilege,
                role=item.role,
                password_type=hashed.type if hashed is not None else None,
                password=hashed.value if hashed is not None else None,
            )
            given = {"privilege", "role"} & item.model_fields_set | (
                {"password_type", "password"} if "hashed_password" in item.model_fields_set else set()
            )
            yield self._limited(user, None if complete else given)

    def load_lldp_global(self, value: LldpGlobalData, complete: bool) -> Iterator[NetworkModel]:
        """``enabled`` compares only when given; ``timer``/``holdtime`` null is the platform default."""
        settings = LldpGlobal(host=self.host, enabled=value.enabled, timer=value.timer, holdtime=value.holdtime)
        compared = {"enabled", "timer", "holdtime"} if complete else set(value.model_fields_set)
        if value.enabled is None:
            compared.discard("enabled")
        yield self._limited(settings, compared)

    def load_banner(self, items: list[BannerData], complete: bool) -> Iterator[NetworkModel]:
        for item in items:
            yield Banner(banner=item.banner, text=item.text)

    def load_acls(self, items: list[AclsAfiData], complete: bool) -> Iterator[NetworkModel]:
        """An ``acl`` per list and an ``acl_entry`` per ACE (compared whole). Under ``merged`` a list given with
        ``aces`` is not compared itself (its entries create it); given by name alone it is (``deleted`` removes it)."""
        for family in items:
            for item in family.acls:
                if complete or item.aces is None:
                    acl = Acl(name=item.name, acl_type=item.acl_type)
                    yield self._limited(acl, self._given(item, complete, "name", "aces"))
                for ace in item.aces or ():
                    destination = ace.destination
                    yield AclEntry(
                        name=item.name,
                        sequence=ace.sequence,
                        acl_type=item.acl_type,
                        grant=ace.grant,
                        protocol=ace.protocol,
                        source=ace.source.text(),
                        source_port=ace.source.port_protocol.eq if ace.source.port_protocol else None,
                        destination=destination.text() if destination is not None else None,
                        destination_port=(
                            destination.port_protocol.eq if destination and destination.port_protocol else None
                        ),
                    )

    def load_prefix_lists(self, items: list[PrefixListsAfiData], complete: bool) -> Iterator[NetworkModel]:
        """A ``prefix_list`` per list and a ``prefix_list_entry`` per entry (compared whole), as for ``acls``: under
        ``merged`` (and ``deleted``) a list given with entries is not compared itself (its entries create it)."""
        for family in items:
            for item in family.prefix_lists:
                if (complete and item.entries) or (not complete and item.entries is None):
                    yield PrefixList(name=item.name)  # a list without entries does not exist
                for entry in item.entries or ():
                    yield PrefixListEntry(name=item.name, **entry.model_dump())

    def load_bgp_global(self, value: BgpGlobalData, complete: bool) -> Iterator[NetworkModel]:
        """A ``bgp_global`` for the process and a ``bgp_neighbor`` per peer. Under ``merged`` the process is compared
        only when ``bgp`` is given or no ``neighbors`` are (its neighbours create it; ``deleted`` then removes it)."""
        if complete or value.neighbors is None or value.bgp is not None:
            router_id = value.bgp.router_id if value.bgp is not None else None
            process = BgpGlobal(as_number=value.as_number, router_id=router_id)
            yield self._limited(process, None if complete or value.bgp is not None else set())
        for item in value.neighbors or ():
            source = self.platform.canonical_interface(item.update_source) if item.update_source else None
            neighbor = BgpNeighbor(
                as_number=value.as_number,
                **item.model_dump(include={"neighbor_address", "remote_as", "description", "shutdown"}),
                update_source=source,
            )
            yield self._limited(neighbor, self._given(item, complete, "neighbor_address"))

    def load_bgp_address_family(self, value: BgpAddressFamilyData, complete: bool) -> Iterator[NetworkModel]:
        """A ``bgp_address_family`` per family (``vrf`` null and ``default`` are the default VRF); neighbours with
        ``activate: false`` are not activated. Under ``merged`` only ``networks``/``neighbors`` given compare."""
        for item in value.address_family:
            family = BgpAddressFamily(
                as_number=value.as_number,
                vrf=item.vrf or "default",
                afi=item.afi,
                safi=item.safi,
                networks=sorted({network.text() for network in item.networks or ()}),
                neighbors=sorted({peer.neighbor_address for peer in item.neighbors or () if peer.activate}),
            )
            given = {key for key in ("networks", "neighbors") if getattr(item, key) is not None}
            yield self._limited(family, None if complete else given)

    def load_lag_interfaces(self, items: list[LagInterfaceData], complete: bool) -> Iterator[NetworkModel]:
        """A ``lag_interface`` per port-channel and a ``lag_member`` per port (names in the platform's form); under
        ``merged`` a member's mode compares only when given."""
        for item in items:
            name = self.platform.canonical_interface(item.name)
            yield LagInterface(name=name)
            for member in item.members or ():
                port = LagMember(member=self.platform.canonical_interface(member.member), lag=name, mode=member.mode)
                yield self._limited(port, None if complete else {"lag"} | ({"mode"} & member.model_fields_set))

    def load_ospfv2(self, value: Ospfv2Data, complete: bool) -> Iterator[NetworkModel]:
        """An ``ospf_process`` per process; interface names in the platform's form, networks as ``A/LEN area X``,
        interfaces as ``NAME area X``."""
        for item in value.processes:
            process = OspfProcess(
                process_id=item.process_id,
                router_id=item.router_id,
                passive_interfaces=sorted(
                    {self.platform.canonical_interface(name) for name in item.passive_interfaces}
                ),
                networks=sorted({f"{network.prefix} area {network.area}" for network in item.networks}),
                interfaces=sorted(
                    {f"{self.platform.canonical_interface(entry.name)} area {entry.area}" for entry in item.interfaces}
                ),
            )
            yield self._limited(process, self._given(item, complete, "process_id"))

    def load_ntp_global(self, value: NtpGlobalData, complete: bool) -> Iterator[NetworkModel]:
        """An ``ntp_server`` per server and the ``ntp_global`` settings (the source interface in the platform's
        form). Under ``merged`` a server's options compare only when given, and the settings object is loaded only
        when ``source`` is given (or nothing is: under ``deleted``, ``ntp_global: {}`` removes the source too)."""
        for item in value.servers:
            server = NtpServer(**item.model_dump())
            yield self._limited(server, self._given(item, complete, "vrf", "server"))
        given = value.model_fields_set
        if complete or "source" in given or not given:
            source = self.platform.canonical_interface(value.source) if value.source is not None else None
            yield self._limited(NtpGlobal(host=self.host, source=source), None if complete else {"source"} & given)

    def load_static_routes(self, items: list[StaticRouteData], complete: bool) -> Iterator[NetworkModel]:
        """Exit interfaces in the platform's full form (``null0`` as the devices print it, ``Null0``)."""
        for item in items:
            interface = item.interface
            if interface is not None:
                interface = "Null0" if interface.lower() == "null0" else self.platform.canonical_interface(interface)
            route = StaticRoute(**item.model_dump(exclude={"interface"}), interface=interface)
            yield self._limited(route, self._given(item, complete, "vrf", "prefix", "next_hop", "interface"))
