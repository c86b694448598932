"""Check every device of a Nornir inventory for drift; ``--apply`` fixes it. Exit code 0 in sync, 2 drift, 1 failed."""

import sys

from nornir import InitNornir
from nornir_utils.plugins.functions import print_result

from nornir_plugins import DriftReportProcessor, diffsync_sync

config_file, apply = sys.argv[1], "--apply" in sys.argv  # e.g. inventory/nornir.yaml
drift = DriftReportProcessor()
with InitNornir(config_file=config_file, dry_run=not apply) as nr:
    result = nr.with_processors([drift]).run(task=diffsync_sync, state="merged")
print_result(result)
totals = drift.report.totals
print(f"in sync: {totals.in_sync}, drift: {totals.drift}, synced: {totals.synced}, failed: {totals.error}")
sys.exit(drift.report.exit_code)
