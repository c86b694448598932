"""The Dask snippets of examples/ and docs/scale.md run as written, with a local cluster of worker processes.

A local cluster spawns its workers, which import the main script again: these runs fail without the scripts'
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.pytest_plugin import LabFactory

pytestmark = [pytest.mark.lab, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=script.parent,
    )


def test_example_script_runs_on_a_dask_runner_from_nornir_yaml(lab_factory: LabFactory, tmp_path: Path) -> None:
    files = write_inventory(tmp_path / "inventory", lab_factory(2, "mixed"))
    config = yaml.safe_load(files.nornir_config.read_text())
    config["runner"] = {"plugin": "dask", "options": {"workers": 1}}
    files.nornir_config.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run(REPO / "examples" / "nornir_drift.py", str(files.nornir_config))
    assert result.returncode == 2, result.stderr[-3000:]
    assert "in sync: 0, drift: 2, synced: 0, failed: 0" in result.stdout


def test_scale_doc_snippet_runs_with_a_local_cluster(lab_factory: LabFactory, tmp_path: Path) -> None:
    files = write_inventory(tmp_path / "inventory", lab_factory(2, "mixed"))
    scale = (REPO / "docs" / "scale.md").read_text(encoding="utf-8")
    snippet = next(block for block in re.findall(r"```python\n(.*?)```", scale, re.DOTALL) if "dask" in block)
    # The two values a reader replaces: their inventory, and the cluster (the comment's local alternative).
    snippet = snippet.replace('"inventory/nornir.yaml"', repr(str(files.nornir_config)))
    snippet = snippet.replace('{"scheduler": "tcp://10.0.0.5:8786"}', '{"workers": 1}')
    script = tmp_path / "check.py"
    script.write_text(snippet, encoding="utf-8")
    result = run(script)
    assert result.returncode == 2, result.stderr[-3000:]
