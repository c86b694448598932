"""docs/pipelines.md: its GitHub Actions and GitLab CI examples, parsed and their commands run against the lab.

The commands run as the runners run them (``bash -e``, one step or script line after the other, the runner's
files and variables), in a directory whose ``inventory/`` is the repository's playbooks/inventory pointed at a
lab with seeded drift. Only ``pip install`` lines are skipped: the checkout under test is installed already.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from junitparser import JUnitXml

from tests.cli.cli_helpers import REPO, cli, playbook_inventory_for_lab

pytestmark = pytest.mark.lab

PAGE = REPO / "docs" / "pipelines.md"
SECRET = re.compile(r"\$\{\{\s*secrets\.(\w+)\s*\}\}")
OUTPUT_EQUALS = re.compile(r"^steps\.(\w+)\.outputs\.(\w+) == '([^']*)'$")


def example(marker: str) -> dict[Any, Any]:
    """The YAML block of the page that contains ``marker``."""
    blocks = re.findall(r"```yaml\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    data: dict[Any, Any] = yaml.safe_load(next(block for block in blocks if marker in block))
    return data


def without_pip(script: str) -> str:
    return "\n".join(line for line in script.splitlines() if not line.strip().startswith("pip install"))


def shell(script: str, cwd: Path, env: dict[str, str]) -> int:
    """``bash -e`` on the script, as both runners run a step, with this virtualenv's commands on the PATH."""
    env = dict(env, PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, timeout=300, check=False).returncode


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A checkout with ``inventory/`` for a freshly seeded lab, and the secrets the CI would hold."""
    root = tmp_path_factory.mktemp("pipelines")
    lab_dir = root / "lab"
    assert cli("lab", "up", "--devices", "2", "--platform", "mixed", "--inventory-dir", lab_dir).returncode == 0
    checkout = root / "checkout"
    checkout.mkdir()
    secrets = playbook_inventory_for_lab(lab_dir, checkout / "inventory")
    yield checkout, secrets
    assert cli("lab", "down", "--inventory-dir", lab_dir).returncode == 0


def step_runs(condition: str | None, failed: bool, outputs: dict[str, dict[str, str]]) -> bool:
    """The ``if:`` forms the example uses; without a status function GitHub adds ``success()``."""
    if condition is None:
        return not failed
    if condition == "always()":
        return True
    match = OUTPUT_EQUALS.match(condition)
    assert match, f"condition not understood by this test: {condition}"
    step, name, value = match.groups()
    return not failed and outputs.get(step, {}).get(name) == value


def test_github_actions_example(workspace: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    checkout, secrets = workspace
    workflow = example("runs-on:")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    [job] = workflow["jobs"].values()

    failed, outputs, exit_codes, uploaded = False, {}, {}, []
    for number, step in enumerate(job["steps"]):
        if not step_runs(step.get("if"), failed, outputs):
            continue
        if "uses" in step:
            if step["uses"].startswith("actions/upload-artifact"):
                uploaded.append(checkout / step["with"]["path"])
            continue
        script = without_pip(step["run"])
        if not script.strip():
            continue
        output, summary = tmp_path / f"output-{number}", tmp_path / "summary.md"
        output.touch()
        env = dict(os.environ, GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary))
        env.update(
            {name: SECRET.sub(lambda match: secrets[match[1]], value) for name, value in step.get("env", {}).items()}
        )
        code = shell(script, checkout, env)
        exit_codes[step.get("name", step.get("id"))] = code
        failed = failed or code != 0
        if "id" in step:
            outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text().splitlines())

    # Drift: the check step passes (the drift is in the reports), the reports are kept, then the run fails.
    assert exit_codes == {"Check for drift": 0, "Fail on drift": 1}
    assert outputs["drift"] == {"exit_code": "2"}
    assert uploaded == [checkout / "reports"]
    assert {path.name for path in (checkout / "reports").iterdir()} >= {"drift.xml", "drift.html"}
    assert "sw01" in (tmp_path / "summary.md").read_text() and "sw02" in (tmp_path / "summary.md").read_text()
    assert not any(secret in (checkout / "reports" / "drift.html").read_text() for secret in secrets.values())


def test_gitlab_ci_example(workspace: tuple[Path, dict[str, str]]) -> None:
    checkout, secrets = workspace
    job = example("allow_failure:")["drift"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in job["rules"]

    code = 0
    env = dict(os.environ, **secrets)  # masked CI/CD variables
    for line in [*job.get("before_script", []), *job["script"]]:
        script = without_pip(line)
        if script.strip() and code == 0:
            code = shell(script, checkout, env)

    assert code == 2 and code in job["allow_failure"]["exit_codes"]  # drift: a warning, not a failure
    assert job["artifacts"]["when"] == "always"
    for path in job["artifacts"]["paths"]:
        assert (checkout / path).is_dir()
    junit = JUnitXml.fromfile(str(checkout / job["artifacts"]["reports"]["junit"]))
    assert junit.failures == 2 and junit.tests == 2
