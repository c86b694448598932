"""The max-deletes guard: a sync deleting more than N objects is refused unless forced."""

from __future__ import annotations

from typing import Any

import pytest
from network_helpers import live, run

pytestmark = pytest.mark.lab


def test_sync_over_the_limit_is_refused_and_nothing_is_pushed(rig: Any) -> None:
    before = live(rig)
    result = run(rig, state="overridden", dry_run=False, max_deletes=1)
    assert [error.kind for error in result.errors] == ["max_deletes"]
    assert "would delete 2 objects, more than max_deletes=1" in result.errors[0].message
    assert "force=True" in result.errors[0].message
    assert not result.pushed and result.applied == [] and not result.changed
    assert {change.status for change in result.changes} == {"pending"}
    assert live(rig) == before


def test_force_lets_the_sync_through(rig: Any) -> None:
    result = run(rig, state="overridden", dry_run=False, max_deletes=1, force=True)
    assert not result.failed and result.verified
    assert 99 not in rig.device.state.vlans


def test_a_sync_within_the_limit_is_allowed(rig: Any) -> None:
    result = run(rig, state="overridden", dry_run=False, max_deletes=2)
    assert not result.failed and result.verified


def test_merged_never_deletes_so_the_guard_never_trips(rig: Any) -> None:
    result = run(rig, state="merged", dry_run=False, max_deletes=0)
    assert not result.failed and result.verified


def test_dry_run_warns_instead_of_failing(rig: Any) -> None:
    result = run(rig, state="overridden", dry_run=True, max_deletes=0)
    assert not result.failed
    assert result.warnings == ["a sync would delete 2 objects, more than max_deletes=0"]
