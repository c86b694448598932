"""What differs between platforms, described mostly as data: prompts, sections, line keys, order, messages.

The CLI engine (``engine.py``) and the configuration tree (``tree.py``) are platform-neutral. A platform is a
``Dialect`` subclass that fills in the class attributes below and a few hooks (address and route syntax,
show renderers, the running-config layout). docs/lab.md ("Adding a platform") walks through one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import TYPE_CHECKING, ClassVar

from diffsync_automation.lab.tree import ConfigNode

if TYPE_CHECKING:
    from diffsync_automation.lab.engine import CliSession
    from diffsync_automation.lab.state import DeviceState, StaticRoute

Renderer = Callable[["DeviceState"], str]
GLOBAL = "global"


@dataclass(frozen=True)
class InterfaceType:
    """An interface family: full name as in the running-config, short name as in tables, whether it is
    created by configuring it (``Vlan10``) rather than being a fixed port, and its defaults."""

    full: str
    short: str
    logical: bool
    switchport: bool = False
    """Whether the interface is a switch port when nothing is configured on it."""
    enabled: bool = True
    """Whether the interface is up (``no shutdown``) when nothing is configured on it."""


@dataclass(frozen=True)
class Section:
    """A configuration line that opens a sub-mode, and the prompt the sub-mode shows.

    ``opener`` must match the whole (normalised) line; ``prompt`` is formatted with the opener's named groups
    and ``short`` (the interface's short name, for ``interface`` sections).
    """

    kind: str
    opener: re.Pattern[str]
    prompt: str
    parent: str = GLOBAL
    words: frozenset[str] | None = None
    """First words of the sub-commands the section accepts beyond the ones the lab knows; None: any line."""


@dataclass(frozen=True)
class OrderRule:
    """Where lines matching ``pattern`` are shown within ``scope``: lower ``rank`` first; ``natural`` sorts
    lines of the same rank by their numbers (``vlan 9`` before ``vlan 10``), otherwise insertion order."""

    scope: str
    pattern: re.Pattern[str]
    rank: int
    natural: bool = False


@dataclass(frozen=True)
class NtpServerArgs:
    """Parsed arguments of ``[no] ntp server``: the VRF (None: the global table), the address, ``prefer`` and the
    authentication key."""

    vrf: str | None
    address: IPv4Address
    prefer: bool = False
    key: int | None = None


@dataclass(frozen=True)
class RouteArgs:
    """Parsed arguments of ``[no] ip route``; next hop and distance are optional for ``no``, exit interface,
    name and VRF (``ip route vrf V ...`` on IOS and EOS) optional always."""

    prefix: IPv4Network
    next_hop: IPv4Address | None
    distance: int | None
    interface: str | None = None
    name: str | None = None
    vrf: str | None = None


def words(text: str) -> frozenset[str]:
    """The space-separated words of ``text`` (keeps long keyword lists readable)."""
    return frozenset(text.split())


INTERFACE_WORDS = words(
    "bandwidth cdp channel-group delay description duplex encapsulation ip ipv6 lacp link load-interval lldp"
    " logging mtu negotiation power service-policy shutdown spanning-tree speed standby storm-control switchport"
    " udld vrf vrrp"
)
VLAN_WORDS = words("name state shutdown private-vlan mtu")

_INTERFACE_TEXT = re.compile(r"([A-Za-z-]+)\s*(\d+(?:[/.]\d+)*)")
_ROUTE_WORD = re.compile(r"[A-Za-z][A-Za-z-]*\d[\d/.]*")
_VRF_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}")
"""An exit interface among a route's words (``Gi0/1``, ``Null0``); option keywords hold no digit."""
_NUMBERS = re.compile(r"(\d+)")
_EQ_PORT = re.compile(r"\beq (\d+)\b")
UNKNOWN_RANK = 50


def named_ace_port(line: str, names: dict[tuple[str, int], str]) -> str:
    """An ACE line (``10 permit tcp ... eq 80``) with each ``eq PORT`` that has a name for the protocol named."""
    tokens = line.split()
    if len(tokens) < 3 or not tokens[0].isdigit():
        return line
    protocol = tokens[2]
    return _EQ_PORT.sub(lambda found: f"eq {names.get((protocol, int(found.group(1))), found.group(1))}", line)


def token_column(line: str, at: int | None) -> int:
    """Where token ``at`` of ``line`` starts (its first non-blank without ``at``; its end past the last token),
    for the ``^`` marker IOS and NX-OS print under the first word they could not parse."""
    starts = [found.start() for found in re.finditer(r"\S+", line)]
    if at is None or not starts:
        return len(line) - len(line.lstrip())
    return starts[at] if at < len(starts) else len(line.rstrip())


def natural_key(text: str) -> tuple[str | int, ...]:
    """Sort key that orders ``Ethernet2`` before ``Ethernet10``."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBERS.split(text))


IOS_STYLE_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("*", re.compile(r"(?P<key>description) .*")),
    ("*", re.compile(r"(?:no )?(?P<key>shutdown)")),
    ("interface", re.compile(r"(?:no )?(?P<key>switchport)")),
    ("interface", re.compile(r"(?P<key>switchport (?:access vlan|mode|trunk native vlan|trunk allowed vlan)) .*")),
    ("vlan", re.compile(r"(?P<key>name) .*")),
    ("global", re.compile(r"(?P<key>snmp-server community \S+) .*")),
    ("global", re.compile(r"(?P<key>username \S+) .*")),
)
"""``Dialect.keys`` IOS, EOS and NX-OS share: a description, shut state, switch-port setting, VLAN name, SNMP
community or local user replaces the one before."""


class Dialect:
    """Platform-specific behaviour of the simulated CLI. Subclasses set the class attributes."""

    platform: ClassVar[str]
    default_hostname: ClassVar[str]
    interface_types: ClassVar[tuple[InterfaceType, ...]]
    ports: ClassVar[tuple[str, ...]]
    """The fixed ports of a simulated device (management port first)."""
    sections: ClassVar[tuple[Section, ...]]
    keys: ClassVar[tuple[tuple[str, re.Pattern[str]], ...]] = ()
    """(scope, pattern): a line matching ``pattern`` replaces the line with the same ``key`` group."""
    order: ClassVar[tuple[OrderRule, ...]] = ()
    global_words: ClassVar[frozenset[str]]
    """First words of the global configuration commands the device accepts (any arguments)."""
    global_only: ClassVar[re.Pattern[str]]
    """Lines that always belong to the global configuration: typed in a sub-mode, they leave it."""
    stored_negations: ClassVar[frozenset[str]] = frozenset()
    """``no`` lines the device shows in its running-config (``no switchport``), keyed like their positive."""
    hidden_defaults: ClassVar[frozenset[str]] = frozenset()
    """Global settings that are on by default and not shown (IOS ``service pad``): typed, they remove the line
    stored under their key (``no service pad``) instead of being stored."""
    user_mode: ClassVar[bool] = True
    """Whether a login lands in user mode (``>``, ``enable`` needed) rather than privileged mode."""
    features: ClassVar[tuple[tuple[re.Pattern[str], str], ...]] = ()
    """(line pattern, feature): the line is refused until ``feature <feature>``; ``no feature`` removes them."""
    indent: ClassVar[int] = 1
    section_end: ClassVar[dict[str, str]] = {}
    """Line shown after the sub-commands of a section kind (IOS ``exit-address-family``)."""
    section_separator: ClassVar[str | None] = None
    """A line ``| section`` keeps after each block it selects (EOS ``!``)."""
    show_in_config: ClassVar[bool] = False
    """Whether show commands work in configuration modes without ``do``."""
    create_missing_access_vlan: ClassVar[bool] = False
    """Whether ``switchport access vlan N`` creates VLAN N when it does not exist."""
    vlan_ranges: ClassVar[bool] = True
    """Whether ``vlan 10,20-22`` configures several VLANs at once."""
    config_banner: ClassVar[str] = ""
    save_reply: ClassVar[str] = ""
    incomplete: ClassVar[str] = "% Incomplete command"
    text_opener: ClassVar[re.Pattern[str] | None] = None
    """Global configuration lines after which the CLI reads raw text up to a line ``EOF`` (EOS banners), showing
    ``text_request`` and no prompt until then; the opener, the text and ``EOF`` are then kept as one entry."""
    text_request: ClassVar[str] = ""
    bgp_running: ClassVar[str | None] = None
    """The refusal of ``router bgp N`` while a process with another AS number runs (``{asn}``: that number);
    None where the lab does not know the platform's wording."""
    default_vlan_delete_error: ClassVar[str]
    default_vlan_rename_error: ClassVar[str]
    l2_address_error: ClassVar[str]
    vrf_member: ClassVar[str]
    """How an interface joins a VRF (``vrf forwarding`` on IOS, ``vrf`` on EOS, ``vrf member`` on NX-OS)."""
    vrf_section: ClassVar[str]
    """The top-level line that defines a VRF, without its name (``vrf definition`` on IOS)."""
    access_port_lines: ClassVar[tuple[str, ...]] = ()
    """Lines a configuration tool puts before ``switchport access vlan`` (IOS ``switchport mode access``)."""
    port_channel: ClassVar[str]
    """The full name of a port-channel interface without its number (``Port-channel`` on IOS)."""
    channel_modes: ClassVar[frozenset[str]] = frozenset({"active", "passive", "on"})
    """The modes ``channel-group N mode M`` takes."""
    channel_mode_required: ClassVar[bool] = True
    """Whether ``channel-group N`` needs a mode (NX-OS: no mode is a static member, mode on)."""
    port_channel_created: ClassVar[str] = ""
    """What the device prints when a port joining a channel creates its port-channel (``{name}``, ``{number}``)."""
    help_lines: ClassVar[tuple[str, ...]] = ()
    """Keyword help printed for ``?`` at an empty prompt (a few lines; see ``help_reply``)."""
    status_commands: ClassVar[tuple[str, ...]] = ("show interfaces status",)
    """The spellings of the interface status table (NX-OS also takes ``show interface status``)."""
    description_commands: ClassVar[tuple[str, ...]] = ("show interfaces description",)
    vlan_id_width: ClassVar[int] = 4
    """Width of the VLAN column of ``show vlan`` (EOS 5)."""
    description_columns: ClassVar[tuple[int, int, int]] = (30, 30, 8)
    """Widths of the interface, status and protocol columns of ``show interfaces description``."""

    # ------------------------------------------------------------------ hooks a platform must provide
    def invalid_input(self, prompt: str, line: str, at: int | None = None) -> str:
        """The device's answer to a line it cannot parse, failing at token ``at`` (None: not known)."""
        raise NotImplementedError

    route_masked: ClassVar[bool] = False
    """Whether ``ip route`` takes ``A MASK`` (IOS) rather than ``A/LEN``."""
    route_name_first: ClassVar[bool] = False
    """Whether ``name N`` comes before the distance in a stored route (NX-OS)."""
    vrf_routes_in_section: ClassVar[bool] = False
    """Whether a VRF's routes are ``ip route`` lines in its section (NX-OS ``vrf context``) rather than
    ``ip route vrf V ...`` lines."""

    def parse_route(self, args: list[str], removing: bool) -> RouteArgs:
        """Parse the words after ``ip route``: ``[vrf V] PREFIX [INTERFACE] [NEXT-HOP] [DISTANCE] [name N]``
        (distance and name in either order); raise ``ValueError`` when malformed."""
        tokens = list(args)
        vrf = None
        if not self.vrf_routes_in_section and tokens[:1] == ["vrf"] and len(tokens) > 1:
            vrf, tokens = tokens[1], tokens[2:]
        if self.route_masked:
            if len(tokens) < 2:
                raise ValueError("ip route PREFIX MASK ...")
            prefix = IPv4Network(f"{tokens.pop(0)}/{tokens.pop(0)}")
        elif not tokens or "/" not in tokens[0]:
            raise ValueError("ip route PREFIX/LENGTH ...")
        else:
            prefix = IPv4Network(tokens.pop(0))
        interface = self._route_interface(tokens.pop(0)) if tokens and _ROUTE_WORD.fullmatch(tokens[0]) else None
        next_hop = IPv4Address(tokens.pop(0)) if tokens and tokens[0][:1].isdigit() and "." in tokens[0] else None
        distance, name = None, None
        while tokens:
            token = tokens.pop(0)
            if token.isdigit() and 1 <= int(token) <= 255:
                distance = int(token)
            elif token == "name" and tokens:
                name = tokens.pop(0)
            else:
                raise ValueError(f"{token!r} is not a route option the lab knows")
        if next_hop is None and interface is None and not removing:
            raise ValueError("a route needs a next hop or an interface")
        return RouteArgs(prefix, next_hop, distance, interface, name, vrf)

    ntp_vrf_inline: ClassVar[bool] = True
    """``ntp server vrf V A`` (IOS, EOS) rather than ``ntp server A use-vrf V`` (NX-OS)."""
    ntp_key_before_prefer: ClassVar[bool] = False
    """Whether a stored server line prints ``key N prefer`` (IOS) rather than ``prefer ... key N``."""
    ntp_source: ClassVar[str] = "ntp source"
    """The command setting the interface NTP packets leave from (EOS ``ntp local-interface``, NX-OS
    ``ntp source-interface``)."""

    def parse_ntp_server(self, args: list[str]) -> NtpServerArgs:
        """Parse the words after ``ntp server``: the VRF, the address, ``prefer`` and ``key N`` in any order;
        raise ``ValueError`` when malformed or for an option the lab does not know."""
        tokens = list(args)
        vrf = None
        if self.ntp_vrf_inline and tokens[:1] == ["vrf"] and len(tokens) > 1:
            vrf, tokens = tokens[1], tokens[2:]
        if not tokens:
            raise ValueError("ntp server ADDRESS ...")
        address = IPv4Address(tokens.pop(0))
        prefer, key = False, None
        while tokens:
            token = tokens.pop(0)
            if token == "prefer":
                prefer = True
            elif token == "key" and tokens and tokens[0].isdigit() and 1 <= int(tokens[0]) <= 65534:
                key = int(tokens.pop(0))
            elif token == "use-vrf" and not self.ntp_vrf_inline and tokens and _VRF_WORD.fullmatch(tokens[0]):
                vrf = tokens.pop(0)
            else:
                raise ValueError(f"{token!r} is not an NTP server option the lab knows")
        if vrf is not None and not _VRF_WORD.fullmatch(vrf):
            raise ValueError(f"{vrf!r} is not a VRF name")
        return NtpServerArgs(vrf, address, prefer, key)

    def ntp_server_line(self, server: NtpServerArgs) -> str:
        """The ``ntp server`` line as the running-config shows it (the option order of the platform)."""
        vrf = [f"vrf {server.vrf}"] if server.vrf and self.ntp_vrf_inline else []
        words = ["ntp server", *vrf, str(server.address)]
        key = [f"key {server.key}"] if server.key is not None else []
        prefer = ["prefer"] if server.prefer else []
        if self.ntp_key_before_prefer:
            return " ".join([*words, *key, *prefer])
        use_vrf = [f"use-vrf {server.vrf}"] if server.vrf and not self.ntp_vrf_inline else []
        return " ".join([*words, *prefer, *use_vrf, *key])

    def _route_interface(self, text: str) -> str:
        if text.lower() == "null0":
            return "Null0"
        resolved = self.resolve_interface(text)
        if resolved is None:
            raise ValueError(f"no interface {text!r}")
        return resolved[0]

    def route_line(self, route: StaticRoute) -> str:
        """The ``ip route`` line for ``route`` as the running-config shows it (NX-OS: without the VRF, which is
        the section the line is in)."""
        words = ["ip route"]
        if route.vrf is not None and not self.vrf_routes_in_section:
            words.append(f"vrf {route.vrf}")
        prefix = route.prefix
        words.append(f"{prefix.network_address} {prefix.netmask}" if self.route_masked else str(prefix))
        words += [str(part) for part in (route.interface, route.next_hop) if part is not None]
        distance = [str(route.distance)] if route.distance != 1 else []
        name = [f"name {route.name}"] if route.name is not None else []
        words += name + distance if self.route_name_first else distance + name
        return " ".join(words)

    def parse_address(self, args: list[str]) -> IPv4Interface:
        """Parse the words after ``ip address``; raise ``ValueError`` when malformed."""
        raise NotImplementedError

    def address_line(self, address: IPv4Interface) -> str:
        """The ``ip address`` line for ``address`` as the running-config shows it."""
        raise NotImplementedError

    def show_version(self, state: DeviceState) -> str:
        """``show version``."""
        raise NotImplementedError

    def show_vlan(self, state: DeviceState, brief: bool) -> str:
        """``show vlan`` / ``show vlan brief``."""
        raise NotImplementedError

    def show_interfaces_status(self, state: DeviceState) -> str:
        """``show interfaces status``."""
        raise NotImplementedError

    def show_ip_interface_brief(self, state: DeviceState) -> str:
        """``show ip interface brief``."""
        raise NotImplementedError

    def show_ip_route(self, state: DeviceState, static_only: bool) -> str:
        """``show ip route`` / ``show ip route static``."""
        raise NotImplementedError

    def factory_config(self) -> str:
        """Configuration of a device fresh from the factory, with its fixed ports (indented text)."""
        raise NotImplementedError

    def running_config(self, state: DeviceState) -> str:
        """``show running-config``: the platform's header, then the tree."""
        raise NotImplementedError

    # ------------------------------------------------------------------ hooks with a default
    def show_commands(self) -> list[tuple[str, Renderer]]:
        """Show command patterns with their renderers, most specific first: the views every IOS-style platform
        answers, each rendered by the platform's hook."""
        return [
            ("show version", self.show_version),
            ("show running-config", self.running_config),
            ("show vlan brief", lambda state: self.show_vlan(state, brief=True)),
            ("show vlan", lambda state: self.show_vlan(state, brief=False)),
            *((command, self.show_interfaces_status) for command in self.status_commands),
            *((command, self.show_interfaces_description) for command in self.description_commands),
            ("show ip interface brief", self.show_ip_interface_brief),
            ("show ip route static", lambda state: self.show_ip_route(state, static_only=True)),
            ("show ip route", lambda state: self.show_ip_route(state, static_only=False)),
        ]

    def show_interfaces_description(self, state: DeviceState) -> str:
        """``show interfaces description``: one row per interface (``description_columns`` wide)."""
        port, status, protocol = self.description_columns
        lines = [f"{'Interface':<{port}} {'Status':<{status}} {'Protocol':<{protocol}} Description"]
        for intf in state.sorted_interfaces():
            up = ("up", "up") if intf.enabled else ("admin down", "down")
            row = f"{self.short_name(intf.name):<{port}} {up[0]:<{status}} {up[1]:<{protocol}} {intf.description}"
            lines.append(row.rstrip())
        return "\n".join(lines) + "\n"

    def open_session(self, state: DeviceState, level: str | None = None) -> CliSession:
        """The interpreter of one SSH session (``level="config"``: already in configuration mode, for
        ``DeviceState.configure``). A CLI that is not IOS-like returns its own class with the same members."""
        from diffsync_automation.lab.engine import CliSession  # the engine imports this module

        return CliSession(state, self, level=level)

    def terminal_width_reply(self, columns: str) -> str:
        """Answer to ``terminal width N``."""
        return ""

    def terminal_length_reply(self, lines: str) -> str:
        """Answer to ``terminal length N``."""
        return ""

    def not_switchport_error(self, name: str) -> str:
        """Answer to a switchport command on a routed interface."""
        return f"% Command rejected: {name} is not a switching port."

    def help_reply(self, prompt: str, typed: str) -> str:
        """Context help printed when ``?`` follows ``typed``: the commands of the mode at an empty prompt, the
        word being completed after a partial word, otherwise ``<cr>`` (the lab does not know every argument)."""
        if not typed.strip() and prompt.endswith((">", "#")) and "(" not in prompt:
            return "".join(f"  {entry}\n" for entry in self.help_lines)
        if typed and not typed.endswith(" "):
            return f"{typed.split()[-1]}\n\n"
        return "  <cr>\n\n"

    def stored_form(self, scope: str, line: str) -> str:
        """How the device keeps a line it accepted (IOS and EOS print well-known ACE ports by name)."""
        return line

    def refusal(self, config: ConfigNode, path: list[ConfigNode], scope: str, line: str) -> str | None:
        """The device's error for ``line`` typed in a ``scope`` sub-mode (or opening one), ``path`` the sections
        from the top-level one down to it, or None (IOS: ``neighbor A activate`` before the neighbour is
        defined)."""
        return None

    def added_lines(self, scope: str, line: str, config: ConfigNode) -> list[str]:
        """Lines the device adds by itself when it stores ``line`` (IOS: the community of an SNMP host line that
        names one not configured yet)."""
        return []

    def implicit_lines(self, scope: str, node: ConfigNode) -> list[str]:
        """Lines the running-config shows in a section without them being stored (IOS ``no ip address``)."""
        return []

    def prompt(self, hostname: str, level: str, suffix: str = "") -> str:
        """The prompt in ``level`` (``exec``, ``enable``, ``config``) or in the sub-mode named ``suffix``."""
        if suffix:
            return f"{hostname}({suffix})#"
        return hostname + {"exec": ">", "enable": "#"}.get(level, "(config)#")

    def vlan_name_default(self, vlan_id: int) -> str:
        """Name a VLAN created without one."""
        return "default" if vlan_id == 1 else f"VLAN{vlan_id:04d}"

    # ------------------------------------------------------------------ derived from the data
    def interface_type(self, name: str) -> InterfaceType | None:
        """The family of a full interface name."""
        for itype in self.interface_types:
            if name.startswith(itype.full) and name[len(itype.full) : len(itype.full) + 1].isdigit():
                return itype
        return None

    def resolve_interface(self, text: str) -> tuple[str, bool] | None:
        """Canonical interface name for ``text`` (``gi0/1``, ``Et1``) and whether it is logical."""
        found = _INTERFACE_TEXT.fullmatch(text.strip())
        if found is None:
            return None
        kind, number = found.group(1).lower(), found.group(2)
        for itype in self.interface_types:
            if itype.full.lower().startswith(kind) or itype.short.lower() == kind:
                return itype.full + number, itype.logical
        return None

    def short_name(self, name: str) -> str:
        """Name as printed in status tables (``Gi0/1``, ``Et1``)."""
        itype = self.interface_type(name)
        return itype.short + name[len(itype.full) :] if itype is not None else name

    def vlan_port_table(self, state: DeviceState) -> list[str]:
        """The VLAN / name / status / ports rows IOS, EOS and NX-OS print alike (four ports per line; the VLAN
        column ``vlan_id_width`` wide)."""
        ports: dict[int, list[str]] = defaultdict(list)
        for intf in state.sorted_interfaces():
            if intf.access_vlan is not None:
                ports[intf.access_vlan].append(self.short_name(intf.name))
        width = self.vlan_id_width
        lines = [
            f"{'VLAN':<{width}} {'Name':<32} {'Status':<9} Ports",
            f"{'-' * width} {'-' * 32} {'-' * 9} {'-' * 31}",
        ]
        for vlan_id, name in state.vlans.items():
            chunks = [", ".join(ports[vlan_id][i : i + 4]) for i in range(0, len(ports[vlan_id]), 4)] or [""]
            lines.append(f"{vlan_id:<{width}} {name:<32} {'active':<9} {chunks[0]}".rstrip())
            lines += [" " * (width + 44) + chunk for chunk in chunks[1:]]
        return lines

    def line_key(self, scope: str, line: str) -> str:
        """Key under which ``line`` is stored in a ``scope`` section (see ``keys`` and ``stored_negations``)."""
        for key_scope, pattern in self.keys:
            if key_scope in (scope, "*"):
                found = pattern.fullmatch(line)
                if found is not None:
                    return found.group("key")
        return line

    def section_for(self, scopes: Iterable[str], line: str) -> tuple[Section, re.Match[str]] | None:
        """The section ``line`` opens when typed in one of ``scopes`` (innermost first: ``address-family ...`` in
        an NX-OS ``neighbor`` sub-section opens the neighbour's family, not the router's)."""
        for scope in scopes:
            for section in self.sections:
                if section.parent == scope:
                    found = section.opener.fullmatch(line)
                    if found is not None:
                        return section, found
        return None

    def section(self, kind: str) -> Section:
        """The section of ``kind``."""
        return next(section for section in self.sections if section.kind == kind)

    def section_prompt(self, section: Section, found: re.Match[str]) -> str:
        """Prompt suffix of a sub-mode entered with the line ``found``."""
        fields = {key: value or "" for key, value in found.groupdict().items()}
        if "name" in fields:
            fields["short"] = self.short_name(fields["name"])
        return section.prompt.format(**fields)

    def sort_key(self, scope: str, line: str) -> tuple[int, tuple[str | int, ...]]:
        """Position of ``line`` in a rendered ``scope`` section (stable sort keeps insertion order)."""
        for rule in self.order:
            if rule.scope == scope and rule.pattern.match(line):
                return rule.rank, natural_key(line) if rule.natural else ()
        return UNKNOWN_RANK, ()

    def scope_of(self, line: str, parent: str) -> str:
        """Section kind a stored line opens, for ordering its children."""
        found = self.section_for([parent], line)
        return found[0].kind if found is not None else line.split()[0]

    def render_tree(self, node: ConfigNode, scope: str = GLOBAL, depth: int = 0) -> list[str]:
        """The lines under ``node``, ordered and indented as the platform shows them."""
        lines: list[str] = []
        extra = [ConfigNode(line) for line in self.implicit_lines(scope, node)]
        children = sorted([*node.children.values(), *extra], key=lambda child: self.sort_key(scope, child.line))
        for child in children:
            lines.append(" " * (self.indent * depth) + child.line)
            kind = self.scope_of(child.line, scope)
            if child.children:
                lines += self.render_tree(child, kind, depth + 1)
            if kind in self.section_end:
                lines.append(" " * (self.indent * depth) + self.section_end[kind])
        return lines

    def render_config(self, root: ConfigNode, separator: str) -> list[str]:
        """Top-level lines in order, with ``separator`` after every section and between groups of lines."""
        out: list[str] = []
        previous: int | None = None
        for child in sorted(root.children.values(), key=lambda node: self.sort_key(GLOBAL, node.line)):
            rank = self.sort_key(GLOBAL, child.line)[0]
            if previous is not None and rank != previous and out[-1] != separator:
                out.append(separator)
            out.append(child.line)
            found = self.section_for([GLOBAL], child.line)
            if child.children:
                out += self.render_tree(child, found[0].kind if found else child.line.split()[0], 1)
            if found is not None:
                out.append(separator)
            previous = rank
        if out and out[-1] != separator:
            out.append(separator)
        return out
