"""Quickstart: compare an intended device inventory with a live one, then make the live side match."""

from diffsync_automation import Adapter, DiffSyncModel


class Device(DiffSyncModel):
    _modelname = "device"
    _identifiers = ("name",)
    _attributes = ("role",)
    _children = {"interface": "interfaces"}

    name: str
    role: str
    interfaces: list[str] = []


class Interface(DiffSyncModel):
    _modelname = "interface"
    _identifiers = ("device", "name")
    _shortname = ("name",)
    _attributes = ("description", "enabled")

    device: str
    name: str
    description: str = ""
    enabled: bool = True


class Network(Adapter):
    device = Device
    interface = Interface
    top_level = ["device"]

    def __init__(self, name: str, data: dict[str, dict]) -> None:
        super().__init__(name=name)
        for device_name, device_data in data.items():
            device = Device(name=device_name, role=device_data["role"])
            self.add(device)
            for if_name, (description, enabled) in device_data["interfaces"].items():
                interface = Interface(device=device_name, name=if_name, description=description, enabled=enabled)
                self.add(interface)
                device.add_child(interface)


intended = Network(
    "intended",
    {
        "leaf1": {
            "role": "leaf",
            "interfaces": {"Ethernet1": ("uplink to spine1", True), "Ethernet2": ("server", True)},
        },
        "leaf2": {"role": "leaf", "interfaces": {"Ethernet1": ("uplink to spine1", True)}},
    },
)
live = Network(
    "live",
    {
        "leaf1": {"role": "leaf", "interfaces": {"Ethernet1": ("uplink", True), "Ethernet2": ("server", False)}},
        "leaf3": {"role": "spine", "interfaces": {}},
    },
)

diff = live.diff_from(intended)
print(diff.str())
print(diff.summary())

live.sync_from(intended, diff=diff)
print("after sync:", live.diff_from(intended).summary())
