"""DiffSync models of a device's configuration.

Each adapter holds one device, so the adapter plays the device's part and these are its top-level types:
``system`` (hostname), ``vlan``, ``vrf``, ``interface``, ``l2_interface``, ``l3_interface``,
``ntp_server``/``ntp_global``, ``static_route``, ``dns``, ``logging_global``, ``snmp_server``, ``user``,
``lldp_global``, ``banner``, ``acl``/``acl_entry``, ``prefix_list``/``prefix_list_entry``,
``bgp_global``/``bgp_neighbor``, ``bgp_address_family``, ``lag_interface``/``lag_member``, ``ospf_process``.
Flat types keep diffs and reports short (``vlan: 20``, not ``device: sw01 / vlan: 20``) and let a user add a type
without touching the others; the push order (VLANs before the interfaces using them, deleted after them) comes
from ``changes.order_changes``, not from nesting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import PrivateAttr
from typing_extensions import Self

from diffsync_automation.adapter import Adapter
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.network.changes import Change, ChangeSink


class NetworkModel(DiffSyncModel):
    """Base of the network models.

    - An object can compare only some of its attributes (``limit_attrs``): under ``state: merged`` the intended
      side compares just the attributes the host data spells out, so the others are left as they are.
    - create/update/delete report a ``Change`` to the adapter (when it is a ``ChangeSink``) before updating the
      in-memory object; the device adapter turns the changes into configuration commands.
    """

    _compared_attrs: frozenset[str] | None = PrivateAttr(default=None)

    def limit_attrs(self, names: Iterable[str]) -> None:
        """Compare only these attributes in diffs."""
        self._compared_attrs = frozenset(names)

    def get_attrs(self) -> dict[str, Any]:
        """The compared attributes (all of them unless ``limit_attrs`` was called)."""
        attrs = super().get_attrs()
        if self._compared_attrs is None:
            return attrs
        return {key: value for key, value in attrs.items() if key in self._compared_attrs}

    @classmethod
    def create(cls, adapter: Adapter, ids: dict[str, Any], attrs: dict[str, Any]) -> Self | None:
        _report(adapter, Change(cls.get_type(), "create", dict(ids), {}, dict(attrs)))
        return super().create(adapter=adapter, ids=ids, attrs=attrs)

    def update(self, attrs: dict[str, Any]) -> Self | None:
        _report(self.adapter, Change(self.get_type(), "update", self.get_identifiers(), self.get_attrs(), dict(attrs)))
        return super().update(attrs=attrs)

    def delete(self) -> Self | None:
        _report(self.adapter, Change(self.get_type(), "delete", self.get_identifiers(), self.get_attrs(), {}))
        return super().delete()


def unique_id_without_none(names: Iterable[str], identifiers: dict[str, Any]) -> str:
    """The identifiers that are not None, joined by ``__`` (a global route or server keeps a short id)."""
    return "__".join(str(identifiers[key]) for key in names if identifiers.get(key) is not None)


def _report(adapter: Adapter | None, change: Change) -> None:
    if isinstance(adapter, ChangeSink):
        adapter.record(change)


class System(NetworkModel):
    """Device-wide settings; one per device, identified by the inventory host name."""

    _modelname = "system"
    _identifiers = ("host",)
    _attributes = ("hostname",)

    host: str
    hostname: str


class Vlan(NetworkModel):
    """A VLAN and its name."""

    _modelname = "vlan"
    _identifiers = ("vlan_id",)
    _attributes = ("name",)

    vlan_id: int
    name: str = ""
    """Empty only in a list of VLANs to delete, which names them by id alone."""


class Interface(NetworkModel):
    """An interface; ``access_vlan`` is None for a routed port, ``mtu`` None for the platform default, ``speed``
    (Mb/s) and ``duplex`` None when negotiated."""

    _modelname = "interface"
    _identifiers = ("name",)
    _attributes = ("description", "enabled", "access_vlan", "mtu", "speed", "duplex")

    name: str
    description: str = ""
    enabled: bool = True
    access_vlan: int | None = None
    mtu: int | None = None
    speed: int | None = None
    duplex: str | None = None


class L2Interface(NetworkModel):
    """A switch port: access or trunk mode, its access VLAN, the VLANs a trunk carries and its native VLAN.

    ``allowed_vlans`` is the device's text form (``10,20-22``; ``1-4094`` when unrestricted) so equal sets compare
    equal however the data spelled them.
    """

    _modelname = "l2_interface"
    _identifiers = ("name",)
    _attributes = ("mode", "access_vlan", "allowed_vlans", "native_vlan")

    name: str
    mode: str = "access"
    access_vlan: int = 1
    allowed_vlans: str = "1-4094"
    native_vlan: int = 1


class Dns(NetworkModel):
    """Name resolution: one per device, identified by the inventory host name like ``system``."""

    _modelname = "dns"
    _identifiers = ("host",)
    _attributes = ("domain_name", "name_servers")

    host: str
    domain_name: str | None = None
    name_servers: list[str] = []


class LoggingGlobal(NetworkModel):
    """Syslog settings: one per device, identified by the inventory host name like ``system``."""

    _modelname = "logging_global"
    _identifiers = ("host",)
    _attributes = ("hosts", "buffered_size")

    host: str
    hosts: list[str] = []
    buffered_size: int | None = None


class SnmpServer(NetworkModel):
    """SNMP settings: one per device, identified by the inventory host name like ``system``. ``communities`` holds
    ``TOKEN ro``/``TOKEN rw``, ``hosts`` ``ADDRESS traps|informs 1|2c TOKEN`` (the community string as its
    ``secrets`` token, never the value)."""

    _modelname = "snmp_server"
    _identifiers = ("host",)
    _attributes = ("location", "contact", "communities", "hosts")

    host: str
    location: str | None = None
    contact: str | None = None
    communities: list[str] = []
    hosts: list[str] = []


class User(NetworkModel):
    """A local user: privilege level (IOS, EOS), role (EOS, NX-OS), the password hash's type as the device prints
    it and ``password``, the ``secrets`` token of the hash (never the hash itself)."""

    _modelname = "user"
    _identifiers = ("name",)
    _attributes = ("privilege", "role", "password_type", "password")

    name: str
    privilege: int | None = None
    role: str | None = None
    password_type: str | None = None
    password: str | None = None


class LldpGlobal(NetworkModel):
    """LLDP settings: one per device, identified by the inventory host name like ``system``."""

    _modelname = "lldp_global"
    _identifiers = ("host",)
    _attributes = ("enabled", "timer", "holdtime")

    host: str
    enabled: bool | None = None
    timer: int | None = None
    holdtime: int | None = None


class Banner(NetworkModel):
    """A one-line banner (``motd``, ``login``, ``exec``) and its text."""

    _modelname = "banner"
    _identifiers = ("banner",)
    _attributes = ("text",)

    banner: str
    text: str


class Vrf(NetworkModel):
    """A VRF definition: description, route distinguisher, import and export route targets (sorted).

    ``bgp_as`` is compared only where the rd and route targets live under ``router bgp N`` (EOS): the AS number of
    the BGP process holding them (``bgp_global.as_number`` of the data; None without one), so they can be written
    there and follow the process to a new AS number.
    """

    _modelname = "vrf"
    _identifiers = ("name",)
    _attributes = ("description", "rd", "route_import", "route_export", "bgp_as")

    name: str
    description: str = ""
    rd: str | None = None
    route_import: list[str] = []
    route_export: list[str] = []
    bgp_as: int | None = None


class L3Interface(NetworkModel):
    """The VRF and IP addresses of an interface: IPv4 primary (None: none) and secondaries, IPv6 addresses.

    Addresses are ``address/length`` text, lists sorted, so equal configurations compare equal.
    """

    _modelname = "l3_interface"
    _identifiers = ("name",)
    _attributes = ("vrf", "ipv4", "ipv4_secondary", "ipv6")

    name: str
    vrf: str | None = None
    ipv4: str | None = None
    ipv4_secondary: list[str] = []
    ipv6: list[str] = []


class NtpServer(NetworkModel):
    """An NTP server, keyed by the VRF it is reached in (None: the global table) and its address, so drift names
    the exact server; whether it is preferred and its authentication key. A global server keeps its address as
    unique id (``192.0.2.1``; in a VRF: ``MGMT__192.0.2.1``)."""

    _modelname = "ntp_server"
    _identifiers = ("vrf", "server")
    _attributes = ("prefer", "key_id")

    vrf: str | None = None
    server: str
    prefer: bool = False
    key_id: int | None = None

    @classmethod
    def create_unique_id(cls, **identifiers: Any) -> str:
        return unique_id_without_none(cls._identifiers, identifiers)


class NtpGlobal(NetworkModel):
    """Device-wide NTP settings: one per device, identified by the inventory host name like ``system``; the source
    interface (None: the platform's choice)."""

    _modelname = "ntp_global"
    _identifiers = ("host",)
    _attributes = ("source",)

    host: str
    source: str | None = None


class StaticRoute(NetworkModel):
    """A static route: a prefix in a VRF (None: the global table) through a next hop, an exit interface or both,
    each with its own administrative distance and name.

    Identifiers left None are left out of the unique id, so a global route through a next hop keeps the id
    ``10.0.0.0/8__192.0.2.1``; the parts cannot be confused (a prefix holds ``/``, a next hop is an address, an
    interface name starts with a letter, and the VRF comes first).
    """

    _modelname = "static_route"
    _identifiers = ("vrf", "prefix", "next_hop", "interface")
    _attributes = ("distance", "name", "form")

    vrf: str | None = None
    prefix: str
    next_hop: str | None = None
    interface: str | None = None
    distance: int = 1
    name: str | None = None
    form: str | None = None
    """How the device writes the next hop, where it has two ways (Junos ``next-hop`` or ``qualified-next-hop``), so
    a change removes it as written. Read from the device only: an attribute of one side alone is never compared."""

    def get_attrs(self) -> dict[str, Any]:
        attrs = super().get_attrs()
        if attrs.get("form") is None:
            attrs.pop("form", None)
        return attrs

    @classmethod
    def create_unique_id(cls, **identifiers: Any) -> str:
        return unique_id_without_none(cls._identifiers, identifiers)


class Acl(NetworkModel):
    """A named IPv4 ACL: its type. Deleting it removes the list with every entry still in it."""

    _modelname = "acl"
    _identifiers = ("name",)
    _attributes = ("acl_type",)

    name: str
    acl_type: str = "extended"


class AclEntry(NetworkModel):
    """One ACE of a named ACL, keyed by list name and sequence so drift names the exact entry.

    Addresses are ``any``, ``host A`` or ``A/LEN``; ``protocol``, ``destination`` and the ports are None in a
    standard ACL; ``acl_type`` is the list's (the header the ACE is typed under).
    """

    _modelname = "acl_entry"
    _identifiers = ("name", "sequence")
    _attributes = ("acl_type", "grant", "protocol", "source", "source_port", "destination", "destination_port")

    name: str
    sequence: int
    acl_type: str = "extended"
    grant: str = "permit"
    protocol: str | None = None
    source: str = "any"
    source_port: int | None = None
    destination: str | None = None
    destination_port: int | None = None


class PrefixList(NetworkModel):
    """A named IPv4 prefix list. Deleting it removes the list with every entry still in it."""

    _modelname = "prefix_list"
    _identifiers = ("name",)

    name: str


class PrefixListEntry(NetworkModel):
    """One entry of a prefix list, keyed by list name and sequence."""

    _modelname = "prefix_list_entry"
    _identifiers = ("name", "sequence")
    _attributes = ("action", "prefix", "ge", "le")

    name: str
    sequence: int
    action: str = "permit"
    prefix: str = "0.0.0.0/0"
    ge: int | None = None
    le: int | None = None


class BgpGlobal(NetworkModel):
    """The BGP process, keyed by its AS number: a new ASN is a new process (the old one is removed first)."""

    _modelname = "bgp_global"
    _identifiers = ("as_number",)
    _attributes = ("router_id",)

    as_number: int
    router_id: str | None = None


class BgpNeighbor(NetworkModel):
    """One BGP neighbour of the process ``as_number``, keyed by its address so drift names the exact peer."""

    _modelname = "bgp_neighbor"
    _identifiers = ("as_number", "neighbor_address")
    _attributes = ("remote_as", "description", "shutdown", "update_source")

    as_number: int
    neighbor_address: str
    remote_as: int | None = None
    description: str | None = None
    shutdown: bool = False
    update_source: str | None = None


class BgpAddressFamily(NetworkModel):
    """An address family of the BGP process ``as_number`` in a VRF (``default``: the global table): the networks it
    advertises and the neighbours activated in it (``A/LEN`` and addresses, sorted)."""

    _modelname = "bgp_address_family"
    _identifiers = ("as_number", "vrf", "afi", "safi")
    _attributes = ("networks", "neighbors")

    as_number: int
    vrf: str = "default"
    afi: str = "ipv4"
    safi: str = "unicast"
    networks: list[str] = []
    neighbors: list[str] = []


class LagInterface(NetworkModel):
    """A port-channel (link aggregation group); its members are ``lag_member`` objects."""

    _modelname = "lag_interface"
    _identifiers = ("name",)

    name: str


class LagMember(NetworkModel):
    """A port in a port-channel, keyed by the port (a port is in one channel at most, so moving it to another
    channel is an update): the channel ``lag`` and the ``mode`` it joins in (``active``, ``passive``, ``on``, ...)."""

    _modelname = "lag_member"
    _identifiers = ("member",)
    _attributes = ("lag", "mode")

    member: str
    lag: str = ""
    mode: str = "on"


class OspfProcess(NetworkModel):
    """An OSPFv2 process: router id, passive interfaces (sorted), ``A/LEN area D.D.D.D`` networks (sorted) and
    ``NAME area D.D.D.D`` interfaces running it (sorted; NX-OS)."""

    _modelname = "ospf_process"
    _identifiers = ("process_id",)
    _attributes = ("router_id", "passive_interfaces", "networks", "interfaces")

    process_id: int
    router_id: str | None = None
    passive_interfaces: list[str] = []
    networks: list[str] = []
    interfaces: list[str] = []


LIST_OF_ENTRY: dict[str, tuple[str, str]] = {
    "acl_entry": ("acl", "name"),
    "prefix_list_entry": ("prefix_list", "name"),
    "bgp_neighbor": ("bgp_global", "as_number"),
    "bgp_address_family": ("bgp_global", "as_number"),
    "lag_member": ("lag_interface", "lag"),
}
"""Entry type -> the type it lives in and the field of the entry naming the container (an ACL's ``name``, a BGP
process's ``as_number``, a port's channel ``lag``): deleting the container deletes its entries, so under ``state:
deleted`` a container listed alone takes its entries, and their own deletes are not sent (but see
``SENT_BEFORE_CONTAINER``)."""

SENT_BEFORE_CONTAINER = frozenset({"lag_member"})
"""Entry types whose deletes are still sent when their container is deleted: a port leaves its channel
(``no channel-group``) before the port-channel is removed."""
