"""One line naming the ``pip install`` that fixes a missing optional dependency, instead of a traceback.

The core package installs without the command line's libraries; each command needs some extras: the drift
commands ``[cli,network,nornir]``, ``lab`` ``[lab]``, a dask cluster ``[dask]``, an Ansible inventory ``[ansible]``.
"""

from __future__ import annotations

from collections.abc import Sequence

COMMAND_EXTRAS = {"lab": "lab"}
DEFAULT_EXTRAS = "cli,network,nornir"
MODULE_EXTRAS = {"dask": "dask", "distributed": "dask", "ansible": "ansible", "redis": "redis"}
"""Top-level modules only one extra brings, whatever the command."""


def extras_for(module: str | None, argv: Sequence[str]) -> str:
    """The extras to install when ``module`` is missing while running the command in ``argv``."""
    top = (module or "").split(".")[0]
    if top in MODULE_EXTRAS:
        return MODULE_EXTRAS[top]
    command = next((arg for arg in argv if not arg.startswith("-")), "")
    return COMMAND_EXTRAS.get(command, DEFAULT_EXTRAS)


def missing_extra_message(error: ModuleNotFoundError, argv: Sequence[str]) -> str:
    """``error: module 'netmiko' is not installed; fix: pip install "diffsync-automation[cli,network,nornir]"``."""
    module, extras = error.name or str(error), extras_for(error.name, argv)
    return f'error: module {module!r} is not installed; fix: pip install "diffsync-automation[{extras}]"'
