"""Property tests: generated scenarios behave identically in upstream diffsync 2.2.3 and the candidate engine.

Deliberate differences are applied to the upstream side in one place: deviations.py.
"""

import pytest
from hypothesis import HealthCheck, given, settings

from .compare import assert_same
from .libraries import CANDIDATE, REFERENCE
from .observe import observe_call, observe_representations
from .scenario import Call, Scenario
from .strategies import diff_calls, scenarios, sync_calls

# update() assigns attribute values unvalidated (as upstream does), so an updated nested `location` is a plain dict
# and pydantic warns when dumping it; both libraries do this identically.
pytestmark = pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")

# Examples per property come from the Hypothesis profile (tests/conftest.py): 200 in `make test` and CI, fewer in
# `make test-fast`. print_blob: a failure also prints a @reproduce_failure(...) line that replays it exactly.
DIFFERENTIAL = settings(deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])


@DIFFERENTIAL
@given(scenario=scenarios(), call=diff_calls())
def test_diff_matches_upstream(scenario: Scenario, call: Call) -> None:
    """diff_from/diff_to: the Diff (str, dict, summary, len, elements), callbacks, logs and exceptions."""
    assert_same(observe_call(CANDIDATE, scenario, call), observe_call(REFERENCE, scenario, call))


@DIFFERENTIAL
@given(scenario=scenarios(), call=sync_calls())
def test_sync_matches_upstream(scenario: Scenario, call: Call) -> None:
    """sync_from/sync_to (fresh or precomputed diff): adapters afterwards, CRUD calls, callbacks, logs, exceptions."""
    assert_same(observe_call(CANDIDATE, scenario, call), observe_call(REFERENCE, scenario, call))


@DIFFERENTIAL
@given(scenario=scenarios())
def test_representations_match_upstream(scenario: Scenario) -> None:
    """Adapter/model str/dict/json, tree traversal and the dict() -> load_from_dict() round trip."""
    assert_same(observe_representations(CANDIDATE, scenario), observe_representations(REFERENCE, scenario))
