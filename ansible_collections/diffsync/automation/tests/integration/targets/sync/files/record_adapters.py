# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""A tiny adapter pair for the generic mode of diffsync.automation.sync: user records and a JSON file.

``Records`` is the intended side, built from the task's ``data`` (``{name: {uid: ..., shell: ...}}``);
``JsonFile`` is the target, a JSON file of the same shape rewritten once at the end of a sync.
"""

from __future__ import annotations

import json
import os
import typing as t

from diffsync_automation import Adapter, DiffSyncModel


class User(DiffSyncModel):
    """A login account."""

    _modelname = "user"
    _identifiers = ("name",)
    _attributes = ("uid", "shell")

    name: str
    uid: int
    shell: str = "/bin/sh"


class Records(Adapter):
    """Intended side: the records handed over by the play."""

    user = User
    top_level = ["user"]

    def __init__(self, records: t.Mapping[str, t.Mapping[str, t.Any]], **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.records = records

    @classmethod
    def from_host_data(cls, host: str, data: t.Mapping[str, t.Mapping[str, t.Any]]) -> Records:
        """Build from the task's ``data`` option (the generic mode's source protocol)."""
        return cls(data, name="intended")

    def load(self) -> None:
        for name, attrs in sorted(self.records.items()):
            self.add(User(name=name, **attrs))


class JsonFile(Adapter):
    """Target side: a JSON file; a missing file is an empty set of users."""

    user = User
    top_level = ["user"]

    def __init__(self, path: str, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.path = path

    def load(self) -> None:
        if not os.path.exists(self.path):
            return
        with open(self.path, encoding="utf-8") as handle:
            for name, attrs in sorted(json.load(handle).items()):
                self.add(User(name=name, **attrs))

    def records(self) -> dict[str, dict[str, t.Any]]:
        """The users as stored in the file."""
        return {user.name: {"uid": user.uid, "shell": user.shell} for user in self.get_all("user")}

    def sync_complete(self, source: t.Any, diff: t.Any, flags: t.Any = None, logger: t.Any = None) -> None:
        temporary = self.path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.records(), handle, indent=2, sort_keys=True)
        os.replace(temporary, self.path)
