"""Platform-neutral CLI engine: modes, command tables, and configuration lines applied to the config tree.

One ``CliSession`` exists per SSH session; all sessions of a device share its ``DeviceState``. The engine
follows IOS-family conventions that clients rely on: abbreviated keywords, global commands accepted from
sub-modes (they leave the sub-mode), ``do`` in configuration mode, and a prompt after every line.

A configuration line is, in this order: a command the lab knows (validated, with its side effects: VLANs,
interfaces, routes, ...), a line that opens a section of the platform (``router bgp 65000``), a ``no`` form
(removes the matching line and its section), or any other line, stored as typed (a sub-command in a
section, or a global command whose first word the platform knows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from diffsync_automation.lab.commands import (
    CliError,
    Command,
    InvalidInput,
    Match,
    accepted_words,
    apply_pipe,
    dispatch,
    match,
)
from diffsync_automation.lab.dialect import GLOBAL, Dialect, NtpServerArgs, Renderer, RouteArgs, Section
from diffsync_automation.lab.state import DEFAULT_MTU, DeviceState, Interface, StaticRoute, interface_view
from diffsync_automation.lab.tree import ConfigNode

_HOSTNAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,62}")
_VLAN_NAME = re.compile(r"[!-~]{1,32}")
_VLAN_LIST = re.compile(r"\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*")
_CHANNEL_GROUP = re.compile(r"(\d+)(?: mode (\S+))?")


@dataclass(frozen=True)
class Reply:
    """Output for one input line; ``close`` ends the session, ``ask_password`` starts the enable dialogue,
    ``error`` marks a refused line."""

    text: str
    close: bool = False
    ask_password: bool = False
    error: bool = False


@dataclass
class Level:
    """One open configuration sub-mode: the section and the tree nodes its lines go to."""

    section: Section
    nodes: list[ConfigNode]
    prompt: str
    interface: str | None = None
    vlans: list[int] = field(default_factory=list)


def _vlan_id(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 4094:
        raise InvalidInput
    return int(text)


def vlan_list(text: str) -> list[int]:
    """``10,20-22`` -> [10, 20, 21, 22]."""
    if not _VLAN_LIST.fullmatch(text):
        raise InvalidInput
    result: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        low, high = _vlan_id(first), _vlan_id(last or first)
        if high < low:
            raise InvalidInput
        result += range(low, high + 1)
    return result


class CliSession:
    """Interprets the lines of one session against a device state."""

    def __init__(self, state: DeviceState, dialect: Dialect, *, level: str | None = None) -> None:
        self.state = state
        self.dialect = dialect
        self.level = level or ("enable" if state.privilege >= 15 or not dialect.user_mode else "exec")
        self.path: list[Level] = []
        self.text: list[str] | None = None
        """While the CLI reads raw text (``Dialect.text_opener``): the opener and the text lines so far."""
        self._exec_table = [
            Command("terminal length <n>", lambda a: dialect.terminal_length_reply(a[0])),
            Command("terminal width <n>", lambda a: dialect.terminal_width_reply(a[0])),
            Command("show privilege", self._show_privilege),
            Command("show running-config <*filter>", self._show_running_filtered),
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
        self._tables: dict[str, list[Command]] = {
            GLOBAL: [
                Command("hostname <name>", self._hostname),
                Command("no hostname", self._no_hostname),
                Command("vlan <id>", self._enter_vlan),
                Command("no vlan <id>", self._no_vlan),
                Command("interface <*name>", self._enter_interface),
                Command("no interface <*name>", self._no_interface),
                Command("default interface <*name>", self._default_interface),
                Command("ntp server <*args>", self._ntp_server),
                Command("no ntp server <*args>", self._no_ntp_server),
                Command(f"{dialect.ntp_source} <name>", self._ntp_source),
                Command(f"no {dialect.ntp_source}", self._no_ntp_source),
                Command(f"no {dialect.ntp_source} <name>", self._no_ntp_source),
                Command("ip route <*args>", self._ip_route),
                Command("no ip route <*args>", self._no_ip_route),
            ],
            **(
                {
                    "vrf": [
                        Command("ip route <*args>", self._ip_route),
                        Command("no ip route <*args>", self._no_ip_route),
                    ]
                }
                if dialect.vrf_routes_in_section
                else {}
            ),
            "interface": [
                Command("description <*text>", self._description),
                Command("no description", self._unset("description")),
                Command("shutdown", self._shutdown),
                Command("no shutdown", self._no_shutdown),
                Command("switchport access vlan <id>", self._access_vlan),
                Command("no switchport access vlan", self._no_access_vlan),
                Command("switchport mode access", self._switchport_mode_access),
                Command("switchport", self._switchport),
                Command("no switchport", self._no_switchport),
                Command("channel-group <*args>", self._channel_group),
                Command("mtu <bytes>", self._mtu),
                Command("no mtu", self._unset("mtu")),
                Command(f"{dialect.vrf_member} <name>", self._vrf_member),
                Command(f"no {dialect.vrf_member} <name>", self._no_vrf_member),
                Command("ip address <*args>", self._ip_address),
                Command("no ip address", self._no_ip_address),
                Command("no ip address <*args>", self._no_ip_address),
            ],
            "vlan": [
                Command("name <name>", self._vlan_name),
                Command("no name", self._no_vlan_name),
            ],
        }

    # ------------------------------------------------------------------ entry points
    @property
    def mode(self) -> str:
        """``exec``, ``enable``, ``config`` or ``config-<section kind>``."""
        return f"config-{self.path[-1].section.kind}" if self.path else self.level

    def prompt(self) -> str:
        """Prompt for the current mode and hostname (none while the CLI reads text)."""
        if self.text is not None:
            return ""
        suffix = self.path[-1].prompt if self.path else ""
        return self.dialect.prompt(self.state.hostname, self.level, suffix)

    def typed(self, line: str) -> tuple[str, str]:
        """What the terminal shows while ``line`` is typed, and the line that Enter then runs.

        ``?`` is not part of the line on these CLIs: it prints context help at once and redraws the prompt with
        the line typed so far, and typing goes on from there. So ``description a?b`` runs ``description ab``.
        Text read raw (a banner's lines) takes ``?`` as it is.
        """
        if self.text is not None:
            return line, line
        shown, buffer = "", ""
        *parts, last = line.split("?")
        for part in parts:
            buffer += part
            shown += f"{part}?\n{self.dialect.help_reply(self.prompt(), buffer)}{self.prompt()}{buffer}"
        return shown + last, buffer + last

    def handle(self, line: str) -> Reply:
        """Run one input line (as Enter runs it: without any ``?``, see ``typed``)."""
        if self.text is not None:
            return Reply(self._text_line(line))
        tokens = line.split()
        if not tokens:
            return Reply("")
        prompt = self.prompt()
        try:
            if self.level in ("exec", "enable"):
                return self._exec_line(line, tokens)
            return Reply(self._config_line(line, tokens))
        except InvalidInput as exc:
            return Reply(self.dialect.invalid_input(prompt, line, exc.at), error=True)
        except CliError as exc:
            return Reply(f"{exc}\n", error=True)

    def invalid_input(self, line: str) -> str:
        """The device's answer to a line it cannot parse."""
        return self.dialect.invalid_input(self.prompt(), line)

    def enter_enable(self) -> None:
        """The enable password was accepted."""
        self.level = "enable"

    # ------------------------------------------------------------------ mode handling
    def _exec_line(self, line: str, tokens: list[str]) -> Reply:
        if [token.lower() for token in tokens] in (["exit"], ["logout"], ["quit"]):
            return Reply("", close=True)
        if isinstance(match("enable", tokens), list):
            return Reply("", ask_password=self.level == "exec")
        tables = [self._exec_table, self._enable_table] if self.level == "enable" else [self._exec_table]
        return Reply(self._run(line, tables))

    def _config_line(self, line: str, tokens: list[str]) -> str:
        words = [token.lower() for token in tokens]
        if words in (["end"], ["\x1a"]):
            self._leave_config()
            return ""
        if words == ["exit"] or (len(words) == 1 and words[0].startswith("exit-") and self.path):
            self._exit_level()
            return ""
        if isinstance(match("do <*command>", tokens), list):
            try:
                return self._run(line.strip()[len(tokens[0]) :], [self._exec_table, self._save_table])
            except InvalidInput as exc:
                raise InvalidInput(None if exc.at is None else exc.at + 1) from exc  # counted after ``do``
        if self.dialect.show_in_config and isinstance(match("show <*what>", tokens), list):
            return self._run(line, [self._exec_table])
        saved_path = list(self.path)
        try:
            output = self._configure_line(" ".join(tokens), tokens)
        except (InvalidInput, CliError):
            self.path = saved_path  # a rejected line leaves the mode as it was
            raise
        self.state.saved = False
        return output

    def _scopes(self) -> list[str]:
        """Section kinds from the current sub-mode up to the global configuration."""
        return [level.section.kind for level in reversed(self.path)] + [GLOBAL]

    def _pop_to(self, scope: str) -> None:
        while self.path and self.path[-1].section.kind != scope:
            self.path.pop()

    def _configure_line(self, line: str, tokens: list[str]) -> str:
        incomplete = False
        for scope in self._scopes():
            found = dispatch(self._tables.get(scope, []), tokens)
            if isinstance(found, tuple):
                self._pop_to(scope)
                command, args = found
                return command.handler(args)
            incomplete = incomplete or found is Match.INCOMPLETE
        opened = self.dialect.section_for(self._scopes(), line)
        if opened is not None:
            self._require_feature(line)
            self._require_one_bgp_process(line)
            self._refuse(line)
            section, found_line = opened
            self._pop_to(section.parent)
            self._enter(section, found_line, line)
            return ""
        if self.dialect.global_only.match(line.removeprefix("no ").removeprefix("default ")):
            self.path = []
        if not self.path and self.dialect.text_opener is not None and self.dialect.text_opener.fullmatch(line):
            self.text = [line]
            return self.dialect.text_request
        if tokens[0].lower() in ("no", "default") and len(tokens) > 1:
            return self._negate(" ".join(tokens[1:]))
        if incomplete:
            raise CliError(self.dialect.incomplete)
        if self.path:
            allowed = self.path[-1].section.words
            if allowed is not None and tokens[0] not in allowed:
                raise InvalidInput
            self._refuse(line)
            self._store(line)
            return ""
        if tokens[0] in self.dialect.global_words and len(tokens) > 1:
            self._store(line)
            return ""
        raise InvalidInput

    def _text_line(self, line: str) -> str:
        """A line of text read raw; ``EOF`` ends it and stores the opener, the text and ``EOF`` as one entry."""
        assert self.text is not None
        if line.strip() != "EOF":
            self.text.append(line)
            return ""
        self._store("\n".join([*self.text, "EOF"]))
        self.text = None
        self.state.saved = False
        return ""

    def _refuse(self, line: str) -> None:
        """Raise the platform's error for a line the device refuses in the current mode (``Dialect.refusal``)."""
        path = [level.nodes[0] for level in self.path]
        refusal = self.dialect.refusal(self.state.config, path, self._scope(), line)
        if refusal is not None:
            raise CliError(refusal)

    def _require_feature(self, line: str) -> None:
        for pattern, feature in self.dialect.features:
            if pattern.fullmatch(line) and self.state.config.get(f"feature {feature}") is None:
                raise InvalidInput

    def _require_one_bgp_process(self, line: str) -> None:
        """A device runs one BGP process: ``router bgp N`` with another AS number running is refused."""
        if self.dialect.bgp_running is None or not line.startswith("router bgp "):
            return
        running = next(
            (node.line for node in self.state.config.children.values() if node.line.startswith("router bgp ")), None
        )
        if running is not None and running != line:
            raise CliError(self.dialect.bgp_running.format(asn=running.split()[2]))

    def _drop_feature(self, feature: str) -> None:
        """``no feature X`` removes everything X enabled, as NX-OS does (sections and their lines, like LACP
        members' ``channel-group`` lines)."""
        gated = [pattern for pattern, name in self.dialect.features if name == feature]
        self.state.config.remove_where(lambda node: any(pattern.fullmatch(node.line) for pattern in gated))
        for section in self.state.config.children.values():
            section.remove_where(lambda node: any(pattern.fullmatch(node.line) for pattern in gated))

    def _nodes(self) -> list[ConfigNode]:
        return self.path[-1].nodes if self.path else [self.state.config]

    def _scope(self) -> str:
        return self.path[-1].section.kind if self.path else GLOBAL

    def _store(self, line: str) -> None:
        line = self.dialect.stored_form(self._scope(), line)
        key = self.dialect.line_key(self._scope(), line)
        hidden = self._scope() == GLOBAL and line in self.dialect.hidden_defaults  # a default: its `no` line goes
        for node in self._nodes():
            if hidden:
                node.remove(key)
            else:
                node.set(key, line)
        for added in self.dialect.added_lines(self._scope(), line, self.state.config):
            self._store(added)

    def _negate(self, rest: str) -> str:
        """``no X``: X itself, the line X overrides, or the lines X starts, go (with their sections)."""
        scope = self._scope()
        allowed = self.path[-1].section.words if self.path else self.dialect.global_words
        if allowed is not None and rest.split()[0] not in allowed:
            raise InvalidInput
        rest = self.dialect.stored_form(scope, rest)
        negation = f"no {rest}"
        key = self.dialect.line_key(scope, rest)
        if rest.startswith("feature ") and not self.path:
            self._drop_feature(rest.removeprefix("feature "))
        if negation in self.dialect.stored_negations:
            for node in self._nodes():
                node.set(key, negation)
            return ""
        for node in self._nodes():
            if not node.remove(rest) and not node.remove(key):
                node.remove_where(lambda child: child.line.startswith(rest + " "))
        return ""

    def _enter(self, section: Section, found: re.Match[str], line: str) -> Level:
        parent = self._nodes()[0]
        node = parent.set(self.dialect.line_key(self._scope(), line), line)
        level = Level(section, [node], self.dialect.section_prompt(section, found))
        self.path.append(level)
        return level

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
            raise InvalidInput(max(accepted_words(table, tokens) for table in tables))
        command, args = outcome
        output = command.handler(args)
        return apply_pipe(output, pipe, self.dialect.section_separator) if bar else output

    def _leave_config(self) -> None:
        self.level, self.path = "enable", []

    def _exit_level(self) -> None:
        if self.path:
            self.path.pop()
        else:
            self._leave_config()

    def _renderer(self, render: Renderer) -> Callable[[list[str]], str]:
        return lambda args: render(self.state)

    # ------------------------------------------------------------------ exec and enable commands
    def _show_privilege(self, args: list[str]) -> str:
        return f"Current privilege level is {1 if self.level == 'exec' else 15}\n"

    def _show_running_filtered(self, args: list[str]) -> str:
        """``show running-config interface X`` / ``vlan N`` / ``KEYWORD``: the matching top-level sections."""
        text = self.dialect.running_config(self.state)
        wanted = args[0]
        if wanted.split()[0].lower() in ("interface", "int"):
            resolved = self.dialect.resolve_interface(" ".join(wanted.split()[1:]))
            if resolved is None:
                raise InvalidInput
            wanted = f"interface {resolved[0]}"
        selected = apply_pipe(text, f"section ^{re.escape(wanted)}( |$)")
        return selected

    def _configure(self, args: list[str]) -> str:
        if args and not "terminal".startswith(args[0].lower()):
            raise InvalidInput
        self.level = "config"
        return self.dialect.config_banner

    def _write(self, args: list[str]) -> str:
        if args and not "memory".startswith(args[0].lower()):
            raise InvalidInput
        return self._save(args)

    def _save(self, args: list[str]) -> str:
        self.state.saved = True
        return self.dialect.save_reply

    def _disable(self, args: list[str]) -> str:
        self.level = "exec"
        return ""

    # ------------------------------------------------------------------ global configuration
    def _hostname(self, args: list[str]) -> str:
        if not _HOSTNAME.fullmatch(args[0]):
            raise InvalidInput
        self.state.config.set("hostname", f"hostname {args[0]}")
        return ""

    def _no_hostname(self, args: list[str]) -> str:
        self.state.config.remove("hostname")
        return ""

    def _vlan_node(self, vlan_id: int) -> ConfigNode:
        key = f"vlan {vlan_id}"
        return self.state.config.set(self.dialect.line_key(GLOBAL, key), key)

    def _enter_vlan(self, args: list[str]) -> str:
        vlan_ids = vlan_list(args[0]) if self.dialect.vlan_ranges else [_vlan_id(args[0])]
        nodes = [self._vlan_node(vlan_id) for vlan_id in vlan_ids if vlan_id != 1]
        section = self.dialect.section("vlan")
        found = section.opener.fullmatch(f"vlan {args[0]}")
        if found is None:
            raise InvalidInput
        self.path = [Level(section, nodes, self.dialect.section_prompt(section, found), vlans=vlan_ids)]
        return ""

    def _no_vlan(self, args: list[str]) -> str:
        vlan_ids = vlan_list(args[0]) if self.dialect.vlan_ranges else [_vlan_id(args[0])]
        if 1 in vlan_ids:
            raise CliError(self.dialect.default_vlan_delete_error)
        for vlan_id in vlan_ids:
            self.state.config.remove(f"vlan {vlan_id}")
        return ""

    def _resolve(self, text: str) -> tuple[str, bool]:
        resolved = self.dialect.resolve_interface(text)
        if resolved is None:
            raise InvalidInput
        return resolved

    def _enter_interface(self, args: list[str]) -> str:
        name, logical = self._resolve(args[0])
        key = f"interface {name}"
        if self.state.config.get(key) is None and not logical:
            raise InvalidInput
        self._require_feature(key)
        node = self.state.config.set(key, key)
        section = self.dialect.section("interface")
        found = section.opener.fullmatch(key)
        if found is None:
            raise InvalidInput
        self.path = [Level(section, [node], self.dialect.section_prompt(section, found), interface=name)]
        return ""

    def _no_interface(self, args: list[str]) -> str:
        """Remove a logical interface; a port-channel takes its members' ``channel-group`` lines with it."""
        name, logical = self._resolve(args[0])
        if not logical:
            raise InvalidInput
        self.state.config.remove(f"interface {name}")
        number = name.removeprefix(self.dialect.port_channel)
        if number != name:
            member = re.compile(rf"channel-group {number}(?: .*)?")
            for node in self.state.config.children.values():
                node.remove_where(lambda child: member.fullmatch(child.line) is not None)
        return ""

    def _default_interface(self, args: list[str]) -> str:
        name, _ = self._resolve(args[0])
        node = self.state.config.get(f"interface {name}")
        if node is None:
            raise InvalidInput
        node.children.clear()
        return ""

    def _ntp_args(self, args: list[str]) -> NtpServerArgs:
        try:
            return self.dialect.parse_ntp_server(args[0].split())
        except ValueError:
            raise InvalidInput from None

    def _ntp_server(self, args: list[str]) -> str:
        """One line per VRF and address: typed again, it replaces the server's options."""
        server = self._ntp_args(args)
        self.state.config.set(f"ntp server {server.vrf} {server.address}", self.dialect.ntp_server_line(server))
        return ""

    def _no_ntp_server(self, args: list[str]) -> str:
        server = self._ntp_args(args)
        self.state.config.remove(f"ntp server {server.vrf} {server.address}")
        return ""

    def _ntp_source(self, args: list[str]) -> str:
        name, _ = self._resolve(args[0])  # any interface name the device knows, configured or not
        self.state.config.set(self.dialect.ntp_source, f"{self.dialect.ntp_source} {name}")
        return ""

    def _no_ntp_source(self, args: list[str]) -> str:
        self.state.config.remove(self.dialect.ntp_source)
        return ""

    def _ip_route(self, args: list[str]) -> str:
        """Stored in the global configuration, or in the ``vrf context`` section it is typed in (NX-OS); typed
        again for the same VRF, prefix, interface and next hop, it replaces the route's distance and name."""
        route = self._route_args(args, removing=False)
        stored = StaticRoute(route.prefix, route.next_hop, route.distance or 1, route.interface, route.name, route.vrf)
        key = f"ip route {route.vrf} {route.prefix} {route.interface} {route.next_hop}"
        self._nodes()[0].set(key, self.dialect.route_line(stored))
        return ""

    def _no_ip_route(self, args: list[str]) -> str:
        route = self._route_args(args, removing=True)
        self._nodes()[0].remove_where(
            lambda node: node.line.startswith("ip route ") and self._route_removed(node.line, route)
        )
        return ""

    def _route_removed(self, line: str, removed: RouteArgs) -> bool:
        stored = self.dialect.parse_route(line.split()[2:], removing=False)
        return (
            (stored.vrf, stored.prefix) == (removed.vrf, removed.prefix)
            and removed.next_hop in (None, stored.next_hop)
            and removed.interface in (None, stored.interface)
        )

    def _route_args(self, args: list[str], removing: bool) -> RouteArgs:
        try:
            return self.dialect.parse_route(args[0].split(), removing)
        except ValueError as exc:
            raise InvalidInput from exc

    # ------------------------------------------------------------------ interface configuration
    def _interface(self) -> tuple[ConfigNode, Interface]:
        level = self.path[-1] if self.path else None
        if level is None or level.interface is None:  # the interface table is only consulted in config-if
            raise InvalidInput
        node = level.nodes[0]
        return node, interface_view(self.dialect, level.interface, node)

    def _set(self, key: str, line: str) -> str:
        node, _ = self._interface()
        node.set(key, line)
        return ""

    def _unset(self, key: str) -> Callable[[list[str]], str]:
        def unset(args: list[str]) -> str:
            node, _ = self._interface()
            node.remove(key)
            return ""

        return unset

    def _description(self, args: list[str]) -> str:
        return self._set("description", f"description {args[0]}")

    def _admin_state(self, enabled: bool) -> str:
        node, intf = self._interface()
        itype = self.dialect.interface_type(intf.name)
        default = itype.enabled if itype is not None else True
        if enabled == default:  # the default is not shown
            node.remove("shutdown")
        else:
            node.set("shutdown", "no shutdown" if enabled else "shutdown")
        return ""

    def _shutdown(self, args: list[str]) -> str:
        return self._admin_state(False)

    def _no_shutdown(self, args: list[str]) -> str:
        return self._admin_state(True)

    def _switchport_interface(self) -> tuple[ConfigNode, Interface]:
        node, intf = self._interface()
        itype = self.dialect.interface_type(intf.name)
        if itype is not None and itype.logical:
            raise InvalidInput
        if intf.access_vlan is None:
            raise CliError(self.dialect.not_switchport_error(intf.name))
        return node, intf

    def _access_vlan(self, args: list[str]) -> str:
        node, _ = self._switchport_interface()
        vlan_id = _vlan_id(args[0])
        if vlan_id == 1:  # the default: devices do not show it
            node.remove("switchport access vlan")
            return ""
        node.set("switchport access vlan", f"switchport access vlan {vlan_id}")
        if vlan_id not in self.state.vlans and self.dialect.create_missing_access_vlan:
            self._vlan_node(vlan_id)
            return f"% Access VLAN does not exist. Creating vlan {vlan_id}\n"
        return ""

    def _no_access_vlan(self, args: list[str]) -> str:
        node, _ = self._switchport_interface()
        node.remove("switchport access vlan")
        return ""

    def _switchport_mode_access(self, args: list[str]) -> str:
        node, _ = self._switchport_interface()
        node.set("switchport mode", "switchport mode access")
        return ""

    def _set_switchport(self, on: bool) -> None:
        node, intf = self._interface()
        itype = self.dialect.interface_type(intf.name)
        if itype is None or itype.logical:
            raise InvalidInput
        if on == (intf.access_vlan is not None):
            return
        if on:
            node.remove_where(lambda child: child.line.startswith(("ip address ", "ipv6 address ")))
        else:
            node.remove_where(lambda child: child.line.startswith("switchport "))
        if on == itype.switchport:  # the default is not shown
            node.remove("switchport")
        else:
            node.set("switchport", "switchport" if on else "no switchport")

    def _switchport(self, args: list[str]) -> str:
        self._set_switchport(True)
        return ""

    def _no_switchport(self, args: list[str]) -> str:
        self._set_switchport(False)
        return ""

    def _channel_group(self, args: list[str]) -> str:
        """``channel-group N [mode M]`` on a port: it joins channel N, whose port-channel is created if needed."""
        node, intf = self._interface()
        itype = self.dialect.interface_type(intf.name)
        found = _CHANNEL_GROUP.fullmatch(args[0])
        if itype is None or itype.logical or found is None or int(found.group(1)) == 0:
            raise InvalidInput
        number, mode = int(found.group(1)), found.group(2)
        if mode is None and self.dialect.channel_mode_required:
            raise CliError(self.dialect.incomplete)
        if mode is not None and mode not in self.dialect.channel_modes:
            raise InvalidInput
        self._require_feature(f"channel-group {number} mode {mode or 'on'}")
        shown = mode is not None and (mode != "on" or self.dialect.channel_mode_required)
        node.set("channel-group", f"channel-group {number}" + (f" mode {mode}" if shown else ""))
        channel = f"{self.dialect.port_channel}{number}"
        if self.state.config.get(f"interface {channel}") is not None:
            return ""
        self.state.config.set(f"interface {channel}", f"interface {channel}")
        return self.dialect.port_channel_created.format(name=channel, number=number)

    def _mtu(self, args: list[str]) -> str:
        if not args[0].isdigit() or not 68 <= int(args[0]) <= 9216:
            raise InvalidInput
        node, _ = self._interface()
        if int(args[0]) == DEFAULT_MTU:
            node.remove("mtu")
        else:
            node.set("mtu", f"mtu {int(args[0])}")
        return ""

    def _ip_address(self, args: list[str]) -> str:
        node, intf = self._interface()
        if intf.access_vlan is not None:
            raise CliError(self.dialect.l2_address_error)
        line, secondary = self._address_line(args[0])
        if secondary:
            node.remove(line.removesuffix(" secondary"))
            if node.children.get("ip address") is not None and node.children["ip address"].line == line[:-10]:
                raise CliError("% Secondary address overlaps with the primary address")
            node.set(line, line)
        else:
            node.remove(f"{line} secondary")  # a secondary becoming the primary
            node.set("ip address", line)
        return ""

    def _vrf_member(self, args: list[str]) -> str:
        """Join a VRF that exists; as on the devices, the interface loses its IP addresses."""
        node, _ = self._interface()
        name = args[0]
        if f"{self.dialect.vrf_section} {name}" not in self.state.config.children:
            raise CliError(f"% VRF {name} does not exist")
        _leave_vrf(node)
        line = f"{self.dialect.vrf_member} {name}"
        node.set(line, line)
        return ""

    def _no_vrf_member(self, args: list[str]) -> str:
        node, _ = self._interface()
        _leave_vrf(node)
        return ""

    def _address_line(self, text: str) -> tuple[str, bool]:
        """``ip address`` in the platform's spelling, `` secondary`` appended when the words end with it."""
        words = text.split()
        secondary = len(words) > 1 and len(words[-1]) >= 3 and "secondary".startswith(words[-1].lower())
        try:
            address = self.dialect.parse_address(words[:-1] if secondary else words)
        except ValueError as exc:
            raise InvalidInput from exc
        line = self.dialect.address_line(address)
        return (f"{line} secondary", True) if secondary else (line, False)

    def _no_ip_address(self, args: list[str]) -> str:
        """``no ip address`` removes every IPv4 address; with an address, that primary or secondary only."""
        node, _ = self._interface()
        if not args:
            node.remove_where(lambda child: child.line.startswith("ip address "))
            return ""
        line, secondary = self._address_line(args[0])
        if secondary:
            node.remove(line)
        elif node.children.get("ip address") is not None and node.children["ip address"].line == line:
            node.remove_where(lambda child: child.line.startswith("ip address "))
        return ""

    # ------------------------------------------------------------------ VLAN configuration
    def _vlan_level(self) -> Level:
        level = self.path[-1] if self.path else None
        if level is None or not level.vlans:  # the VLAN table is only consulted in config-vlan mode
            raise InvalidInput
        return level

    def _vlan_name(self, args: list[str]) -> str:
        level = self._vlan_level()
        if 1 in level.vlans:
            raise CliError(self.dialect.default_vlan_rename_error)
        if not _VLAN_NAME.fullmatch(args[0]):
            raise InvalidInput
        for node in level.nodes:
            node.set("name", f"name {args[0]}")
        return ""

    def _no_vlan_name(self, args: list[str]) -> str:
        for node in self._vlan_level().nodes:
            node.remove("name")
        return ""


def _ipv4(text: str) -> IPv4Address:
    try:
        return IPv4Address(text)
    except ValueError as exc:
        raise InvalidInput from exc


def _leave_vrf(node: ConfigNode) -> None:
    """Drop an interface's VRF membership and its addresses (changing VRF removes them on the devices)."""
    node.remove_where(lambda child: child.line.startswith(("vrf ", "ip address ", "ipv6 address ")))
