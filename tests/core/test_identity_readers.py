"""The generated field readers must return exactly what diffsync's pydantic dumps return, for every kind of model."""

from __future__ import annotations

import datetime
import enum
from typing import Any

import diffsync
import pytest
from pydantic import BaseModel, Field, computed_field, field_serializer

import diffsync_automation


class Color(enum.Enum):
    RED = "red"


class Nested(BaseModel):
    a: int = 1


def model_variants(lib: Any) -> dict[str, type]:
    """Model classes of one library covering plain, nested, serialized, computed and excluded fields."""

    class Plain(lib.DiffSyncModel):
        _modelname = "plain"
        _identifiers = ("b", "a")
        _attributes = ("x", "y", "tags")
        a: str
        b: int
        x: float | None = None
        y: bool = False
        tags: list[str] = []

    class Rich(lib.DiffSyncModel):
        _modelname = "rich"
        _identifiers = ("name",)
        _shortname = ("label",)
        _attributes = ("nested", "when", "color", "meta", "hidden")
        name: str
        label: int = 7
        nested: Nested = Nested()
        when: datetime.date = datetime.date(2026, 1, 2)
        color: Color = Color.RED
        meta: dict[str, Any] = {}
        hidden: str = Field(default="secret", exclude=True)

    class Serialized(lib.DiffSyncModel):
        _modelname = "serialized"
        _identifiers = ("name",)
        _attributes = ("value",)
        name: str
        value: int = 3

        @field_serializer("value")
        def double(self, value: int) -> int:
            return value * 2

    class Computed(lib.DiffSyncModel):
        _modelname = "computed"
        _identifiers = ("slug",)
        _attributes = ("name",)
        name: str

        @computed_field  # type: ignore[prop-decorator]
        @property
        def slug(self) -> str:
            return self.name.lower()

    class Overridden(lib.DiffSyncModel):
        _modelname = "overridden"
        _identifiers = ("name",)
        _attributes = ("value",)
        name: str
        value: int = 0

        @classmethod
        def create_unique_id(cls, **identifiers: Any) -> str:
            return "id-" + str(identifiers["name"])

        def get_attrs(self) -> dict[str, Any]:
            return {"value": self.value + 100}

    return {cls.__name__: cls for cls in (Plain, Rich, Serialized, Computed, Overridden)}


INSTANCES: list[tuple[str, dict[str, Any]]] = [
    ("Plain", {"a": "x", "b": 2, "x": 1.5, "y": True, "tags": ["t1", "t2"]}),
    ("Plain", {"a": "y", "b": 3}),
    ("Rich", {"name": "r1", "label": 9, "meta": {"k": [1, 2]}, "nested": {"a": 5}}),
    ("Serialized", {"name": "s", "value": 21}),
    ("Computed", {"name": "MiXed"}),
    ("Overridden", {"name": "o", "value": 1}),
]


@pytest.mark.parametrize(("class_name", "values"), INSTANCES)
def test_identity_methods_match_diffsync(class_name: str, values: dict[str, Any]) -> None:
    ours = model_variants(diffsync_automation)[class_name](**values)
    theirs = model_variants(diffsync)[class_name](**values)
    assert ours.get_identifiers() == theirs.get_identifiers()
    assert list(ours.get_identifiers()) == list(theirs.get_identifiers())
    assert ours.get_attrs() == theirs.get_attrs()
    assert list(ours.get_attrs()) == list(theirs.get_attrs())
    assert ours.get_unique_id() == theirs.get_unique_id()
    assert ours.get_shortname() == theirs.get_shortname()
    assert repr(ours) == repr(theirs)
    assert _flags_as_values(ours.dict()) == _flags_as_values(theirs.dict())
    assert ours.json() == theirs.json()


def _flags_as_values(dumped: dict[str, Any]) -> dict[str, Any]:
    """A model dump with the flag enum (a different class in each library) replaced by its value."""
    return {**dumped, "model_flags": dumped["model_flags"].value}


def test_attribute_lists_are_copies_like_a_dump() -> None:
    model = model_variants(diffsync_automation)["Plain"](a="x", b=1, tags=["t"])
    attrs = model.get_attrs()
    attrs["tags"].append("changed")
    assert model.tags == ["t"]


def test_diff_of_rich_models_matches() -> None:
    """A diff over serialized/nested/computed attributes falls back to pydantic dumps and matches diffsync."""
    outputs = {}
    for library in (diffsync, diffsync_automation):
        classes = model_variants(library)

        class Side(library.Adapter):
            rich = classes["Rich"]
            serialized = classes["Serialized"]
            computed = classes["Computed"]
            top_level = ["rich", "serialized", "computed"]

        src, dst = Side(name="src"), Side(name="dst")
        src.add(classes["Rich"](name="r", meta={"a": 1}, nested={"a": 2}))
        dst.add(classes["Rich"](name="r", meta={"a": 2}))
        src.add(classes["Serialized"](name="s", value=1))
        dst.add(classes["Serialized"](name="s", value=2))
        src.add(classes["Computed"](name="C"))
        diff = dst.diff_from(src)
        outputs[library.__name__] = (diff.str(), diff.dict(), diff.summary())
    assert outputs["diffsync"] == outputs["diffsync_automation"]
