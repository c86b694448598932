"""Platform-neutral CLI engine: modes, command tables and configuration handlers.

One ``CliSession`` exists per SSH session; all sessions of a device share its ``DeviceState``. The engine
follows IOS/EOS conventions that clients rely on: abbreviated keywords, global commands accepted from
sub-modes, ``do`` in configuration mode, and a prompt after every line, even a bad one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address

from diffsync_automation.lab.commands import (
    CliError,
    Command,
    InvalidInput,
    Match,
    apply_pipe,
    dispatch,
    match,
)
from diffsync_automation.lab.dialect import Dialect, Mode, Renderer, RouteArgs
from diffsync_automation.lab.state import DEFAULT_MTU, DeviceState, Interface, StaticRoute

_HOSTNAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,62}")
_VLAN_NAME = re.compile(r"[!-~]{1,32}")


@dataclass(frozen=True)
class Reply:
    """Output for one input line; ``close`` ends the session, ``ask_password`` starts the enable dialogue."""

    text: str
    close: bool = False
    ask_password: bool = False


def default_vlan_name(vlan_id: int) -> str:
    """Name both platforms give a VLAN created without one."""
    return "default" if vlan_id == 1 else f"VLAN{vlan_id:04d}"


def _vlan_id(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 4094:
        raise InvalidInput
    return int(text)


class CliSession:
    """Interprets the lines of one session against a device state."""

    def __init__(self, state: DeviceState, dialect: Dialect) -> None:
        self.state = state
        self.dialect = dialect
        self.mode: Mode = "enable" if state.privilege >= 15 else "exec"
        self._interface: Interface | None = None
        self._vlan: int | None = None
        self._exec_table = [
            Command("terminal length <n>", lambda a: dialect.terminal_length_reply(a[0])),
            Command("terminal width <n>", lambda a: dialect.terminal_width_reply(a[0])),
            Command("show privilege", self._show_privilege),
            *(Command(pattern, self._renderer(render)) for pattern, render in dialect.show_commands()),
        ]
        self._save_table = [
            Command("write <?memory>", self._write),
            Command("copy running-config startup-config", self._save),
        ]
        self._enable_table = [
            Command("configure <?terminal>", self._configure),
            *self._save_table,
            Command("disable", self._disable),
        ]
        self._global_table = [
            Command("hostname <name>", self._hostname),
            Command("no hostname", self._no_hostname),
            Command("vlan <id>", self._enter_vlan),
            Command("no vlan <id>", self._no_vlan),
            Command("interface <*name>", self._enter_interface),
            Command("no interface <*name>", self._no_interface),
            Command("ntp server <address>", self._ntp_server),
            Command("no ntp server <address>", self._no_ntp_server),
            Command("ip route <*args>", self._ip_route),
            Command("no ip route <*args>", self._no_ip_route),
        ]
        self._interface_table = [
            Command("description <*text>", self._description),
            Command("no description", self._no_description),
            Command("shutdown", self._shutdown),
            Command("no shutdown", self._no_shutdown),
            Command("switchport access vlan <id>", self._access_vlan),
            Command("no switchport access vlan", self._no_access_vlan),
            Command("switchport mode access", self._switchport_mode_access),
            Command("switchport", self._switchport),
            Command("no switchport", self._no_switchport),
            Command("mtu <bytes>", self._mtu),
            Command("no mtu", self._no_mtu),
            Command("ip address <*args>", self._ip_address),
            Command("no ip address", self._no_ip_address),
        ]
        self._vlan_table = [
            Command("name <name>", self._vlan_name),
            Command("no name", self._no_vlan_name),
        ]

    # ------------------------------------------------------------------ entry points
    def prompt(self) -> str:
        """Prompt for the current mode and hostname."""
        return self.dialect.prompt(self.state.hostname, self.mode, self._interface, self._vlan)

    def handle(self, line: str) -> Reply:
        """Run one input line."""
        tokens = line.split()
        if not tokens:
            return Reply("")
        prompt = self.prompt()
        try:
            if self.mode in ("exec", "enable"):
                return self._exec_line(line, tokens)
            return Reply(self._config_line(line, tokens))
        except InvalidInput:
            return Reply(self.dialect.invalid_input(prompt, line))
        except CliError as exc:
            return Reply(f"{exc}\n")

    def enter_enable(self) -> None:
        """The enable password was accepted."""
        self.mode = "enable"

    # ------------------------------------------------------------------ mode handling
    def _exec_line(self, line: str, tokens: list[str]) -> Reply:
        if [token.lower() for token in tokens] in (["exit"], ["logout"], ["quit"]):
            return Reply("", close=True)
        if isinstance(match("enable", tokens), list):
            return Reply("", ask_password=self.mode == "exec")
        tables = [self._exec_table, self._enable_table] if self.mode == "enable" else [self._exec_table]
        return Reply(self._run(line, tables))

    def _config_line(self, line: str, tokens: list[str]) -> str:
        if [token.lower() for token in tokens] in (["end"], ["\x1a"]):
            self._leave_config()
            return ""
        if [token.lower() for token in tokens] == ["exit"]:
            self._exit_level()
            return ""
        if isinstance(match("do <*command>", tokens), list):
            return self._run(line.strip()[len(tokens[0]) :], [self._exec_table, self._save_table])
        if self.dialect.show_in_config and isinstance(match("show <*what>", tokens), list):
            return self._run(line, [self._exec_table])
        context = self.mode, self._interface, self._vlan
        sub_table = {"config-if": self._interface_table, "config-vlan": self._vlan_table}.get(self.mode, [])
        found = dispatch(sub_table, tokens)
        if not isinstance(found, tuple):
            found_global = dispatch(self._global_table, tokens)
            if isinstance(found_global, tuple) and self.mode != "config":
                self._exit_level()
            if isinstance(found_global, tuple) or found is Match.NONE:
                found = found_global
        if found is Match.INCOMPLETE:
            raise CliError(self.dialect.incomplete)
        if found is Match.NONE:
            raise InvalidInput
        command, args = found
        try:
            output = command.handler(args)
        except (InvalidInput, CliError):
            self.mode, self._interface, self._vlan = context  # a rejected line leaves the mode as it was
            raise
        self.state.saved = False
        return output

    def _run(self, line: str, tables: list[list[Command]]) -> str:
        """Run an exec-level command, with an optional output pipe."""
        command_text, bar, pipe = line.partition("|")
        tokens = command_text.split()
        outcome: tuple[Command, list[str]] | Match = Match.NONE
        for table in tables:
            found = dispatch(table, tokens)
            if isinstance(found, tuple):
                outcome = found
                break
            if found is Match.INCOMPLETE:
                outcome = found
        if outcome is Match.INCOMPLETE:
            raise CliError(self.dialect.incomplete)
        if outcome is Match.NONE:
            raise InvalidInput
        command, args = outcome
        output = command.handler(args)
        return apply_pipe(output, pipe) if bar else output

    def _leave_config(self) -> None:
        self.mode, self._interface, self._vlan = "enable", None, None

    def _exit_level(self) -> None:
        if self.mode == "config":
            self._leave_config()
        else:
            self.mode, self._interface, self._vlan = "config", None, None

    def _renderer(self, render: Renderer) -> Callable[[list[str]], str]:
        return lambda args: render(self.state)

    def _current_interface(self) -> Interface:
        if self._interface is None:  # the interface table is only consulted in config-if mode
            raise InvalidInput
        return self._interface

    # ------------------------------------------------------------------ exec and enable commands
    def _show_privilege(self, args: list[str]) -> str:
        return f"Current privilege level is {1 if self.mode == 'exec' else 15}\n"

    def _configure(self, args: list[str]) -> str:
        if args and not "terminal".startswith(args[0].lower()):
            raise InvalidInput
        self.mode = "config"
        return self.dialect.config_banner

    def _write(self, args: list[str]) -> str:
        if args and not "memory".startswith(args[0].lower()):
            raise InvalidInput
        return self._save(args)

    def _save(self, args: list[str]) -> str:
        self.state.saved = True
        return self.dialect.save_reply

    def _disable(self, args: list[str]) -> str:
        self.mode = "exec"
        return ""

    # ------------------------------------------------------------------ global configuration
    def _hostname(self, args: list[str]) -> str:
        if not _HOSTNAME.fullmatch(args[0]):
            raise InvalidInput
        self.state.hostname = args[0]
        return ""

    def _no_hostname(self, args: list[str]) -> str:
        self.state.hostname = self.dialect.default_hostname
        return ""

    def _enter_vlan(self, args: list[str]) -> str:
        vlan_id = _vlan_id(args[0])
        self.state.vlans.setdefault(vlan_id, default_vlan_name(vlan_id))
        self.mode, self._interface, self._vlan = "config-vlan", None, vlan_id
        return ""

    def _no_vlan(self, args: list[str]) -> str:
        vlan_id = _vlan_id(args[0])
        if vlan_id == 1:
            raise CliError(self.dialect.default_vlan_delete_error)
        self.state.vlans.pop(vlan_id, None)
        return ""

    def _enter_interface(self, args: list[str]) -> str:
        resolved = self.dialect.resolve_interface(args[0])
        if resolved is None:
            raise InvalidInput
        name, logical = resolved
        if name not in self.state.interfaces:
            if not logical:
                raise InvalidInput
            self.state.interfaces[name] = Interface(name, access_vlan=None)
        self.mode, self._interface, self._vlan = "config-if", self.state.interfaces[name], None
        return ""

    def _no_interface(self, args: list[str]) -> str:
        resolved = self.dialect.resolve_interface(args[0])
        if resolved is None or not resolved[1]:
            raise InvalidInput
        self.state.interfaces.pop(resolved[0], None)
        return ""

    def _ntp_server(self, args: list[str]) -> str:
        address = str(_ipv4(args[0]))
        if address not in self.state.ntp_servers:
            self.state.ntp_servers.append(address)
        return ""

    def _no_ntp_server(self, args: list[str]) -> str:
        address = str(_ipv4(args[0]))
        if address in self.state.ntp_servers:
            self.state.ntp_servers.remove(address)
        return ""

    def _ip_route(self, args: list[str]) -> str:
        route = self._route_args(args, removing=False)
        if route.next_hop is None:
            raise CliError(self.dialect.incomplete)
        self.state.add_route(StaticRoute(route.prefix, route.next_hop, route.distance or 1))
        return ""

    def _no_ip_route(self, args: list[str]) -> str:
        route = self._route_args(args, removing=True)
        self.state.remove_routes(route.prefix, route.next_hop)
        return ""

    def _route_args(self, args: list[str], removing: bool) -> RouteArgs:
        try:
            return self.dialect.parse_route(args[0].split(), removing)
        except ValueError as exc:
            raise InvalidInput from exc

    # ------------------------------------------------------------------ interface configuration
    def _description(self, args: list[str]) -> str:
        self._current_interface().description = args[0]
        return ""

    def _no_description(self, args: list[str]) -> str:
        self._current_interface().description = ""
        return ""

    def _shutdown(self, args: list[str]) -> str:
        self._current_interface().enabled = False
        return ""

    def _no_shutdown(self, args: list[str]) -> str:
        self._current_interface().enabled = True
        return ""

    def _switchport_interface(self) -> Interface:
        intf = self._current_interface()
        resolved = self.dialect.resolve_interface(intf.name)
        if resolved is not None and resolved[1]:
            raise InvalidInput
        if intf.access_vlan is None:
            raise CliError(self.dialect.not_switchport_error(intf.name))
        return intf

    def _access_vlan(self, args: list[str]) -> str:
        intf = self._switchport_interface()
        vlan_id = _vlan_id(args[0])
        intf.access_vlan = vlan_id
        if vlan_id not in self.state.vlans and self.dialect.create_missing_access_vlan:
            self.state.vlans[vlan_id] = default_vlan_name(vlan_id)
            return f"% Access VLAN does not exist. Creating vlan {vlan_id}\n"
        return ""

    def _no_access_vlan(self, args: list[str]) -> str:
        self._switchport_interface().access_vlan = 1
        return ""

    def _switchport_mode_access(self, args: list[str]) -> str:
        self._switchport_interface()
        return ""

    def _set_switchport(self, on: bool) -> Interface:
        intf = self._current_interface()
        resolved = self.dialect.resolve_interface(intf.name)
        if resolved is not None and resolved[1]:
            raise InvalidInput
        if on and intf.access_vlan is None:
            intf.access_vlan, intf.address = 1, None
        elif not on and intf.access_vlan is not None:
            intf.access_vlan = None
        return intf

    def _switchport(self, args: list[str]) -> str:
        self._set_switchport(True)
        return ""

    def _no_switchport(self, args: list[str]) -> str:
        self._set_switchport(False)
        return ""

    def _mtu(self, args: list[str]) -> str:
        if not args[0].isdigit() or not 68 <= int(args[0]) <= 9216:
            raise InvalidInput
        self._current_interface().mtu = None if int(args[0]) == DEFAULT_MTU else int(args[0])
        return ""

    def _no_mtu(self, args: list[str]) -> str:
        self._current_interface().mtu = None
        return ""

    def _ip_address(self, args: list[str]) -> str:
        intf = self._current_interface()
        if intf.access_vlan is not None:
            raise CliError(self.dialect.l2_address_error)
        try:
            intf.address = self.dialect.parse_address(args[0].split())
        except ValueError as exc:
            raise InvalidInput from exc
        return ""

    def _no_ip_address(self, args: list[str]) -> str:
        self._current_interface().address = None
        return ""

    # ------------------------------------------------------------------ VLAN configuration
    def _current_vlan(self) -> int:
        if self._vlan is None:  # the VLAN table is only consulted in config-vlan mode
            raise InvalidInput
        return self._vlan

    def _vlan_name(self, args: list[str]) -> str:
        vlan_id = self._current_vlan()
        if vlan_id == 1:
            raise CliError(self.dialect.default_vlan_rename_error)
        if not _VLAN_NAME.fullmatch(args[0]):
            raise InvalidInput
        self.state.vlans[vlan_id] = args[0]
        return ""

    def _no_vlan_name(self, args: list[str]) -> str:
        vlan_id = self._current_vlan()
        self.state.vlans[vlan_id] = default_vlan_name(vlan_id)
        return ""


def _ipv4(text: str) -> IPv4Address:
    try:
        return IPv4Address(text)
    except ValueError as exc:
        raise InvalidInput from exc
