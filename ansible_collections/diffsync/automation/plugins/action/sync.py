# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Controller side of diffsync.automation.sync: the whole task runs here, in the controller's Python.

It reads the host's intended state and connection details from its inventory variables (templated, so Jinja
in group_vars works), then diffs and syncs in this process: no module is shipped to the device, which has
no Python. Check mode and diff mode come from the task.
"""

from __future__ import annotations

import typing as t

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase

from ansible_collections.diffsync.automation.plugins.module_utils.hostvars import CONNECTION_VARS
from ansible_collections.diffsync.automation.plugins.module_utils.runner import run_sync
from ansible_collections.diffsync.automation.plugins.module_utils.spec import (
    COMPLIANCE_KEYS,
    INTENDED_KEYS,
    RETIRED_KEYS,
    validation_kwargs,
)

_ANSIBLE_OWN = (
    "ansible_",
    "hostvars",
    "groups",
    "group_names",
    "inventory_",
    "play_",
    "playbook_",
    "role_",
    "omit",
    "environment",
    "vars",
    "lookup_plugins",
    "module_setup",
)
"""Prefixes of Ansible's own variables, never part of a template's host data."""


class ActionModule(ActionBase):
    """Runs the sync for the task's host on the controller."""

    TRANSFERS_FILES = False
    _requires_connection = False  # the library opens its own SSH session; no persistent connection needed
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp: t.Any = None, task_vars: dict[str, t.Any] | None = None) -> dict[str, t.Any]:
        task_vars = task_vars or {}
        result: dict[str, t.Any] = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(**validation_kwargs())
        host = str(task_vars.get("inventory_hostname", "localhost"))
        result.update(
            run_sync(
                host,
                args,
                self._host_vars(task_vars),
                check_mode=bool(self._task.check_mode),
                diff_mode=bool(self._task.diff),
            )
        )
        return result

    def _host_vars(self, task_vars: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
        """The variables the sync reads, templated (task_vars hold them raw). An intended configuration template
        is rendered with every host variable that templates cleanly (Ansible's own variables left out)."""
        names = list(INTENDED_KEYS + RETIRED_KEYS + CONNECTION_VARS + COMPLIANCE_KEYS) + ["inventory_dir"]
        if task_vars.get("intended_config_template") is not None:
            names += [name for name in task_vars if name not in names and not name.startswith(_ANSIBLE_OWN)]
        found: dict[str, t.Any] = {}
        for name in names:
            if name not in task_vars:
                continue
            try:
                found[name] = self._templar.template(task_vars[name])
            except AnsibleError:
                if name in INTENDED_KEYS + CONNECTION_VARS + COMPLIANCE_KEYS:
                    raise
        return found
