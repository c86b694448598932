#!/usr/bin/python
# Copyright: (c) 2026, diffsync-automation developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sync
short_description: Show and fix drift between a host's intended state and its network device
version_added: 0.1.0
description:
  - Builds the intended state of a device from the host's inventory variables (C(device_hostname), C(vlans),
    C(vrfs), C(interfaces), C(l2_interfaces), C(l3_interfaces), C(lag_interfaces), C(ntp_global), C(static_routes),
    C(dns), C(logging_global), C(lldp_global), C(banner), C(acls), C(prefix_lists), C(bgp_global),
    C(bgp_address_family), C(ospfv2), C(snmp_server), C(users), as
    merged by Ansible from C(group_vars) and C(host_vars); C(diffsync-automation features) lists them per platform),
    reads the same sections from the device over SSH and diffs the two with the diffsync-automation engine.
  - In check mode it reports the drift with C(changed=true) and changes nothing; with C(--diff) every object
    that differs is printed as its own before/after diff.
  - Outside check mode it sends the configuration commands that remove the drift, re-reads the device and
    verifies that it converged. A second run reports C(changed=false).
  - The task runs on the Ansible controller (an action plugin of the same name), which logs into the device
    itself with netmiko; the device needs no Python. Connection details come from C(ansible_host),
    C(ansible_port), C(ansible_user), C(ansible_password) (or C(ansible_ssh_pass)) and
    C(ansible_become_password) (the enable secret); options of the same meaning override them.
  - When the host sets C(intended_config_file) or C(intended_config_template) (paths relative to the inventory
    directory), its running configuration is also checked against that intended configuration per feature
    (C(ntp), C(logging), C(snmp), C(acl), ...); in check mode C(--diff) prints each non-compliant feature as a
    unified diff, otherwise the remediation is sent and re-checked. See docs/compliance.md of the library.
  - With O(source_adapter) and O(target_adapter) it diffs and syncs any two diffsync-automation adapters
    instead (generic mode), for data that is not a network device.
author:
  - diffsync-automation developers (@diffsync-automation)
requirements:
  - diffsync-automation with its C(network) extra (netmiko, ntc-templates) on the controller's Python
options:
  state:
    description:
      - V(overridden), the default, makes each managed section exactly the intended state; objects only on the
        device are deleted (a physical interface is reset to its defaults instead), within O(max_deletes). It is the
        default so that a check never reports no drift while a device holds an object the intended state lacks.
      - V(merged) creates what is missing and updates the attributes the intended state gives; it never deletes
        and never touches attributes left out (objects only on the device are not reported either).
      - V(replaced) makes every listed object exactly as given (attributes left out go back to their defaults);
        objects only on the device are kept.
      - V(deleted) deletes the listed objects (matched by their identifiers, which are all an entry needs, a VLAN
        only its C(id)), or all objects of a section given as an empty list. Use it with O(intended) naming what
        to delete; with the host's variables it deletes the intended state itself.
      - V(rendered) returns the commands that configure the intended state on an empty device, without
        contacting the device.
      - V(gathered) only reads the device and returns its configuration in the intended-state schema, for
        the sections the intended state manages (every section when there is none).
      - In generic mode only V(merged), V(overridden), V(rendered) and V(gathered) are accepted.
    type: str
    choices: [merged, replaced, overridden, deleted, rendered, gathered]
    default: overridden
  intended:
    description:
      - The intended state, instead of the host's variables. Same keys as the host variables.
    type: dict
  platform:
    description:
      - netmiko device type of the device, for example V(cisco_ios), V(arista_eos), V(cisco_nxos) or
        V(juniper_junos).
      - Defaults to the value derived from C(ansible_network_os) (V(cisco.ios.ios) gives V(cisco_ios),
        V(arista.eos.eos) gives V(arista_eos), V(cisco.nxos.nxos) gives V(cisco_nxos),
        V(junipernetworks.junos.junos) gives V(juniper_junos)).
    type: str
  host:
    description:
      - Address of the device. Defaults to C(ansible_host), else the inventory host name.
    type: str
  port:
    description:
      - SSH port of the device. Defaults to C(ansible_port), else 22.
    type: int
  username:
    description:
      - Login name. Defaults to C(ansible_user).
    type: str
  password:
    description:
      - Login password. Defaults to C(ansible_password), else C(ansible_ssh_pass). Never returned or logged.
    type: str
  enable_secret:
    description:
      - Secret for privileged (enable) mode. Defaults to C(ansible_become_password). Never returned or logged.
    type: str
  timeout:
    description:
      - Seconds to wait for each answer of the device (the login's included) before the host fails.
    type: float
    default: 20.0
  connect_timeout:
    description:
      - Seconds to wait for the TCP connection, the SSH banner and the login each before the host fails.
    type: float
    default: 10.0
  max_deletes:
    description:
      - Refuse a sync that would delete more objects than this (the host fails, nothing is sent), unless
        O(force=true). In check mode the excess is only a warning.
    type: int
  force:
    description:
      - Sync even when more than O(max_deletes) objects would be deleted.
    type: bool
    default: false
  rollback_on_failure:
    description:
      - When the push to the device fails or is cut part-way, return the device to the configuration it had
        before the push (the inverse changes are pushed), verified by reading it again. The task still fails;
        RV(rollback) says whether the rollback worked. Network mode only.
    type: bool
    default: false
  fail_on_drift:
    description:
      - In check mode, fail the task when drift is found, so that a pipeline stops. Outside check mode this
        option does nothing (the sync removes the drift, and a sync that does not converge fails anyway).
    type: bool
    default: false
  source_adapter:
    description:
      - Generic mode. The adapter holding the intended data, as V(package.module:Class) (imported from the
        controller's Python path) or V(/path/to/file.py:Class).
      - It is built by its classmethod C(from_host_data), called with the host name and O(data), then loaded with
        C(load); a class without that classmethod is built with C(name="intended") and filled by C(load_from_dict)
        with O(data).
      - Requires O(target_adapter); excludes the network options O(intended), O(platform), O(host), O(port),
        O(username), O(password) and O(enable_secret).
    type: str
  target_adapter:
    description:
      - Generic mode. The adapter that is diffed and, outside check mode, synced, as
        V(package.module:Class) or V(/path/to/file.py:Class).
      - It is built with the keyword arguments O(target_options) and C(name) set to the inventory host name,
        then loaded with C(load).
    type: str
  data:
    description:
      - Generic mode. The intended data handed to O(source_adapter).
      - >-
        Without C(from_host_data) it has the shape that C(Adapter.dict) returns, a mapping of model name to
        unique id to attributes, for example C({"user": {"alice": {"uid": 1001}}}).
    type: raw
  target_options:
    description:
      - Generic mode. Keyword arguments for the O(target_adapter) constructor, for example a file path or a URL.
      - Not masked in logs; pass secrets through files or environment variables the adapter reads.
    type: dict
attributes:
  action:
    support: full
    description: Runs on the controller through the action plugin of the same name.
  async:
    support: none
    description: Not supported.
  check_mode:
    support: full
    description: Reports the drift with C(changed=true); nothing is sent to the device.
  diff_mode:
    support: full
    description: Returns one before/after entry per changed object.
  platform:
    platforms: network
    support: full
    description: Cisco IOS and Arista EOS devices over SSH, or any pair of adapters in generic mode.
notes:
  - Secrets (passwords, the enable secret) are never part of the result, not even in error messages.
  - The controller's Python needs the diffsync-automation library; a missing library fails the task with its
    name. Set C(ansible_connection=local) for the play if C(ansible.netcommon) is not installed (the task does
    not use the connection plugin).
  - The results feed the C(diffsync.automation.drift_report) callback, which writes JSON, JUnit XML and
    Markdown reports when the playbook ends.
  - The project's C(docs/ansible.md) describes the playbooks, the inventory layout and the reports.
"""

EXAMPLES = r"""
- name: Show drift (run with --check --diff)
  diffsync.automation.sync:
    state: overridden

- name: Fail the pipeline when a device drifts
  diffsync.automation.sync:
    state: overridden
    fail_on_drift: true
  check_mode: true

- name: Make the devices match their intended state, deleting at most 5 objects each
  diffsync.automation.sync:
    state: overridden
    max_deletes: 5

- name: Read the VLANs of a device
  diffsync.automation.sync:
    state: gathered
    intended:
      vlans: []
  register: facts

- name: Commands that would configure the intended state (no device contact)
  diffsync.automation.sync:
    state: rendered

- name: Sync a JSON file from records kept in the inventory (generic mode)
  diffsync.automation.sync:
    source_adapter: "{{ playbook_dir }}/adapters.py:Records"
    target_adapter: "{{ playbook_dir }}/adapters.py:JsonFile"
    data:
      user:
        alice: {uid: 1001}
    target_options:
      path: /var/lib/users.json
    state: overridden
  delegate_to: localhost
"""

RETURN = r"""
compliance:
  description:
    - Per configuration feature, C(compliant), the C(missing) and C(extra) lines (with their parents) and the
      C(remediation), secrets masked. After a sync, the re-checked state.
  returned: when the host sets C(intended_config_file) or C(intended_config_template)
  type: dict
  sample: {logging: {compliant: false, missing: [logging host 10.9.9.9], extra: [], remediation: [logging host 10.9.9.9]}}
summary:
  description: Number of objects to create, update and delete, and unchanged and skipped ones.
  returned: when the device was read (not with V(rendered) or V(gathered))
  type: dict
  sample: {create: 1, update: 2, delete: 2, no-change: 15, skip: 0}
before:
  description:
    - The managed sections as read from the device before the task.
    - In generic mode, what the target's C(Adapter.dict) returned before the task.
  returned: when the device was read (not with V(rendered) or V(gathered))
  type: dict
  sample: {vlans: [{id: 1, name: default}, {id: 20, name: SERVERS_OLD}]}
after:
  description:
    - The managed sections re-read from the device after the sync (generic mode, the target after the sync).
    - Equal to RV(before) when nothing had to change. Not returned in check mode when there is drift.
  returned: when the sync ran, or nothing had to change
  type: dict
  sample: {vlans: [{id: 1, name: default}, {id: 20, name: SERVERS}]}
commands:
  description: Configuration commands, in the order they are (or would be, in check mode) sent.
  returned: when the device was read (not with V(rendered) or V(gathered))
  type: list
  elements: str
  sample: [vlan 20, name SERVERS, no vlan 99]
diff:
  description:
    - One entry per object that differs, with C(before), C(after), C(before_header) and C(after_header), as
      printed by C(ansible-playbook --diff). An empty C(before) means the object is created, an empty C(after)
      that it is deleted.
  returned: in diff mode
  type: list
  elements: dict
  sample: [{before_header: "sw01: vlan 20 (update)", after_header: "sw01: vlan 20 (update)",
            before: {vlan_id: 20, name: SERVERS_OLD}, after: {vlan_id: 20, name: SERVERS}}]
changes:
  description:
    - One entry per object to create, update or delete, in push order, with C(model), C(name), C(action),
      C(keys), C(before), C(after), C(commands) and C(status) (C(pending) in check mode; C(applied), C(failed),
      C(partial), C(unknown) or C(not_attempted) after a sync). Generic mode has no commands or status.
  returned: when the device was read (not with V(rendered) or V(gathered))
  type: list
  elements: dict
structured_diff:
  description: The diff as the library's C(Diff.dict) method gives it.
  returned: when the device was read (not with V(rendered) or V(gathered))
  type: dict
  sample: {vlan: {"20": {"+": {name: SERVERS}, "-": {name: SERVERS_OLD}}}}
diff_text:
  description: The diff as the library's C(Diff.str) method gives it.
  returned: when the device was read (not with V(rendered) or V(gathered))
  type: str
rendered:
  description:
    - With V(rendered), the commands that configure the intended state on an empty device.
    - In generic mode, what the source adapter's C(Adapter.dict) returns.
  returned: with O(state=rendered)
  type: raw
  sample: [hostname sw01, vlan 10, name USERS]
gathered:
  description:
    - With V(gathered), the device's configuration in the intended-state schema.
    - In generic mode, what the target adapter's C(Adapter.dict) returns.
  returned: with O(state=gathered)
  type: dict
  sample: {vlans: [{id: 1, name: default}, {id: 10, name: USERS}]}
platform:
  description: netmiko device type used.
  returned: in network mode
  type: str
  sample: cisco_ios
state:
  description: The state the task ran with.
  returned: always
  type: str
  sample: overridden
dry_run:
  description: Whether nothing was sent (check mode).
  returned: when the device was read
  type: bool
applied:
  description: Commands the device accepted.
  returned: in network mode, when the device was read
  type: list
  elements: str
failed_commands:
  description: The command the device rejected, or the one in flight when the session broke.
  returned: in network mode, when the device was read
  type: list
  elements: str
rejected:
  description: The command the device refused with an error (not applied).
  returned: in network mode, when the device was read
  type: list
  elements: str
unknown:
  description: The command in flight when the session broke; it may or may not have been applied (see RV(verified)).
  returned: in network mode, when the device was read
  type: list
  elements: str
not_attempted:
  description: Commands not sent because the push stopped earlier.
  returned: in network mode, when the device was read
  type: list
  elements: str
discarded:
  description:
    - Commands a Junos candidate configuration held when it was discarded instead of committed (a rejected line
      or a failed commit); none of them was applied.
  returned: in network mode, when the device was read
  type: list
  elements: str
verified:
  description: Whether the device matched the intended state when re-read after the sync.
  returned: in network mode, when the device was read
  type: bool
rollback:
  description:
    - With O(rollback_on_failure), after a failed or cut push, C(method) (C(inverse) or C(native)), the
      C(commands) and C(applied) lines of the rollback, C(verified) (the device holds its configuration from
      before the push again) and C(error); null when no rollback was needed.
  returned: in network mode, when the device was read
  type: dict
errors:
  description: The device's errors, each with C(kind) (for example C(unreachable), C(timeout)) and C(message).
  returned: in network mode, when the device was read
  type: list
  elements: dict
error_kind:
  description:
    - Why the task failed, for example C(arguments), C(intended_state), C(unreachable), C(authentication),
      C(config_rejected), C(commit_failed), C(verification), C(max_deletes), C(drift) (O(fail_on_drift)) or
      C(missing_library).
  returned: on failure
  type: str
  sample: unreachable
"""

import traceback

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.diffsync.automation.plugins.module_utils.runner import run_sync
from ansible_collections.diffsync.automation.plugins.module_utils.spec import validation_kwargs


def main() -> None:
    """Run without the action plugin (for example with ansible's -m on a Python host): options only."""
    module = AnsibleModule(supports_check_mode=True, **validation_kwargs())
    host = module.params["host"] or "localhost"
    try:
        result = run_sync(host, module.params, {}, check_mode=module.check_mode, diff_mode=module._diff)
    except Exception as exc:  # run_sync reports its own failures; this is a last resort
        module.fail_json(msg=f"diffsync.automation.sync failed: {exc}", exception=traceback.format_exc())
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
