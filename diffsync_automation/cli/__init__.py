"""The ``diffsync-automation`` command line (the commands live in ``cli.app``).

The entry point imports the command line inside ``main``, so a missing optional library (typer, rich, nornir,
netmiko, ...) ends in one line naming the ``pip install`` that fixes it, not a traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point: exit codes 0 / 2 (drift) / 1 (error, a missing extra included)."""
    from diffsync_automation.cli.extras import missing_extra_message

    try:
        from diffsync_automation.cli.app import run

        run()
    except ModuleNotFoundError as exc:
        print(missing_extra_message(exc, sys.argv[1:]), file=sys.stderr)
        sys.exit(1)
