"""``python -m benchmarks.profile``: cProfile each phase of the benchmark workload separately and print hot spots.

cProfile adds per-call overhead (roughly 1.5-3x on call-heavy code), so use it to rank functions, and the
``benchmarks.run`` numbers for absolute times.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.models import LIBRARIES, build, load, silence_structlog
from benchmarks.workload import FIXED_COST_SHAPE, TREE_SHAPE, Shape, generate, wide_shape

PHASES = ("load", "diff", "sync")
SORT_KEYS = ("tottime", "cumulative", "ncalls")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--library", choices=LIBRARIES, default="diffsync_automation")
    parser.add_argument("--size", type=int, default=100_000, help="objects per side (tree) or children (--wide)")
    parser.add_argument("--wide", action="store_true", help="one parent with --size children instead of the tree")
    parser.add_argument(
        "--fixed", type=int, metavar="CALLS", help="profile CALLS diff_from calls on the 100-object adapters instead"
    )
    parser.add_argument("--phases", default=",".join(PHASES), help="comma list of load,diff,sync")
    parser.add_argument("--sort", choices=SORT_KEYS, default="tottime")
    parser.add_argument("--top", type=int, default=25, help="functions to print per phase")
    parser.add_argument("--dump-dir", type=Path, help="also write <phase>.prof files (for snakeviz/pstats)")
    return parser.parse_args(argv)


def profile_call(name: str, action: Callable[[], Any], args: argparse.Namespace) -> Any:
    """Run `action` under cProfile, print its top functions, return its result."""
    profiler = cProfile.Profile()
    start = time.perf_counter()
    value = profiler.runcall(action)
    elapsed = time.perf_counter() - start
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(f"===== {name}: {elapsed:.3f} s under cProfile ({args.library}, sorted by {args.sort}) =====")
    print(out.getvalue())
    if args.dump_dir:
        args.dump_dir.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.dump_dir / f"{name}.prof")
    return value


def main(argv: list[str] | None = None) -> int:
    """Profile the selected phases; later phases reuse the earlier phases' objects (sync needs a diff)."""
    args = parse_args(argv)
    phases = set(args.phases.split(","))
    silence_structlog()
    bench = build(args.library)
    shape: Shape = wide_shape(args.size) if args.wide else FIXED_COST_SHAPE if args.fixed else TREE_SHAPE
    workload = generate(args.size if shape is TREE_SHAPE else shape.objects_per_site, shape)

    def load_both() -> tuple[Any, Any]:
        return load(bench, workload.source, "source"), load(bench, workload.target, "target")

    if args.fixed:
        source, target = load_both()
        profile_call(f"{args.fixed} x diff_from", lambda: [target.diff_from(source) for _ in range(args.fixed)], args)
        return 0
    source, target = profile_call("load", load_both, args) if "load" in phases else load_both()

    def diff_from() -> Any:
        return target.diff_from(source)

    if phases & {"diff", "sync"}:
        diff = profile_call("diff", diff_from, args) if "diff" in phases else diff_from()
        if "sync" in phases:
            profile_call("sync", lambda: target.sync_from(source, diff=diff), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
