"""Junos readers and renderers of the resource features: switch ports, addresses, VRFs, BGP, LLDP, banners, SNMP,
users.

Readers take the active statements of ``show configuration | display set`` (each a list of words, ``set``
dropped) and return host-shaped data in the shared intended-state schema, so one inventory feeds every
platform. Renderers turn a ``Change`` into ``set``/``delete`` statements for one candidate; where Junos lacks
an option of the shared schema, they refuse it with ``UnsupportedSection`` before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from ipaddress import IPv4Interface, IPv6Interface
from typing import Any

from diffsync_automation.network.changes import Change
from diffsync_automation.network.platforms.base import L2_DEFAULTS, UnsupportedSection, snmp_delta
from diffsync_automation.network.platforms.junos_text import quote
from diffsync_automation.network.schema import ALL_VLANS, is_ipv4_address, vlan_list_text

Statements = list[list[str]]
SWITCHING = ["unit", "0", "family", "ethernet-switching"]
"""Where an EX (ELS) port's switching settings live, relative to ``interfaces NAME``."""
LLDP_INTERVAL = (5, 32768)
"""Range of ``protocols lldp advertisement-interval`` in seconds."""
BANNERS = {"login": "message", "motd": "announcement"}
"""Banner kind -> ``system login`` statement, as junipernetworks.junos.junos_banner maps them: ``message`` shows
before login, ``announcement`` after it. Junos has no third (``exec``) banner."""
COMMUNITY_ACCESS = {"ro": "read-only", "rw": "read-write"}
HASH_TYPES = {"$1$": "5", "$6$": "sha512"}
"""Crypt prefix of an ``encrypted-password`` -> the ``hashed_password.type`` other platforms print for that hash
(IOS type 5 is MD5-crypt, EOS ``sha512`` is SHA-512-crypt)."""
_INTERFACE = re.compile(r"[a-z]+[a-z0-9/.-]*")
_RANGE = re.compile(r"(\d{1,4})-(\d{1,4})")


def under(statements: Iterable[list[str]], *prefix: str) -> Iterator[list[str]]:
    """The words after ``prefix`` of every statement that starts with it."""
    size = len(prefix)
    for words in statements:
        if words[:size] == list(prefix):
            yield words[size:]


def interface_name(name: str) -> str:
    """``name`` if it can be a Junos interface name (one word, lower case): it is typed into statements."""
    if not _INTERFACE.fullmatch(name):
        raise UnsupportedSection(f"{name!r} is not a Junos interface name")
    return name


def _interfaces(statements: Statements) -> dict[str, list[list[str]]]:
    """Each configured interface's statements, relative to ``interfaces NAME``, in configuration order."""
    found: dict[str, list[list[str]]] = {}
    for words in under(statements, "interfaces"):
        if words:
            found.setdefault(words[0], []).append(words[1:])
    return found


# ---------------------------------------------------------------------- l2_interfaces
def read_l2_interfaces(statements: Statements, vlans: dict[str, int]) -> list[dict[str, Any]]:
    """Ports with ``unit 0 family ethernet-switching``: mode (access by default), VLAN members by ID, name or
    range (``all``: every VLAN; a trunk without members carries none), ``native-vlan-id`` (absent: 1)."""
    ports = []
    for name, lines in _interfaces(statements).items():
        switching = [line[len(SWITCHING) :] for line in lines if line[: len(SWITCHING)] == SWITCHING]
        if not switching:
            continue
        mode = next((rest[1] for rest in switching if rest[:1] == ["interface-mode"] and len(rest) == 2), "access")
        members = [rest[2] for rest in switching if rest[:2] == ["vlan", "members"] and len(rest) == 3]
        native = next((int(line[1]) for line in lines if line[:1] == ["native-vlan-id"] and len(line) == 2), 1)
        ids = sorted({vlan_id for member in members for vlan_id in _member_ids(member, vlans)})
        access = ids[0] if mode == "access" and ids else L2_DEFAULTS["access_vlan"]
        allowed = (
            ALL_VLANS
            if mode == "access" or "all" in members
            else vlan_list_text([(vlan_id, vlan_id) for vlan_id in ids])
        )
        ports.append(
            {
                "name": name,
                "mode": mode,
                "access": {"vlan": access},
                "trunk": {"allowed_vlans": allowed, "native_vlan": native},
            }
        )
    return ports


def _member_ids(member: str, vlans: dict[str, int]) -> list[int]:
    """VLAN ids a ``vlan members`` entry names: an id, a range, ``all`` or a VLAN name (unknown names: none)."""
    if member.isdigit():
        return [int(member)]
    if found := _RANGE.fullmatch(member):
        return list(range(int(found.group(1)), int(found.group(2)) + 1))
    if member == "all":
        return []
    return [vlans[member]] if member in vlans else []


def render_l2_interface(change: Change) -> list[str]:
    """Mode, then the members (replaced as a whole: access ``vlan members N``, trunk one line per id or range,
    ``all`` for every VLAN), then ``native-vlan-id`` (1: none). A delete makes the port stop switching."""
    name = interface_name(str(change.keys["name"]))
    switching = f"interfaces {name} {' '.join(SWITCHING)}"
    if change.action == "delete":
        native = [f"delete interfaces {name} native-vlan-id"] if change.before.get("native_vlan", 1) != 1 else []
        return [f"delete {switching}", *native]
    before: dict[str, Any] = {**L2_DEFAULTS, **change.before}
    wanted = {**before, **change.after}
    given = {key for key, value in change.after.items() if value != L2_DEFAULTS.get(key)}
    if wanted["mode"] == "trunk" and "access_vlan" in given:
        raise UnsupportedSection(f"l2_interfaces {name}: a Junos trunk has no access VLAN (give access in mode access)")
    if wanted["mode"] == "access" and "allowed_vlans" in given:
        raise UnsupportedSection(f"l2_interfaces {name}: a Junos access port carries one VLAN (allowed_vlans: trunks)")
    changed = set(change.after) | ({"mode"} if change.action == "create" else set())
    lines: list[str] = []
    if "mode" in changed:
        lines.append(f"set {switching} interface-mode {wanted['mode']}")
    members_key = "access_vlan" if wanted["mode"] == "access" else "allowed_vlans"
    if changed & {"mode", members_key}:
        lines += [f"delete {switching} vlan members"] if change.action == "update" else []
        lines += [f"set {switching} vlan members {member}" for member in _members(wanted)]
    if wanted["native_vlan"] != before["native_vlan"]:
        native = wanted["native_vlan"]
        lines.append(
            f"set interfaces {name} native-vlan-id {native}"
            if native != 1
            else f"delete interfaces {name} native-vlan-id"
        )
    return lines


def _members(wanted: dict[str, Any]) -> list[str]:
    if wanted["mode"] == "access":
        return [str(wanted["access_vlan"])] if wanted["access_vlan"] != 1 else []
    allowed = str(wanted["allowed_vlans"])
    if allowed == ALL_VLANS:
        return ["all"]
    return [] if allowed == "none" else allowed.split(",")


# ---------------------------------------------------------------------- l3_interfaces
def read_l3_interfaces(statements: Statements) -> list[dict[str, Any]]:
    """Unit 0 ``family inet`` / ``inet6`` addresses and the routing instance the unit is in. The primary IPv4
    address is the one marked ``primary``, else the lowest non-127 address (the Junos default); the others are
    secondaries."""
    member_of = {
        words[2].removesuffix(".0"): words[0]
        for words in under(statements, "routing-instances")
        if len(words) == 3 and words[1] == "interface" and words[2].endswith(".0")
    }
    configured = _interfaces(statements)
    ports = []
    for name in [*configured, *(name for name in member_of if name not in configured)]:
        lines = configured.get(name, [])
        ipv4: dict[str, bool] = {}
        ipv6: list[str] = []
        for line in lines:
            if line[:5] == ["unit", "0", "family", "inet", "address"] and len(line) >= 6:
                address = IPv4Interface(line[5]).with_prefixlen
                ipv4[address] = ipv4.get(address, False) or line[6:] == ["primary"]
            elif line[:5] == ["unit", "0", "family", "inet6", "address"] and len(line) >= 6:
                address = IPv6Interface(line[5]).with_prefixlen
                ipv6 += [] if address in ipv6 else [address]
        if not ipv4 and not ipv6 and name not in member_of:
            continue
        primary = next((address for address, flagged in ipv4.items() if flagged), None) or _lowest(list(ipv4))
        entries = [{"address": address, "secondary": address != primary} for address in ipv4]
        ipv6_entries = [{"address": address} for address in ipv6]
        ports.append({"name": name, "vrf": member_of.get(name), "ipv4": entries, "ipv6": ipv6_entries})
    return ports


def _lowest(addresses: list[str]) -> str | None:
    """The lowest address that is not a loopback (127/8) one, else the lowest."""
    ordered = sorted(addresses, key=lambda text: (IPv4Interface(text).ip.is_loopback, IPv4Interface(text).ip))
    return ordered[0] if ordered else None


def render_l3_interface(change: Change) -> list[str]:
    """The unit leaves its old routing instance and joins the new one (``routing-instances X interface IF.0``);
    addresses that go are deleted, new ones set; with secondaries, the primary is marked ``primary`` (else Junos
    would take the lowest address)."""
    name = interface_name(str(change.keys["name"]))
    lines: list[str] = []
    old_vrf, new_vrf = change.before.get("vrf"), None if change.action == "delete" else change.after.get("vrf")
    if change.action == "delete" or "vrf" in change.after:
        lines += [f"delete routing-instances {old_vrf} interface {name}.0"] if old_vrf and old_vrf != new_vrf else []
        lines += [f"set routing-instances {new_vrf} interface {name}.0"] if new_vrf and new_vrf != old_vrf else []
    empty: dict[str, Any] = {"ipv4": None, "ipv4_secondary": [], "ipv6": []}
    before = {**empty, **{key: value for key, value in change.before.items() if key in empty}}
    wanted = dict(empty) if change.action == "delete" else {key: change.after.get(key, before[key]) for key in empty}
    inet, inet6 = f"interfaces {name} unit 0 family inet", f"interfaces {name} unit 0 family inet6"
    old = [*([before["ipv4"]] if before["ipv4"] else []), *before["ipv4_secondary"]]
    new = [*([wanted["ipv4"]] if wanted["ipv4"] else []), *wanted["ipv4_secondary"]]
    lines += [f"delete {inet} address {address}" for address in old if address not in new]
    if before["ipv4"] and before["ipv4"] in new and before["ipv4"] != wanted["ipv4"]:
        lines.append(f"delete {inet} address {before['ipv4']} primary")  # demoted to a secondary
    lines += [f"delete {inet6} address {address}" for address in before["ipv6"] if address not in wanted["ipv6"]]
    lines += [f"set {inet} address {address}" for address in new if address not in old]
    if wanted["ipv4_secondary"] and (old != new):
        lines.append(f"set {inet} address {wanted['ipv4']} primary")
    lines += [f"set {inet6} address {address}" for address in wanted["ipv6"] if address not in before["ipv6"]]
    return lines


# ---------------------------------------------------------------------- vrfs
def read_vrfs(statements: Statements) -> list[dict[str, Any]]:
    """Routing instances of type ``vrf`` (with a route distinguisher) and ``virtual-router`` (VRF-lite, without);
    ``vrf-target target:X`` is X both ways, ``vrf-target import|export target:X`` one way."""
    instances: dict[str, dict[str, Any]] = {}
    for words in under(statements, "routing-instances"):
        if len(words) < 3:
            continue
        values = instances.setdefault(words[0], {"name": words[0], "type": None, "description": "", "rd": None})
        setting, rest = words[1], words[2:]
        if setting in ("instance-type", "description", "route-distinguisher") and len(rest) == 1:
            values[{"instance-type": "type", "route-distinguisher": "rd"}.get(setting, setting)] = rest[0]
        elif setting == "vrf-target" and len(rest) == 1:
            values.setdefault("both", rest[0].removeprefix("target:"))
        elif setting == "vrf-target" and len(rest) == 2 and rest[0] in ("import", "export"):
            values[rest[0]] = rest[1].removeprefix("target:")
    vrfs = []
    for values in instances.values():
        if values.pop("type") not in ("vrf", "virtual-router"):
            continue
        both = values.pop("both", None)
        imported, exported = values.pop("import", both), values.pop("export", both)
        vrfs.append(
            {**values, "route_import": [imported] if imported else [], "route_export": [exported] if exported else []}
        )
    return vrfs


def render_vrf(change: Change) -> list[str]:
    """A VRF without a route distinguisher is a ``virtual-router`` instance (VRF-lite), one with it a ``vrf``
    instance; a route target each way, as ``vrf-target import|export target:X`` (more need policies: refused)."""
    name = str(change.keys["name"])
    base = f"routing-instances {name}"
    if change.action == "delete":
        return [f"delete {base}"]
    empty: dict[str, Any] = {"description": "", "rd": None, "route_import": [], "route_export": []}
    before = {**empty, **change.before} if change.action == "update" else dict(empty)
    wanted = {**before, **change.after}
    for key in ("route_import", "route_export"):
        if len(wanted[key]) > 1:
            raise UnsupportedSection(f"vrf {name}: Junos takes one {key} target (vrf-target); more need policies")
        if wanted[key] and wanted["rd"] is None:
            raise UnsupportedSection(f"vrf {name}: route targets need an rd on Junos (instance-type vrf)")
    lines: list[str] = []
    if change.action == "create" or (wanted["rd"] is None) != (before["rd"] is None):
        lines.append(f"set {base} instance-type {'virtual-router' if wanted['rd'] is None else 'vrf'}")
    if wanted["description"] != before["description"]:
        text = wanted["description"]
        lines.append(f"set {base} description {quote(text)}" if text else f"delete {base} description")
    if wanted["rd"] != before["rd"]:
        lines.append(
            f"set {base} route-distinguisher {wanted['rd']}" if wanted["rd"] else f"delete {base} route-distinguisher"
        )
    for key, direction in (("route_import", "import"), ("route_export", "export")):
        if wanted[key] != before[key]:
            lines.append(
                f"set {base} vrf-target {direction} target:{wanted[key][0]}"
                if wanted[key]
                else f"delete {base} vrf-target {direction}"
            )
    return lines


# ---------------------------------------------------------------------- bgp_global
BGP_GROUPS = {"internal": "IBGP", "external": "EBGP"}
"""Peer type -> the BGP group its neighbours are kept in: Junos configures a neighbour inside a group, which the
shared schema does not have, so the driver keeps one group per type."""


def read_bgp_global(statements: Statements, shut: Iterable[list[str]] = ()) -> dict[str, Any] | None:
    """``routing-options autonomous-system`` (none: no BGP) and ``router-id``, and the neighbours of groups
    ``IBGP`` and ``EBGP``: ``peer-as`` (the neighbour's, else the group's, else the local AS in an internal group),
    ``description`` and ``local-address`` (``update_source``); ``shut`` holds the statements of neighbours that are
    deactivated (``shutdown``). A neighbour in another group is refused: the driver could not change or remove it."""
    options = {words[0]: words[1] for words in under(statements, "routing-options") if len(words) == 2}
    if "autonomous-system" not in options:
        return None
    local_as = int(options["autonomous-system"])
    groups: dict[str, dict[str, str]] = {}
    neighbors: dict[str, dict[str, Any]] = {}
    path = ("protocols", "bgp", "group")
    entries = [(words, False) for words in under(statements, *path)]
    entries += [(words, True) for words in under(shut, *path)]
    for words, off in entries:
        if len(words) == 3 and words[1] in ("type", "peer-as"):
            groups.setdefault(words[0], {})[words[1]] = words[2]
        elif len(words) >= 3 and words[1] == "neighbor":
            if words[0] not in BGP_GROUPS.values():
                raise UnsupportedSection(
                    f"bgp_global: neighbor {words[2]} is in group {words[0]}; the Junos driver manages the neighbours"
                    f" of groups {' and '.join(BGP_GROUPS.values())}"
                )
            neighbor = neighbors.setdefault(words[2], {"neighbor_address": words[2], "group": words[0]})
            neighbor.update({"shutdown": True} if off else {})
            if words[3:4] in (["peer-as"], ["description"], ["local-address"]) and len(words) == 5:
                neighbor[_NEIGHBOR_KEYS[words[3]]] = words[4]
    found = []
    for neighbor in neighbors.values():
        group = groups.get(neighbor.pop("group"), {})
        internal = local_as if group.get("type") == "internal" else None
        remote_as = neighbor.pop("remote_as", group.get("peer-as", internal))
        found.append({**neighbor, "remote_as": int(remote_as) if remote_as is not None else None})
    return {"as_number": local_as, "bgp": {"router_id": options.get("router-id")}, "neighbors": found}


_NEIGHBOR_KEYS = {"peer-as": "remote_as", "description": "description", "local-address": "update_source"}


def render_bgp_global(change: Change) -> list[str]:
    """The AS number and router id (``routing-options``, shared with OSPF); a delete removes ``protocols bgp`` and
    the AS number (the router id stays: OSPF uses it too)."""
    if change.action == "delete":
        return ["delete protocols bgp", "delete routing-options autonomous-system"]
    lines = [f"set routing-options autonomous-system {change.keys['as_number']}"] if change.action == "create" else []
    if "router_id" in change.after and change.after["router_id"] != change.before.get("router_id"):
        router_id = change.after["router_id"]
        lines.append(f"set routing-options router-id {router_id}" if router_id else "delete routing-options router-id")
    return lines


def render_bgp_neighbor(change: Change) -> list[str]:
    """A neighbour in group ``IBGP`` (its remote AS is the local one) or ``EBGP``, with ``peer-as``, ``description``
    and ``local-address`` (``update_source``: an address on Junos); ``shutdown`` deactivates the neighbour
    (``deactivate ... neighbor A``: kept, not in effect), ``activate`` brings it back. A neighbour whose remote AS
    moves it to the other group is deleted there and set up here with all its settings."""
    address, local_as = change.keys["neighbor_address"], int(change.keys["as_number"])
    wanted = {**change.before, **change.after}
    if change.action != "delete":
        source = change.after.get("update_source")
        if source is not None and not is_ipv4_address(str(source)):
            raise UnsupportedSection(
                f"bgp neighbor {address}: update_source {source} is an interface; Junos sources a session from an"
                " address (local-address): give the IPv4 address"
            )
        if wanted.get("remote_as") is None:
            raise UnsupportedSection(f"bgp neighbor {address}: give remote_as")

    def group(remote_as: Any) -> str:
        return BGP_GROUPS["internal" if int(remote_as) == local_as else "external"]

    old_group = group(change.before["remote_as"]) if change.before.get("remote_as") is not None else None
    if change.action == "delete":
        return [f"delete protocols bgp group {old_group or group(local_as)} neighbor {address}"]
    new_group = group(wanted["remote_as"])
    base = f"protocols bgp group {new_group}"
    peer = f"{base} neighbor {address}"
    moved = change.action == "create" or old_group != new_group
    lines = [f"delete protocols bgp group {old_group} neighbor {address}"] if old_group and moved else []
    if moved:
        peer_type = "internal" if new_group == BGP_GROUPS["internal"] else "external"
        lines += [f"set {base} type {peer_type}"]
    if moved or "remote_as" in change.after:
        lines.append(f"set {peer} peer-as {wanted['remote_as']}")
    # A neighbour set up in a group gets its settings there; one that stays has them changed only when asked.
    for key, statement in (("description", "description"), ("update_source", "local-address")):
        if bool(wanted.get(key)) if moved else key in change.after:
            value = wanted.get(key)
            lines.append(f"set {peer} {statement} {quote(str(value))}" if value else f"delete {peer} {statement}")
    if bool(wanted.get("shutdown")) if moved else "shutdown" in change.after:
        lines.append(f"{'deactivate' if wanted.get('shutdown') else 'activate'} {peer}")
    return lines


# ---------------------------------------------------------------------- lldp_global
def read_lldp_global(statements: Statements) -> dict[str, Any]:
    """LLDP runs with ``protocols lldp interface all`` and without ``protocols lldp disable``; ``timer`` is the
    ``advertisement-interval``. Junos has no hold time (it multiplies the interval: ``hold-multiplier``)."""
    lldp = list(under(statements, "protocols", "lldp"))
    interval = next((int(words[1]) for words in lldp if words[:1] == ["advertisement-interval"]), None)
    enabled = ["interface", "all"] in lldp and ["disable"] not in lldp
    return {"enabled": enabled, "timer": interval, "holdtime": None}


def render_lldp_global(change: Change) -> list[str]:
    """``interface all`` (and no ``disable``) turns LLDP on, ``disable`` off; a delete removes ``protocols lldp``
    (off, the default interval)."""
    if change.action == "delete":
        return ["delete protocols lldp"]
    if change.after.get("holdtime") is not None:
        raise UnsupportedSection("lldp_global.holdtime is not managed on Junos (it has hold-multiplier)")
    lines: list[str] = []
    if change.after.get("enabled") is True:
        lines += ["delete protocols lldp disable", "set protocols lldp interface all"]
    elif change.after.get("enabled") is False:
        lines.append("set protocols lldp disable")
    if "timer" in change.after:
        timer = change.after["timer"]
        if timer is not None and not LLDP_INTERVAL[0] <= timer <= LLDP_INTERVAL[1]:
            raise UnsupportedSection(f"lldp_global.timer {timer}: Junos takes {LLDP_INTERVAL[0]}-{LLDP_INTERVAL[1]}")
        lines.append(
            f"set protocols lldp advertisement-interval {timer}"
            if timer is not None
            else "delete protocols lldp advertisement-interval"
        )
    return lines


# ---------------------------------------------------------------------- banner
def read_banner(statements: Statements) -> list[dict[str, Any]]:
    """``system login message`` (the ``login`` banner) and ``announcement`` (``motd``)."""
    banners = []
    for kind, statement in BANNERS.items():
        text = next((words[0] for words in under(statements, "system", "login", statement) if len(words) == 1), None)
        if text:
            banners.append({"banner": kind, "text": text})
    return banners


def render_banner(change: Change) -> list[str]:
    kind = str(change.keys["banner"])
    if kind not in BANNERS:
        raise UnsupportedSection(f"banner {kind}: Junos has the login and motd banners only")
    if change.action == "delete":
        return [f"delete system login {BANNERS[kind]}"]
    return [f"set system login {BANNERS[kind]} {quote(str(change.after['text']))}"]


# ---------------------------------------------------------------------- snmp_server
TRAP_VERSIONS = {"v1": ["1"], "v2": ["2c"], "all": ["1", "2c"]}
"""``snmp trap-group G version`` -> the versions of the traps its targets receive (``all``, the default: both)."""


def read_snmp_server(statements: Statements) -> dict[str, Any]:
    """``snmp location``, ``snmp contact``, ``snmp community NAME [authorization read-only|read-write]``
    (read-only when not given) and the trap receivers: each target of ``snmp trap-group G`` receives traps of the
    group's version with community G (Junos sends the group's name as the community). A community or trap group
    with other settings (clients, view, categories, port) is refused rather than compared wrongly."""
    data: dict[str, Any] = {"location": None, "contact": None}
    access_of = {word: access for access, word in COMMUNITY_ACCESS.items()}
    communities: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    for words in under(statements, "snmp"):
        if words[:1] in (["location"], ["contact"]) and len(words) == 2:
            data[words[0]] = words[1]
        elif words[:1] == ["community"] and len(words) >= 2:
            rest = words[2:]
            if rest and not (rest[0] == "authorization" and len(rest) == 2 and rest[1] in access_of):
                raise UnsupportedSection("snmp_server: cannot read a community with settings other than authorization")
            communities[words[1]] = access_of[rest[1]] if rest else communities.get(words[1], "ro")
        elif words[:1] == ["trap-group"] and len(words) >= 2:
            group = groups.setdefault(words[1], {"version": "all", "targets": []})
            rest = words[2:]
            if rest[:1] == ["targets"] and len(rest) == 2:
                group["targets"].append(rest[1])
            elif rest[:1] == ["version"] and len(rest) == 2 and rest[1] in TRAP_VERSIONS:
                group["version"] = rest[1]
            elif rest:
                group["other"] = True
    for group in groups.values():
        if group.get("other"):  # the group's name is a community string: name its targets, not the group
            raise UnsupportedSection(
                f"snmp_server: cannot read the trap group of {', '.join(group['targets']) or 'no target'}"
                " (only version and targets are managed on Junos)"
            )
    hosts = [
        {"host": target, "community_string": name, "version": version, "informs": False}
        for name, group in groups.items()
        for target in group["targets"]
        for version in TRAP_VERSIONS[group["version"]]
    ]
    return {
        **data,
        "communities": [{"name": name, access: True} for name, access in communities.items()],
        "hosts": hosts,
    }


def render_snmp_server(change: Change) -> list[str]:
    """Communities that go or change access are deleted before new ones are set (names quoted: they are
    secrets of any printable characters); location and contact are set, or deleted when they become null.
    Receivers are trap groups named by their community: a group that goes is deleted, one that stays gets its
    version and targets changed, a new one is set with them."""
    delta = snmp_delta(change)
    lines = [f"set snmp {key} {quote(value)}" if value else f"delete snmp {key}" for key, value in delta.settings]
    lines += [f'delete snmp community "{name}"' for name in delta.gone]
    lines += [f'set snmp community "{name}" authorization {COMMUNITY_ACCESS[access]}' for name, access in delta.new]
    if "hosts" in delta.wanted:
        lines += _trap_group_lines(_trap_groups(delta.before["hosts"]), _trap_groups(delta.wanted["hosts"]))
    return lines


def _trap_groups(hosts: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Receivers (``ADDRESS traps|informs VERSION TOKEN``) as trap groups: community -> (version, targets)."""
    versions: dict[str, dict[str, list[str]]] = {}
    for entry in hosts:
        address, kind, version, community, *vrf = entry.split()
        if vrf:
            raise UnsupportedSection(f"snmp_server.hosts {address}: use_vrf is not managed on Junos (NX-OS only)")
        if kind == "informs":
            raise UnsupportedSection(
                f"snmp_server.hosts {address}: Junos sends SNMPv1/v2c notifications as traps (trap groups); informs"
                " need SNMPv3 (not managed)"
            )
        versions.setdefault(community, {}).setdefault(version, []).append(address)
    groups = {}
    for community, targets in versions.items():
        if len(targets) > 1 and sorted(targets["1"]) != sorted(targets["2c"]):
            raise UnsupportedSection(
                f"snmp_server.hosts: Junos sends one community's traps (its trap group) in version 1, 2c or both to"
                f" every target of the group: give {community} the same hosts in both versions, or one version"
            )
        word = "all" if len(targets) > 1 else {"1": "v1", "2c": "v2"}[next(iter(targets))]
        groups[community] = (word, next(iter(targets.values())))
    return groups


def _trap_group_lines(before: dict[str, tuple[str, list[str]]], wanted: dict[str, tuple[str, list[str]]]) -> list[str]:
    lines = [f'delete snmp trap-group "{community}"' for community in before if community not in wanted]
    for community, (version, targets) in wanted.items():
        group = f'snmp trap-group "{community}"'
        old_version, old_targets = before.get(community, ("", []))
        lines += [f"set {group} version {version}"] if version != old_version else []
        lines += [f"delete {group} targets {target}" for target in old_targets if target not in targets]
        lines += [f"set {group} targets {target}" for target in targets if target not in old_targets]
    return lines


# ---------------------------------------------------------------------- users
def read_users(statements: Statements) -> list[dict[str, Any]]:
    """``system login user NAME``: ``class`` is the role, ``authentication encrypted-password`` the hash (typed by
    its crypt prefix); ``uid``, ``full-name`` and SSH keys are not managed and left as they are."""
    users: dict[str, dict[str, Any]] = {}
    for words in under(statements, "system", "login", "user"):
        if not words:
            continue
        user = users.setdefault(words[0], {"name": words[0]})
        rest = words[1:]
        if rest[:1] == ["class"] and len(rest) == 2:
            user["role"] = rest[1]
        elif rest[:2] == ["authentication", "encrypted-password"] and len(rest) == 3:
            user["hashed_password"] = {"type": _hash_type(words[0], rest[2]), "value": rest[2]}
    return list(users.values())


def _hash_type(user: str, value: str) -> str:
    for prefix, kind in HASH_TYPES.items():
        if value.startswith(prefix):
            return kind
    raise UnsupportedSection(f"users: the password hash of user {user} is of a kind not managed ($1$ and $6$ are)")


def render_user(change: Change) -> list[str]:
    """``class`` (mandatory on Junos: a new user needs a role) and ``encrypted-password`` statements; a delete
    removes the user."""
    name = str(change.keys["name"])
    base = f"system login user {name}"
    if change.action == "delete":
        return [f"delete {base}"]
    if change.after.get("privilege") is not None:
        raise UnsupportedSection(f"user {name}: privilege is not managed on Junos (give role, its login class)")
    wanted = {**change.before, **change.after}
    lines: list[str] = []
    if "role" in change.after or change.action == "create":
        if wanted.get("role") is None:
            raise UnsupportedSection(f"user {name}: Junos needs a login class: give role (super-user, operator, ...)")
        lines.append(f"set {base} class {wanted['role']}")
    if "password" in change.after or "password_type" in change.after:
        if wanted.get("password") is None:
            lines += [f"delete {base} authentication encrypted-password"] if change.action == "update" else []
        elif wanted.get("password_type") not in HASH_TYPES.values():
            raise UnsupportedSection(f"user {name}: Junos takes hashed_password types 5 ($1$) and sha512 ($6$)")
        else:
            lines.append(f'set {base} authentication encrypted-password "{wanted["password"]}"')
    return lines
