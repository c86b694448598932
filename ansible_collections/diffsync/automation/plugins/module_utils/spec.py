# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Options of diffsync.automation.sync: one argument spec for the action plugin and the module.

Both halves validate with this spec, so a bad value fails with the same message whichever runs.
The DOCUMENTATION block of plugins/modules/sync.py describes the same options (sanity checks both agree).
"""

from __future__ import annotations

import typing as t

NETWORK_STATES = ("merged", "replaced", "overridden", "deleted")
"""States that diff against the device and, outside check mode, change it."""

STATES = (*NETWORK_STATES, "rendered", "gathered")

GENERIC_STATES = ("merged", "overridden", "rendered", "gathered")
"""States that have a meaning for any pair of adapters."""

INTENDED_KEYS = (
    "device_hostname",
    "vlans",
    "vrfs",
    "interfaces",
    "l2_interfaces",
    "l3_interfaces",
    "lag_interfaces",
    "ntp_global",
    "static_routes",
    "dns",
    "logging_global",
    "lldp_global",
    "banner",
    "acls",
    "prefix_lists",
    "bgp_global",
    "bgp_address_family",
    "ospfv2",
    "snmp_server",
    "users",
)
"""Host variables that hold the intended state (as merged by Ansible from group_vars and host_vars)."""

RETIRED_KEYS = ("ntp_servers",)
"""Intended-state variables of earlier releases: passed on with the others, so the library refuses them with the way
to write them now instead of the sync leaving that part of the device unmanaged without a word."""

COMPLIANCE_KEYS = ("intended_config_file", "intended_config_template", "compliance_rules", "compliance_ignore")
"""Host variables of the configuration compliance check (docs/compliance.md); paths start at ``inventory_dir``."""

DEVICE_OPTIONS = ("intended", "platform", "host", "port", "username", "password", "enable_secret")
"""Options that only mean something for a device; rejected together with the generic mode."""

ARGUMENT_SPEC: dict[str, dict[str, t.Any]] = {
    "state": {"type": "str", "default": "overridden", "choices": list(STATES)},
    "intended": {"type": "dict"},
    "platform": {"type": "str"},
    "host": {"type": "str"},
    "port": {"type": "int"},
    "username": {"type": "str"},
    "password": {"type": "str", "no_log": True},
    "enable_secret": {"type": "str", "no_log": True},
    "timeout": {"type": "float", "default": 20.0},
    "connect_timeout": {"type": "float", "default": 10.0},
    "max_deletes": {"type": "int"},
    "force": {"type": "bool", "default": False},
    "rollback_on_failure": {"type": "bool", "default": False},
    "fail_on_drift": {"type": "bool", "default": False},
    "source_adapter": {"type": "str"},
    "target_adapter": {"type": "str"},
    "data": {"type": "raw"},
    "target_options": {"type": "dict"},
}

REQUIRED_TOGETHER = [["source_adapter", "target_adapter"]]

MUTUALLY_EXCLUSIVE = [["source_adapter", name] for name in DEVICE_OPTIONS]

REQUIRED_BY = {"data": ["source_adapter"], "target_options": ["target_adapter"]}


def validation_kwargs() -> dict[str, t.Any]:
    """Keyword arguments for AnsibleModule() and ActionBase.validate_argument_spec()."""
    return {
        "argument_spec": ARGUMENT_SPEC,
        "required_together": REQUIRED_TOGETHER,
        "mutually_exclusive": MUTUALLY_EXCLUSIVE,
        "required_by": REQUIRED_BY,
    }
