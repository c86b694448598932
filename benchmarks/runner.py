"""Launch one child per measurement, enforce the timeout and keep whatever the child reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.child import PIPELINE_PHASES, RESULT_PREFIX, RunSpec

REPO_ROOT = Path(__file__).resolve().parent.parent


def _last_result(stdout: str) -> dict[str, Any] | None:
    """The most recent complete result line the child printed."""
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    return json.loads(lines[-1][len(RESULT_PREFIX) :]) if lines else None


def _expected_phases(spec: RunSpec) -> tuple[str, ...]:
    if spec.scenario == "fixed":
        return ("fixed_load", "fixed_diff")
    return tuple(p for p in PIPELINE_PHASES if p in spec.phases)


def _placeholder(spec: RunSpec) -> dict[str, Any]:
    return {
        "scenario": spec.scenario,
        "library": spec.library,
        "size": spec.size,
        "variant": spec.variant,
        "repeat": spec.repeat,
        "phases": {},
    }


def run_child(spec: RunSpec, timeout_s: float) -> dict[str, Any]:
    """Run `spec` in a fresh interpreter; on timeout, mark the unfinished phases "skipped (timeout N s)"."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    load_before = os.getloadavg()[0]
    cmd = [sys.executable, "-m", "benchmarks.child", spec.to_json()]
    with subprocess.Popen(
        cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout_s)
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            timed_out = True
    result = _last_result(stdout) or _placeholder(spec)
    result.setdefault("phases", {})
    result["loadavg_1m_before"] = round(load_before, 2)
    if timed_out:
        result["status"] = f"skipped (timeout {timeout_s:g} s)"
        result["skipped"] = {
            phase: f"skipped (timeout {timeout_s:g} s)"
            for phase in _expected_phases(spec)
            if phase not in result["phases"]
        }
    elif proc.returncode != 0 or result.get("status") != "ok":
        result["status"] = "error"
        result["error"] = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {proc.returncode}"
    return result
