"""The results file: merge runs across invocations and cross-check that both libraries produced the same outputs."""

from __future__ import annotations

import datetime
import json
import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

RESULTS_FILE = "benchmark.json"
SCENARIOS = ("tree", "wide", "fixed")
CHECK_FIELDS = ("summary", "diff_elements", "diff_digest", "source_digest", "synced_target_digest")

Run = dict[str, Any]
RunKey = tuple[str, str, int, str]


def run_key(run: Run) -> RunKey:
    """Identity of a measurement: a newer run with the same key replaces the older one."""
    return (run["scenario"], run["library"], int(run["size"]), run["variant"])


def _sort_key(run: Run) -> tuple[int, str, int, str]:
    return (SCENARIOS.index(run["scenario"]), run["variant"], int(run["size"]), run["library"])


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment() -> dict[str, Any]:
    """Machine and dependency versions, so a reader can judge the numbers."""
    return {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "pydantic": metadata.version("pydantic"),
        "structlog": metadata.version("structlog"),
    }


def read(path: Path) -> list[Run]:
    """Runs stored in `path` (none if the file does not exist yet)."""
    if not path.exists():
        return []
    runs: list[Run] = json.loads(path.read_text())["runs"]
    return runs


def merge(old: list[Run], new: list[Run]) -> list[Run]:
    """Old runs overwritten by new runs with the same key, in a stable order."""
    by_key = {run_key(run): run for run in old}
    by_key.update((run_key(run), run) for run in new)
    return sorted(by_key.values(), key=_sort_key)


@dataclass(frozen=True)
class Check:
    """Cross-library comparison of one (scenario, size, variant)."""

    scenario: str
    size: int
    variant: str
    status: str  # "identical", "MISMATCH" or "not compared"
    detail: str


def cross_check(runs: list[Run]) -> list[Check]:
    """Compare summary(), len(diff) and output digests of every measurement both libraries completed."""
    groups: dict[tuple[str, int, str], dict[str, Run]] = {}
    for run in runs:
        groups.setdefault((run["scenario"], int(run["size"]), run["variant"]), {})[run["library"]] = run
    checks = []
    for (scenario, size, variant), by_lib in groups.items():
        outputs = [run.get("check") for run in by_lib.values()]
        if len(by_lib) < 2 or any(output is None for output in outputs):
            missing = sorted(lib for lib, run in by_lib.items() if run.get("check") is None)
            detail = f"no output from {', '.join(missing)}" if missing else "only one library measured"
            checks.append(Check(scenario, size, variant, "not compared", detail))
            continue
        first, *others = [output for output in outputs if output is not None]
        differing = [f for f in CHECK_FIELDS if any(other.get(f) != first.get(f) for other in others)]
        status = "MISMATCH" if differing else "identical"
        detail = f"differs: {', '.join(differing)}" if differing else f"summary {first['summary']}"
        checks.append(Check(scenario, size, variant, status, detail))
    return checks


def write(path: Path, runs: list[Run], checks: list[Check]) -> None:
    """Write the merged results (timestamp-free file name, so re-runs overwrite it)."""
    payload = {
        "environment": environment(),
        "runs": runs,
        "checks": [check.__dict__ for check in checks],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n")
