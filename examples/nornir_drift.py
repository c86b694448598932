"""Check every device of a Nornir inventory for drift; ``--apply`` fixes it. Exit code 0 in sync, 2 drift, 1 failed."""

import sys

from nornir import InitNornir
from nornir_utils.plugins.functions import print_result

from nornir_plugins import DriftReportProcessor, diffsync_sync


def main(config_file: str, apply: bool) -> int:
    drift = DriftReportProcessor()
    with InitNornir(config_file=config_file, dry_run=not apply) as nr:
        result = nr.with_processors([drift]).run(task=diffsync_sync)  # state="overridden": extra objects are drift
        if hasattr(nr.runner, "close"):
            nr.runner.close()  # the dask runner: disconnect, stop a local cluster
    print_result(result)
    totals = drift.report.totals
    print(f"in sync: {totals.in_sync}, drift: {totals.drift}, synced: {totals.synced}, failed: {totals.error}")
    return drift.report.exit_code


# The guard lets the dask runner's local cluster start: its worker processes import this file again, and
# must not run the check themselves (see docs/scale.md).
if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--apply" in sys.argv))  # e.g. inventory/nornir.yaml
