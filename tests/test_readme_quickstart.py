"""The README's engine quickstart: examples/quickstart.py prints exactly the output the README shows."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEAD_IN = "`python examples/quickstart.py` prints"


def readme_output() -> str:
    """The code block that follows the lead-in sentence in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert LEAD_IN in readme, f"README.md no longer says {LEAD_IN!r}; keep this test with the quickstart"
    block = readme.split(LEAD_IN, 1)[1].split("```", 2)[1]
    return block.removeprefix("\n")


def test_quickstart_prints_what_the_readme_shows(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "quickstart.py"), run_name="__main__")
    assert capsys.readouterr().out == readme_output()
