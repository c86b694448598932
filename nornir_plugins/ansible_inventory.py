"""``AnsibleInventory``: a Nornir inventory read from an Ansible inventory by ansible-core itself.

Teams that run Ansible already keep their devices in an INI or YAML inventory with ``group_vars/`` and
``host_vars/``. ansible-core's own ``InventoryManager`` and ``VariableManager`` read it, so every format and
precedence rule Ansible knows applies, and templated values (``{{ lookup('env', 'DEVICE_PASSWORD') }}``) are
rendered. Each host becomes a Nornir host:

- ``ansible_host``/``ansible_port``/``ansible_user``/``ansible_password`` give the connection,
- ``ansible_network_os`` (``cisco.ios.ios``, ``arista.eos.eos``, ...) or a ``platform`` variable the platform,
- ``ansible_become_password`` the enable secret (netmiko's ``secret``),
- vault-encrypted values decrypt with the vault password files Ansible is configured with,
- every other variable (merged by Ansible's rules) is the host's data, that is its intended state,
- its Ansible groups are its Nornir groups, so ``--limit GROUP`` works as in Ansible.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    Inventory,
    ParentGroups,
)

from diffsync_automation._quiet_imports import import_quietly
from diffsync_automation.network.network_os import NETWORK_OS_PLATFORMS
from nornir_plugins.errors import NornirPluginError

MAGIC_VARIABLES = frozenset(
    {
        "environment",
        "group_names",
        "groups",
        "hostvars",
        "inventory_dir",
        "inventory_file",
        "inventory_hostname",
        "inventory_hostname_short",
        "omit",
        "playbook_dir",
        "role_names",
    }
)
"""Variables Ansible adds to every host; with the ``ansible_*`` ones they are not part of the intended state."""

CONNECTION_VARIABLES = frozenset(
    {
        "ansible_host",
        "ansible_port",
        "ansible_user",
        "ansible_password",
        "ansible_ssh_pass",
        "ansible_become_password",
        "ansible_become_pass",
        "ansible_network_os",
    }
)
"""The Ansible variables read for the connection (only these and the host's data are templated)."""

ANSIBLE_MISSING = 'reading an Ansible inventory needs ansible-core: pip install "diffsync-automation[ansible]"'


class AnsibleInventoryError(NornirPluginError, ValueError):
    """The Ansible inventory cannot be used: ansible-core is missing, or a host's variables are unusable."""


class NoAnsibleHostsError(AnsibleInventoryError):
    """ansible-core read no host from the source: it may not be an Ansible inventory at all."""


class AnsibleInventory:
    """Inventory plugin ``AnsibleInventory``: ``source`` is an inventory file or directory, as for ``-i``."""

    def __init__(self, source: str) -> None:
        self.source = Path(source).expanduser()

    def load(self) -> Inventory:
        try:
            from ansible.errors import AnsibleError
            from ansible.inventory.manager import InventoryManager
            from ansible.parsing.dataloader import DataLoader
            from ansible.plugins.loader import init_plugin_loader
            from ansible.template import Templar
            from ansible.vars.manager import VariableManager
        except ImportError:
            raise AnsibleInventoryError(ANSIBLE_MISSING) from None

        init_plugin_loader()  # lookups such as ansible.builtin.env in templated variables
        loader = DataLoader()
        # ansible-core tells why each of its parsers failed in many lines on stderr: keep them, show them only
        # when the inventory was read, and otherwise raise one error with the first reason.
        with contextlib.redirect_stderr(io.StringIO()) as warnings:
            try:
                _load_vault_secrets(loader)
            except AnsibleError as exc:  # a vault password file that cannot be read
                raise AnsibleInventoryError(f"{self.source}: {str(exc).splitlines()[0]}") from None
            manager = InventoryManager(loader=loader, sources=[str(self.source)])
        hosts = manager.get_hosts()
        if not hosts:
            reasons = [
                line for line in warnings.getvalue().splitlines() if line.startswith("Failed to parse inventory:")
            ]
            why = f" ({reasons[0].removeprefix('Failed to parse inventory: ')})" if reasons else ""
            raise NoAnsibleHostsError(f"{self.source}: ansible-core found no host in it{why}")
        sys.stderr.write(warnings.getvalue())
        variables = VariableManager(loader=loader, inventory=manager)
        groups = Groups()
        nornir_hosts = Hosts()
        for host in hosts:
            raw = variables.get_vars(host=host, include_hostvars=False)
            wanted = {key: value for key, value in raw.items() if key in CONNECTION_VARIABLES or not _is_ansible(key)}
            try:
                rendered = _plain(Templar(loader=loader, variables=raw).template(wanted))
            except AnsibleError as exc:  # an undefined variable in a template, a failing lookup
                first_line = str(exc).splitlines()[0]
                raise AnsibleInventoryError(f"{self.source}: host {host.name}: {first_line}") from None
            names = [group.name for group in host.get_groups() if group.name not in ("all", "ungrouped")]
            for name in names:
                groups.setdefault(name, Group(name=name))
            nornir_hosts[host.name] = _nornir_host(host.name, rendered, ParentGroups(groups[n] for n in names))
        return Inventory(hosts=nornir_hosts, groups=groups, defaults=Defaults())


def _load_vault_secrets(loader: Any) -> None:
    """Vault-encrypted variables decrypt with the password files Ansible is configured with
    (``ANSIBLE_VAULT_PASSWORD_FILE``, ``ansible.cfg``, vault ids); nothing ever prompts."""
    import_quietly("ansible._internal._ssh._ssh_agent")  # ansible.cli imports it: a DSA deprecation warning
    from ansible import constants
    from ansible.cli import CLI

    vault_ids = constants.DEFAULT_VAULT_IDENTITY_LIST
    loader.set_vault_secrets(CLI.setup_vault_secrets(loader, vault_ids=vault_ids, auto_prompt=False))


def _nornir_host(name: str, variables: Mapping[str, Any], groups: ParentGroups) -> Host:
    """The Nornir host for one Ansible host's merged, rendered variables."""
    network_os = variables.get("ansible_network_os")
    platform = NETWORK_OS_PLATFORMS.get(str(network_os), str(network_os)) if network_os else variables.get("platform")
    password = _first(variables, "ansible_password", "ansible_ssh_pass")
    secret = _first(variables, "ansible_become_password", "ansible_become_pass")
    port = _first(variables, "ansible_port")
    if port is not None and not str(port).isdigit():
        raise AnsibleInventoryError(f"host {name}: ansible_port {port!r} is not a number")
    data = {key: value for key, value in variables.items() if not _is_ansible(key)}
    return Host(
        name=name,
        hostname=str(_first(variables, "ansible_host") or name),
        port=int(port) if port is not None else None,
        username=_first(variables, "ansible_user"),
        password=password,
        platform=platform,
        groups=groups,
        data=data,
        connection_options={"netmiko": ConnectionOptions(extras={"secret": secret})} if secret else {},
    )


def _first(variables: Mapping[str, Any], *names: str) -> Any:
    """The first of ``names`` set to something other than an empty value."""
    for name in names:
        if variables.get(name) not in (None, ""):
            return variables[name]
    return None


def _is_ansible(name: str) -> bool:
    return name.startswith("ansible_") or name in MAGIC_VARIABLES


def _plain(value: Any) -> Any:
    """A copy of plain dict/list/str/int/float/bool/None (ansible-core hands out tagged subclasses)."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value
