"""A simulated Junos device's state: the committed configuration, earlier commits, the shared candidate, and the
checks ``commit`` runs.

``JunosState`` is a ``DeviceState`` whose views (hostname, VLANs, interfaces, NTP servers, static routes) read
the committed configuration, so inventories, ``snapshot`` and tests treat it like the other platforms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from types import MappingProxyType
from typing import Any

from diffsync_automation.lab.junos_config import JunosConfig, JunosSyntaxError
from diffsync_automation.lab.state import ConfigRejected, DeviceState, Interface, StaticRoute, natural_key

DEFAULT_PREFERENCE = 5
"""Junos preference (administrative distance) of a static route that sets none."""
ROLLBACK_DEPTH = 49
"""Earlier commits kept for ``rollback 1`` .. ``rollback 49``, as on a device."""
FIRST_UID = 2000
"""The uid Junos gives the first local user that has none; each further user gets the next free one."""


class JunosState(DeviceState):
    """A Junos device: the committed configuration, earlier commits, and the shared candidate when edited.

    The views of ``DeviceState`` (hostname, VLANs, interfaces, NTP servers, static routes) read the committed
    configuration; ``candidate`` is None while nobody changed it. ``DeviceState.__init__`` is not called: it
    builds an IOS-style configuration tree, which a Junos device does not have.
    """

    def __init__(self, hostname: str | None = None, *, serial: str = "SIM0000000", model: str = "ex4300-48t") -> None:
        self.platform = "juniper_junos"
        self.privilege = 15  # the login class decides; there is no enable step
        self.saved = True
        self.serial = serial
        self.model = model
        self.committed = JunosConfig()
        self.history: list[JunosConfig] = []
        self.candidate: JunosConfig | None = None
        if hostname is not None:
            self.committed.set(f"system host-name {hostname}")

    def commit(self, config: JunosConfig) -> None:
        """Make ``config`` the committed configuration, keeping the previous one for ``rollback``."""
        self.history = [self.committed, *self.history][:ROLLBACK_DEPTH]
        self.committed = config.copy()
        assign_uids(self.committed)
        self.saved = False

    def configure(self, lines: Iterable[str]) -> None:
        """Apply ``set``/``delete``/``rename``/``insert``/``[de]activate`` statements (with their verb) and commit them
        as one change; raise ``ConfigRejected`` for a statement or a commit the device refuses (then nothing is
        committed)."""
        candidate = self.committed.copy()
        for line in lines:
            verb, _, rest = line.strip().partition(" ")
            try:
                if verb == "set":
                    candidate.set(rest)
                elif verb == "delete":
                    candidate.delete(rest)
                elif verb == "rename":
                    candidate.rename(rest)
                elif verb == "insert":
                    candidate.insert(rest)
                elif verb in ("deactivate", "activate"):
                    candidate.deactivate(rest, active=verb == "activate")
                else:
                    raise JunosSyntaxError()
            except JunosSyntaxError as exc:
                raise ConfigRejected(f"{self.hostname}: {line!r} rejected: {exc.message}") from None
        errors = commit_errors(candidate)
        if errors:
            raise ConfigRejected(f"{self.hostname}: commit failed: {'; '.join(errors)}")
        self.commit(candidate)

    def running_config(self) -> str:
        """``show configuration`` output."""
        return self.committed.curly()

    # ------------------------------------------------------------------ views of the committed configuration
    @property
    def hostname(self) -> str:
        host_name = self.committed.find("system", "host-name")
        return str(host_name) if host_name is not None else "Amnesiac"

    @hostname.setter
    def hostname(self, value: str) -> None:
        self.configure([f"set system host-name {value}"])

    @property
    def vlans(self) -> Mapping[int, str]:
        by_id = {int(str(element["vlan-id"])): name for name, element in self._vlan_elements() if "vlan-id" in element}
        return MappingProxyType(dict(sorted(by_id.items())))

    @property
    def interfaces(self) -> Mapping[str, Interface]:
        vlans = {name: int(str(element["vlan-id"])) for name, element in self._vlan_elements() if "vlan-id" in element}
        found = sorted(named(self.committed.find("interfaces")), key=lambda item: natural_key(item[0]))
        return MappingProxyType({name: _interface_view(name, element, vlans) for name, element in found})

    @property
    def ntp_global(self) -> dict[str, Any]:
        servers = []
        for server, element in named(self.committed.find("system", "ntp", "server")):
            entry: dict[str, Any] = {"server": server}
            entry.update({"vrf": str(element["routing-instance"])} if "routing-instance" in element else {})
            entry.update({"prefer": True} if element.get("prefer") else {})
            entry.update({"key_id": int(str(element["key"]))} if "key" in element else {})
            servers.append(entry)
        sources = [address for address, _ in named(self.committed.find("system", "ntp", "source-address"))]
        return {"servers": servers, **({"source": sources[0]} if sources else {})}

    @property
    def static_routes(self) -> list[StaticRoute]:
        """Every next hop of the global and routing-instance routes (an exit interface without its unit 0)."""
        tables: list[tuple[str | None, object]] = [(None, self.committed.find("routing-options", "static", "route"))]
        tables += [
            (name, JunosConfig(element).find("routing-options", "static", "route"))
            for name, element in named(self.committed.find("routing-instances"))
        ]
        return [
            route
            for vrf, routes in tables
            for prefix, element in named(routes)
            for route in _routes(vrf, prefix, element)
        ]

    def _vlan_elements(self) -> list[tuple[str, dict[str, Any]]]:
        return named(self.committed.find("vlans"))


def _routes(vrf: str | None, prefix: str, element: dict[str, Any]) -> Iterator[StaticRoute]:
    preference = int(str(element.get("preference", DEFAULT_PREFERENCE)))
    hops: list[tuple[str, dict[str, Any]]] = [(hop, {}) for hop in element.get("next-hop") or []]
    hops += named(element.get("qualified-next-hop"))
    for hop, settings in hops:
        address, exit_interface = (hop, settings.get("interface")) if _is_address(hop) else (None, hop)
        yield StaticRoute(
            IPv4Network(prefix),
            IPv4Address(address) if address else None,
            int(str(settings.get("preference", preference))),
            str(exit_interface).removesuffix(".0") if exit_interface else None,
            vrf=vrf,
        )


def _is_address(text: str) -> bool:
    try:
        IPv4Address(text)
    except ValueError:
        return False
    return True


def named(objects: object) -> list[tuple[str, dict[str, Any]]]:
    """The ``(name, statements)`` pairs of a named-object level (``vlans``, ``interfaces``), empty if absent."""
    return list(objects.items()) if isinstance(objects, dict) else []


def _interface_view(name: str, element: dict[str, Any], vlans: dict[str, int]) -> Interface:
    switching = JunosConfig(element).find("unit", "0", "family", "ethernet-switching")
    access_vlan = None
    if isinstance(switching, dict) and switching.get("interface-mode", "access") == "access":
        members = JunosConfig(switching).find("vlan", "members")
        member = str(members[0]) if isinstance(members, list) and members else "default"
        access_vlan = int(member) if member.isdigit() else vlans.get(member, 1)
    elif isinstance(switching, dict):  # a trunk: a switch port without an access VLAN of its own
        access_vlan = 1
    address = JunosConfig(element).find("unit", "0", "family", "inet", "address")
    mtu = element.get("mtu")
    return Interface(
        name,
        str(element.get("description", "")),
        "disable" not in element,
        access_vlan,
        int(str(mtu)) if mtu is not None else None,
        IPv4Interface(next(iter(address))) if isinstance(address, dict) and address else None,
    )


def assign_uids(config: JunosConfig) -> None:
    """Give each local user without a ``uid`` the next free one, as a commit on a device does."""
    users = named(config.find("system", "login", "user"))
    taken = {int(str(element["uid"])) for _, element in users if "uid" in element}
    for _, element in users:
        if "uid" not in element:
            uid = next(number for number in itertools.count(FIRST_UID) if number not in taken)
            element["uid"] = str(uid)
            taken.add(uid)


def commit_errors(config: JunosConfig) -> list[str]:
    """What ``commit check`` finds wrong with ``config``, each as the device prints it (empty when valid)."""
    return [
        *_vlan_errors(config),
        *_route_errors(config),
        *_user_errors(config),
        *_instance_errors(config),
        *_aggregate_errors(config),
    ]


def _aggregate_errors(config: JunosConfig) -> Iterator[str]:
    """An aeN interface (configured, or named by a member's ``802.3ad``) needs ``chassis aggregated-devices
    ethernet device-count`` above N, and a member port has no logical units (its bundle carries them). The
    wording is the lab's: no public record of the device's was found."""
    count = config.find("chassis", "aggregated-devices", "ethernet", "device-count")
    limit = int(str(count)) if count is not None else 0
    for name, element in named(config.find("interfaces")):
        used = [(f"[edit interfaces {name}]", name)] if re.fullmatch(r"ae\d+", name) else []
        for options in ("ether-options", "gigether-options"):
            bundle = JunosConfig(element).find(options, "802.3ad")
            used += [(f"[edit interfaces {name} {options}]", str(bundle))] if bundle is not None else []
        units = element.get("unit")
        if isinstance(units, dict) and used and not re.fullmatch(r"ae\d+", name):
            unit = next(iter(units))
            yield (
                f"[edit interfaces {name}]\n  'unit {unit}'\n    {name}: a member of {used[0][1]} (802.3ad) cannot have"
                " logical units"
            )
        for where, bundle in used:
            if int(bundle[2:]) >= limit:
                yield (
                    f"{where}\n  '{bundle}'\n    {bundle}: aggregated Ethernet device not configured"
                    f" (chassis aggregated-devices ethernet device-count {limit or 'not set'})"
                )


def _instance_errors(config: JunosConfig) -> Iterator[str]:
    for name, element in named(config.find("routing-instances")):
        if element.get("instance-type") == "vrf" and "route-distinguisher" not in element:
            yield (
                f"[edit routing-instances]\n  '{name}'\n"
                f"    RT Instance: Route-distinguisher must be configured for vrf instance: {name}"
            )


def _user_errors(config: JunosConfig) -> Iterator[str]:
    for name, element in named(config.find("system", "login", "user")):
        if "class" not in element:
            yield f"[edit system login]\n  'user {name}'\n    Missing mandatory statement: 'class'"


def _vlan_errors(config: JunosConfig) -> Iterator[str]:
    vlans = config.find("vlans")
    ids: dict[str, str] = {}
    if isinstance(vlans, dict):
        for name, element in vlans.items():
            vlan_id = element.get("vlan-id") if isinstance(element, dict) else None
            if vlan_id is None:
                continue
            if vlan_id in ids:
                used = f"vlan-id {vlan_id} is already used by vlan {ids[vlan_id]}"
                yield f"[edit vlans {name}]\n  'vlan-id {vlan_id}'\n    {used}"
            ids[str(vlan_id)] = name
    interfaces = config.find("interfaces")
    if not isinstance(interfaces, dict):
        return
    for name, element in interfaces.items():
        units = element.get("unit") if isinstance(element, dict) else None
        for unit, unit_element in (units or {}).items() if isinstance(units, dict) else ():
            switching = JunosConfig(unit_element).find("family", "ethernet-switching")
            if not isinstance(switching, dict):
                continue
            if JunosConfig(unit_element).find("family", "inet") is not None:
                where_unit = f"[edit interfaces {name} unit {unit}]"
                yield f"{where_unit}\n  'family'\n    family ethernet-switching and family inet cannot share a unit"
            members = JunosConfig(switching).find("vlan", "members")
            where = f"[edit interfaces {name} unit {unit} family ethernet-switching]"
            for member in members if isinstance(members, list) else []:
                if member == "all" or re.fullmatch(r"\d+-\d+", member):
                    continue  # every VLAN, or a range of ids: the VLANs configured in it
                if member not in ids and member not in ids.values():
                    yield f"{where}\n  'vlan'\n    Referenced vlan {member} is not configured"
            if switching.get("interface-mode") == "access" and isinstance(members, list) and len(members) > 1:
                yield f"{where}\n  'interface-mode access'\n    Access interface can be member of only one vlan"


def _route_errors(config: JunosConfig) -> Iterator[str]:
    """A route needs a next hop (or ``discard``), globally and in every routing instance."""
    tables = [("", config.find("routing-options", "static", "route"))]
    tables += [
        (f"routing-instances {name} ", JunosConfig(element).find("routing-options", "static", "route"))
        for name, element in named(config.find("routing-instances"))
    ]
    for at, routes in tables:
        for prefix, element in named(routes):
            if not {"next-hop", "qualified-next-hop", "discard"} & set(element):
                where = f"[edit {at}routing-options static route {prefix}]"
                yield f"{where}\n  'route {prefix}'\n    Missing next-hop, discard or reject"
