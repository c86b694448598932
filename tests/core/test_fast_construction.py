"""Building a model without pydantic's validator must give exactly the instance pydantic builds, or not happen."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from diffsync_automation import Adapter, DiffSyncModel, DiffSyncModelFlags
from diffsync_automation._engine import construction
from diffsync_automation._engine.sharing import shared_field_set
from tests.engine_modes import BUILT


class Port(DiffSyncModel):
    _modelname = "port"
    _identifiers = ("device", "name")
    _attributes = ("mtu", "speed", "enabled", "note")
    _children = {"port": "subports"}

    device: str
    name: str
    mtu: int = 1500
    speed: float = 1.0
    enabled: bool = True
    note: str | None = None
    subports: list[str] = []


class Checked(DiffSyncModel):
    _modelname = "checked"
    _identifiers = ("name",)
    name: str

    @field_validator("name")
    @classmethod
    def upper(cls, value: str) -> str:
        return value.upper()


class Aliased(DiffSyncModel):
    _modelname = "aliased"
    _identifiers = ("name",)
    name: str = Field(alias="Name")


class Stripped(DiffSyncModel):
    _modelname = "stripped"
    _identifiers = ("name",)
    model_config = ConfigDict(str_strip_whitespace=True)
    name: str


def by_pydantic(cls: type[DiffSyncModel], **data: Any) -> DiffSyncModel:
    """The instance pydantic's own validator builds from ``data``."""
    instance = cls.__new__(cls)
    BaseModel.__init__(instance, **data)
    return instance


def assert_same(cls: type[DiffSyncModel], **data: Any) -> None:
    built, reference = cls(**data), by_pydantic(cls, **data)
    assert list(built.__dict__.items()) == list(reference.__dict__.items())
    for name, value in built.__dict__.items():
        assert type(value) is type(reference.__dict__[name])
    assert built.__pydantic_fields_set__ == reference.__pydantic_fields_set__
    assert built.__pydantic_extra__ == reference.__pydantic_extra__
    assert built.__pydantic_private__ == reference.__pydantic_private__
    assert built.model_dump() == reference.model_dump()


@pytest.mark.parametrize(
    "data",
    [
        {"device": "r1", "name": "eth0"},
        {"device": "r1", "name": "eth0", "mtu": 9000, "speed": 2.5, "enabled": False, "note": "x"},
        {"device": "r1", "name": "eth0", "mtu": True, "speed": 10, "enabled": 1},  # pydantic converts these
        {"device": "r1", "name": "eth0", "note": None, "subports": ["a", "b"]},
        {"device": "r1", "name": "eth0", "unknown": 1},  # ignored by pydantic
        {"device": "r1", "name": "eth0", "model_flags": DiffSyncModelFlags.IGNORE},
        {"device": "r1", "name": "eth0", "adapter": None},
    ],
)
def test_same_instance_as_pydantic(data: dict[str, Any]) -> None:
    assert Port._fast_init is not None
    assert_same(Port, **data)


@pytest.mark.parametrize("implementation", ["python", "compiled"])
def test_both_initialisers_fill_alike(implementation: str) -> None:
    """The class keeps the kernel's initialiser if it was built when the class was defined: check each one."""
    specs = construction.field_specs(Port)
    private = by_pydantic(Port, device="r1", name="e").__pydantic_private__
    assert specs is not None and private is not None
    if implementation == "compiled":
        if BUILT is None:
            pytest.skip("kernel not built")
        fill = BUILT.FastInit(specs, private, shared_field_set)
    else:
        fill = construction.python_init(specs, private, "Port")
    for data in ({"device": "r1", "name": "e", "mtu": 9000, "adapter": None}, {"device": "r1", "name": "e"}):
        instance = Port.__new__(Port)
        assert fill(instance, dict(data)) is True
        reference = by_pydantic(Port, **data)
        assert list(instance.__dict__.items()) == list(reference.__dict__.items())
        assert instance.__pydantic_fields_set__ == reference.__pydantic_fields_set__
    for data in ({"device": "r1"}, {"device": "r1", "name": "e", "x": 1}, {"device": "r1", "name": "e", "mtu": 1.0}):
        instance = Port.__new__(Port)
        assert fill(instance, dict(data)) is False
        assert vars(instance) == {}  # checked before anything is written: pydantic starts from a blank instance


def test_adapter_given_and_fresh_list_defaults() -> None:
    adapter = Adapter()
    assert_same(Port, device="r1", name="eth0", adapter=adapter)
    first, second = Port(device="r1", name="a"), Port(device="r1", name="b")
    assert first.subports == [] and first.subports is not second.subports
    assert first.adapter is None and Port(device="r1", name="c", adapter=adapter).adapter is adapter


@pytest.mark.parametrize(
    "data",
    [{"device": "r1"}, {"device": "r1", "name": 5}, {"device": "r1", "name": "e", "mtu": "big"}, {"adapter": 3}],
)
def test_invalid_input_gets_pydantic_errors(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as fast_error:
        Port(**data)
    with pytest.raises(ValidationError) as reference_error:
        by_pydantic(Port, **data)
    assert fast_error.value.errors() == reference_error.value.errors()


@pytest.mark.parametrize(
    ("cls", "data", "expected"),
    [(Checked, {"name": "a"}, "A"), (Aliased, {"Name": "a"}, "a"), (Stripped, {"name": " a "}, "a")],
)
def test_validators_aliases_and_config_keep_pydantic(
    cls: type[DiffSyncModel], data: dict[str, Any], expected: str
) -> None:
    assert cls._fast_init is None
    assert cls(**data).name == expected  # type: ignore[attr-defined]
