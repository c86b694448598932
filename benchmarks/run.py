"""``python -m benchmarks.run``: measure both libraries side by side, then write JSON, Markdown, PNG and the doc.

Every (library, scenario, size) runs in its own child process with a timeout. Results are merged into
``<output-dir>/benchmark.json`` (a re-run replaces only the measurements it repeats), then the Markdown table and
plots are regenerated from the merged file. Exit status 2 flags outputs that differ between the libraries.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import plot, report, results
from benchmarks.child import PIPELINE_PHASES, RunSpec
from benchmarks.models import LIBRARIES
from benchmarks.runner import REPO_ROOT, run_child

ALL_PHASES = (*PIPELINE_PHASES, "fixed", "wide")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
DEFAULT_WIDE = (5_000, 10_000, 20_000)
SMOKE_SIZES = (1000,)
SMOKE_WIDE = (100, 400)
TABLE_FILE = "benchmark.md"


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part)


def _names(choices: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        names = tuple(part for part in text.split(",") if part)
        unknown = [name for name in names if name not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {unknown}; choose from {', '.join(choices)}")
        return names

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", type=_ints, help="tree sizes, objects per side (default 10000,100000,1000000)")
    parser.add_argument("--wide-sizes", type=_ints, help="children of the single parent (default 5000,10000,20000)")
    parser.add_argument("--libraries", type=_names(LIBRARIES), default=LIBRARIES, help="comma list (default both)")
    parser.add_argument("--phases", type=_names(ALL_PHASES), default=ALL_PHASES, help=f"comma list of {ALL_PHASES}")
    parser.add_argument("--repeat", type=int, help="repetitions per tree size (default 5 ≤10k, 3 ≤100k, else 1)")
    parser.add_argument("--fixed-repeat", type=int, help="calls in the fixed-cost case (default 1000)")
    parser.add_argument("--timeout", type=float, help="seconds per child process (default 900)")
    parser.add_argument("--max-baseline-size", type=int, help="do not run diffsync on trees larger than this")
    parser.add_argument("--gc-freeze", action="store_true", help="also measure the gc.freeze()-after-load variant")
    parser.add_argument("--output-dir", type=Path, help="JSON + Markdown (default benchmarks/results)")
    parser.add_argument("--img-dir", type=Path, help="PNG plots (default docs/img, or the output dir with --smoke)")
    parser.add_argument("--doc", type=Path, help="doc to update between markers (default docs/performance.md)")
    parser.add_argument("--no-doc", action="store_true", help="do not touch the doc")
    parser.add_argument("--fresh", action="store_true", help="discard earlier results instead of merging")
    parser.add_argument("--report-only", action="store_true", help="regenerate the outputs from the JSON, no runs")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, 1 repetition; the doc is left alone")
    args = parser.parse_args(argv)
    _apply_defaults(args)
    return args


def _apply_defaults(args: argparse.Namespace) -> None:
    smoke = args.smoke
    args.sizes = args.sizes or (SMOKE_SIZES if smoke else DEFAULT_SIZES)
    args.wide_sizes = args.wide_sizes or (SMOKE_WIDE if smoke else DEFAULT_WIDE)
    args.fixed_repeat = args.fixed_repeat or (20 if smoke else 1000)
    args.timeout = args.timeout or (120.0 if smoke else 900.0)
    if args.output_dir is None:
        args.output_dir = Path(tempfile.mkdtemp(prefix="bench-smoke-")) if smoke else REPO_ROOT / "benchmarks/results"
    args.img_dir = args.img_dir or (args.output_dir if smoke else REPO_ROOT / "docs/img")
    if args.no_doc or (smoke and args.doc is None):
        args.doc = None
    else:
        args.doc = args.doc or REPO_ROOT / "docs/performance.md"


def default_repeat(size: int) -> int:
    """More repetitions where a run is short (so the median means something), one where it is long."""
    return 5 if size <= 10_000 else 3 if size <= 100_000 else 1


def plan(args: argparse.Namespace) -> list[RunSpec]:
    """All child runs, interleaving the libraries at each size so load noise hits both alike."""
    pipeline = tuple(p for p in PIPELINE_PHASES if p in args.phases)
    variants = (False, True) if args.gc_freeze else (False,)
    specs: list[RunSpec] = []
    if pipeline:
        for freeze in variants:
            for size in args.sizes:
                repeat = args.repeat or (1 if args.smoke else default_repeat(size))
                specs += [RunSpec(lib, "tree", size, repeat, pipeline, gc_freeze=freeze) for lib in args.libraries]
    if "fixed" in args.phases:
        specs += [RunSpec(lib, "fixed", 0, 1, fixed_repeat=args.fixed_repeat) for lib in args.libraries]
    if "wide" in args.phases:
        for size in args.wide_sizes:
            specs += [RunSpec(lib, "wide", size, 1) for lib in args.libraries]
    return specs


def _skipped_baseline(spec: RunSpec, limit: int) -> results.Run:
    return {
        "scenario": spec.scenario,
        "library": spec.library,
        "size": spec.size,
        "variant": spec.variant,
        "repeat": spec.repeat,
        "status": f"skipped (--max-baseline-size {limit})",
        "phases": {},
        "skipped": {p: f"skipped (> {limit} objects)" for p in spec.phases},
    }


def execute(args: argparse.Namespace) -> list[results.Run]:
    """Run the plan, printing one progress line per child to stderr."""
    runs = []
    for spec in plan(args):
        limit = args.max_baseline_size
        if spec.library == report.BASELINE and spec.scenario == "tree" and limit is not None and spec.size > limit:
            runs.append(_skipped_baseline(spec, limit))
            continue
        print(f"[bench] {spec.scenario} {spec.library} size={spec.size} {spec.variant}", file=sys.stderr, flush=True)
        run = run_child(spec, args.timeout)
        timings = ", ".join(f"{k}={report.fmt_time(v['median_s'])}" for k, v in run.get("phases", {}).items())
        print(f"[bench]   {run['status']}: {timings}", file=sys.stderr, flush=True)
        runs.append(run)
    return runs


def publish(args: argparse.Namespace, runs: list[results.Run]) -> list[results.Check]:
    """Write JSON, Markdown table, plots and (unless disabled) the doc section."""
    checks = results.cross_check(runs)
    results.write(args.output_dir / results.RESULTS_FILE, runs, checks)
    scaling, wide = args.img_dir / plot.SCALING_PNG, args.img_dir / plot.WIDE_PNG
    plot.plot_scaling(runs, scaling)
    plot.plot_wide(runs, wide)
    doc_dir = args.doc.parent if args.doc else args.output_dir
    images = [Path(os.path.relpath(p.resolve(), doc_dir.resolve())).as_posix() for p in (scaling, wide)]
    section = report.render(runs, checks, results.environment(), images)
    (args.output_dir / TABLE_FILE).write_text(section)
    if args.doc:
        report.update_doc(args.doc, section)
    return checks


def main(argv: list[str] | None = None) -> int:
    """Measure (unless --report-only), merge, publish; exit 2 if the libraries' outputs differ."""
    args = parse_args(argv)
    results_path = args.output_dir / results.RESULTS_FILE
    previous = [] if args.fresh else results.read(results_path)
    new = [] if args.report_only else execute(args)
    checks = publish(args, results.merge(previous, new))
    print(f"[bench] results in {args.output_dir}", file=sys.stderr)
    mismatches = [c for c in checks if c.status == "MISMATCH"]
    for check in mismatches:
        print(f"[bench] !!! OUTPUT MISMATCH: {check.scenario} size={check.size} {check.detail}", file=sys.stderr)
    return 2 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
