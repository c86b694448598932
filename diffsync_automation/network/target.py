"""The ``state`` option, with the meaning it has in Ansible's network resource modules: the adapter a device is
synced from (``build_target``).

- ``merged``: create what is missing and update the attributes the data gives; never delete, never touch
  attributes the data leaves out.
- ``replaced``: for every object in the data, make it exactly as given: attributes left out go back to their
  defaults. Objects only on the device are kept, except the entries of an ACL, prefix list or BGP process the
  data gives: replacing a list replaces its entries (entries it does not give are deleted), as in Ansible.
- ``overridden``: make each managed section exactly the data: objects only on the device are deleted too
  (a physical interface cannot be deleted; it is put back to its defaults).
- ``deleted``: delete the objects the data lists (matched by their identifiers; other attributes are ignored),
  or every object of a section given as an empty list; a settings section given (``dns: {}``) is removed. The
  servers of ``ntp_global`` are objects of their own: those listed go (all of them for ``servers: []`` or
  ``ntp_global: {}``), the source only when ``source`` is given or the section is ``{}``. The hostname is never
  deleted. An ACL or prefix list listed by name alone goes with all its entries.

Objects a device always has in their default state (VLAN 1, an unconfigured physical port) are never deleted, nor
is the user the session is logged in as (``overridden`` or ``deleted`` would otherwise lock the tool out of the
device): it is kept as the device has it. Nor are the static routes of the platform's management VRF
(``Platform.management_vrfs``: Junos ``mgmt_junos``, NX-OS ``management``, IOS-XE ``Mgmt-intf`` and ``Mgmt-vrf``),
which carry the tool's own path to a device managed through its management port, unless the data lists routes of
that VRF: then the data is the truth for it (under ``deleted``, the routes it names go).

``DEFAULT_STATE`` is ``overridden`` in every front end (library, CLI, Nornir, Ansible, playbooks): under any other
state an object only the device has (a rogue VLAN in a managed ``vlans`` section) is invisible, so a drift check
would say "no drift" while the device holds configuration the intended state does not contain. Choose ``merged``
explicitly for additive checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from pydantic import BaseModel

from diffsync_automation.enum import DiffSyncFlags
from diffsync_automation.network.adapter import NetworkAdapter
from diffsync_automation.network.device import DeviceAdapter
from diffsync_automation.network.intended import IntendedAdapter
from diffsync_automation.network.models import LIST_OF_ENTRY
from diffsync_automation.network.schema import IntendedState


class State(str, Enum):
    """What a sync may do to the device (see the module docstring)."""

    MERGED = "merged"
    REPLACED = "replaced"
    OVERRIDDEN = "overridden"
    DELETED = "deleted"


DEFAULT_STATE = State.OVERRIDDEN
"""The ``state`` of every front end when none is given (see the module docstring)."""


def build_target(
    state: State,
    intended: IntendedState,
    device: DeviceAdapter,
    intended_class: type[IntendedAdapter] = IntendedAdapter,
) -> tuple[NetworkAdapter, DiffSyncFlags]:
    """The adapter the device should be synced from, and the diff/sync flags, for ``state``."""
    if state is State.DELETED:
        target: NetworkAdapter = _without_listed(intended, device, intended_class)
    else:
        target = intended_class(device.host, intended, device.platform, complete=state is not State.MERGED)
        target.load()
        device.align_to(target)
    if state is State.REPLACED:
        _keep_unlisted(target, device)
    _keep_login_user(target, device)
    _keep_management_routes(target, device, intended)
    flags = DiffSyncFlags.SKIP_UNMATCHED_DST if state is State.MERGED else DiffSyncFlags.NONE
    return target, flags


def _keep_login_user(target: NetworkAdapter, device: DeviceAdapter) -> None:
    """The user the session logs in as, if the device has it and ``target`` does not, copied into ``target``."""
    login = device.session.login_user
    user = device.get_or_none("user", login) if login is not None else None
    if user is not None and target.get_or_none("user", user.get_unique_id()) is None:
        target.add(type(user)(**user.dict(exclude={"adapter", "model_flags"})))


def _keep_management_routes(target: NetworkAdapter, device: DeviceAdapter, intended: IntendedState) -> None:
    """The device's static routes in a management VRF the data lists no route of, copied into ``target``."""
    listed = {route.vrf for route in intended.static_routes or ()}
    kept = device.platform.management_vrfs - listed
    for route in device.get_all("static_route"):
        if getattr(route, "vrf", None) in kept and target.get_or_none("static_route", route.get_unique_id()) is None:
            target.add(type(route)(**route.dict(exclude={"adapter", "model_flags"})))


def _keep_unlisted(target: NetworkAdapter, device: DeviceAdapter) -> None:
    """Copy into ``target`` the objects only the device has, except the entries of a list or process ``target``
    holds (``LIST_OF_ENTRY``): the sync then deletes just those entries and leaves everything else alone."""
    given = {(obj.get_type(), obj.get_unique_id()) for name in target.top_level for obj in target.get_all(name)}
    for model_name in device.top_level:
        for obj in device.get_all(model_name):
            parent = LIST_OF_ENTRY.get(obj.get_type())
            listed = parent is not None and (parent[0], str(getattr(obj, parent[1]))) in given
            if (obj.get_type(), obj.get_unique_id()) not in given and not listed:
                target.add(type(obj)(**obj.dict(exclude={"adapter", "model_flags"})))


def _without_listed(
    intended: IntendedState, device: DeviceAdapter, intended_class: type[IntendedAdapter]
) -> NetworkAdapter:
    """A copy of the device's objects minus those listed in the data (all of a section given as ``[]``)."""
    listed = intended_class(device.host, intended, device.platform, complete=False)
    listed.load()
    device.align_to(listed)
    cleared = {key for key in intended.managed() if _is_list(getattr(intended, key)) and not getattr(intended, key)}
    cleared |= _cleared_entry_lists(intended)
    scalars = {key for key in intended.managed() if isinstance(getattr(intended, key), str)}  # the hostname
    target = intended_class(device.host, IntendedState(), device.platform, name="intended")
    dropped: set[tuple[str, str]] = set()
    for model_name in device.top_level:
        for obj in device.get_all(model_name):
            section = device.origin[(obj.get_type(), obj.get_unique_id())].split("[", 1)[0]
            drop = section in cleared or listed.get_or_none(obj.get_type(), obj.get_unique_id()) is not None
            parent = LIST_OF_ENTRY.get(obj.get_type())
            drop = drop or (parent is not None and (parent[0], str(getattr(obj, parent[1]))) in dropped)
            if section in scalars or not drop:
                target.add(type(obj)(**obj.dict(exclude={"adapter", "model_flags"})))
            else:
                dropped.add((obj.get_type(), obj.get_unique_id()))
    return target


def _cleared_entry_lists(intended: IntendedState) -> set[str]:
    """``ntp_global.servers`` and the like (``NetworkAdapter.entry_lists``) that the data clears: a list given
    empty, or every list of a settings section given as ``{}``."""
    cleared = set()
    for key in intended.managed():
        value = getattr(intended, key)
        if isinstance(value, BaseModel):
            given = value.model_fields_set
            for name in type(value).model_fields:
                if _is_list(getattr(value, name)) and (not given or (name in given and not getattr(value, name))):
                    cleared.add(f"{key}.{name}")
    return cleared


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)
