"""Running ``ansible-test`` from the tests: offline, and one run at a time per machine.

ansible-test bootstraps pip in each sanity virtualenv with ``~/.ansible/test/cache/get_pip_<version>.py`` and
downloads that script from ci-files.testing.ansible.com only when the file is missing (``bootstrap`` in
ansible_test/_util/target/setup/requirements.py); ``offline_get_pip.py`` is put there first, so nothing is
downloaded. The sanity virtualenvs live in ``~/.ansible/test/venv`` and a run that finds one half made removes
and rebuilds it, so two runs at once (two test sessions on one machine, or two pytest-xdist workers) break each
other: every run holds an exclusive lock on a file next to them.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ansible_helpers import BIN, Run, run

STAND_IN = Path(__file__).with_name("offline_get_pip.py")
LOCK_NAME = "diffsync-automation-tests.lock"
TIMEOUT = 1100.0
"""A hang guard, inside pytest's per-test timeout: the first sanity run on a machine builds its virtualenvs."""


def ansible_test_home() -> Path:
    """Where ansible-test keeps its caches and virtualenvs (it expands ``~`` the same way)."""
    return Path.home() / ".ansible" / "test"


def get_pip_cache() -> Path:
    """The cached get-pip script ansible-test uses for this Python, instead of downloading it."""
    from ansible_test._internal.python_requirements import get_venv_packages

    class Python:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"

    version = get_venv_packages(Python())["pip"]  # type: ignore[arg-type]
    return ansible_test_home() / "cache" / f"get_pip_{version.replace('.', '_')}.py"


@contextmanager
def machine_lock() -> Iterator[None]:
    """Exclusive use of ansible-test's shared state on this machine, waiting for any other holder."""
    ansible_test_home().mkdir(parents=True, exist_ok=True)
    with open(ansible_test_home() / LOCK_NAME, "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def install_get_pip_stand_in() -> None:
    """Put the stand-in where ansible-test looks, unless a script is already there (written whole or not at all)."""
    cache = get_pip_cache()
    if cache.exists():
        return
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    partial.write_bytes(STAND_IN.read_bytes())
    partial.replace(cache)


def ansible_test(copy: Path, *args: str) -> Run:
    """``ansible-test <args>`` in the collection copy ``copy``, holding the machine lock."""
    env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))
    with machine_lock():
        install_get_pip_stand_in()
        return run([str(BIN / "ansible-test"), *args], env, cwd=copy, timeout=TIMEOUT)
