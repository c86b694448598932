"""Add your own model to the network adapters: interface IPv4 addresses.

The package manages hostname, VLANs, interfaces, NTP servers and static routes. This example adds a sixth
section, ``interface_addresses``, in four steps, then syncs it to a simulated device of each platform:

1. a model (``InterfaceAddress``) with its identifiers and attributes;
2. a schema section (``AddressData`` in ``AddressedState``) validated like the built-in ones;
3. an adapter mix-in declaring the model and loading the section, combined with both adapters;
4. platform drivers that read the section off the device and render its changes.

Run it with ``python examples/custom_model.py``; it starts the embedded lab, so it needs the ``lab`` and
``network`` extras.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from ipaddress import IPv4Interface
from typing import Annotated, Any

from pydantic import AfterValidator

from diffsync_automation.network import (
    Change,
    DeviceAdapter,
    DeviceResult,
    EosPlatform,
    IntendedAdapter,
    IntendedState,
    IosPlatform,
    NetworkAdapter,
    NetworkModel,
    check_device,
)
from diffsync_automation.network.platforms import ShowCache
from diffsync_automation.network.platforms.running_config import matching
from diffsync_automation.network.schema import SectionItem


# 1. The model: one address per interface.
class InterfaceAddress(NetworkModel):
    _modelname = "interface_address"
    _identifiers = ("interface",)
    _attributes = ("address",)

    interface: str
    address: str
    """Address and prefix length, ``10.40.0.1/24``."""


# 2. The schema section: host data key ``interface_addresses``.
def _ipv4_interface(value: str) -> str:
    return IPv4Interface(value).with_prefixlen  # a ValueError becomes a validation error with its path


class AddressData(SectionItem):
    interface: str
    address: Annotated[str, AfterValidator(_ipv4_interface)]


class AddressedState(IntendedState):
    interface_addresses: list[AddressData] | None = None


# 3. The adapters: declare the model after ``interface`` (addresses go on interfaces that must exist first,
#    and are removed before them) and load the section.
class WithAddresses(NetworkAdapter):
    interface_address = InterfaceAddress
    top_level = [*NetworkAdapter.top_level, "interface_address"]
    schema = AddressedState

    def load_interface_addresses(self, items: list[AddressData], complete: bool) -> Iterator[NetworkModel]:
        for item in items:
            yield InterfaceAddress(interface=self.platform.canonical_interface(item.interface), address=item.address)


class AddressedIntended(WithAddresses, IntendedAdapter):
    """Intended state with addresses."""


class AddressedDevice(WithAddresses, DeviceAdapter):
    """Device state with addresses."""


# 4. The platforms: read ``ip address`` lines of interface blocks, render ``ip address``/``no ip address``.
_IOS_ADDRESS = re.compile(r"ip address (\S+) (\S+)")
_EOS_ADDRESS = re.compile(r"ip address (\S+/\d+)")


class AddressedIos(IosPlatform):
    def gather_interface_addresses(self, cache: ShowCache) -> list[dict[str, Any]]:
        found = []
        for header, block in matching(cache.running_config(), re.compile(r"interface (\S+)")):
            for line in block.children:
                if address := _IOS_ADDRESS.fullmatch(line):
                    cidr = IPv4Interface(f"{address.group(1)}/{address.group(2)}").with_prefixlen
                    found.append({"interface": header.group(1), "address": cidr})
        return found

    def render_interface_address(self, change: Change) -> list[str]:
        name = change.keys["interface"]
        if change.action == "delete":
            return [f"interface {name}", "no ip address"]
        address = IPv4Interface(change.after["address"])
        return [f"interface {name}", f"ip address {address.ip} {address.netmask}"]


class AddressedEos(EosPlatform):
    def gather_interface_addresses(self, cache: ShowCache) -> list[dict[str, Any]]:
        found = []
        for header, block in matching(cache.running_config(), re.compile(r"interface (\S+)")):
            for line in block.children:
                if address := _EOS_ADDRESS.fullmatch(line):
                    found.append({"interface": header.group(1), "address": address.group(1)})
        return found

    def render_interface_address(self, change: Change) -> list[str]:
        name = change.keys["interface"]
        if change.action == "delete":
            return [f"interface {name}", "no ip address"]
        return [f"interface {name}", f"ip address {change.after['address']}"]


PLATFORMS = {"cisco_ios": AddressedIos(), "arista_eos": AddressedEos()}

HOST_DATA = {
    "vlans": [{"id": 40, "name": "SERVICES"}],
    "interfaces": [{"name": "Vlan40", "description": "services gateway"}],
    "interface_addresses": [{"interface": "Vlan40", "address": "10.40.0.1/24"}],
}


def sync(host: str, params: dict[str, Any], dry_run: bool) -> DeviceResult:
    """``check_device`` with the extended adapters and platform drivers."""
    return check_device(
        host,
        HOST_DATA,
        params,
        platform=PLATFORMS[params["device_type"]],
        state="merged",
        dry_run=dry_run,
        intended_class=AddressedIntended,
        device_class=AddressedDevice,
    )


def main() -> int:
    from diffsync_automation.lab import Lab  # the simulated devices (lab extra)

    with Lab.seeded(2, "mixed") as lab:
        for device in lab:
            params = device.netmiko_params()
            plan = sync(device.name, params, dry_run=True)
            print(f"{device.name} ({device.platform}) would send: {plan.commands}")
            done = sync(device.name, params, dry_run=False)
            again = sync(device.name, params, dry_run=True)
            print(f"  synced: verified={done.verified}, errors={[e.message for e in done.errors]}")
            print(f"  second diff: {again.diff_text}")
            if done.failed or not done.verified or again.changed:
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
