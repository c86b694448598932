"""A Junos configuration: the statement hierarchy the simulator knows, ``set``/``delete``/``rename`` on it, and its
two display formats (curly braces, and ``| display set``).

A configuration is a tree of ``Element`` nodes shaped by ``SCHEMA``: keyword containers (``system``), named
objects (``interfaces ge-0/0/1``, ``vlans USERS``), leaves with one value (``host-name``), leaf lists
(``members``) and flags (``disable``). The schema covers the statements the project manages plus a few
neighbours; anything else is a ``syntax error.``, as on a device that does not know the statement.
"""

from __future__ import annotations

import copy
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Interface
from typing import Literal

from diffsync_automation.lab.errors import LabError

Kind = Literal["container", "named", "leaf", "list", "flag"]


class JunosSyntaxError(LabError, ValueError):
    """A statement the schema does not accept; ``message`` is the device's wording."""

    def __init__(self, message: str = "syntax error.") -> None:
        super().__init__(message)
        self.message = message


def _is(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda text: compiled.fullmatch(text) is not None


def _parses(parse: Callable[[str], object]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            parse(text)
        except ValueError:
            return False
        return True

    return check


def _in_range(low: int, high: int) -> Callable[[str], bool]:
    return lambda text: text.isdigit() and low <= int(text) <= high


def _network(text: str) -> bool:
    try:
        IPv4Network(text, strict=True)
    except ValueError:
        return False
    return "/" in text


@dataclass(frozen=True)
class Node:
    """One statement of the schema; ``valid`` checks a name or value, ``inline`` prints a named object with a
    single leaf on one line (``route 0.0.0.0/0 next-hop 192.0.2.1;``), ``grouped`` prints named objects inside a
    block of their keyword (``interfaces { ge-0/0/1 { ... } }``) instead of one ``unit 0 { ... }`` each."""

    kind: Kind
    children: dict[str, Node] = field(default_factory=dict)
    valid: Callable[[str], bool] = lambda text: True
    inline: bool = False
    grouped: bool = False
    bare: bool = False
    """A list whose values are typed and shown without a keyword (a prefix list's prefixes)."""
    choice: str | None = None
    """Flags of one choice group replace each other (a term's ``then accept`` / ``discard`` / ``reject``)."""
    normal: Callable[[str], str] = lambda text: text
    """The form the device keeps a name or value in (an OSPF area typed as a number is shown dotted, a bare address
    in a filter as ``A/32``)."""
    presence: bool = False
    """Whether the object means something without settings (an OSPF interface): a delete inside it keeps it."""


_SEVERITY = _is(r"any|emergency|alert|critical|error|warning|notice|info|none")
_ANY_TEXT = _is(r"[^\n\r\"]{0,900}")
_INTERFACE_NAME = _is(r"(?:(?:ge|xe|et|mge)-\d+/\d+/\d+|(?:me|em|fxp|lo|ae|vme)\d+|irb|vlan)")
_VLAN_NAME = _is(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")
_AE_NAME = _is(r"ae\d{1,3}")
_TRAP_CATEGORIES = ("authentication", "chassis", "configuration", "link", "remote-operations", "startup")


def _unit_or_interface(text: str) -> bool:
    """An interface with or without its logical unit (``ge-0/0/1.0``, ``lo0``), as protocols name them."""
    name, _, unit = text.partition(".")
    return _INTERFACE_NAME(name) and (not unit or _in_range(0, 16385)(unit))


def _is_either(*checks: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda text: any(check(text) for check in checks)


def _area(text: str) -> str:
    """An OSPF area as Junos prints it: dotted (``area 0`` is shown as ``area 0.0.0.0``)."""
    return str(IPv4Address(int(text))) if text.isdigit() else text


_FAMILY_INET = Node("container", {"inet": Node("container", {"unicast": Node("container")})})
"""``family inet unicast`` of BGP (the bgp, group and neighbor levels); other families are not modelled."""

_NEXT_HOP = _is_either(_parses(IPv4Address), _unit_or_interface)
"""A static route's next hop: an address, or an exit interface (``ge-0/0/1.0``)."""
_STATIC = Node(
    "container",
    {
        "route": Node(
            "named",
            {
                "next-hop": Node("list", valid=_NEXT_HOP),
                "qualified-next-hop": Node(
                    "named",
                    {
                        "interface": Node("leaf", valid=_unit_or_interface),
                        "preference": Node("leaf", valid=_in_range(0, 4_294_967_295)),
                    },
                    valid=_NEXT_HOP,
                ),
                "preference": Node("leaf", valid=_in_range(0, 4_294_967_295)),
                "discard": Node("flag"),
            },
            valid=_network,
            inline=True,
        )
    },
)
"""``static`` of ``routing-options``, global or in a routing instance."""
_OBJECT_NAME = _is(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_PORT_NAMES = frozenset(
    [
        "bgp",
        "bootpc",
        "bootps",
        "domain",
        "ftp",
        "ftp-data",
        "http",
        "https",
        "ntp",
        "pop3",
        "smtp",
        "snmp",
        "snmptrap",
        "ssh",
        "syslog",
        "telnet",
        "tftp",
    ]
)
_PROTOCOL_NAMES = frozenset(
    ["ah", "egp", "esp", "gre", "icmp", "icmp6", "igmp", "ipip", "ospf", "pim", "rsvp", "sctp", "tcp", "udp", "vrrp"]
)


def _ipv4_prefix(text: str) -> bool:
    """An IPv4 address, with or without a prefix length (a bare address is a /32)."""
    return _parses(IPv4Interface)(text) and (text.count("/") == 1 or "/" not in text)


def _with_length(text: str) -> str:
    return text if "/" in text else f"{text}/32"


def _port(text: str) -> bool:
    return _in_range(0, 65535)(text) or text in _PORT_NAMES


def _protocol(text: str) -> bool:
    return _in_range(0, 255)(text) or text in _PROTOCOL_NAMES


_FILTER_ADDRESS = Node("named", {"except": Node("flag")}, valid=_ipv4_prefix, grouped=True, normal=_with_length)

SCHEMA: dict[str, Node] = {
    "system": Node(
        "container",
        {
            "host-name": Node("leaf", valid=_is(r"[A-Za-z][A-Za-z0-9-]{0,62}")),
            "domain-name": Node("leaf", valid=_is(r"[A-Za-z0-9.-]{1,255}")),
            "name-server": Node("named", valid=_parses(IPv4Address)),
            "login": Node(
                "container",
                {
                    "message": Node("leaf", valid=_ANY_TEXT),
                    "announcement": Node("leaf", valid=_ANY_TEXT),
                    "user": Node(
                        "named",
                        {
                            "full-name": Node("leaf", valid=_ANY_TEXT),
                            "uid": Node("leaf", valid=_in_range(100, 64000)),
                            "class": Node("leaf", valid=_is(r"[A-Za-z][A-Za-z0-9_-]{0,63}")),
                            "authentication": Node(
                                "container", {"encrypted-password": Node("leaf", valid=_is(r"[A-Za-z0-9./$]{1,256}"))}
                            ),
                        },
                        valid=_is(r"[A-Za-z][A-Za-z0-9_.-]{0,31}"),
                    ),
                },
            ),
            "syslog": Node(
                "container",
                {"host": Node("named", {"any": Node("leaf", valid=_SEVERITY)}, valid=_parses(IPv4Address))},
            ),
            "ntp": Node(
                "container",
                {
                    "server": Node(
                        "named",
                        {
                            "prefer": Node("flag"),
                            "key": Node("leaf", valid=_in_range(1, 4294967295)),
                            "routing-instance": Node("leaf", valid=_is(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")),
                        },
                        valid=_parses(IPv4Address),
                    ),
                    "source-address": Node(
                        "named",
                        {"routing-instance": Node("leaf", valid=_is(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}"))},
                        valid=_parses(IPv4Address),
                    ),
                },
            ),
        },
    ),
    "chassis": Node(
        "container",
        {
            "aggregated-devices": Node(
                "container",
                {"ethernet": Node("container", {"device-count": Node("leaf", valid=_in_range(1, 1024))})},
            )
        },
    ),
    "interfaces": Node(
        "named",
        {
            "description": Node("leaf", valid=_ANY_TEXT),
            "disable": Node("flag"),
            "native-vlan-id": Node("leaf", valid=_in_range(1, 4094)),
            "mtu": Node("leaf", valid=_in_range(256, 9216)),
            "ether-options": Node(
                "container",
                {
                    "802.3ad": Node("leaf", valid=_AE_NAME),
                    "speed": Node("leaf", valid=_is(r"(10|100)m|(1|2\.5|5|10|25|40|50|100|200|400|800)g")),
                    "link-mode": Node("leaf", valid=_is(r"full-duplex|half-duplex|automatic")),
                },
            ),
            "gigether-options": Node("container", {"802.3ad": Node("leaf", valid=_AE_NAME)}),
            "aggregated-ether-options": Node(
                "container", {"lacp": Node("container", {"active": Node("flag"), "passive": Node("flag")})}
            ),
            "unit": Node(
                "named",
                {
                    "description": Node("leaf", valid=_ANY_TEXT),
                    "family": Node(
                        "named",
                        {
                            "address": Node(
                                "named",
                                {"primary": Node("flag"), "preferred": Node("flag")},
                                valid=lambda text: _parses(IPv4Interface)(text) or _parses(IPv6Interface)(text),
                            ),
                            "interface-mode": Node("leaf", valid=_is(r"access|trunk")),
                            "vlan": Node("container", {"members": Node("list", valid=_is(r"[A-Za-z0-9_.-]{1,64}"))}),
                        },
                        valid=_is(r"inet|inet6|ethernet-switching"),
                    ),
                },
                valid=_in_range(0, 16385),
            ),
        },
        valid=_INTERFACE_NAME,
        grouped=True,
    ),
    "snmp": Node(
        "container",
        {
            "location": Node("leaf", valid=_ANY_TEXT),
            "contact": Node("leaf", valid=_ANY_TEXT),
            "community": Node(
                "named",
                {"authorization": Node("leaf", valid=_is(r"read-only|read-write"))},
                valid=_is(r"[^\n\r\"]{1,128}"),
            ),
            "trap-group": Node(
                "named",
                {
                    "version": Node("leaf", valid=_is(r"all|v1|v2")),
                    "categories": Node("container", {category: Node("flag") for category in _TRAP_CATEGORIES}),
                    "destination-port": Node("leaf", valid=_in_range(1, 65535)),
                    "targets": Node("named", valid=_parses(IPv4Address), grouped=True),
                },
                valid=_is(r"[^\n\r\"]{1,128}"),
            ),
        },
    ),
    "routing-options": Node(
        "container",
        {
            "static": _STATIC,
            "router-id": Node("leaf", valid=_parses(IPv4Address)),
            "autonomous-system": Node("leaf", valid=_in_range(1, 4_294_967_295)),
        },
    ),
    "protocols": Node(
        "container",
        {
            "bgp": Node(
                "container",
                {
                    "family": _FAMILY_INET,
                    "group": Node(
                        "named",
                        {
                            "type": Node("leaf", valid=_is(r"internal|external")),
                            "family": _FAMILY_INET,
                            "peer-as": Node("leaf", valid=_in_range(1, 4_294_967_295)),
                            "neighbor": Node(
                                "named",
                                {
                                    "description": Node("leaf", valid=_ANY_TEXT),
                                    "local-address": Node("leaf", valid=_parses(IPv4Address)),
                                    "family": _FAMILY_INET,
                                    "peer-as": Node("leaf", valid=_in_range(1, 4_294_967_295)),
                                },
                                valid=_parses(IPv4Address),
                            ),
                        },
                        valid=_is(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"),
                    ),
                },
            ),
            "ospf": Node(
                "container",
                {
                    "area": Node(
                        "named",
                        {
                            "interface": Node(
                                "named", {"passive": Node("flag")}, valid=_unit_or_interface, presence=True
                            )
                        },
                        valid=lambda text: _parses(IPv4Address)(text) or _in_range(0, 4_294_967_295)(text),
                        normal=_area,
                    )
                },
            ),
            "lldp": Node(
                "container",
                {
                    "disable": Node("flag"),
                    "advertisement-interval": Node("leaf", valid=_in_range(5, 32768)),
                    "interface": Node(
                        "named", {"disable": Node("flag")}, valid=lambda text: text == "all" or _INTERFACE_NAME(text)
                    ),
                },
            ),
        },
    ),
    "policy-options": Node(
        "container",
        {
            "prefix-list": Node(
                "named",
                {
                    "apply-path": Node("leaf", valid=_ANY_TEXT),
                    "dynamic-db": Node("flag"),
                    "<prefix>": Node("list", valid=_ipv4_prefix, bare=True, normal=_with_length),
                },
                valid=_OBJECT_NAME,
            ),
        },
    ),
    "firewall": Node(
        "container",
        {
            "family": Node(
                "named",
                {
                    "filter": Node(
                        "named",
                        {
                            "interface-specific": Node("flag"),
                            "term": Node(
                                "named",
                                {
                                    "from": Node(
                                        "container",
                                        {
                                            "source-address": _FILTER_ADDRESS,
                                            "destination-address": _FILTER_ADDRESS,
                                            "protocol": Node("list", valid=_protocol),
                                            "source-port": Node("list", valid=_port),
                                            "destination-port": Node("list", valid=_port),
                                        },
                                    ),
                                    "then": Node(
                                        "container",
                                        {
                                            "count": Node("leaf", valid=_OBJECT_NAME),
                                            "log": Node("flag"),
                                            "accept": Node("flag", choice="action"),
                                            "discard": Node("flag", choice="action"),
                                            "reject": Node("flag", choice="action"),
                                        },
                                        inline=True,
                                    ),
                                },
                                valid=_OBJECT_NAME,
                            ),
                        },
                        valid=_OBJECT_NAME,
                    ),
                },
                valid=_is(r"inet|inet6|ethernet-switching"),
            ),
        },
    ),
    "routing-instances": Node(
        "named",
        {
            "description": Node("leaf", valid=_ANY_TEXT),
            "instance-type": Node("leaf", valid=_is(r"vrf|virtual-router|forwarding|virtual-switch")),
            "interface": Node("named", valid=lambda text: _INTERFACE_NAME(text.rsplit(".", 1)[0]) and "." in text),
            "route-distinguisher": Node("leaf", valid=_is(r"(?:\d{1,10}|\d{1,3}(?:\.\d{1,3}){3}):\d{1,10}")),
            "vrf-target": Node(
                "container",
                {
                    "import": Node("leaf", valid=_is(r"target:\S+:\d+")),
                    "export": Node("leaf", valid=_is(r"target:\S+:\d+")),
                },
            ),
            "routing-options": Node("container", {"static": _STATIC}),
        },
        valid=_is(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}"),
        grouped=True,
    ),
    "vlans": Node(
        "named",
        {
            "vlan-id": Node("leaf", valid=_in_range(1, 4094)),
            "description": Node("leaf", valid=_ANY_TEXT),
            "l3-interface": Node("leaf", valid=_is(r"irb\.\d+")),
        },
        valid=_VLAN_NAME,
        grouped=True,
    ),
}

Element = dict[str, object]
"""A configured statement level: keyword -> sub-``Element`` (container), {name: ``Element``} (named), value
(leaf), list of values (list) or True (flag). Dicts keep the order statements were added in."""
INACTIVE = "\x00inactive"
"""Key marking a container or named object deactivated (``deactivate PATH``): kept and shown, but not in effect.
No keyword can hold a NUL byte, so the key never meets a statement."""


def tokenize(text: str) -> list[str]:
    """Words of a configuration line, double quotes grouping words as the Junos CLI does."""
    if '"' not in text:
        return text.split()  # the common case, without shlex's per-character scanning
    try:
        lexer = shlex.shlex(text, posix=True, punctuation_chars="")
        lexer.whitespace_split = True
        lexer.commenters = ""
        lexer.quotes = '"'  # an apostrophe is an ordinary character on Junos
        lexer.escape = ""
        return list(lexer)
    except ValueError as exc:
        raise JunosSyntaxError("syntax error, expecting <data>.") from exc


def _keyword(level: dict[str, Node], word: str) -> str:
    """The keyword ``word`` names at ``level`` (a unique prefix is enough, as in the Junos CLI)."""
    if word in level:
        return word
    found = [keyword for keyword in level if keyword.startswith(word)]
    if len(found) != 1:
        raise JunosSyntaxError()
    return found[0]


@dataclass(frozen=True)
class Step:
    """One resolved level of a statement path: the keyword, and the object name for a named statement."""

    keyword: str
    name: str | None = None


@dataclass(frozen=True)
class Statement:
    """A parsed ``set``/``delete`` path: its steps, the schema node of the last keyword and the value(s)."""

    steps: tuple[Step, ...]
    node: Node
    values: tuple[str, ...] = ()
    level: dict[str, Node] = field(default_factory=dict)
    """The schema level the last keyword is at (its siblings)."""


def parse_statement(words: list[str], *, deleting: bool) -> Statement:
    """Resolve ``words`` (after ``set``/``delete``) against the schema; raise ``JunosSyntaxError`` if invalid."""
    if not words:
        raise JunosSyntaxError("syntax error, expecting <statement> or <identifier>.")
    level, steps, index = SCHEMA, [], 0
    while index < len(words):
        keyword = _bare(level, words[index]) or _keyword(level, words[index])
        node = level[keyword]
        index += 0 if node.bare else 1
        rest = words[index:]
        if node.kind in ("container", "named"):
            name = None
            if node.kind == "named":
                if not rest:
                    if deleting:
                        steps.append(Step(keyword))
                        return Statement(tuple(steps), node, (), level)
                    raise JunosSyntaxError("syntax error, expecting <data>.")
                name = rest[0]
                if not node.valid(name):
                    raise JunosSyntaxError(f"syntax error: invalid value {name!r}.")
                name = node.normal(name)
                index += 1
            steps.append(Step(keyword, name))
            if index == len(words):
                return Statement(tuple(steps), node, (), level)
            level = node.children
            continue
        steps.append(Step(keyword))
        values = _values(node, rest, deleting)
        return Statement(tuple(steps), node, values, level)
    raise JunosSyntaxError()


def _bare(level: dict[str, Node], word: str) -> str | None:
    """The bare list at ``level`` that ``word`` is a value of, if any (a prefix in ``prefix-list NAME``)."""
    return next((keyword for keyword, node in level.items() if node.bare and node.valid(word)), None)


def _values(node: Node, rest: list[str], deleting: bool) -> tuple[str, ...]:
    if node.kind == "flag":
        if rest:
            raise JunosSyntaxError()
        return ()
    if node.kind == "list" and rest[:1] == ["["]:
        if rest[-1] != "]":
            raise JunosSyntaxError("syntax error, expecting ']'.")
        rest = rest[1:-1]
    if not rest:
        if deleting:
            return ()
        raise JunosSyntaxError("syntax error, expecting <data>.")
    if node.kind == "leaf" and len(rest) != 1:
        raise JunosSyntaxError()
    for value in rest:
        if not node.valid(value):
            raise JunosSyntaxError(f"syntax error: invalid value {value!r}.")
    return tuple(node.normal(value) for value in rest)


class JunosConfig:
    """A configuration tree with the edit operations of the Junos ``[edit]`` mode."""

    def __init__(self, root: Element | None = None) -> None:
        self.root: Element = root if root is not None else {}

    def copy(self) -> JunosConfig:
        """An independent copy (a candidate starts as a copy of the committed configuration)."""
        return JunosConfig(copy.deepcopy(self.root))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JunosConfig) and self.set_lines() == other.set_lines()

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ editing
    def set(self, line: str) -> None:
        """Apply ``set <line>``."""
        statement = parse_statement(tokenize(line), deleting=False)
        level = self.root
        for step in statement.steps[:-1]:
            child = _descend(level, step, create=True)
            if child is None:
                raise JunosSyntaxError()
            level = child
        last = statement.steps[-1]
        if statement.node.kind in ("container", "named"):
            _descend(level, last, create=True)
        elif statement.node.kind == "leaf":
            level[last.keyword] = statement.values[0]
        elif statement.node.kind == "list":
            values = level.setdefault(last.keyword, [])
            assert isinstance(values, list)
            values.extend(value for value in statement.values if value not in values)
        else:
            if statement.node.choice is not None:  # the other flags of its choice go
                for keyword, node in statement.level.items():
                    if node.choice == statement.node.choice:
                        level.pop(keyword, None)
            level[last.keyword] = True

    def delete(self, line: str) -> bool:
        """Apply ``delete <line>``; False when the statement was not configured (a warning on a device)."""
        statement = parse_statement(tokenize(line), deleting=True)
        trail: list[tuple[Element, Step]] = []
        level = self.root
        for step in statement.steps[:-1]:
            trail.append((level, step))
            found = _descend(level, step, create=False)
            if found is None:
                return False
            level = found
        last = statement.steps[-1]
        if not _remove(level, last, statement):
            return False
        # Levels left empty go too: an emptied route or NTP block is not kept as a bare statement (an object that
        # means something without settings, such as an OSPF interface, stays).
        nodes = _nodes(statement.steps)
        for (parent, step), node in zip(reversed(trail), reversed(nodes[:-1])):
            child = _descend(parent, step, create=False)
            if child or node.presence:
                break
            _remove(parent, step, None)
        return True

    def deactivate(self, line: str, *, active: bool = False) -> bool:
        """Apply ``deactivate <line>`` (``active``: ``activate``); False when the statement is not configured.

        Only containers and named objects can be marked here (a ``deactivate`` of a single leaf, which Junos also
        allows, is not modelled: a syntax error)."""
        statement = parse_statement(tokenize(line), deleting=True)
        last = statement.steps[-1]
        if statement.node.kind not in ("container", "named") or (statement.node.kind == "named" and not last.name):
            raise JunosSyntaxError()
        level: Element | None = self.root
        for step in statement.steps:
            level = _descend(level, step, create=False) if level is not None else None
        if level is None:
            return False
        if active:
            level.pop(INACTIVE, None)
        else:
            level[INACTIVE] = True
        return True

    def rename(self, line: str) -> None:
        """Apply ``rename <path> <name> to <new-name>`` (the object keeps its contents and position)."""
        words = tokenize(line)
        if len(words) < 4 or words[-2] != "to":
            raise JunosSyntaxError("syntax error, expecting 'to'.")
        statement = parse_statement(words[:-2], deleting=True)
        last = statement.steps[-1]
        if statement.node.kind != "named" or last.name is None or not statement.node.valid(words[-1]):
            raise JunosSyntaxError()
        level = self.root
        for step in statement.steps[:-1]:
            found = _descend(level, step, create=False)
            if found is None:
                raise JunosSyntaxError("error: statement not found")
            level = found
        objects = level.get(last.keyword)
        if not isinstance(objects, dict) or last.name not in objects:
            raise JunosSyntaxError("error: statement not found")
        if words[-1] in objects:
            raise JunosSyntaxError(f"error: {last.keyword} {words[-1]} already exists")
        level[last.keyword] = {words[-1] if key == last.name else key: value for key, value in objects.items()}

    def insert(self, line: str) -> None:
        """Apply ``insert <path> <keyword> <name> before|after <keyword> <other>``: move a named object among its
        siblings (the order a filter's terms are evaluated in)."""
        words = tokenize(line)
        where = next((index for index, word in enumerate(words) if word in ("before", "after")), None)
        if where is None or len(words) != where + 3:
            raise JunosSyntaxError("syntax error, expecting 'before' or 'after'.")
        statement = parse_statement(words[:where], deleting=True)
        last = statement.steps[-1]
        if statement.node.kind != "named" or last.name is None:
            raise JunosSyntaxError()
        if _keyword(statement.level, words[where + 1]) != last.keyword:
            raise JunosSyntaxError()
        level: Element | None = self.root
        for step in statement.steps[:-1]:
            level = _descend(level, step, create=False) if level is not None else None
        objects = level.get(last.keyword) if level is not None else None
        other = statement.node.normal(words[where + 2])
        if not isinstance(objects, dict) or last.name not in objects or other not in objects:
            raise JunosSyntaxError("error: statement not found")
        moved = objects.pop(last.name)
        order = list(objects.items())
        index = [key for key, _ in order].index(other) + (words[where] == "after")
        order.insert(index, (last.name, moved))
        objects.clear()
        objects.update(order)

    # ------------------------------------------------------------------ reading
    def find(self, *path: str) -> object:
        """The value at a path of keywords and names (``"vlans"``, ``"USERS"``, ``"vlan-id"``), or None."""
        value: object = self.root
        for word in path:
            if not isinstance(value, dict) or word not in value:
                return None
            value = value[word]
        return value

    def set_lines(self) -> list[str]:
        """The configuration as ``| display set`` prints it: a deactivated object's ``deactivate PATH`` line
        follows its ``set`` lines."""
        return [f"{verb} {path}" for verb, path in _set_lines(self.root, SCHEMA)]

    def curly(self) -> str:
        """The configuration in the curly-brace format of ``show configuration``."""
        return "".join(f"{line}\n" for line in _curly(self.root, SCHEMA, 0))


def _nodes(steps: tuple[Step, ...]) -> list[Node]:
    """The schema node of each step of a resolved statement path."""
    nodes, level = [], SCHEMA
    for step in steps:
        nodes.append(level[step.keyword])
        level = nodes[-1].children
    return nodes


def _descend(level: Element, step: Step, *, create: bool) -> Element | None:
    if step.name is None:
        child = level.get(step.keyword)
        if child is None and create:
            child = level[step.keyword] = {}
        return child if isinstance(child, dict) else None
    objects = level.get(step.keyword)
    if objects is None and create:
        objects = level[step.keyword] = {}
    if not isinstance(objects, dict):
        return None
    element = objects.get(step.name)
    if element is None and create:
        element = objects[step.name] = {}
    return element if isinstance(element, dict) else None


def _remove(level: Element, step: Step, statement: Statement | None) -> bool:
    if step.keyword not in level:
        return False
    if step.name is not None:
        objects = level[step.keyword]
        assert isinstance(objects, dict)
        if step.name not in objects:
            return False
        del objects[step.name]
        if not objects:
            del level[step.keyword]
        return True
    value = level[step.keyword]
    if statement is not None and statement.values and isinstance(value, list):
        if not all(item in value for item in statement.values):
            return False
        value[:] = [item for item in value if item not in statement.values]
        if value:
            return True
    elif statement is not None and statement.values and value != statement.values[0]:
        return False
    del level[step.keyword]
    return True


def quote(value: str) -> str:
    """A value as Junos prints it: double-quoted when it holds spaces or special characters."""
    return value if re.fullmatch(r"[A-Za-z0-9_./:@-]+", value) else f'"{value}"'


def _in_schema_order(level: Element, schema: dict[str, Node]) -> Iterator[tuple[str, object, Node]]:
    """Statements of ``level`` in the order the device prints them (the schema's), whatever order they came in."""
    for keyword, node in schema.items():
        if keyword in level:
            yield keyword, level[keyword], node


def _set_lines(level: Element, schema: dict[str, Node]) -> Iterator[tuple[str, str]]:
    """(verb, path) of each statement of ``level``: ``set`` lines, and ``deactivate`` for inactive objects."""
    for keyword, value, node in _in_schema_order(level, schema):
        if node.kind in ("container", "named"):
            assert isinstance(value, dict)
            objects = [(keyword, value)] if node.kind == "container" else _named(keyword, value)
            for prefix, element in objects:
                assert isinstance(element, dict)
                lines = list(_set_lines(element, node.children))
                yield from (((verb, f"{prefix} {path}") for verb, path in lines) if lines else [("set", prefix)])
                if element.get(INACTIVE):
                    yield "deactivate", prefix
        elif node.kind == "list":
            assert isinstance(value, list)
            yield from (("set", quote(item) if node.bare else f"{keyword} {quote(item)}") for item in value)
        elif node.kind == "leaf":
            yield "set", f"{keyword} {quote(str(value))}"
        else:
            yield "set", keyword


def _named(keyword: str, objects: dict[str, object]) -> list[tuple[str, object]]:
    return [(f"{keyword} {quote(name)}", element) for name, element in objects.items()]


def _curly(level: Element, schema: dict[str, Node], depth: int) -> Iterator[str]:
    pad = "    " * depth
    for keyword, value, node in _in_schema_order(level, schema):
        if node.kind == "container":
            assert isinstance(value, dict)
            yield from _block(f"{pad}{keyword}", value, node, depth)
        elif node.kind == "named":
            assert isinstance(value, dict)
            if node.grouped:
                yield f"{pad}{keyword} {{"
            inner_pad, inner_depth = ("    " * (depth + 1), depth + 1) if node.grouped else (f"{pad}{keyword} ", depth)
            for name, element in value.items():
                assert isinstance(element, dict)
                yield from _block(f"{inner_pad}{quote(name)}", element, node, inner_depth)
            if node.grouped:
                yield f"{pad}}}"
        elif node.kind == "list" and node.bare:
            assert isinstance(value, list)
            yield from (f"{pad}{quote(item)};" for item in value)
        elif node.kind == "list":
            assert isinstance(value, list)
            items = " ".join(quote(item) for item in value)
            yield f"{pad}{keyword} {items};" if len(value) == 1 else f"{pad}{keyword} [ {items} ];"
        elif node.kind == "leaf":
            yield f"{pad}{keyword} {quote(str(value))};"
        else:
            yield f"{pad}{keyword};"


def _block(head: str, element: Element, node: Node, depth: int) -> Iterator[str]:
    if element.get(INACTIVE):  # shown as ``inactive: neighbor 10.0.0.2 { ... }``
        indent = len(head) - len(head.lstrip(" "))
        head = f"{head[:indent]}inactive: {head[indent:]}"
        element = {key: value for key, value in element.items() if key != INACTIVE}
    if not element:
        yield f"{head};"
        return
    if node.inline and len(element) == 1:
        inner = list(_curly(element, node.children, 0))
        if len(inner) == 1:
            yield f"{head} {inner[0]}"
            return
    yield f"{head} {{"
    yield from _curly(element, node.children, depth + 1)
    yield "    " * depth + "}"


def compare(old: JunosConfig, new: JunosConfig) -> str:
    """``show | compare``: what ``new`` removes (``-``) and adds (``+``) relative to ``old``, each under the
    ``[edit ...]`` level it belongs to; an object present on one side only is shown whole."""
    out: list[str] = []
    for header, lines in _compare_level(old.root, new.root, SCHEMA, []):
        if not out or out[-1 - _last_block(out)] != header:
            out.append(header)
        out.extend(lines)
    return "".join(f"{line}\n" for line in out)


def _last_block(out: list[str]) -> int:
    """Distance from the end of ``out`` to its last ``[edit ...]`` header."""
    for distance, line in enumerate(reversed(out)):
        if line.startswith("[edit"):
            return distance
    return 0


def _signed(sign: str, lines: Iterator[str]) -> list[str]:
    return [sign + line[1:] for line in lines]


def _compare_level(
    old: Element, new: Element, schema: dict[str, Node], path: list[str]
) -> Iterator[tuple[str, list[str]]]:
    header = f"[edit{''.join(' ' + word for word in path)}]"
    for keyword, node in schema.items():
        before, after = old.get(keyword), new.get(keyword)
        if before == after:
            continue
        if node.kind == "container" and isinstance(before, dict) and isinstance(after, dict):
            yield from _compare_level(before, after, node.children, [*path, keyword])
        elif node.kind == "named" and isinstance(before, dict) and isinstance(after, dict):
            yield from _compare_named(keyword, node, before, after, path)
        else:
            removed = _signed("-", _curly({keyword: before}, schema, 1)) if before is not None else []
            added = _signed("+", _curly({keyword: after}, schema, 1)) if after is not None else []
            yield header, removed + added


def _compare_named(
    keyword: str, node: Node, before: dict[str, object], after: dict[str, object], path: list[str]
) -> Iterator[tuple[str, list[str]]]:
    level = [*path, keyword] if node.grouped else path
    header = f"[edit{''.join(' ' + word for word in level)}]"
    for name in [*before, *(name for name in after if name not in before)]:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            if bool(old.get(INACTIVE)) != bool(new.get(INACTIVE)):  # ``!`` marks a changed activation
                state = "inactive" if new.get(INACTIVE) else "active"
                yield header, [f"!    {state}: {keyword} {quote(name)} {{ ... }}"]
            yield from _compare_level(old, new, node.children, [*path, keyword, quote(name)])
            continue
        sign, element = ("-", old) if new is None else ("+", new)
        assert isinstance(element, dict)
        if node.grouped:
            lines = _block(f"    {quote(name)}", element, node, 1)
        else:
            lines = _block(f"    {keyword} {quote(name)}", element, node, 1)
        yield header, _signed(sign, lines)
