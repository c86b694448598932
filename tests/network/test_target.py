"""``build_target``: what each state leaves of a device's static routes in its management VRF (read from saved
configuration, no device)."""

from __future__ import annotations

import pytest

from diffsync_automation.network import DeviceAdapter, State, build_target, get_platform
from diffsync_automation.network.schema import validate_host_data

CONFIGS = {
    "juniper_junos": (
        "show configuration | display inheritance no-comments | display set",
        "set routing-options static route 10.0.0.0/8 next-hop 192.0.2.1\n"
        "set routing-instances mgmt_junos routing-options static route 0.0.0.0/0 next-hop 10.9.0.1\n",
        "mgmt_junos",
    ),
    "cisco_ios": (
        "show running-config",
        "ip route 10.0.0.0 255.0.0.0 192.0.2.1\nip route vrf Mgmt-vrf 0.0.0.0 0.0.0.0 10.9.0.1\n",
        "Mgmt-vrf",
    ),
    "cisco_nxos": (
        "show running-config",
        "ip route 10.0.0.0/8 192.0.2.1\nvrf context management\n  ip route 0.0.0.0/0 10.9.0.1\n",
        "management",
    ),
}
OTHER = {"prefix": "10.1.0.0/16", "next_hop": "192.0.2.1"}


class SavedConfig:
    """A session replaying one saved show output, logged in as nobody the device has."""

    host = "sw9"
    usable = True
    login_user = None

    def __init__(self, command: str, output: str) -> None:
        self.outputs = {command: output}

    def show(self, command: str) -> str:
        return self.outputs[command]


def target_routes(platform: str, state: State, routes: list[dict[str, str]]) -> set[str]:
    command, output, _ = CONFIGS[platform]
    driver = get_platform(platform)
    assert driver is not None
    device = DeviceAdapter("sw9", SavedConfig(command, output), driver, {"static_routes"})  # type: ignore[arg-type]
    device.load()
    intended = validate_host_data("sw9", {"static_routes": routes}, to_delete=state is State.DELETED)
    target, _ = build_target(state, intended, device)
    return {route.get_unique_id() for route in target.get_all("static_route")}


@pytest.mark.parametrize("platform", sorted(CONFIGS))
def test_management_vrf_routes_stay_unless_the_data_lists_that_vrf(platform: str) -> None:
    vrf = CONFIGS[platform][2]
    management = f"{vrf}__0.0.0.0/0__10.9.0.1"
    assert target_routes(platform, State.OVERRIDDEN, [OTHER]) == {"10.1.0.0/16__192.0.2.1", management}
    assert target_routes(platform, State.REPLACED, [OTHER]) >= {management}
    assert target_routes(platform, State.DELETED, []) == {management}  # the section cleared, the path kept
    other_route = {"vrf": vrf, "prefix": "10.8.0.0/16", "next_hop": "10.9.0.1"}
    assert target_routes(platform, State.OVERRIDDEN, [OTHER, other_route]) == {
        "10.1.0.0/16__192.0.2.1",
        f"{vrf}__10.8.0.0/16__10.9.0.1",
    }  # the data gives the VRF's routes: it is the truth for that VRF
    named = {"vrf": vrf, "prefix": "0.0.0.0/0", "next_hop": "10.9.0.1"}
    assert target_routes(platform, State.DELETED, [named]) == {"10.0.0.0/8__192.0.2.1"}


@pytest.mark.parametrize("vrf", ["Mgmt-intf", "Mgmt-vrf"])
def test_ios_management_vrf_definition_is_never_deleted(vrf: str) -> None:
    config = f"vrf definition {vrf}\n address-family ipv4\n exit-address-family\nvrf definition RED\n"
    driver = get_platform("cisco_ios")
    assert driver is not None
    device = DeviceAdapter("sw9", SavedConfig("show running-config", config), driver, {"vrfs"})  # type: ignore[arg-type]
    device.load()
    intended = validate_host_data("sw9", {"vrfs": []})
    target, _ = build_target(State.OVERRIDDEN, intended, device)
    deleted = {element.name for element in device.diff_from(target).get_children() if element.action == "delete"}
    assert deleted == {"RED"}
