"""``python -m build`` makes an sdist and a wheel that install and run on a machine without a C compiler.

Building is slow, so one test covers it all: the sdist carries the sources and the LICENSE, the wheel built from
it without a compiler is pure Python, and the installed wheel runs and says which engine it uses. The build runs
without an isolated environment, on this venv's setuptools, wheel and Cython (test extras), so it needs no
package index and runs offline.
"""

from __future__ import annotations

import email
import os
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_build_without_a_c_compiler_installs_and_runs_the_pure_python_engine(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)], CC="/bin/false")
    assert built.returncode == 0, built.stderr[-3000:]
    (sdist,) = dist.glob("diffsync_automation-*.tar.gz")
    (wheel,) = dist.glob("diffsync_automation-*.whl")  # built from the sdist, so the sdist is complete

    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        names = set(archive.getnames())
    assert {f"{top}/LICENSE", f"{top}/setup.py", f"{top}/diffsync_automation/_engine/_speedups.pyx"} <= names

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(metadata_name))
    assert "diffsync_automation/helpers.py" in names and "nornir_plugins/ansible_inventory.py" in names
    assert not [name for name in names if name.endswith((".so", ".pyd"))]
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert metadata["License-Expression"] == "Apache-2.0"
    assert len(metadata.get_all("Classifier")) >= 10 and len(metadata.get_all("Project-URL")) >= 3
    assert "network automation" in metadata["Keywords"]

    # The wheel's files and, after them, this venv's site-packages for the dependencies; -S skips the .pth files,
    # so the editable install of this checkout (a meta-path finder) cannot lend its compiled kernel.
    target = tmp_path / "installed"
    installed = run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)])
    assert installed.returncode == 0, installed.stderr[-2000:]
    code = (
        "import diffsync_automation, sys; from diffsync_automation.cli import main;"
        " print(diffsync_automation.__file__, file=sys.stderr); main()"
    )
    version = subprocess.run(
        [sys.executable, "-S", "-c", code, "--version"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *site.getsitepackages()])},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.returncode == 0, version.stderr
    assert version.stderr.startswith(str(target))
    assert version.stdout.startswith(f"diffsync-automation {metadata['Version']} (pure-Python engine, Python ")
