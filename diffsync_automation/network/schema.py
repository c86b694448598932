"""The intended-state schema: the keys of host data (Nornir ``data``, Ansible hostvars) this package manages.

Every key is optional; an absent key (or ``null``) means "not managed": the device adapter neither loads nor
changes that part of the configuration. Other keys of the host data are ignored, but inside a managed section
unknown keys are errors. ``validate_host_data`` turns pydantic's errors into an ``IntendedStateError`` that names
the host, the path in the data and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from ipaddress import IPv4Address, IPv4Network
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from diffsync_automation.network.cli_text import text_problems
from diffsync_automation.network.errors import IntendedStateError, Problem

_HOSTNAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,62}")
_NO_SPACE = re.compile(r"\S+")


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


def _ipv4_prefix(value: str) -> str:
    try:
        return str(IPv4Network(value))
    except ValueError as exc:
        raise _error(f"{value!r} is not an IPv4 prefix like 10.1.0.0/16 ({exc})") from exc


Hostname = Annotated[str, AfterValidator(_hostname)]
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


class InterfaceData(SectionItem):
    """``interfaces`` entry; ``access_vlan`` null means a routed port, ``mtu`` null the platform default.

    Attributes left out are not managed under ``state: merged`` and take their default under ``replaced`` and
    ``overridden`` (for ``access_vlan`` the default depends on the interface kind, see docs/network.md).
    """

    identifiers: ClassVar[tuple[str, ...]] = ("name",)

    name: Annotated[str, Field(min_length=1), AfterValidator(_single_word)]
    description: Annotated[str, Field(max_length=240)] = ""
    enabled: bool = True
    access_vlan: VlanId | None = None
    mtu: Annotated[int, Field(ge=68, le=65535)] | None = None


class StaticRouteData(SectionItem):
    """``static_routes`` entry; a prefix may appear once per next hop."""

    identifiers: ClassVar[tuple[str, ...]] = ("prefix", "next_hop")

    prefix: Ipv4Prefix
    next_hop: Ipv4Address
    distance: Annotated[int, Field(ge=1, le=255)] = 1


class IntendedState(BaseModel):
    """The managed sections of one host. Subclass it to add sections for your own models."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    device_hostname: Hostname | None = None
    vlans: list[VlanData] | None = None
    interfaces: list[InterfaceData] | None = None
    ntp_servers: list[Ipv4Address] | None = None
    static_routes: list[StaticRouteData] | None = None

    def managed(self) -> frozenset[str]:
        """Sections present in the data with a non-null value."""
        return frozenset(
            key for key in type(self).model_fields if key in self.model_fields_set and getattr(self, key) is not None
        )

    def plain(self) -> dict[str, Any]:
        """JSON-ready data of the managed sections, every attribute spelled out."""
        return self.model_dump(mode="json", include=set(self.managed()))


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


def format_path(location: tuple[int | str, ...]) -> str:
    """``('interfaces', 2, 'mtu')`` -> ``interfaces[2].mtu``."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(host data)"


def validate_host_data(
    host: str, data: Mapping[str, Any], schema: type[IntendedState] = IntendedState, *, to_delete: bool = False
) -> IntendedState:
    """Validate the managed sections of ``data``; raise ``IntendedStateError`` listing every problem.

    ``to_delete`` (``state: deleted``) requires of list entries only their identifiers (``identifiers_only``).

    Every string of every section the schema declares (subclasses' own sections included) must be text a device's
    line editor stores as typed (``cli_text``); such a problem replaces pydantic's at the same path.
    """
    if not isinstance(data, Mapping):
        raise IntendedStateError(host, [Problem("(host data)", f"must be a mapping, not {type(data).__name__}")])
    sections = {key: data[key] for key in schema.model_fields if key in data}
    problems = [Problem(format_path(location), message) for location, message in text_problems(sections)]
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
