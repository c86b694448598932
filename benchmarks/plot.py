"""Log-log plots of time (and memory) against object count, both libraries on the same axes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: no display on CI or in the lab
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from benchmarks.report import BASELINE, OURS, PHASE_LABELS, find, library_label, memory, phase_median
from benchmarks.results import Run

SCALING_PNG = "benchmark-scaling.png"
WIDE_PNG = "benchmark-wide.png"
STYLES = {BASELINE: ("tab:red", "o"), OURS: ("tab:blue", "s")}

Metric = Callable[[Run | None], float | None]


def _panel(ax: Axes, runs: list[Run], scenario: str, metric: Metric, title: str, ylabel: str) -> None:
    sizes = sorted({int(r["size"]) for r in runs if r["scenario"] == scenario and r["variant"] == "default"})
    for library in (BASELINE, OURS):
        found = [run for run in (find(runs, scenario, library, s) for s in sizes) if run is not None]
        points = [(_objects(run), metric(run)) for run in found]
        xs = [x for x, y in points if y is not None]
        ys = [y for _, y in points if y is not None]
        if xs:
            color, marker = STYLES[library]
            ax.plot(xs, ys, label=library_label(runs, library), color=color, marker=marker)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    if ax.get_lines():
        ax.legend(fontsize="small")


def _objects(run: Run) -> int:
    """X coordinate: the objects actually generated on the source side (the requested size is approximate)."""
    count: int = run.get("objects", {}).get("source", run["size"])
    return count


def _phase(phase: str) -> Metric:
    return lambda run: phase_median(run, phase)


def _plain(label: str) -> str:
    return label.replace("`", "")


def plot_scaling(runs: list[Run], path: Path) -> None:
    """Tree workload: load, diff_from, sync_from and RSS growth vs objects per side."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    flat = axes.ravel()
    for ax, (phase, label) in zip(flat, PHASE_LABELS.items(), strict=False):
        _panel(ax, runs, "tree", _phase(phase), _plain(label), "seconds")
        ax.set_xlabel("objects per side")
    _panel(flat[3], runs, "tree", lambda run: memory(run, "peak_growth_mb"), "peak RSS growth over baseline", "MiB")
    flat[3].set_xlabel("objects per side")
    fig.suptitle("diffsync 2.2.3 vs diffsync_automation (log-log, lower is better)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_wide(runs: list[Run], path: Path) -> None:
    """Wide case: one parent, many children; a slope of 2 on these axes means a quadratic path."""
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    for ax, (phase, label) in zip(axes, PHASE_LABELS.items(), strict=True):
        _panel(ax, runs, "wide", _phase(phase), _plain(label), "seconds")
        ax.set_xlabel("children of one parent")
    fig.suptitle("Wide case (log-log): slope 1 = linear, slope 2 = quadratic")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
