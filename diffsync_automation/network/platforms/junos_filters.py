"""Junos firewall filters (``acls``) and policy-options prefix lists (``prefix_lists``) in the shared schema.

An ACL is ``firewall family inet filter NAME``; each ACE is one term named by its sequence number, matching
``from source-address``, ``destination-address`` (``any``: no match; a host: ``A/32``), ``protocol`` (``ip``: no
match) and ``source-port``/``destination-port``, with ``then accept`` (permit) or ``then discard`` (deny). Junos
evaluates terms in the order they are configured, not by name: a new term is inserted before the next term the
filter keeps (``Change.next_entry``), and a filter whose terms are out of numeric order is refused when read. A
filter has no type: it reads as ``standard`` when every term matches the source address at most.

A prefix list is ``policy-options prefix-list NAME A/LEN ...``: a set of prefixes, with no sequence numbers,
actions or ``ge``/``le``. Entries map to permit entries without lengths; a read numbers them 10, 20, ... in the
order Junos lists them, and ``aligned`` gives each the sequence the intended data gives its prefix.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network
from itertools import count, pairwise
from typing import Any

from diffsync_automation.adapter import Adapter
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import Problem
from diffsync_automation.network.platforms.access_lists import PORT_NAMES
from diffsync_automation.network.platforms.base import UnsupportedSection
from diffsync_automation.network.schema import SEQUENCE_MAX, IntendedState

Statements = list[list[str]]
FILTERS = ("firewall", "family", "inet", "filter")
PREFIX_LISTS = ("policy-options", "prefix-list")
ACTIONS = {"permit": "accept", "deny": "discard"}
"""ACE grant -> the term's terminating action (``discard`` drops silently, as a Cisco deny does; ``reject``
answers with ICMP and is not managed)."""
PROTOCOLS = ("tcp", "udp", "icmp")
READ_STEP = 10
"""A read numbers a prefix list's items 10, 20, ... (Junos keeps no sequence numbers)."""


def _under(statements: Statements, prefix: tuple[str, ...]) -> Iterator[list[str]]:
    for words in statements:
        if tuple(words[: len(prefix)]) == prefix:
            yield words[len(prefix) :]


# ---------------------------------------------------------------------- acls: reading
def read_acls(statements: Statements) -> list[dict[str, Any]]:
    """Every ``firewall family inet filter`` as an ACL, its terms as ACEs in configuration order. A statement outside
    the managed subset, a term not named by a sequence number or terms out of numeric order make the read fail,
    naming the filter and the line: the list is never shown as less than (or other than) the device holds."""
    filters: dict[str, dict[str, list[list[str]]]] = {}
    for words in _under(statements, FILTERS):
        name, rest = words[0], words[1:]
        terms = filters.setdefault(name, {})
        if rest[:1] != ["term"] or len(rest) < 2:
            if rest:
                raise _unreadable(name, words, "only terms are managed")
            continue
        terms.setdefault(rest[1], []).append(rest[2:])
    acls = []
    for name, terms in filters.items():
        aces = [_ace(name, term, lines) for term, lines in terms.items()]
        for earlier, later in pairwise(aces):
            if later["sequence"] < earlier["sequence"]:
                raise UnsupportedSection(
                    f"acls: filter {name}: term {later['sequence']} comes after term {earlier['sequence']}; Junos"
                    f" evaluates terms in configuration order, the data by sequence: reorder with 'insert firewall"
                    f" family inet filter {name} term {later['sequence']} before term {earlier['sequence']}'"
                )
        standard = bool(aces) and all("destination" not in ace for ace in aces)
        if not standard:
            for ace in aces:
                ace["protocol"] = ace.get("protocol", "ip")
                ace["destination"] = ace.get("destination", {"any": True})
        acls.append({"name": name, "acl_type": "standard" if standard else "extended", "aces": aces})
    return [{"afi": "ipv4", "acls": acls}]


def _ace(name: str, term: str, lines: list[list[str]]) -> dict[str, Any]:
    """One term's statements (relative to ``term T``) as an ACE; ``destination`` and ``protocol`` only when matched."""
    if not term.isdigit() or term.startswith("0") or int(term) > SEQUENCE_MAX:
        raise UnsupportedSection(f"acls: filter {name}: term {term!r} is not a sequence number (1-{SEQUENCE_MAX})")
    ace: dict[str, Any] = {"sequence": int(term), "grant": "permit"}  # a term without an action accepts
    addresses: dict[str, dict[str, Any]] = {}
    ports: dict[str, int] = {}
    for line in lines:
        words = ["term", term, *line]
        kind = line[1] if len(line) == 3 and line[0] == "from" else None
        side = kind.split("-")[0] if kind else ""
        if kind in ("source-address", "destination-address") and side not in addresses:
            addresses[side] = _address(name, words, line[2])
        elif kind == "protocol" and "protocol" not in ace and line[2] in PROTOCOLS:
            ace["protocol"] = line[2]
        elif kind in ("source-port", "destination-port") and side not in ports and _is_port(line[2]):
            ports[side] = _port(line[2])
        elif line in (["then", "accept"], ["then", "discard"]):
            ace["grant"] = "permit" if line[1] == "accept" else "deny"
        elif line:  # a bare ``term T`` line adds nothing
            raise _unreadable(
                name,
                words,
                "outside the managed subset (one address each way, one protocol of"
                f" {', '.join(PROTOCOLS)}, one port each way, then accept or discard)",
            )
    if ports and ace.get("protocol") not in ("tcp", "udp"):
        raise UnsupportedSection(f"acls: filter {name}: term {term} matches a port without protocol tcp or udp")
    for side, port in ports.items():
        addresses.setdefault(side, {"any": True})["port_protocol"] = {"eq": port}
    ace["source"] = addresses.get("source", {"any": True})
    if "destination" in addresses or "protocol" in ace:
        ace["destination"] = addresses.get("destination", {"any": True})
    return ace


def _is_port(word: str) -> bool:
    """A port number, or a name Junos shows where one was configured by name (``ssh``, ``bgp``)."""
    return (word.isdigit() and int(word) <= 65535) or word in PORT_NAMES


def _port(word: str) -> int:
    return int(word) if word.isdigit() else PORT_NAMES[word]


def _address(name: str, words: list[str], text: str) -> dict[str, Any]:
    try:
        network = IPv4Network(text if "/" in text else f"{text}/32")
    except ValueError:
        raise _unreadable(name, words, "not an IPv4 prefix without host bits") from None
    if network.prefixlen == 0:
        return {"any": True}
    return {"host": str(network.network_address)} if network.prefixlen == 32 else {"prefix": network.with_prefixlen}


def _unreadable(name: str, words: list[str], why: str) -> UnsupportedSection:
    line = " ".join(["set", *FILTERS, name, *words])
    return UnsupportedSection(f"acls: filter {name}: cannot read {line!r}: {why}")


# ---------------------------------------------------------------------- acls: rendering
def render_acl(change: Change) -> list[str]:
    """A filter is created with its name (its terms follow) and deleted whole; it has no type to change."""
    name = str(change.keys["name"])
    base = f"{' '.join(FILTERS)} {name}"
    if change.action == "delete":
        return [f"delete {base}"]
    if change.action == "update":
        raise UnsupportedSection(
            f"acl {name}: a Junos filter has no type (it reads as standard when every term matches the source address"
            " at most); delete the list first to change its type"
        )
    return [f"set {base}"]


def render_acl_entry(change: Change) -> list[str]:
    """A new term, then ``insert ... before term N`` when the filter keeps a higher one (a new term goes last); a
    changed term gets its new statements set before the old ones are deleted, so it is never left empty (an emptied
    term would be gone, and set again at the end); a removed term is deleted."""
    name, sequence = str(change.keys["name"]), int(change.keys["sequence"])
    base = f"{' '.join(FILTERS)} {name} term {sequence}"
    if change.action == "delete":
        return [f"delete {base}"]
    new = _term(name, sequence, {**change.before, **change.after})
    if change.action == "create":
        lines = [f"set {base} {statement}" for statement in new]
        return lines + ([f"insert {base} before term {change.next_entry}"] if change.next_entry is not None else [])
    old = _term(name, sequence, dict(change.before))
    return [f"set {base} {statement}" for statement in new if statement not in old] + [
        f"delete {base} {statement}" for statement in old if statement not in new
    ]


def _term(name: str, sequence: int, values: dict[str, Any]) -> list[str]:
    """The statements of an ACE's term, relative to ``term N``."""
    statements = []
    for side in ("source", "destination"):
        address = values.get(side)
        if address not in (None, "any"):
            prefix = f"{str(address).removeprefix('host ')}/32" if str(address).startswith("host ") else str(address)
            IPv4Network(prefix)  # the models hold any, host A or A/LEN
            statements.append(f"from {side}-address {prefix}")
    protocol = values.get("protocol")
    if protocol not in (None, "ip"):
        statements.append(f"from protocol {protocol}")
    for side in ("source", "destination"):
        port = values.get(f"{side}_port")
        if port is not None:
            if protocol not in ("tcp", "udp"):
                raise UnsupportedSection(f"acl {name} sequence {sequence}: a port needs protocol tcp or udp")
            statements.append(f"from {side}-port {int(port)}")
    return [*statements, f"then {ACTIONS[str(values.get('grant', 'permit'))]}"]


# ---------------------------------------------------------------------- prefix_lists
def read_prefix_lists(statements: Statements) -> list[dict[str, Any]]:
    """``policy-options prefix-list NAME A/LEN`` items as permit entries numbered 10, 20, ... in the order listed (a
    list without items is not read: it holds nothing). ``apply-path``, ``dynamic-db`` and IPv6 items are refused."""
    lists: dict[str, list[dict[str, Any]]] = {}
    for words in _under(statements, PREFIX_LISTS):
        name, rest = words[0], words[1:]
        if not rest:
            continue
        line = " ".join(["set", *PREFIX_LISTS, *words])
        network = _ipv4_prefix(rest[0]) if len(rest) == 1 else None
        if network is None:
            raise UnsupportedSection(
                f"prefix_lists: prefix list {name}: cannot read {line!r}: only IPv4 prefixes without host bits are"
                " managed"
            )
        entries = lists.setdefault(name, [])
        entries.append({"sequence": READ_STEP * (len(entries) + 1), "action": "permit", "prefix": str(network)})
    return [{"afi": "ipv4", "prefix_lists": [{"name": name, "entries": entries} for name, entries in lists.items()]}]


def _ipv4_prefix(text: str) -> IPv4Network | None:
    """``A/LEN`` (a bare address is ``A/32``, as Junos takes it), or None."""
    try:
        return IPv4Network(text if "/" in text else f"{text}/32")
    except ValueError:
        return None


def render_prefix_list(change: Change) -> list[str]:
    """Its items create a list; a list that goes is deleted whole."""
    if change.action == "delete":
        return [f"delete {' '.join(PREFIX_LISTS)} {change.keys['name']}"]
    return []


def render_prefix_list_entry(change: Change) -> list[str]:
    """An item per permit entry without ``ge``/``le`` (Junos has nothing else); a changed prefix replaces the old."""
    name, sequence = change.keys["name"], change.keys["sequence"]
    base = f"{' '.join(PREFIX_LISTS)} {name}"
    if change.action == "delete":
        return [f"delete {base} {change.before['prefix']}"]
    wanted = {**change.before, **change.after}
    if wanted.get("action") != "permit" or wanted.get("ge") is not None or wanted.get("le") is not None:
        raise UnsupportedSection(
            f"prefix list {name} sequence {sequence}: a Junos prefix list holds prefixes only: give permit entries"
            " without ge or le (a policy's route-filter matches lengths)"
        )
    if change.action == "update" and change.before.get("prefix") == wanted["prefix"]:
        return []
    old = [f"delete {base} {change.before['prefix']}"] if change.action == "update" else []
    return [*old, f"set {base} {wanted['prefix']}"]


def intended_problems(state: IntendedState) -> list[Problem]:
    """A prefix given at two sequences of one list: a Junos prefix list holds each prefix once (its item)."""
    problems = []
    for family_index, family in enumerate(state.prefix_lists or []):
        for list_index, prefix_list in enumerate(family.prefix_lists):
            seen: dict[IPv4Network, int] = {}
            for entry_index, entry in enumerate(prefix_list.entries or []):
                prefix = IPv4Network(entry.prefix)
                if prefix in seen:
                    problems.append(
                        Problem(
                            f"prefix_lists[{family_index}].prefix_lists[{list_index}].entries[{entry_index}]",
                            f"{prefix} is also given at sequence {seen[prefix]}: a Junos prefix list holds each prefix"
                            " once",
                        )
                    )
                seen.setdefault(prefix, entry.sequence)
    return problems


# ---------------------------------------------------------------------- keys and types the device does not keep
def aligned(device: Adapter, reference: Adapter) -> list[tuple[DiffSyncModel, DiffSyncModel]]:
    """Device objects to replace so they compare with ``reference``: a prefix-list item takes the sequence the
    reference gives its prefix (items it does not list take free ones), and a filter read as standard becomes
    extended where the reference lists it so (a source-only term is ``ip SOURCE any``)."""
    return [*_prefix_sequences(device, reference), *_filter_types(device, reference)]


def _prefix_sequences(device: Adapter, reference: Adapter) -> Iterator[tuple[DiffSyncModel, DiffSyncModel]]:
    given: dict[tuple[str, str], int] = {}
    references = [_fields(entry) for entry in reference.get_all("prefix_list_entry")]
    for entry in sorted(references, key=lambda values: int(values["sequence"])):
        given.setdefault((str(entry["name"]), str(entry["prefix"])), int(entry["sequence"]))
    taken = {(str(entry["name"]), int(entry["sequence"])) for entry in references}
    items = [(item, _fields(item)) for item in device.get_all("prefix_list_entry")]
    wanted = [given.get((str(values["name"]), str(values["prefix"]))) for _, values in items]
    taken |= {(str(values["name"]), number) for (_, values), number in zip(items, wanted) if number is not None}
    for (item, values), number in zip(items, wanted):
        name = str(values["name"])
        if number is None:
            if (name, int(values["sequence"])) not in taken:
                taken.add((name, int(values["sequence"])))
                continue
            number = next(n for n in count(READ_STEP, READ_STEP) if (name, n) not in taken)
            taken.add((name, number))
        if number != int(values["sequence"]):
            yield item, type(item)(**{**values, "sequence": number})


def _filter_types(device: Adapter, reference: Adapter) -> Iterator[tuple[DiffSyncModel, DiffSyncModel]]:
    """A filter read as standard that the reference gives as extended becomes extended (a source-only term is
    ``ip SOURCE any``); a filter without terms takes the reference's type (nothing tells them apart)."""
    given = {str(values["name"]): str(values["acl_type"]) for values in map(_fields, reference.get_all("acl_entry"))}
    given |= {str(values["name"]): str(values["acl_type"]) for values in map(_fields, reference.get_all("acl"))}
    with_terms = {str(_fields(entry)["name"]) for entry in device.get_all("acl_entry")}
    for obj in [*device.get_all("acl"), *device.get_all("acl_entry")]:
        values = _fields(obj)
        name, wanted = str(values["name"]), given.get(str(values["name"]))
        if wanted is None or wanted == values["acl_type"]:
            continue
        if name not in with_terms or values["acl_type"] == "standard":
            values["acl_type"] = wanted
            if obj.get_type() == "acl_entry":
                values |= {"protocol": "ip", "destination": "any"}
            yield obj, type(obj)(**values)


def _fields(obj: DiffSyncModel) -> dict[str, Any]:
    """Every identifier and attribute of ``obj`` (``get_attrs`` leaves out those a ``merged`` side does not compare)."""
    return {key: getattr(obj, key) for key in (*obj._identifiers, *obj._attributes)}
