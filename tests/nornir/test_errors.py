"""``DriftCheckError``: the message Nornir shows for a failed host, and pickling for process-based runners."""

from __future__ import annotations

import pickle

from diffsync_automation.network import DeviceResult
from diffsync_automation.report import DeviceReport, DeviceStatus
from nornir_plugins import DriftCheckError


def failed(*errors: tuple[str, str]) -> DriftCheckError:
    result = DeviceResult("sw01", platform="cisco_ios")
    for kind, message in errors:
        result.add_error(kind, message)
    return DriftCheckError(result, DeviceReport.from_device_result(result))


def test_message_names_host_and_every_cause() -> None:
    error = failed(("timeout", "host sw01: no reply within 20 s"), ("verification", "host sw01: still differs"))
    assert str(error) == "host sw01: no reply within 20 s [timeout]; host sw01: still differs [verification]"
    assert error.kinds == ["timeout", "verification"]
    assert str(failed(("error", "boom"))) == "host sw01: boom [error]"


def test_survives_pickling_with_its_result_and_report() -> None:
    copy = pickle.loads(pickle.dumps(failed(("unreachable", "host sw01: refused"))))
    assert isinstance(copy, DriftCheckError)
    assert str(copy) == "host sw01: refused [unreachable]"
    assert copy.result.errors[0].kind == "unreachable"
    assert copy.report.status == DeviceStatus.ERROR
