"""The faster private-attribute initialisation must give the same models as pydantic's, and respect user hooks."""

from __future__ import annotations

from typing import Any

from pydantic import PrivateAttr

from diffsync_automation import DiffSyncModel, DiffSyncStatus


class Parent(DiffSyncModel):
    _modelname = "parent"
    _identifiers = ("name",)
    name: str


class Child(Parent):
    _modelname = "child"


class WithHook(DiffSyncModel):
    _modelname = "hook"
    _identifiers = ("name",)
    name: str
    _seen: list[str] = PrivateAttr(default_factory=list)

    def model_post_init(self, context: Any, /) -> None:
        self._seen.append(self.name)


class HookSubclass(WithHook):
    _modelname = "hooksub"


def test_default_status_and_equality() -> None:
    first, second = Child(name="a"), Child(name="a")
    assert first.get_status() == (DiffSyncStatus.SUCCESS, "")
    assert first == second
    first.set_status(DiffSyncStatus.FAILURE, "boom")
    assert first.get_status() == (DiffSyncStatus.FAILURE, "boom")
    assert first != second
    assert second.get_status() == (DiffSyncStatus.SUCCESS, "")


def test_private_defaults_are_not_shared_between_instances() -> None:
    first, second = Parent(name="a"), Parent(name="b")
    first.set_status(DiffSyncStatus.ERROR, "x")
    assert second.get_status() == (DiffSyncStatus.SUCCESS, "")


def test_user_post_init_and_mutable_private_defaults_still_run() -> None:
    model = HookSubclass(name="n")
    assert model._seen == ["n"]
    assert HookSubclass(name="m")._seen == ["m"]
    assert model.get_status() == (DiffSyncStatus.SUCCESS, "")
