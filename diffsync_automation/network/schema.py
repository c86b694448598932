"""The intended-state schema: the keys of host data (Nornir ``data``, Ansible hostvars) this package manages.

Every key is optional; an absent key (or ``null``) means "not managed": the device adapter neither loads nor
changes that part of the configuration. Other keys of the host data are ignored, but inside a managed section
unknown keys are errors. ``validate_host_data`` turns pydantic's errors into an ``IntendedStateError`` that names
the host, the path in the data and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, partial
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Interface
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import Self

from diffsync_automation.compliance.mask import placeholder_problem
from diffsync_automation.network.cli_text import cli_text_problem, text_problems
from diffsync_automation.network.errors import IntendedStateError, Problem
from diffsync_automation.network.secrets import is_token, mask

_DOMAIN = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_HOSTNAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,62}")
_NO_SPACE = re.compile(r"\S+")
_VPN_VALUE = re.compile(r"(?:\d{1,10}|\d{1,3}(?:\.\d{1,3}){3}):\d{1,10}")
_VRF_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}")
_VLAN_RANGE = re.compile(r"(\d{1,4})(?:-(\d{1,4}))?")


def _error(message: str) -> PydanticCustomError:
    """A validation error whose message pydantic reports verbatim."""
    return PydanticCustomError("value_error", message)


def _hostname(value: str) -> str:
    if not _HOSTNAME.fullmatch(value):
        raise _error("must start with a letter and hold only letters, digits and hyphens (at most 63 characters)")
    return value


def _single_word(value: str) -> str:
    if not _NO_SPACE.fullmatch(value):
        raise _error("must be one word without spaces")
    return value


def _ipv4_address(value: str) -> str:
    try:
        return str(IPv4Address(value))
    except ValueError as exc:
        raise _error(f"{value!r} is not an IPv4 address") from exc


def is_ipv4_address(text: str) -> bool:
    """Whether a word read from a device is an IPv4 address (rather than a name or an interface)."""
    try:
        IPv4Address(text)
    except ValueError:
        return False
    return True


def _ipv4_prefix(value: str) -> str:
    try:
        return str(IPv4Network(value))
    except ValueError as exc:
        raise _error(f"{value!r} is not an IPv4 prefix like 10.1.0.0/16 ({exc})") from exc


def _ipv4_interface(value: str) -> str:
    try:
        address = IPv4Interface(value)
    except ValueError as exc:
        raise _error(f"{value!r} is not an IPv4 address with prefix length like 10.0.0.1/24 ({exc})") from exc
    if "/" not in value:
        raise _error(f"{value!r} needs a prefix length, like 10.0.0.1/24")
    return address.with_prefixlen


def _ipv6_interface(value: str) -> str:
    try:
        address = IPv6Interface(value)
    except ValueError as exc:
        raise _error(f"{value!r} is not an IPv6 address with prefix length like 2001:db8::1/64 ({exc})") from exc
    if "/" not in value:
        raise _error(f"{value!r} needs a prefix length, like 2001:db8::1/64")
    return address.with_prefixlen


def _vpn_value(value: str) -> str:
    if not _VPN_VALUE.fullmatch(value):
        raise _error(f"{value!r} is not a route distinguisher or route target like 65000:10 or 192.0.2.1:10")
    return value


def _vrf_name(value: str) -> str:
    if not _VRF_NAME.fullmatch(value):
        raise _error("must be 1-32 letters, digits, '_', '.', ':' or '-', starting with a letter or digit")
    return value


def _domain(value: str) -> str:
    if not _DOMAIN.fullmatch(value):
        raise _error(f"{value!r} is not a domain name like example.net")
    return value.lower()


def _global_table(value: str | None) -> str | None:
    """VRF ``default`` is the global table: one spelling (None), whichever the data or the device uses."""
    return None if value == "default" else value


Hostname = Annotated[str, AfterValidator(_hostname)]
VpnValue = Annotated[str, AfterValidator(_vpn_value)]
VrfName = Annotated[str, AfterValidator(_vrf_name)]
Ipv4Address = Annotated[str, AfterValidator(_ipv4_address)]
Ipv4Prefix = Annotated[str, AfterValidator(_ipv4_prefix)]
VlanId = Annotated[int, Field(ge=1, le=4094)]


class SectionItem(BaseModel):
    """Base of list entries: unknown keys are errors, values are immutable once validated.

    ``identifiers`` name the fields that identify an entry (its model's identifiers): all ``state: deleted`` needs.
    Left empty, ``state: deleted`` requires every required field, as the other states do.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    identifiers: ClassVar[tuple[str, ...]] = ()


class VlanData(SectionItem):
    """``vlans`` entry. VLAN 1 may be listed only with its fixed name ``default``."""

    identifiers: ClassVar[tuple[str, ...]] = ("id",)

    id: VlanId
    name: Annotated[str, Field(min_length=1, max_length=32), AfterValidator(_single_word)]

    @field_validator("name")
    @classmethod
    def _default_vlan_name(cls, name: str, info: ValidationInfo) -> str:
        if info.data.get("id") == 1 and name != "default":
            raise _error("VLAN 1 is the default VLAN; its name is always 'default'")
        return name


def _auto_is_none(value: Any) -> Any:
    """``auto`` (negotiated) is what a port does with nothing configured: the same as leaving it unset."""
    return None if value == "auto" else value


class InterfaceData(SectionItem):
    """``interfaces`` entry; ``access_vlan`` null means a routed port, ``mtu`` null the platform default, ``speed``
    (Mb/s) and ``duplex`` null (or ``auto``) negotiated.

    Attributes left out are not managed under ``state: merged`` and take their default under ``replaced`` and
    ``overridden`` (for ``access_vlan`` the default depends on the interface kind, see docs/network.md).
    """

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    description: Annotated[str, Field(max_length=240)] = ""
    enabled: bool = True
    access_vlan: VlanId | None = None
    mtu: Annotated[int, Field(ge=68, le=65535)] | None = None
    speed: Annotated[Annotated[int, Field(ge=10, le=800_000)] | None, BeforeValidator(_auto_is_none)] = None
    duplex: Annotated[Literal["full", "half"] | None, BeforeValidator(_auto_is_none)] = None


class StaticRouteData(SectionItem):
    """``static_routes`` entry: a prefix in a VRF (null: the global table) through a next hop, an exit interface or
    both (the ``next_hops[]`` of the Ansible ``*_static_routes`` modules, flattened), with its administrative
    distance and name. A prefix may appear once per VRF, next hop and interface."""

    identifiers: ClassVar[tuple[str, ...]] = ("vrf", "prefix", "next_hop", "interface")

    vrf: VrfName | None = None
    prefix: Ipv4Prefix
    next_hop: Ipv4Address | None = None
    interface: Annotated[str, Field(min_length=1), AfterValidator(_single_word)] | None = None
    distance: Annotated[int, Field(ge=1, le=255)] = 1
    name: Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_single_word)] | None = None

    @model_validator(mode="after")
    def _has_a_way_out(self) -> Self:
        if self.next_hop is None and self.interface is None:
            raise _error("give next_hop, interface or both")
        return self


def _vlan_ranges(value: Any) -> str:
    """Allowed VLANs as the devices print them: ascending, ranges collapsed (``10,20-22``).

    Takes a list of ids and ``"10-20"`` ranges (the Ansible form), each may be comma-separated text
    (``"10,20-22"``); ``"none"`` or an empty list allows no VLAN.
    """
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _error("must be a list of VLAN ids and ranges like 10-20")
    texts = [part.strip() for item in value for part in str(item).split(",") if str(item).strip() != "none"]
    ranges: list[tuple[int, int]] = []
    for text in texts:
        found = _VLAN_RANGE.fullmatch(text)
        if found is None:
            raise _error(f"{text!r} is not a VLAN id or range like 10-20")
        first, last = int(found.group(1)), int(found.group(2) or found.group(1))
        if not 1 <= first <= last <= 4094:
            raise _error(f"{text!r} is not a VLAN range within 1-4094")
        ranges.append((first, last))
    return vlan_list_text(ranges)


def vlan_list_text(ranges: list[tuple[int, int]]) -> str:
    """VLAN ranges (``(first, last)``, in any order, may overlap) merged as ``10,20-22`` (``none`` when empty).

    Works on the ranges, not on the ids they hold: a trunk allows ``1-4094`` unless told otherwise.
    """
    merged: list[list[int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in merged) or "none"


ALL_VLANS = "1-4094"
"""``allowed_vlans`` of a trunk that does not restrict them."""
VlanList = Annotated[str, BeforeValidator(_vlan_ranges)]


class L2AccessData(SectionItem):
    """``l2_interfaces[].access``: the VLAN of an access port."""

    vlan: VlanId = 1


class L2TrunkData(SectionItem):
    """``l2_interfaces[].trunk``: allowed VLANs (ids or ``"10-20"`` ranges; all when left out) and native VLAN."""

    allowed_vlans: VlanList = ALL_VLANS
    native_vlan: VlanId = 1


class L2InterfaceData(SectionItem):
    """``l2_interfaces`` entry, shaped like the ``config`` of the Ansible ``*_l2_interfaces`` modules."""

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    mode: Literal["access", "trunk"] = "access"
    access: L2AccessData | None = None
    trunk: L2TrunkData | None = None


class VrfData(SectionItem):
    """``vrfs`` entry, shaped like the ``cisco.ios.ios_vrf`` options: name, description, rd, route targets."""

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: VrfName
    description: Annotated[str, Field(max_length=240)] = ""
    rd: VpnValue | None = None
    route_import: list[VpnValue] = []
    route_export: list[VpnValue] = []


class DnsData(SectionItem):
    """``dns``: the domain name and the name servers (IPv4, compared as a set), as ``cisco.ios.ios_system`` has them."""

    domain_name: Annotated[str, AfterValidator(_domain)] | None = None
    name_servers: list[Ipv4Address] = []


class LoggingHostData(SectionItem):
    """``logging_global.hosts[]`` entry."""

    hostname: Ipv4Address


class LoggingBufferedData(SectionItem):
    """``logging_global.buffered``: the size of the local log buffer in bytes."""

    size: Annotated[int, Field(ge=4096, le=2_147_483_647)]


class LoggingGlobalData(SectionItem):
    """``logging_global``, shaped like the ``cisco.ios.ios_logging_global`` config: syslog hosts (IPv4, compared as
    a set) and the buffered log size (null: the platform default)."""

    hosts: list[LoggingHostData] = []
    buffered: LoggingBufferedData | None = None


class NtpServerData(SectionItem):
    """``ntp_global.servers[]`` entry: the server's IPv4 address, the VRF it is reached in (null or ``default``: the
    global table; NX-OS ``use-vrf``, Junos ``routing-instance``), whether it is preferred and the authentication key
    it uses."""

    identifiers: ClassVar[tuple[str, ...]] = ("vrf", "server")

    server: Ipv4Address
    vrf: Annotated[VrfName | None, AfterValidator(_global_table)] = None
    prefer: bool = False
    key_id: Annotated[int, Field(ge=1, le=65534)] | None = None


class NtpGlobalData(SectionItem):
    """``ntp_global``, shaped like the Ansible ``*_ntp_global`` config: the ``servers`` (one per VRF and address)
    and the ``source`` interface NTP packets leave from (IOS ``source``, EOS ``local_interface``, NX-OS
    ``source_interface``; Junos: the ``source-address``, an address; null: the platform's choice)."""

    servers: list[NtpServerData] = []
    source: Annotated[str, Field(min_length=1), AfterValidator(_single_word)] | None = None


class LldpGlobalData(SectionItem):
    """``lldp_global``, shaped like the Ansible ``*_lldp_global`` config: LLDP on or off, the advertisement
    interval and hold time in seconds (null: not managed / the platform default)."""

    enabled: bool | None = None
    timer: Annotated[int, Field(ge=5, le=65534)] | None = None
    holdtime: Annotated[int, Field(ge=10, le=65535)] | None = None


class BannerData(SectionItem):
    """``banner`` entry, shaped like the ``cisco.ios.ios_banner`` options: which banner and its one-line text."""

    identifiers: ClassVar[tuple[str, ...]] = ("banner",)

    banner: Literal["motd", "login", "exec"]
    text: Annotated[str, Field(min_length=1, max_length=240)]

    @field_validator("text")
    @classmethod
    def _delimiter_available(cls, text: str) -> str:
        if all(delimiter in text for delimiter in BANNER_DELIMITERS):
            raise _error(f"must leave one of {' '.join(BANNER_DELIMITERS)} free to delimit the banner")
        return text


BANNER_DELIMITERS = ("#", "%", "@", "~")
"""Characters that may delimit a one-line banner, first free one wins."""


class L3Ipv4Data(SectionItem):
    """``l3_interfaces[].ipv4`` entry: ``address`` as ``10.0.0.1/24``; one entry per interface is the primary."""

    address: Annotated[str, AfterValidator(_ipv4_interface)]
    secondary: bool = False


class L3Ipv6Data(SectionItem):
    """``l3_interfaces[].ipv6`` entry: ``address`` as ``2001:db8::1/64``."""

    address: Annotated[str, AfterValidator(_ipv6_interface)]


class L3InterfaceData(SectionItem):
    """``l3_interfaces`` entry, shaped like the ``config`` of the Ansible ``*_l3_interfaces`` modules.

    ``vrf`` is the VRF the interface forwards in (null: the global table; not in the Ansible modules, which keep
    it in ``vrf_interfaces``). ``ipv4`` holds at most one primary address and secondaries only next to a primary;
    an empty list (or, under ``replaced``/``overridden``, a missing one) means no address of that family.
    """

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    vrf: VrfName | None = None
    ipv4: list[L3Ipv4Data] | None = None
    ipv6: list[L3Ipv6Data] | None = None

    @field_validator("ipv4")
    @classmethod
    def _one_primary(cls, ipv4: list[L3Ipv4Data] | None) -> list[L3Ipv4Data] | None:
        primaries = [entry for entry in ipv4 or () if not entry.secondary]
        if len(primaries) > 1:
            raise _error("at most one address may be primary; mark the others 'secondary: true'")
        if ipv4 and not primaries:
            raise _error("secondary addresses need a primary address (an entry without 'secondary: true')")
        return ipv4


_LIST_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")
SEQUENCE_MAX = 2_147_483_647
"""Highest sequence number of an ACE or prefix-list entry that IOS, EOS and NX-OS all take."""


def _list_name(value: str) -> str:
    if not _LIST_NAME.fullmatch(value):
        raise _error("must be 1-64 letters, digits, '_', '.' or '-', starting with a letter")
    return value


ListName = Annotated[str, AfterValidator(_list_name)]
SequenceNumber = Annotated[int, Field(ge=1, le=SEQUENCE_MAX)]


def address_text(network: IPv4Network) -> str:
    """An ACE address as the models compare it: ``host A`` for a /32, ``A/LEN`` otherwise, ``any`` for /0."""
    if network.prefixlen == 0:
        return "any"
    return f"host {network.network_address}" if network.prefixlen == 32 else network.with_prefixlen


class AcePortData(SectionItem):
    """``port_protocol`` of an ACE address: only ``eq`` (one port number) is managed."""

    eq: Annotated[int, Field(ge=0, le=65535)]


class AceAddressData(SectionItem):
    """``source`` / ``destination`` of an ACE, one form: ``any: true``, ``host``, ``address`` with
    ``wildcard_bits`` (contiguous), or ``prefix`` (``A/LEN``); ``port_protocol.eq`` for TCP and UDP."""

    any: Literal[True] | None = None
    host: Ipv4Address | None = None
    address: Ipv4Address | None = None
    wildcard_bits: Ipv4Address | None = None
    prefix: Ipv4Prefix | None = None
    port_protocol: AcePortData | None = None

    def text(self) -> str:
        """``any``, ``host A`` or ``A/LEN`` (the forms are equal when they match the same addresses)."""
        if self.any:
            return "any"
        if self.host is not None:
            return f"host {self.host}"
        if self.prefix is not None:
            return address_text(IPv4Network(self.prefix))
        return address_text(IPv4Network(f"{self.address}/{self.wildcard_bits}"))

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        given = [key for key in ("any", "host", "address", "prefix") if getattr(self, key) is not None]
        if len(given) != 1:
            raise _error("give exactly one of any, host, address (with wildcard_bits) or prefix")
        if given == ["address"]:
            try:
                IPv4Network(f"{self.address}/{self.wildcard_bits}")
            except ValueError as exc:
                raise _error(f"address needs contiguous wildcard_bits without host bits set ({exc})") from exc
        elif self.wildcard_bits is not None:
            raise _error("wildcard_bits goes with address only")
        return self


class AceData(SectionItem):
    """``acls[].acls[].aces[]`` entry: a sequence number, permit or deny, and for an extended ACL the protocol
    (``ip``, ``tcp``, ``udp``, ``icmp``), destination and TCP/UDP ports. Remarks, logging, ranges of ports and
    other matches are not managed."""

    sequence: SequenceNumber
    grant: Literal["permit", "deny"]
    protocol: Literal["ip", "tcp", "udp", "icmp"] | None = None
    source: AceAddressData
    destination: AceAddressData | None = None


class AclData(SectionItem):
    """``acls[].acls[]`` entry: a named IPv4 ACL, ``standard`` (source only) or ``extended``, and its entries."""

    name: ListName
    acl_type: Literal["standard", "extended"] = "extended"
    aces: list[AceData] | None = None

    @field_validator("aces")
    @classmethod
    def _fits_type(cls, aces: list[AceData] | None, info: ValidationInfo) -> list[AceData] | None:
        for ace in aces or ():
            ports = [side.port_protocol for side in (ace.source, ace.destination) if side is not None]
            if info.data.get("acl_type") == "standard":
                if ace.protocol is not None or ace.destination is not None or any(ports):
                    raise _error(f"sequence {ace.sequence}: a standard ACL matches the source address only")
            elif ace.protocol is None or ace.destination is None:
                raise _error(f"sequence {ace.sequence}: an extended ACL entry needs protocol and destination")
            elif any(ports) and ace.protocol not in ("tcp", "udp"):
                raise _error(f"sequence {ace.sequence}: port_protocol needs protocol tcp or udp")
        return aces


class AclsAfiData(SectionItem):
    """``acls`` entry, shaped like the Ansible ``*_acls`` config: the address family (IPv4 only) and its ACLs."""

    afi: Literal["ipv4"]
    acls: list[AclData] = []


class PrefixListEntryData(SectionItem):
    """``prefix_lists[].prefix_lists[].entries[]``: sequence, action, prefix and optional ``ge``/``le`` lengths."""

    sequence: SequenceNumber
    action: Literal["permit", "deny"]
    prefix: Ipv4Prefix
    ge: Annotated[int, Field(ge=1, le=32)] | None = None
    le: Annotated[int, Field(ge=1, le=32)] | None = None

    @model_validator(mode="after")
    def _lengths(self) -> Self:
        length = IPv4Network(self.prefix).prefixlen
        if self.ge is not None and self.ge <= length:
            raise _error(f"ge must be longer than the prefix length {length}")
        if self.le is not None and (self.le < (self.ge or length + 1)):
            raise _error(f"le must be at least ge and longer than the prefix length {length}")
        return self


class PrefixListData(SectionItem):
    """``prefix_lists[].prefix_lists[]`` entry: a named IPv4 prefix list and its entries."""

    name: ListName
    entries: list[PrefixListEntryData] | None = None


class PrefixListsAfiData(SectionItem):
    """``prefix_lists`` entry, shaped like the Ansible ``*_prefix_lists`` config: ``afi`` (IPv4 only) and lists."""

    afi: Literal["ipv4"]
    prefix_lists: list[PrefixListData] = []


AsNumber = Annotated[int, Field(ge=1, le=4_294_967_295)]
"""A 4-byte AS number in plain notation (``65000``, ``4200000000``)."""


class BgpSettingsData(SectionItem):
    """``bgp_global.bgp``: the router id (null: the device picks one)."""

    router_id: Ipv4Address | None = None


class BgpNeighborData(SectionItem):
    """``bgp_global.neighbors[]``: a peer by IPv4 address, its remote AS, description, shutdown and the interface
    its session is sourced from. Peer groups, timers, passwords and address families are not managed."""

    identifiers: ClassVar[tuple[str, ...]] = ("neighbor_address",)

    neighbor_address: Ipv4Address
    remote_as: AsNumber | None = None
    description: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    shutdown: bool = False
    update_source: Annotated[str, Field(min_length=1), AfterValidator(_single_word)] | None = None


class BgpGlobalData(SectionItem):
    """``bgp_global``, shaped like the Ansible ``*_bgp_global`` config: ``as_number``, ``bgp.router_id`` and
    ``neighbors``."""

    as_number: AsNumber
    bgp: BgpSettingsData | None = None
    neighbors: list[BgpNeighborData] | None = None


def classful_length(address: IPv4Address) -> int:
    """The prefix length of the class an IPv4 address belongs to (what IOS means by ``network A`` without a mask)."""
    first = int(address) >> 24
    return 8 if first < 128 else 16 if first < 192 else 24


class BgpNetworkData(SectionItem):
    """``bgp_address_family.address_family[].networks[]``: a prefix to advertise, as ``prefix`` (``A/LEN``, the
    NX-OS module's form) or ``address`` with an optional ``mask`` (the IOS module's form; no mask: the class)."""

    prefix: Ipv4Prefix | None = None
    address: Ipv4Address | None = None
    mask: Ipv4Address | None = None

    def text(self) -> str:
        """The network as ``A/LEN``."""
        if self.prefix is not None:
            return self.prefix
        address = IPv4Address(self.address)
        return str(IPv4Network(f"{address}/{self.mask or classful_length(address)}"))

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        if (self.prefix is None) == (self.address is None):
            raise _error("give prefix (A/LEN) or address (with an optional mask), not both")
        if self.mask is not None and self.address is None:
            raise _error("mask goes with address only")
        if self.address is not None:
            try:
                self.text()
            except ValueError as exc:
                raise _error(f"address and mask must form a network without host bits ({exc})") from exc
        return self


class BgpAfNeighborData(SectionItem):
    """``bgp_address_family.address_family[].neighbors[]``: a neighbour (defined in ``bgp_global``) and whether the
    address family is activated for it."""

    neighbor_address: Ipv4Address
    activate: bool = True


class BgpAddressFamilyEntryData(SectionItem):
    """``bgp_address_family.address_family[]``: IPv4 unicast, in the default VRF (``vrf`` null or ``default``) or a
    VRF; its networks and, in the default VRF, the neighbours activated in it."""

    afi: Literal["ipv4"]
    safi: Literal["unicast"] = "unicast"
    vrf: VrfName | None = None
    networks: list[BgpNetworkData] | None = None
    neighbors: list[BgpAfNeighborData] | None = None

    @model_validator(mode="after")
    def _neighbors_in_default_vrf(self) -> Self:
        if self.vrf not in (None, "default") and self.neighbors:
            raise _error("neighbors are managed in the default VRF only (bgp_global defines no VRF neighbours)")
        return self


class BgpAddressFamilyData(SectionItem):
    """``bgp_address_family``, shaped like the Ansible ``*_bgp_address_family`` config: the process's
    ``as_number`` and its ``address_family`` entries (unique by afi, safi and VRF)."""

    as_number: AsNumber
    address_family: list[BgpAddressFamilyEntryData] = []


def _lag_mode(value: Any) -> Any:
    """A bare YAML ``on`` arrives as ``True``: say so instead of listing the modes."""
    if value is True:
        raise _error("quote the mode 'on': YAML reads a bare on as true")
    return value


class LagMemberData(SectionItem):
    """``lag_interfaces[].members[]``: a port and how it joins the channel: LACP ``active`` or ``passive``, static
    ``on`` (the default), or PAgP ``auto``/``desirable`` (IOS)."""

    member: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    mode: Annotated[Literal["active", "passive", "on", "auto", "desirable"], BeforeValidator(_lag_mode)] = "on"


class LagInterfaceData(SectionItem):
    """``lag_interfaces`` entry, shaped like the ``config`` of the Ansible ``*_lag_interfaces`` modules: the
    port-channel (``Port-channel10``, ``Po10``) and its member ports."""

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    members: list[LagMemberData] | None = None


def _area_id(value: Any) -> Any:
    """An OSPF area as a number (``0``) or dotted (``0.0.0.0``), compared in the dotted form."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFFFFFF:
        return str(IPv4Address(value))
    if isinstance(value, str) and value.isdigit() and int(value) <= 0xFFFFFFFF:
        return str(IPv4Address(int(value)))
    if isinstance(value, str):
        try:
            return str(IPv4Address(value))
        except ValueError:
            pass
    raise _error("must be an area number (0-4294967295) or dotted (0.0.0.0)")


AreaId = Annotated[str, BeforeValidator(_area_id)]


class OspfNetworkData(SectionItem):
    """``ospfv2.processes[].networks[]``: the interfaces in ``prefix`` (``A/LEN``) run OSPF in ``area``."""

    prefix: Ipv4Prefix
    area: AreaId


class OspfInterfaceData(SectionItem):
    """``ospfv2.processes[].interfaces[]``: the interface ``name`` runs the process in ``area``, configured on the
    interface (NX-OS ``ip router ospf N area A``, which has no ``network`` statements)."""

    name: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    area: AreaId


class OspfProcessData(SectionItem):
    """``ospfv2.processes[]``: process id, router id, passive interfaces, ``network ... area`` statements and (NX-OS)
    the interfaces that run the process in an area."""

    identifiers: ClassVar[tuple[str, ...]] = ("process_id",)

    process_id: Annotated[int, Field(ge=1, le=65535)]
    router_id: Ipv4Address | None = None
    passive_interfaces: list[Annotated[str, Field(min_length=1), AfterValidator(_single_word)]] = []
    networks: list[OspfNetworkData] = []
    interfaces: list[OspfInterfaceData] = []


class Ospfv2Data(SectionItem):
    """``ospfv2``, shaped like the Ansible ``*_ospfv2`` config: its ``processes``."""

    processes: list[OspfProcessData] = []


_COMMUNITY = re.compile(r"[!#-&(->@-~]{1,32}")
"""Printable ASCII without spaces, quotes or ``?`` (the device's help key)."""


def _community(value: str) -> str:
    """A community string as its token (``secrets``): the value itself never leaves validation. A token stays
    itself, so a validated state's dump validates again; host data holding one is refused (``validate_host_data``)."""
    if not (is_token(value) or _COMMUNITY.fullmatch(value)):
        raise _error("must be 1-32 printable ASCII characters without spaces, quotes or '?' (the value is not shown)")
    return mask(value)


Community = Annotated[str, AfterValidator(_community)]
"""An SNMP community string, held as its token from validation on."""


class SnmpCommunityData(SectionItem):
    """``snmp_server.communities[]`` entry: the community string (a secret) and read-only (``ro``, the default)
    or read-write (``rw``) access."""

    name: Community
    ro: bool | None = None
    rw: bool | None = None

    @model_validator(mode="after")
    def _one_access(self) -> Self:
        if self.ro and self.rw:
            raise _error("give ro or rw, not both")
        return self

    @property
    def access(self) -> str:
        """``rw`` or ``ro``."""
        return "rw" if self.rw else "ro"


class SnmpHostData(SectionItem):
    """``snmp_server.hosts[]`` entry, as ``cisco.ios.ios_snmp_server`` has it: a trap receiver (``informs: true``:
    an inform receiver), its SNMP version (``1`` or ``2c``; v3 users are not managed) and the community string sent
    with the notifications (a secret, shown as its token)."""

    host: Ipv4Address
    community_string: Community
    version: Literal["1", "2c"] = "2c"
    informs: bool = False
    use_vrf: VrfName | None = None
    """The VRF notifications to the host are sent in (``cisco.nxos.nxos_snmp_server``'s ``use_vrf``; NX-OS
    only): a setting of the host address, so every entry of one host gives the same."""

    @model_validator(mode="after")
    def _informs_need_v2c(self) -> Self:
        if self.informs and self.version != "2c":
            raise _error("informs need version 2c (SNMPv1 has no informs)")
        return self


class SnmpServerData(SectionItem):
    """``snmp_server``, shaped like the Ansible ``*_snmp_server`` config: ``location``, ``contact``, the v1/v2c
    ``communities`` (compared as a set of community + access) and the notification ``hosts`` (compared as a set of
    host + traps/informs + version + community); the community strings are secrets, shown as tokens."""

    location: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    contact: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    communities: list[SnmpCommunityData] = []
    hosts: list[SnmpHostData] = []

    @model_validator(mode="after")
    def _one_vrf_per_host(self) -> Self:
        vrfs: dict[str, str | None] = {}
        for entry in self.hosts:
            if vrfs.setdefault(entry.host, entry.use_vrf) != entry.use_vrf:
                raise _error(f"hosts: every entry of host {entry.host} must give the same use_vrf (a host has one)")
        return self


_USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,31}")
_PASSWORD_HASH = re.compile(r"[A-Za-z0-9./$]{1,256}")


def _user_name(value: str) -> str:
    if not _USER_NAME.fullmatch(value):
        raise _error("must be 1-32 letters, digits, '_', '.' or '-', starting with a letter")
    return value


class HashedPasswordData(SectionItem):
    """``users[].hashed_password``: the hash as the device stores it, ``type`` as the device prints it (IOS ``5``,
    ``8`` or ``9``; EOS ``sha512``; NX-OS ``5``). Only its token is kept (``secrets``)."""

    type: Literal["5", "8", "9", "sha512"]
    value: str

    @field_validator("value")
    @classmethod
    def _masked(cls, value: str) -> str:
        if not (is_token(value) or _PASSWORD_HASH.fullmatch(value)):
            raise _error("must be a password hash: letters, digits, '.', '/' and '$' (the value is not shown)")
        return mask(value)


class UserData(SectionItem):
    """``users`` entry, shaped like the Ansible ``*_user`` options: ``name``, ``privilege`` (IOS, EOS), ``role``
    (EOS, NX-OS) and ``hashed_password``. A cleartext ``configured_password`` is refused: the device stores it
    salted, so it could never be compared (see docs/network.md, "Secrets")."""

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: Annotated[str, AfterValidator(_user_name)]
    privilege: Annotated[int, Field(ge=0, le=15)] | None = None
    role: Annotated[str, AfterValidator(_user_name)] | None = None
    hashed_password: HashedPasswordData | None = None
    configured_password: None = None

    @field_validator("configured_password", mode="before")
    @classmethod
    def _no_cleartext(cls, value: Any) -> None:
        if value is not None:
            raise _error(
                "a cleartext password cannot be compared with the salted hash the device stores: give hashed_password"
                " {type, value} as the device prints it (the value is not shown)"
            )
        return None


class IntendedState(BaseModel):
    """The managed sections of one host. Subclass it to add sections for your own models."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    device_hostname: Hostname | None = None
    vlans: list[VlanData] | None = None
    interfaces: list[InterfaceData] | None = None
    l2_interfaces: list[L2InterfaceData] | None = None
    l3_interfaces: list[L3InterfaceData] | None = None
    lag_interfaces: list[LagInterfaceData] | None = None
    vrfs: list[VrfData] | None = None
    dns: DnsData | None = None
    logging_global: LoggingGlobalData | None = None
    lldp_global: LldpGlobalData | None = None
    banner: list[BannerData] | None = None
    acls: list[AclsAfiData] | None = None
    prefix_lists: list[PrefixListsAfiData] | None = None
    bgp_global: BgpGlobalData | None = None
    bgp_address_family: BgpAddressFamilyData | None = None
    ospfv2: Ospfv2Data | None = None
    snmp_server: SnmpServerData | None = None
    users: list[UserData] | None = None
    ntp_global: NtpGlobalData | None = None
    static_routes: list[StaticRouteData] | None = None

    def managed(self) -> frozenset[str]:
        """Sections present in the data with a non-null value."""
        return frozenset(
            key for key in type(self).model_fields if key in self.model_fields_set and getattr(self, key) is not None
        )

    def plain(self) -> dict[str, Any]:
        """JSON-ready data of the managed sections, every attribute spelled out."""
        return self.model_dump(mode="json", include=set(self.managed()))


BASE_SECTIONS = frozenset({"device_hostname", "vlans", "interfaces", "ntp_global", "static_routes"})
"""What a device adapter reads when not told which sections: the sections that predate the resource features,
so code that syncs a whole device without naming sections does not start deleting ``l2_interfaces`` settings."""


@cache
def identifiers_only(schema: type[IntendedState]) -> type[IntendedState]:
    """``schema`` with the required fields of list entries other than their identifiers made optional.

    ``state: deleted`` matches entries by identifiers only, so ``vlans: [{id: 99}]`` is enough (as in Ansible's
    resource modules); the fields given are still validated.
    """
    sections: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        item = _entry_type(field.annotation)
        if item is not None:
            sections[name] = (list[_identifiers_only_entry(item)] | None, None)  # type: ignore[misc]
    return create_model(f"{schema.__name__}ToDelete", __base__=schema, **sections)


@cache
def _identifiers_only_entry(item: type[SectionItem]) -> type[SectionItem]:
    if not item.identifiers:
        return item
    relaxed: dict[str, Any] = {
        name: (Union[Annotated[(field.annotation, *field.metadata)], None], None)  # noqa: UP007
        for name, field in item.model_fields.items()
        if field.is_required() and name not in item.identifiers
    }
    return create_model(f"{item.__name__}ToDelete", __base__=item, **relaxed) if relaxed else item


def _entry_type(annotation: Any) -> type[SectionItem] | None:
    """``X`` for a section annotated ``list[X] | None`` with ``X`` a ``SectionItem``."""
    for option in get_args(annotation) or (annotation,):
        if get_origin(option) is list:
            (entry,) = get_args(option)
            if isinstance(entry, type) and issubclass(entry, SectionItem):
                return entry
    return None


RETIRED_KEYS: dict[str, str] = {
    "ntp_servers": (
        "was replaced by ntp_global (shaped like the Ansible *_ntp_global config): write"
        " 'ntp_global: {servers: [{server: 192.0.2.1}, {server: 192.0.2.2}]}' instead of"
        " 'ntp_servers: [192.0.2.1, 192.0.2.2]' (docs/network.md, \"Changes\")"
    ),
}
"""Keys earlier releases managed, refused with the way to write them now: ignoring them (other host data keys
are ignored) would leave a section unmanaged without a word."""


def format_path(location: tuple[int | str, ...]) -> str:
    """``('interfaces', 2, 'mtu')`` -> ``interfaces[2].mtu``."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(host data)"


def intended_text_problem(text: str, *, tokens: bool = False) -> str | None:
    """Why a string of intended data cannot be sent: ``cli_text_problem``, or a backup's ``<removed>`` or a plan's
    token copied in place of a secret (``mask.placeholder_problem``): a placeholder the device would get as text, or
    a token whose value the run may not know, in place of the value the data must give.

    ``tokens`` takes a value that is a whole token (a plan's own intended data, see ``validate_host_data``)."""
    if tokens and is_token(text):
        return None
    return cli_text_problem(text) or placeholder_problem(text)


def validate_host_data(
    host: str,
    data: Mapping[str, Any],
    schema: type[IntendedState] = IntendedState,
    *,
    to_delete: bool = False,
    tokens: bool = False,
) -> IntendedState:
    """Validate the managed sections of ``data``; raise ``IntendedStateError`` listing every problem.

    ``to_delete`` (``state: deleted``) requires of list entries only their identifiers (``identifiers_only``).

    Every string of every section the schema declares (subclasses' own sections included) must be text a device's
    line editor stores as typed (``cli_text``) and must not hold a placeholder for a secret (``intended_text_problem``);
    such a problem replaces pydantic's at the same path. ``tokens`` is for a plan's intended data only, which was
    host data validated here once and holds its secrets as whole tokens (their values come from the inventory when
    it is applied): it takes those, and still refuses ``<removed>`` and a token inside other text.
    """
    if not isinstance(data, Mapping):
        raise IntendedStateError(host, [Problem("(host data)", f"must be a mapping, not {type(data).__name__}")])
    sections = {key: data[key] for key in schema.model_fields if key in data}
    problems = [Problem(key, message) for key, message in RETIRED_KEYS.items() if key in data]
    problems += [
        Problem(format_path(location), message)
        for location, message in text_problems(sections, check=partial(intended_text_problem, tokens=tokens))
    ]
    try:
        state = (identifiers_only(schema) if to_delete else schema).model_validate(dict(data))
    except ValidationError as exc:
        refused = {problem.path for problem in problems}
        for error in exc.errors(include_url=False):
            path = format_path(error["loc"])
            if path not in refused:
                problems.append(Problem(path, error["msg"]))
    if problems:
        raise IntendedStateError(host, problems) from None
    return state
