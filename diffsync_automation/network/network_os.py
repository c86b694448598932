"""Ansible's ``ansible_network_os`` names and the netmiko device types (platform drivers) they stand for.

Read by the Nornir ``AnsibleInventory`` and by the Ansible collection, so both name platforms alike.
"""

from __future__ import annotations

NETWORK_OS_PLATFORMS = {
    "cisco.ios.ios": "cisco_ios",
    "ios": "cisco_ios",
    "arista.eos.eos": "arista_eos",
    "eos": "arista_eos",
    "cisco.nxos.nxos": "cisco_nxos",
    "nxos": "cisco_nxos",
    "junipernetworks.junos.junos": "juniper_junos",
    "junos": "juniper_junos",
}
"""``ansible_network_os`` values and the netmiko device type they stand for (others are passed on as given)."""
