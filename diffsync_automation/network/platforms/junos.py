"""Juniper Junos (netmiko ``juniper_junos``): EX-style switches configured with ``set``/``delete`` and ``commit``.

Everything is read from one command, ``show configuration | display inheritance no-comments | display set``:
the committed configuration, with what groups apply to it, as flat ``set`` statements. It holds every section
(no ntc-template reads the configuration, and the operational views lose static routes that are not installed);
the resource features are read and rendered in ``junos_features``. Changes are ``set``/``delete``/``rename``
statements edited into a private candidate (``configure private``) and applied as a whole by ``commit``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from diffsync_automation.adapter import Adapter
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.network.changes import Change
from diffsync_automation.network.errors import Problem
from diffsync_automation.network.platforms import junos_features as features
from diffsync_automation.network.platforms import junos_filters as filters
from diffsync_automation.network.platforms import junos_routing as routing
from diffsync_automation.network.platforms import junos_static as static
from diffsync_automation.network.platforms.base import ShowCommand, TextInput, UnsupportedSection
from diffsync_automation.network.platforms.junos_text import quote, statement_words
from diffsync_automation.network.schema import IntendedState, is_ipv4_address

SHOW_SET = "show configuration | display inheritance no-comments | display set"
"""Inherited statements (``apply-groups``) shown where they apply, as flat ``set`` lines."""
SWITCHING = "unit 0 family ethernet-switching"
UNNAMED = "Amnesiac"
"""What Junos calls itself (in its prompt) while no ``system host-name`` is configured."""

_PHYSICAL = re.compile(r"(?:ge|xe|et|mge)-\d+/\d+/\d+|(?:me|em|fxp)\d+")
_ERROR_LINE = re.compile(r"^\s*((?:syntax error|unknown command|error:|invalid ).*)$", re.MULTILINE)
_COMMIT_ERROR = re.compile(r"^\s*error: .*$", re.MULTILINE)
_VLAN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")


JUNOS_SPEEDS = ("10m", "100m", "1g", "2.5g", "5g", "10g", "25g", "40g", "50g", "100g", "200g", "400g", "800g")
"""The ``ether-options speed`` values Junos takes."""
DUPLEX_BY_LINK_MODE = {"full-duplex": "full", "half-duplex": "half", "automatic": None}


def _speed_text(mbps: int) -> str:
    """A speed in Mb/s as Junos writes it (100 -> ``100m``, 2500 -> ``2.5g``)."""
    return f"{mbps}m" if mbps < 1000 else f"{mbps / 1000:g}g"


def _speed_mbps(text: str) -> int:
    """``ether-options speed`` in Mb/s (``1g`` -> 1000)."""
    return int(text[:-1]) if text.endswith("m") else round(float(text[:-1]) * 1000)


@dataclass
class _Interface:
    description: str = ""
    enabled: bool = True
    mtu: int | None = None
    speed: int | None = None
    duplex: str | None = None
    switching: bool = False
    mode: str = "access"
    members: list[str] = field(default_factory=list)


@dataclass
class _Parsed:
    """The managed statements of a ``display set`` listing."""

    hostname: str = ""
    domain: str | None = None
    name_servers: list[str] = field(default_factory=list)
    syslog_hosts: list[str] = field(default_factory=list)
    ntp: dict[str, list[str]] = field(default_factory=dict)
    """NTP server address -> the words of its options (read when ``ntp_global`` is)."""
    ntp_sources: list[list[str]] = field(default_factory=list)
    """The words after each ``system ntp source-address``."""
    vlans: dict[str, int] = field(default_factory=dict)
    interfaces: dict[str, _Interface] = field(default_factory=dict)
    statements: list[list[str]] = field(default_factory=list)
    """Every active statement, for the feature readers (``junos_features``)."""
    shut_neighbors: list[list[str]] = field(default_factory=list)
    """The statements of BGP neighbours deactivated on their own (``deactivate protocols bgp group G neighbor A``):
    what ``bgp_global`` reads as ``shutdown``."""

    def add(self, words: list[str]) -> None:
        head = words[:2]
        if head == ["system", "host-name"] and len(words) == 3:
            self.hostname = words[2]
        elif head == ["system", "domain-name"] and len(words) == 3:
            self.domain = words[2]
        elif head == ["system", "name-server"] and len(words) >= 3 and words[2] not in self.name_servers:
            self.name_servers.append(words[2])
        elif words[:3] == ["system", "syslog", "host"] and len(words) >= 4 and words[3] not in self.syslog_hosts:
            self.syslog_hosts.append(words[3])
        elif words[:3] == ["system", "ntp", "server"] and len(words) >= 4:
            self.ntp.setdefault(words[3], []).extend(words[4:])
        elif words[:3] == ["system", "ntp", "source-address"] and len(words) >= 4:
            self.ntp_sources.append(words[3:])
        elif words[0] == "vlans" and len(words) == 4 and words[2] == "vlan-id":
            self.vlans[words[1]] = int(words[3])
        elif words[0] == "interfaces" and len(words) >= 2:
            self._interface(self.interfaces.setdefault(words[1], _Interface()), words[2:])

    @staticmethod
    def _interface(intf: _Interface, words: list[str]) -> None:
        if words[:1] == ["description"] and len(words) == 2:
            intf.description = words[1]
        elif words == ["disable"]:
            intf.enabled = False
        elif words[:1] == ["mtu"] and len(words) == 2:
            intf.mtu = int(words[1])
        elif words[-2:-1] == ["speed"] and words[:-2] in ([], ["ether-options"]):  # EX ether-options, or MX
            intf.speed = _speed_mbps(words[-1])
        elif words[-2:-1] == ["link-mode"] and words[:-2] in ([], ["ether-options"]):
            intf.duplex = DUPLEX_BY_LINK_MODE.get(words[-1])
        elif words[:4] == SWITCHING.split():
            intf.switching = True
            rest = words[4:]
            if rest[:1] == ["interface-mode"] and len(rest) == 2:
                intf.mode = rest[1]
            elif rest[:2] == ["vlan", "members"] and len(rest) == 3:
                intf.members.append(rest[2])


def parse_display_set(text: str) -> _Parsed:
    """The managed statements of ``show configuration | display set`` output (other statements are ignored).

    A ``deactivate PATH`` line marks the statements under PATH inactive: the device ignores them, so does this,
    except that a BGP neighbour deactivated on its own is kept aside for ``bgp_global`` (its ``shutdown``).
    """
    statements = [statement_words(line[4:]) for line in text.splitlines() if line.startswith("set ")]
    inactive = [statement_words(line[11:]) for line in text.splitlines() if line.startswith("deactivate ")]
    parsed = _Parsed()
    for words in statements:
        covering = [path for path in inactive if words[: len(path)] == path]
        if not covering:
            parsed.add(words)
            parsed.statements.append(words)
        elif all(_is_neighbor(path) for path in covering):
            parsed.shut_neighbors.append(words)
    return parsed


def _is_neighbor(path: list[str]) -> bool:
    """Whether ``path`` is one BGP neighbour (``protocols bgp group G neighbor A``)."""
    return len(path) == 6 and path[:3] == ["protocols", "bgp", "group"] and path[4] == "neighbor"


class JunosPlatform:
    """Junos: one candidate per push, committed as a whole; VLANs referenced by ID from access ports."""

    name = "juniper_junos"
    sections: frozenset[str] = frozenset(
        {
            "device_hostname",
            "dns",
            "logging_global",
            "vlans",
            "interfaces",
            "l2_interfaces",
            "l3_interfaces",
            "vrfs",
            "bgp_global",
            "bgp_address_family",
            "ospfv2",
            "lag_interfaces",
            "lldp_global",
            "banner",
            "snmp_server",
            "users",
            "acls",
            "prefix_lists",
            "ntp_global",
            "static_routes",
        }
    )
    unmanaged_keys: frozenset[str] = frozenset(
        {
            "logging_global.buffered",
            "lldp_global.holdtime",
            "users[].privilege",
            "users[].configured_password",
            "snmp_server.hosts[].informs",
            "snmp_server.hosts[].use_vrf",
            "ospfv2.processes[].networks",
            "bgp_address_family.address_family[].vrf",
            "bgp_address_family.address_family[].networks",
            "bgp_address_family.address_family[].neighbors",
            "static_routes[].name",
            "prefix_lists[].prefix_lists[].entries[].ge",
            "prefix_lists[].prefix_lists[].entries[].le",
        }
    )
    vrf_targets_in_bgp = False
    enter_config = "configure private"
    exit_config = "exit configuration-mode"
    commit_command: str | None = "commit"
    discard_command: str | None = "rollback 0"
    text_input: TextInput | None = None
    entries_sent_before_container: frozenset[str] = frozenset()
    management_vrfs: frozenset[str] = frozenset({"mgmt_junos"})  # ``set system management-instance``

    # ------------------------------------------------------------------ interfaces
    def canonical_interface(self, name: str) -> str:
        return name.strip().lower()

    def interface_defaults(self, name: str) -> dict[str, Any]:
        """A Junos port with nothing configured is not a switch port (no ``family ethernet-switching``)."""
        return {"description": "", "enabled": True, "access_vlan": None, "mtu": None, "speed": None, "duplex": None}

    def normalise_interface(self, values: dict[str, Any]) -> dict[str, Any]:
        return values

    def is_fixed(self, obj: DiffSyncModel) -> bool:
        if obj.get_type() == "vlan":
            return int(obj.get_identifiers()["vlan_id"]) == 1
        if obj.get_type() == "interface":
            name = str(obj.get_identifiers()["name"])
            return _PHYSICAL.fullmatch(name) is not None and obj.get_attrs() == self.interface_defaults(name)
        if obj.get_type() in ("dns", "logging_global", "snmp_server", "lldp_global", "ntp_global"):
            return not any(obj.get_attrs().values())  # without any setting, still read as one (empty)
        return False

    def aligned(self, device: Adapter, reference: Adapter) -> list[tuple[DiffSyncModel, DiffSyncModel]]:
        """Prefix-list items take the intended sequence of their prefix, filters read as standard the intended
        extended type (Junos keeps neither; see ``junos_filters``)."""
        return filters.aligned(device, reference)

    # ------------------------------------------------------------------ reading the device
    def gather(self, show: ShowCommand, sections: frozenset[str]) -> dict[str, Any]:
        unknown = sections - self.sections
        if unknown:
            raise UnsupportedSection(f"platform {self.name} cannot read section {sorted(unknown)[0]!r}")
        parsed = parse_display_set(show(SHOW_SET))
        views: dict[str, Callable[[], Any]] = {
            "device_hostname": lambda: parsed.hostname or UNNAMED,
            "vlans": lambda: [
                {"id": vlan_id, "name": name} for name, vlan_id in sorted(parsed.vlans.items(), key=_by_id)
            ],
            "interfaces": lambda: [
                self._interface(name, intf, parsed.vlans) for name, intf in parsed.interfaces.items()
            ],
            "ntp_global": lambda: _ntp_global(parsed),
            "dns": lambda: {"domain_name": parsed.domain, "name_servers": list(parsed.name_servers)},
            "logging_global": lambda: {"hosts": [{"hostname": host} for host in parsed.syslog_hosts]},
            "static_routes": lambda: static.read_static_routes(parsed.statements),
            "l2_interfaces": lambda: features.read_l2_interfaces(parsed.statements, parsed.vlans),
            "l3_interfaces": lambda: features.read_l3_interfaces(parsed.statements),
            "vrfs": lambda: features.read_vrfs(parsed.statements),
            "bgp_global": lambda: features.read_bgp_global(parsed.statements, parsed.shut_neighbors),
            "bgp_address_family": lambda: routing.read_bgp_address_family(parsed.statements),
            "ospfv2": lambda: routing.read_ospfv2(parsed.statements),
            "lag_interfaces": lambda: routing.read_lag_interfaces(parsed.statements),
            "lldp_global": lambda: features.read_lldp_global(parsed.statements),
            "banner": lambda: features.read_banner(parsed.statements),
            "snmp_server": lambda: features.read_snmp_server(parsed.statements),
            "users": lambda: features.read_users(parsed.statements),
            "acls": lambda: filters.read_acls(parsed.statements),
            "prefix_lists": lambda: filters.read_prefix_lists(parsed.statements),
        }
        return {section: views[section]() for section in sorted(sections)}

    @staticmethod
    def _interface(name: str, intf: _Interface, vlans: dict[str, int]) -> dict[str, Any]:
        access_vlan = None
        if intf.switching and intf.mode == "access":
            member = intf.members[0] if intf.members else "default"
            access_vlan = int(member) if member.isdigit() else vlans.get(member, 1)
        elif intf.switching:  # a trunk is a switch port without an access VLAN of its own: the default, as on IOS
            access_vlan = 1
        return {
            "name": name,
            "description": intf.description,
            "enabled": intf.enabled,
            "access_vlan": access_vlan,
            "mtu": intf.mtu,
            "speed": intf.speed,
            "duplex": intf.duplex,
        }

    # ------------------------------------------------------------------ configuring the device
    def render(self, change: Change) -> list[str]:
        renderer = {
            "system": self._system,
            "vlan": self._vlan,
            "interface": self._interface_commands,
            "ntp_server": self._ntp,
            "ntp_global": self._ntp_source,
            "dns": self._dns,
            "logging_global": self._syslog,
            "static_route": static.render_static_route,
            "l2_interface": features.render_l2_interface,
            "l3_interface": features.render_l3_interface,
            "vrf": features.render_vrf,
            "bgp_global": features.render_bgp_global,
            "bgp_neighbor": features.render_bgp_neighbor,
            "bgp_address_family": routing.render_bgp_address_family,
            "bgp_af_network": routing.render_bgp_af_network,
            "bgp_af_neighbor": routing.render_bgp_af_neighbor,
            "ospf_process": routing.render_ospf_process,
            "lag_interface": routing.render_lag_interface,
            "lag_member": routing.render_lag_member,
            "lldp_global": features.render_lldp_global,
            "banner": features.render_banner,
            "snmp_server": features.render_snmp_server,
            "user": features.render_user,
            "acl": filters.render_acl,
            "acl_entry": filters.render_acl_entry,
            "prefix_list": filters.render_prefix_list,
            "prefix_list_entry": filters.render_prefix_list_entry,
        }.get(change.model)
        if renderer is None:
            raise UnsupportedSection(f"platform {self.name} cannot configure {change.model!r} objects")
        return renderer(change)

    @staticmethod
    def _system(change: Change) -> list[str]:
        if change.action == "delete" or "hostname" not in change.after:
            return []
        return [f"set system host-name {change.after['hostname']}"]

    @staticmethod
    def _vlan(change: Change) -> list[str]:
        vlan_id = change.keys["vlan_id"]
        if change.action == "delete":
            return [f"delete vlans {_vlan_name(str(change.before['name']))}"]
        name = _vlan_name(str(change.after.get("name", change.before.get("name", f"VLAN{vlan_id:04d}"))))
        if change.action == "update":
            # Ports reference VLANs by ID, so a rename keeps them attached (and the VLAN's other statements).
            return (
                [f"rename vlans {_vlan_name(str(change.before['name']))} to {name}"] if "name" in change.after else []
            )
        return [f"set vlans {name} vlan-id {vlan_id}"]

    def _interface_commands(self, change: Change) -> list[str]:
        name = features.interface_name(str(change.keys["name"]))
        if change.action == "delete":
            return [f"delete interfaces {name}"]
        defaults = self.interface_defaults(name)
        wanted = dict(change.after)
        if wanted.get("speed") is not None and _speed_text(int(wanted["speed"])) not in JUNOS_SPEEDS:
            raise UnsupportedSection(
                f"{name}: Junos has no speed of {wanted['speed']} Mb/s ({', '.join(JUNOS_SPEEDS)})"
            )
        if change.action == "create":
            wanted = {key: value for key, value in wanted.items() if value != defaults.get(key)}
        lines = list(_interface_lines(name, wanted))
        if (
            change.action == "update"
            and wanted.get("access_vlan") is not None
            and change.before.get("access_vlan") is None
        ):
            # A routed port becoming a switch port: one unit cannot carry both families.
            lines.insert(0, f"delete interfaces {name} unit 0 family inet")
        return lines or ([f"set interfaces {name}"] if change.action == "create" else [])

    @staticmethod
    def _dns(change: Change) -> list[str]:
        """``system domain-name`` and ``system name-server`` statements (one commit: order does not matter)."""
        before: dict[str, Any] = {"domain_name": None, "name_servers": [], **change.before}
        wanted: dict[str, Any] = (
            {"domain_name": None, "name_servers": []} if change.action == "delete" else dict(change.after)
        )
        lines: list[str] = []
        if "domain_name" in wanted and wanted["domain_name"] != before["domain_name"]:
            domain = wanted["domain_name"]
            lines.append(f"set system domain-name {domain}" if domain else "delete system domain-name")
        if "name_servers" in wanted:
            lines += [
                f"delete system name-server {old}"
                for old in before["name_servers"]
                if old not in wanted["name_servers"]
            ]
            lines += [
                f"set system name-server {new}" for new in wanted["name_servers"] if new not in before["name_servers"]
            ]
        return lines

    @staticmethod
    def _syslog(change: Change) -> list[str]:
        """``system syslog host A any any`` per host; Junos has no buffered size (refused)."""
        if change.after.get("buffered_size") is not None:
            raise UnsupportedSection("logging_global.buffered is not managed on Junos")
        before = list(change.before.get("hosts", []))
        wanted = [] if change.action == "delete" else list(change.after.get("hosts", before))
        return [f"delete system syslog host {old}" for old in before if old not in wanted] + [
            f"set system syslog host {new} any any" for new in wanted if new not in before
        ]

    @staticmethod
    def _ntp(change: Change) -> list[str]:
        """``system ntp server A`` with ``prefer``, ``key N`` and ``routing-instance R`` (its VRF) one statement each;
        an update deletes the server and sets it again (one commit: never without its server in between)."""
        base = f"system ntp server {change.keys['server']}"
        if change.action == "delete":
            return [f"delete {base}"]
        values = {**change.before, **change.after}
        lines = [f"delete {base}"] if change.action == "update" else []
        options = [
            *(["prefer"] if values.get("prefer") else []),
            *([f"key {values['key_id']}"] if values.get("key_id") is not None else []),
            *([f"routing-instance {change.keys['vrf']}"] if change.keys.get("vrf") is not None else []),
        ]
        return lines + [f"set {base} {option}" for option in options] if options else [*lines, f"set {base}"]

    @staticmethod
    def _ntp_source(change: Change) -> list[str]:
        """``system ntp source-address A``: Junos sends NTP from an address, so ``source`` is one here (an
        interface name is refused)."""
        before = change.before.get("source")
        source = None if change.action == "delete" else change.after.get("source", before)
        if source is not None and not is_ipv4_address(str(source)):
            raise UnsupportedSection(
                f"ntp_global.source on Junos is the address NTP leaves from (source-address), not {source!r}"
            )
        lines = [f"delete system ntp source-address {before}"] if before is not None and before != source else []
        return lines + ([f"set system ntp source-address {source}"] if source is not None and source != before else [])

    def intended_problems(self, state: IntendedState, complete: bool) -> list[Problem]:
        return [
            *routing.intended_problems(state, complete),
            *filters.intended_problems(state),
            *static.static_route_problems(state),
        ]

    def config_error(self, output: str) -> str | None:
        found = _ERROR_LINE.search(output)
        return found.group(1).strip() if found else None

    def commit_error(self, output: str) -> str | None:
        if "commit complete" in output:
            return None
        errors = [match.group(0).strip() for match in _COMMIT_ERROR.finditer(output)]
        details = [line.strip() for line in output.splitlines() if line.startswith("    ")]
        summary = "; ".join([*details, *errors]) or "no 'commit complete' in the reply"
        return summary


def _interface_lines(name: str, wanted: dict[str, Any]) -> Iterable[str]:
    base = f"interfaces {name}"
    if "description" in wanted:
        yield (
            f"set {base} description {quote(wanted['description'])}"
            if wanted["description"]
            else f"delete {base} description"
        )
    if "enabled" in wanted:
        yield f"delete {base} disable" if wanted["enabled"] else f"set {base} disable"
    if "mtu" in wanted:
        yield f"set {base} mtu {wanted['mtu']}" if wanted["mtu"] is not None else f"delete {base} mtu"
    if "speed" in wanted:
        speed = wanted["speed"]
        yield f"set {base} ether-options speed {_speed_text(speed)}" if speed else f"delete {base} ether-options speed"
    if "duplex" in wanted:
        duplex = wanted["duplex"]
        yield (
            f"set {base} ether-options link-mode {duplex}-duplex"
            if duplex
            else f"delete {base} ether-options link-mode"
        )
    if "access_vlan" in wanted:
        if wanted["access_vlan"] is None:
            yield f"delete {base} {SWITCHING}"
        else:
            # Replace the membership rather than add to it: an access port is in exactly one VLAN.
            yield f"delete {base} {SWITCHING} vlan members"
            yield f"set {base} {SWITCHING} interface-mode access"
            yield f"set {base} {SWITCHING} vlan members {wanted['access_vlan']}"


def _ntp_global(parsed: _Parsed) -> dict[str, Any]:
    """``ntp_global`` data: the servers and the one ``source-address`` (in the global table) managed as ``source``."""
    servers = [_ntp_server(address, words) for address, words in parsed.ntp.items()]
    if len(parsed.ntp_sources) > 1 or any(len(words) > 1 for words in parsed.ntp_sources):
        raise UnsupportedSection("ntp_global: one system ntp source-address without routing-instance is managed")
    return {"servers": servers, "source": parsed.ntp_sources[0][0] if parsed.ntp_sources else None}


def _ntp_server(address: str, words: list[str]) -> dict[str, Any]:
    """``ntp_global.servers[]`` data from the options of ``system ntp server A`` (a device may print several on
    one line); another option (``version``) is refused."""
    server: dict[str, Any] = {"server": address, "vrf": None, "prefer": False, "key_id": None}
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word == "prefer":
            server["prefer"] = True
        elif word == "key" and rest and rest[0].isdigit():
            server["key_id"] = int(rest.pop(0))
        elif word == "routing-instance" and rest:
            server["vrf"] = rest.pop(0)
        else:
            raise UnsupportedSection(f"ntp_global: option {word!r} of system ntp server {address} is not managed")
    return server


def _by_id(item: tuple[str, int]) -> int:
    return item[1]


def _vlan_name(name: str) -> str:
    if not _VLAN_NAME.fullmatch(name):
        raise UnsupportedSection(f"{name!r} is not a valid Junos VLAN name")
    return name
