"""The ``diff`` text of a Nornir ``Result``: one block per changed object, named as Ansible and the reports name it.

``print_result`` shows ``Result.diff`` as it is, so it should read like the other front ends: ``vlan 20 (update)``
or ``static_route 10.99.0.0/16 172.16.0.1 (create)`` (not diffsync's internal ``10.99.0.0/16__172.16.0.1``),
then the attributes that change, ``-`` the device's value and ``+`` the intended one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from diffsync_automation.network.changes import Change


def readable_diff(changes: Iterable[Change]) -> str:
    """The changes in push order, one block each; empty when nothing differs."""
    return "\n".join(line for change in changes for line in _block(change))


def _block(change: Change) -> Iterable[str]:
    yield f"{change.label} ({change.action})"
    if change.action == "delete":
        return
    for attribute, value in change.after.items():
        if change.action == "update":
            yield f"  - {attribute}: {_shown(change.before.get(attribute))}"
        yield f"  + {attribute}: {_shown(value)}"


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
