"""The custom-model example of docs/network.md runs and converges on both platforms."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.lab

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "custom_model.py"


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    return runpy.run_path(str(EXAMPLE))


def test_example_main_syncs_and_converges(example: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert example["main"]() == 0
    out = capsys.readouterr().out
    assert "ip address 10.40.0.1 255.255.255.0" in out  # IOS syntax
    assert "ip address 10.40.0.1/24" in out  # EOS syntax
    assert out.count("second diff: (no diffs)") == 2


def test_example_section_is_validated_with_paths(example: dict[str, Any], rig: Any) -> None:
    from diffsync_automation.network import check_device

    data = {"interface_addresses": [{"interface": "Vlan40", "address": "10.40.0.300/24"}]}
    result = check_device(
        rig.name,
        data,
        rig.params,
        platform=example["PLATFORMS"][rig.platform],
        intended_class=example["AddressedIntended"],
        device_class=example["AddressedDevice"],
    )
    assert [error.kind for error in result.errors] == ["intended_state"]
    assert result.errors[0].message.startswith(f"host {rig.name}: interface_addresses[0].address: ")


def test_example_reads_existing_addresses(example: dict[str, Any], rig: Any) -> None:
    from diffsync_automation.network import check_device

    result = check_device(
        rig.name,
        {"interface_addresses": []},
        rig.params,
        platform=example["PLATFORMS"][rig.platform],
        intended_class=example["AddressedIntended"],
        device_class=example["AddressedDevice"],
        state="overridden",
    )
    # The seeded management port has 172.16.1.1/16: overriding with an empty list would remove it.
    assert list(result.diff["interface_address"]) == [next(iter(result.before["interface_addresses"]))["interface"]]
    assert result.before["interface_addresses"][0]["address"] == "172.16.1.1/16"
    assert result.commands[-1] == "no ip address"
