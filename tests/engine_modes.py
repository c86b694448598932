"""Run a test module twice: with the compiled kernel (``_speedups``) and with the pure-Python engine.

Both must behave identically, so the differential and core suites use this fixture autouse (see their
conftest.py). The compiled run is skipped when the kernel is not built, unless
``DIFFSYNC_AUTOMATION_REQUIRE_SPEEDUPS=1`` (set by ``.ci/run``) turns that into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import ModuleType

import pytest

from diffsync_automation._engine import compiled as _compiled

try:
    from diffsync_automation._engine import _speedups as _built
except ImportError:  # not built: no C compiler or no Cython at install time
    BUILT: ModuleType | None = None
else:
    BUILT = _built


@pytest.fixture(scope="module", params=["compiled", "pure"], autouse=True)
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """``compiled`` or ``pure``: which engine the module's tests run on."""
    if request.param == "compiled" and BUILT is None:
        if os.environ.get("DIFFSYNC_AUTOMATION_REQUIRE_SPEEDUPS") == "1":
            pytest.fail("the compiled kernel diffsync_automation._engine._speedups is not built")
        pytest.skip("compiled kernel not built (needs Cython and a C compiler at install time)")
    previous = _compiled.speedups
    _compiled.speedups = BUILT if request.param == "compiled" else None
    try:
        yield str(request.param)
    finally:
        _compiled.speedups = previous
