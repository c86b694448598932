"""One measurement in a fresh interpreter: ``python -m benchmarks.child '<RunSpec JSON>'``.

A fresh process per (library, scenario, size) keeps the peak RSS per library and free of the other library's
garbage. The child prints its result as ``BENCH-RESULT <json>`` lines after every phase, so a parent that kills it on
timeout still keeps the phases that finished.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

from benchmarks.models import DISTRIBUTIONS, Bench, build, load, silence_structlog
from benchmarks.workload import FIXED_COST_SHAPE, TREE_SHAPE, Shape, Workload, generate, wide_shape

RESULT_PREFIX = "BENCH-RESULT "
PIPELINE_PHASES = ("load", "diff", "sync")


@dataclass(frozen=True)
class RunSpec:
    """What one child measures."""

    library: str
    scenario: str  # "tree", "wide" or "fixed"
    size: int  # objects per side ("tree"), children of the single parent ("wide"), ignored for "fixed"
    repeat: int = 1
    phases: tuple[str, ...] = PIPELINE_PHASES
    fixed_repeat: int = 1000
    gc_freeze: bool = False

    def to_json(self) -> str:
        """Serialise for the child's command line."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> RunSpec:
        """Parse the child's command line."""
        data = json.loads(text)
        data["phases"] = tuple(data["phases"])
        return cls(**data)

    @property
    def variant(self) -> str:
        """Label of the GC regime: users run with gc enabled; the frozen variant is reported separately."""
        return "gc-frozen-after-load" if self.gc_freeze else "default"


def rss_mb() -> float:
    """Current resident set size of this process, in MiB."""
    rss: int = psutil.Process().memory_info().rss
    return rss / 2**20


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ``clear_refs`` 5), so import-time spikes do not count as peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """Peak resident set size in MiB: VmHWM (resettable) where available, else the lifetime ru_maxrss."""
    try:
        match = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text())
    except OSError:
        match = None
    kib = int(match.group(1)) if match else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


def digest(value: Any, sort_keys: bool = False) -> str:
    """Short stable fingerprint of a JSON-able structure, used to cross-check both libraries' outputs."""
    text = json.dumps(value, sort_keys=sort_keys, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def stats(samples: list[float]) -> dict[str, Any]:
    """Median plus spread; the raw samples are kept only when there are few of them."""
    out: dict[str, Any] = {"median_s": statistics.median(samples), "min_s": min(samples), "n": len(samples)}
    if len(samples) <= 10:
        out["runs_s"] = samples
    else:
        out["mean_s"] = statistics.fmean(samples)
        deciles = statistics.quantiles(samples, n=10)
        out["p10_s"], out["p90_s"] = deciles[0], deciles[-1]
    return out


def emit(result: dict[str, Any]) -> None:
    """Publish the result so far (the parent keeps the last line it received)."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


def timed(action: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class Stopwatch:
    """Wall time (what users wait for) plus this process's CPU time (to spot contention on a shared machine)."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self, phase: str, wall: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
        """Append the elapsed wall and CPU seconds of `phase`."""
        wall[phase].append(time.perf_counter() - self.wall)
        cpu[phase].append(time.process_time() - self.cpu)


def record_outputs(result: dict[str, Any], source: Any, target: Any, diff: Any, synced: bool) -> None:
    """Fingerprint the diff and the synced target (outside any timed region) for the cross-library check."""
    result["check"] = {
        "summary": diff.summary(),
        "diff_elements": len(diff),
        "diff_digest": digest(diff.dict()),
        "source_digest": digest(source.dict(), sort_keys=True),
    }
    if synced:
        result["check"]["synced_target_digest"] = digest(target.dict(), sort_keys=True)


def measure_pipeline(bench: Bench, spec: RunSpec, workload: Workload, result: dict[str, Any]) -> None:
    """Load both sides, ``diff_from``, then ``sync_from(diff=...)``; memory checkpoints in the first repetition."""
    do_diff = "diff" in spec.phases or "sync" in spec.phases
    do_sync = "sync" in spec.phases
    samples: dict[str, list[float]] = {"load": [], "diff": [], "sync": []}
    cpu: dict[str, list[float]] = {"load": [], "diff": [], "sync": []}

    def publish() -> None:
        """Emit what is known so far, so a timeout after a phase still keeps that phase."""
        result["phases"] = {
            name: {**stats(values), "cpu_median_s": statistics.median(cpu[name])}
            for name, values in samples.items()
            if values
        }
        emit(result)

    gc.collect()
    memory = result["memory"] = {"baseline_rss_mb": rss_mb(), "peak_reset_at_baseline": reset_peak_rss()}
    for rep in range(spec.repeat):
        first = rep == 0
        clock = Stopwatch()
        source = load(bench, workload.source, "source")
        target = load(bench, workload.target, "target")
        clock.lap("load", samples, cpu)
        if first:
            memory["after_load_rss_mb"] = rss_mb()
            result["objects"] = {"source": len(source), "target": len(target)}
            publish()
        if spec.gc_freeze:
            gc.freeze()
        diff = None
        if do_diff:
            clock = Stopwatch()
            diff = target.diff_from(source)
            clock.lap("diff", samples, cpu)
            if first:
                memory["after_diff_rss_mb"] = rss_mb()
                publish()
        if do_sync:
            clock = Stopwatch()
            target.sync_from(source, diff=diff)
            clock.lap("sync", samples, cpu)
        if first:
            memory["peak_rss_mb"] = peak_rss_mb()
            memory["peak_growth_mb"] = memory["peak_rss_mb"] - memory["baseline_rss_mb"]
            if diff is not None:
                record_outputs(result, source, target, diff, synced=do_sync)
        publish()
        del source, target, diff
        gc.unfreeze()
        gc.collect()


def _load_pair(bench: Bench, workload: Workload) -> tuple[Any, Any]:
    return load(bench, workload.source, "source"), load(bench, workload.target, "target")


def measure_fixed(bench: Bench, spec: RunSpec, result: dict[str, Any]) -> None:
    """Per-call fixed cost on ~100-object adapters, the per-device pattern of Nornir and Ansible tasks."""
    workload = generate(FIXED_COST_SHAPE.objects_per_site, FIXED_COST_SHAPE)
    load_samples = [timed(lambda: _load_pair(bench, workload)) for _ in range(spec.fixed_repeat)]
    source, target = _load_pair(bench, workload)
    result["objects"] = {"source": len(source), "target": len(target)}
    diff_samples = [timed(lambda: target.diff_from(source)) for _ in range(spec.fixed_repeat)]
    diff = target.diff_from(source)
    result["phases"] = {"fixed_load": stats(load_samples), "fixed_diff": stats(diff_samples)}
    record_outputs(result, source, target, diff, synced=False)
    result["memory"] = {"peak_rss_mb": peak_rss_mb()}
    emit(result)


def library_version(bench: Bench, name: str) -> str:
    """Installed distribution version (falls back to ``__version__``); ours says whether its compiled kernel ran."""
    try:
        version = metadata.version(DISTRIBUTIONS[name])
    except metadata.PackageNotFoundError:
        version = str(getattr(bench.library, "__version__", "unknown"))
    if name == "diffsync_automation":
        from diffsync_automation._engine import compiled as _compiled

        version += " (compiled kernel)" if _compiled.speedups is not None else " (pure Python)"
    return version


def source_fingerprint(bench: Bench) -> str:
    """Digest of the library's .py/.pyx files: tells whether two runs measured the same code (no commit needed)."""
    root = Path(str(bench.library.__file__)).parent
    sha = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.pyx")]):
        sha.update(path.relative_to(root).as_posix().encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:12]


def shape_for(spec: RunSpec) -> Shape:
    """Tree fan-out of the scenario."""
    return wide_shape(spec.size) if spec.scenario == "wide" else TREE_SHAPE


def main(argv: list[str]) -> int:
    """Run the measurement described by argv[1] and stream results to stdout."""
    spec = RunSpec.from_json(argv[1])
    silence_structlog()
    bench = build(spec.library)
    result: dict[str, Any] = {
        "scenario": spec.scenario,
        "library": spec.library,
        "version": library_version(bench, spec.library),
        "source_fingerprint": source_fingerprint(bench),
        "size": spec.size,
        "variant": spec.variant,
        "repeat": spec.repeat,
        "status": "running",
    }
    if spec.scenario == "fixed":
        result["repeat"] = spec.fixed_repeat
        measure_fixed(bench, spec, result)
    else:
        shape = shape_for(spec)
        workload = generate(spec.size if spec.scenario == "tree" else shape.objects_per_site, shape)
        measure_pipeline(bench, spec, workload, result)
    result["status"] = "ok"
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
