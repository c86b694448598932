"""RedisStore benchmark: our ``RedisStore`` vs diffsync 2.2.3's, same workload, same redis-server, same run.

    python -m benchmarks.redis_bench                       # 5k and 50k objects per side, both libraries
    python -m benchmarks.redis_bench --sizes 2000 --repeat 1 --output /tmp/redis.json --no-docs

The server is ``REDIS_URL`` (or ``--redis-url``) if given, else a redis-server this script starts on a free
127.0.0.1 port and stops at the end. Each (library, size) runs in a fresh child process with a timeout; the child
prints a ``REDIS-BENCH`` JSON line after every phase, so a timed-out child still reports what it finished.

Phases (both sides live in RedisStores, the source and the target under their own store ids):

* load: build the models, ``add`` + ``add_child`` (children attached before the parent is added, so diffsync's
  stored parents carry their child lists too), then ``flush()`` for ours (diffsync writes on every ``add``);
* cold diff: ``diff_from`` on fresh store instances of the same two store ids, i.e. another process's first diff;
* diff: ``diff_from`` on the adapters that loaded the data;
* sync: ``sync_from(diff=...)`` on those adapters (ours includes the final flush);
* verify (not timed): fresh store instances diff again; ``remaining`` counts the changes a second sync would
  still find, i.e. writes the sync lost (diffsync loses updates and new child links, see docs/redis.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.models import DISTRIBUTIONS, Bench, build, silence_structlog
from benchmarks.workload import Tree, Workload, generate

PREFIX = "REDIS-BENCH "
LIBRARIES = ("diffsync", "diffsync_automation")
PHASES = ("load", "cold_diff", "diff", "sync")
TARGET_SPEEDUP = 20.0
REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "benchmarks" / "results" / "redis.json"
DOCS = REPO / "docs" / "redis.md"
DOCS_START, DOCS_END = "<!-- redis-bench:start -->", "<!-- redis-bench:end -->"


@dataclass(frozen=True)
class Spec:
    """What one child measures."""

    library: str
    size: int
    repeat: int
    url: str
    spawned_at: float = 0.0
    """``time.time()`` when the parent started the child: lets a killed phase report a lower bound."""


# Child side


def store_factory(library: str, url: str) -> Callable[[str], Any]:
    """``store_id -> store instance`` for one library's RedisStore."""
    if library == "diffsync":
        from diffsync.store.redis import RedisStore as UpstreamStore

        return lambda store_id: UpstreamStore(url=url, store_id=store_id)
    from diffsync_automation.store.redis import RedisStore

    return lambda store_id: RedisStore(url=url, store_id=store_id)


def make_picklable(bench: Bench) -> None:
    """Give the model classes module-level names: diffsync's RedisStore pickles models, and pickle finds classes
    by module and qualified name (``benchmarks.models.build`` defines them inside a function)."""
    for cls in (bench.site, bench.device, bench.interface):
        cls.__module__ = __name__
        cls.__qualname__ = cls.__name__ = f"_Pickled{cls.__name__}"
        globals()[cls.__qualname__] = cls


def load(bench: Bench, tree: Tree, store: Any) -> Any:
    """Fill an adapter on ``store``: children are built and attached before their parent is added."""
    adapter = bench.adapter(name="adapter", internal_storage_engine=store)
    add = adapter.add
    for s, devices in tree:
        site = bench.site(name=s.name, region=s.region, status=s.status, asn=s.asn)
        for d, interfaces in devices:
            device = bench.device(name=d.name, role=d.role, platform=d.platform, serial=d.serial, status=d.status)
            for i in interfaces:
                interface = bench.interface(
                    device_name=i.device_name,
                    name=i.name,
                    description=i.description,
                    mtu=i.mtu,
                    enabled=i.enabled,
                    mode=i.mode,
                )
                add(interface)
                device.add_child(interface)
            add(device)
            site.add_child(device)
        add(site)
    getattr(store, "flush", lambda: None)()
    return adapter


def delete_stores(library: str, url: str, store_ids: list[str]) -> None:
    """Remove the benchmark's keys from the server."""
    import redis

    client = redis.Redis.from_url(url)
    for store_id in store_ids:
        if library == "diffsync":
            keys = list(client.scan_iter(match=f"diffsync:{store_id}:*", count=10_000))
            for start in range(0, len(keys), 10_000):
                client.delete(*keys[start : start + 10_000])
        else:
            from diffsync_automation.store.redis import RedisStore

            RedisStore.delete_store(store_id, url=url)
    client.close()


def emit(result: dict[str, Any]) -> None:
    sys.stdout.write(PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


def run_child(spec: Spec) -> None:
    """Measure one library at one size, ``spec.repeat`` times; emit the result after every phase."""
    silence_structlog()
    bench = build(spec.library)
    make_picklable(bench)
    workload: Workload = generate(spec.size)
    new_store = store_factory(spec.library, spec.url)
    samples: dict[str, list[float]] = {phase: [] for phase in PHASES}
    result: dict[str, Any] = {"spec": asdict(spec), "objects": {}, "phases": {}}
    for rep in range(spec.repeat):
        ids = {"source": f"bench-{uuid.uuid4()}", "target": f"bench-{uuid.uuid4()}"}
        result["store_ids"] = list(ids.values())
        try:
            begin(result, spec, "load")
            start = time.perf_counter()
            source = load(bench, workload.source, new_store(ids["source"]))
            target = load(bench, workload.target, new_store(ids["target"]))
            samples["load"].append(time.perf_counter() - start)
            result["objects"] = {"source": Workload.count(workload.source), "target": Workload.count(workload.target)}
            publish(result, samples)

            cold_source = bench.adapter(name="adapter", internal_storage_engine=new_store(ids["source"]))
            cold_target = bench.adapter(name="adapter", internal_storage_engine=new_store(ids["target"]))
            begin(result, spec, "cold_diff")
            start = time.perf_counter()
            cold_diff = cold_target.diff_from(cold_source)
            samples["cold_diff"].append(time.perf_counter() - start)
            publish(result, samples)

            begin(result, spec, "diff")
            start = time.perf_counter()
            diff = target.diff_from(source)
            samples["diff"].append(time.perf_counter() - start)
            if rep == 0:
                result["check"] = {"diff_summary": diff.summary(), "cold_diff_summary": cold_diff.summary()}
            publish(result, samples)

            begin(result, spec, "sync")
            start = time.perf_counter()
            target.sync_from(source, diff=diff)
            samples["sync"].append(time.perf_counter() - start)
            if rep == 0:
                verify_source = bench.adapter(name="adapter", internal_storage_engine=new_store(ids["source"]))
                verify_target = bench.adapter(name="adapter", internal_storage_engine=new_store(ids["target"]))
                try:
                    remaining = verify_target.diff_from(verify_source).summary()
                except Exception as error:  # diffsync's stored parents may list children its sync deleted
                    result["check"]["after_sync_fresh_diff_error"] = f"{type(error).__name__}: {error}"
                else:
                    result["check"]["after_sync_fresh_diff_summary"] = remaining
                    result["check"]["remaining_changes"] = sum(remaining[k] for k in ("create", "update", "delete"))
            publish(result, samples)
        finally:
            delete_stores(spec.library, spec.url, list(ids.values()))


def begin(result: dict[str, Any], spec: Spec, phase: str) -> None:
    """Announce the phase about to start, with the time since the child was spawned."""
    result["running"] = {"phase": phase, "since_spawn_s": time.time() - spec.spawned_at}
    emit(result)


def publish(result: dict[str, Any], samples: dict[str, list[float]]) -> None:
    result.pop("running", None)
    result["phases"] = {
        phase: {"median_s": statistics.median(values), "runs_s": values} for phase, values in samples.items() if values
    }
    emit(result)


# Parent side


def start_server() -> tuple[str, Any]:
    """A redis-server of our own on a free loopback port (needs redis-server and the tests' launcher)."""
    sys.path.insert(0, str(REPO / "tests"))
    from redis_server import RedisServer

    server = RedisServer(Path(tempfile.mkdtemp(prefix="redis-bench-"))).start()
    return server.url(), server


def run_spec(spec: Spec, timeout: float) -> dict[str, Any]:
    """Run one child; its last result line, marked ``timed_out`` if it was killed."""
    spec = Spec(**{**asdict(spec), "spawned_at": time.time()})
    command = [sys.executable, "-m", "benchmarks.redis_bench", "--child", json.dumps(asdict(spec))]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        timed_out = True
    lines = [line[len(PREFIX) :] for line in stdout.splitlines() if line.startswith(PREFIX)]
    result: dict[str, Any] = json.loads(lines[-1]) if lines else {"spec": asdict(spec), "phases": {}}
    result["timed_out"] = timed_out
    running = result.pop("running", None)
    if timed_out and running:  # the killed phase took at least the rest of the time budget
        result["lower_bound_s"] = {running["phase"]: timeout - running["since_spawn_s"]}
    if timed_out:  # the child could not clean up after itself
        delete_stores(spec.library, spec.url, result.get("store_ids", []))
    if process.returncode and not timed_out:
        result["error"] = stderr[-2000:]
    return result


def versions() -> dict[str, str]:
    names = {**DISTRIBUTIONS, "redis": "redis", "pydantic": "pydantic"}
    return {name: metadata.version(dist) for name, dist in names.items()}


def server_version(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url)
    try:
        return str(client.info("server")["redis_version"])
    finally:
        client.close()


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"


PHASE_LABELS = {
    "load": "load (both sides)",
    "cold_diff": "`diff_from`, fresh store instances (another process)",
    "diff": "`diff_from`, the adapters that loaded",
    "sync": "`sync_from(diff=...)`",
    "total": "**load + diff + sync**",
}


def median(result: dict[str, Any] | None, phase: str) -> tuple[float | None, bool]:
    """The phase's median, or the lower bound of a phase killed by the timeout; and whether it is a bound."""
    if result is None:
        return None, False
    if phase == "total":
        parts = [median(result, name) for name in ("load", "diff", "sync")]
        if any(value is None for value, _bound in parts):
            return None, False
        return sum(value or 0.0 for value, _bound in parts), any(bound for _value, bound in parts)
    entry = result.get("phases", {}).get(phase)
    if entry:
        return float(entry["median_s"]), False
    bound = result.get("lower_bound_s", {}).get(phase)
    return (float(bound), True) if bound is not None else (None, False)


def render(report: dict[str, Any]) -> str:
    """Markdown tables of a report."""
    lines = [
        f"Measured {report['date']} on {report['machine']}, Python {report['python']}, redis-server "
        f"{report['redis_server']}, redis-py {report['versions']['redis']}, pydantic {report['versions']['pydantic']}. "
        f"diffsync {report['versions']['diffsync']} vs diffsync_automation {report['versions']['diffsync_automation']}"
        ", each (library, size) in a fresh process on the same server; medians of "
        f"{report['repeat_note']}. Target: `diff_from` and `sync_from` each ≥ {TARGET_SPEEDUP:.0f}x faster.",
        "",
        "| Objects per side | Phase | diffsync 2.2.3 | diffsync_automation | Speed-up | Target met |",
        "| ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for size_entry in report["sizes"]:
        by_library = {result["spec"]["library"]: result for result in size_entry["results"]}
        upstream, ours = by_library.get("diffsync"), by_library.get("diffsync_automation")
        objects = (ours or upstream or {}).get("objects", {}).get("source", size_entry["size"])
        first = True
        for phase in ("load", "cold_diff", "diff", "sync", "total"):
            (theirs, bound), (mine, _) = median(upstream, phase), median(ours, phase)
            more = "> " if bound else ""
            ratio = f"{more}{theirs / mine:.1f}x" if theirs and mine else "—"
            verdict = ""
            if phase in ("diff", "sync", "cold_diff") and theirs and mine:
                verdict = "yes" if theirs / mine >= TARGET_SPEEDUP else "**no**"
            upstream_time = fmt_seconds(theirs)
            if bound:
                upstream_time = f"> {upstream_time} (killed at the {report['timeout_s']:g} s cap)"
            label = f"{size_entry['size'] // 1000}k ({objects:,})" if first else ""
            cells = [label, PHASE_LABELS[phase], upstream_time, fmt_seconds(mine), ratio, verdict]
            lines.append("| " + " | ".join(cells) + " |")
            first = False
        summaries = {
            library: (result or {}).get("check", {}).get("diff_summary") for library, result in by_library.items()
        }
        if len(summaries) == 2 and None not in summaries.values():
            same = len({json.dumps(summary, sort_keys=True) for summary in summaries.values()}) == 1
            verdict = f"identical {summaries['diffsync']}" if same else f"**DIFFER** {summaries}"
            lines.append(f"|  | `diff.summary()` of both libraries | {verdict} |  |  |  |")
        for library, result in (("diffsync 2.2.3", upstream), ("diffsync_automation", ours)):
            check = (result or {}).get("check")
            if check and ("remaining_changes" in check or "after_sync_fresh_diff_error" in check):
                applied = sum(check["diff_summary"][action] for action in ("create", "update", "delete"))
                if "remaining_changes" in check:
                    outcome = f"{check['remaining_changes']} of {applied} changes still found"
                else:
                    outcome = f"fails: `{check['after_sync_fresh_diff_error'].split(':')[0]}`"
                lines.append(
                    f"|  | {library}: re-diff from fresh store instances after the sync | {outcome} |  |  |  |"
                )
    return "\n".join(lines)


def update_docs(table: str) -> None:
    """Replace the generated section of docs/redis.md, if the markers are there."""
    if not DOCS.exists():
        return
    text = DOCS.read_text()
    start, end = text.find(DOCS_START), text.find(DOCS_END)
    if start == -1 or end == -1:
        return
    DOCS.write_text(text[: start + len(DOCS_START)] + "\n" + table + "\n" + text[end:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="5000,50000", help="objects per side, comma separated")
    parser.add_argument("--libraries", default=",".join(LIBRARIES))
    parser.add_argument("--repeat", type=int, default=0, help="repetitions (default: 3 up to 10k, else 1)")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per child before it is killed")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the table in docs/redis.md")
    args = parser.parse_args(argv)
    if args.child:
        run_child(Spec(**json.loads(args.child)))
        return 0

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally below: stop our redis-server
    server = None
    url = args.redis_url
    if not url:
        url, server = start_server()
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
        report: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()} ({os.cpu_count()} logical CPUs, shared)",
            "python": platform.python_version(),
            "redis_server": server_version(url),
            "server_started_by_benchmark": server is not None,
            "versions": versions(),
            "timeout_s": args.timeout,
            "sizes": [],
        }
        repeats = set()
        for size in sizes:
            repeat = args.repeat or (3 if size <= 10_000 else 1)
            repeats.add(f"{repeat} run(s) at {size // 1000}k")
            entry: dict[str, Any] = {"size": size, "results": []}
            for library in args.libraries.split(","):
                load_average = os.getloadavg()[0]
                result = run_spec(Spec(library=library, size=size, repeat=repeat, url=url), args.timeout)
                result["load_average_before"] = load_average
                result["load_average_after"] = os.getloadavg()[0]
                entry["results"].append(result)
                status = "timed out" if result.get("timed_out") else result.get("error", "ok")[:200]
                phases = {name: round(value["median_s"], 3) for name, value in result.get("phases", {}).items()}
                print(f"{library} {size}: {phases} {status}", file=sys.stderr)
            report["sizes"].append(entry)
        report["repeat_note"] = ", ".join(sorted(repeats))
        # The URL may carry a password: never store it.
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(scrub_urls(report), indent=2) + "\n")
        table = render(report)
        print(table)
        if not args.no_docs:
            update_docs(table)
    finally:
        if server is not None:
            server.stop()
    return 0


def scrub_urls(report: dict[str, Any]) -> dict[str, Any]:
    """The report without server URLs (which may contain a password)."""
    for entry in report["sizes"]:
        for result in entry["results"]:
            result.get("spec", {}).pop("url", None)
    return report


if __name__ == "__main__":
    sys.exit(main())
