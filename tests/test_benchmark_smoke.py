"""Smoke test of the benchmark harness: tiny sizes, both libraries, real child processes; no timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import report, results
from benchmarks.workload import Workload, generate

REPO_ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = {"diffsync", "diffsync_automation"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run ``python -m benchmarks.run --smoke`` once for the whole module."""
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--fixed-repeat", "5", "--output-dir", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc, out


def _payload(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / results.RESULTS_FILE).read_text())
    return data


@pytest.mark.slow
def test_smoke_run_succeeds_and_writes_outputs(smoke: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = smoke
    assert proc.returncode == 0, proc.stderr
    assert "MISMATCH" not in proc.stderr
    table = (out / "benchmark.md").read_text()
    assert "diffsync 2.2.3" in table and "diffsync_automation" in table
    for png in ("benchmark-scaling.png", "benchmark-wide.png"):
        assert (out / png).read_bytes().startswith(PNG_MAGIC)


@pytest.mark.slow
def test_smoke_results_have_expected_structure(smoke: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = smoke
    payload = _payload(out)
    assert {"environment", "runs", "checks"} <= payload.keys()
    runs = payload["runs"]
    seen = {(run["scenario"], run["library"]) for run in runs}
    assert seen == {(scenario, lib) for scenario in results.SCENARIOS for lib in LIBRARIES}
    for run in runs:
        assert run["status"] == "ok", run
        expected = {"fixed_load", "fixed_diff"} if run["scenario"] == "fixed" else {"load", "diff", "sync"}
        assert set(run["phases"]) == expected
        assert all(phase["median_s"] > 0 and phase["n"] >= 1 for phase in run["phases"].values())
        assert run["objects"]["source"] > 0 and run["objects"]["target"] > 0
        assert set(run["check"]) >= {"summary", "diff_elements", "diff_digest", "source_digest"}
    for run in (r for r in runs if r["scenario"] == "tree"):
        assert {"baseline_rss_mb", "peak_rss_mb", "peak_growth_mb"} <= run["memory"].keys()
        assert run["memory"]["peak_rss_mb"] >= run["memory"]["baseline_rss_mb"]


@pytest.mark.slow
def test_both_libraries_produce_the_same_diff(smoke: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = smoke
    payload = _payload(out)
    by_key: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    for run in payload["runs"]:
        by_key.setdefault((run["scenario"], run["size"]), {})[run["library"]] = run["check"]
    for key, checks in by_key.items():
        assert checks.keys() == LIBRARIES, key
        assert checks["diffsync"] == checks["diffsync_automation"], key
    tree_summary = next(c["diffsync"]["summary"] for k, c in by_key.items() if k[0] == "tree")
    assert min(tree_summary["create"], tree_summary["update"], tree_summary["delete"]) > 0
    assert {check["status"] for check in payload["checks"]} == {"identical"}


def test_generator_is_deterministic_and_shaped() -> None:
    first, second = generate(2_000), generate(2_000)
    assert first == second
    assert abs(Workload.count(first.source) - 2_000) < 201
    assert Workload.count(first.target) != Workload.count(first.source)


def _run(library: str, summary: dict[str, int], digest: str = "d1") -> results.Run:
    check = {"summary": summary, "diff_elements": 3, "diff_digest": digest, "source_digest": "s"}
    return {"scenario": "tree", "library": library, "size": 10, "variant": "default", "check": check}


def test_cross_check_flags_a_mismatch_loudly() -> None:
    same = {"create": 1, "update": 0, "delete": 0, "no-change": 2, "skip": 0}
    other = {**same, "create": 0, "no-change": 3}
    assert results.cross_check([_run("diffsync", same), _run("diffsync_automation", same)])[0].status == "identical"
    mismatch = results.cross_check([_run("diffsync", same), _run("diffsync_automation", other, "d2")])[0]
    assert mismatch.status == "MISMATCH"
    assert "summary" in mismatch.detail and "diff_digest" in mismatch.detail
    assert "**MISMATCH**" in "\n".join(report.checks_table([mismatch]))


def test_merge_replaces_only_repeated_measurements() -> None:
    old = [_run("diffsync", {}), _run("diffsync_automation", {})]
    newer = {**_run("diffsync_automation", {}), "status": "new"}
    merged = results.merge(old, [newer])
    assert len(merged) == 2
    assert [r.get("status") for r in merged if r["library"] == "diffsync_automation"] == ["new"]


def test_update_doc_rewrites_only_the_marked_section(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Perf\n\nintro\n")
    report.update_doc(doc, "table v1\n")
    report.update_doc(doc, "table v2\n")
    text = doc.read_text()
    assert text.startswith("# Perf\n\nintro\n")
    assert "table v2" in text and "table v1" not in text
    assert text.count(report.START_MARKER) == 1 and text.count(report.END_MARKER) == 1
