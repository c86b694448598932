"""The simulated Junos CLI: operational mode, the ``[edit]`` configuration mode and the commit model.

A Junos device keeps a committed configuration and a candidate. ``configure`` edits the shared candidate
(every session sees it), ``configure private`` a candidate of its own; ``set``/``delete``/``rename``/``insert``/
``[de]activate`` change only the candidate (``insert`` moves a filter's term among its siblings), ``commit``
checks it and makes it the committed configuration as a whole (or changes nothing and says ``error: configuration
check-out failed``), ``rollback N`` loads an earlier commit into the candidate. Show commands in operational mode
read the committed configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diffsync_automation.lab.engine import Reply
from diffsync_automation.lab.junos_config import (
    SCHEMA,
    Element,
    JunosConfig,
    JunosSyntaxError,
    compare,
    parse_statement,
    quote,
    tokenize,
)
from diffsync_automation.lab.junos_state import JunosState, commit_errors, named
from diffsync_automation.lab.state import natural_key

_INHERITANCE = "display inheritance no-comments"
_EXIT_QUESTION = "Exit with uncommitted changes? [yes,no] (yes) "
_CHANGED = "The configuration has been changed but not committed\n"


@dataclass
class _Question:
    """A yes/no question the session waits on (leaving configuration mode with uncommitted changes)."""

    text: str


CandidateKind = Literal["shared", "private"]


class JunosSession:
    """Interprets the lines of one Junos CLI session; all sessions of a device share its ``JunosState``."""

    def __init__(self, state: JunosState, username: str) -> None:
        self.state = state
        self.username = username
        self.configuring: CandidateKind | None = None
        self._private: JunosConfig | None = None
        self._question: _Question | None = None
        self._levels: list[str] = []
        """The ``edit`` hierarchy, one entry per level (``interfaces ge-0/0/1``); empty at ``[edit]``."""

    # ------------------------------------------------------------------ entry points (as CliSession)
    @property
    def level(self) -> str:
        """``config`` in configuration mode (fault injection counts the lines sent there), else ``enable``."""
        return "config" if self.configuring else "enable"

    def prompt(self) -> str:
        """``user@host> `` in operational mode, ``[edit]`` and ``user@host# `` in configuration mode."""
        if self._question is not None:
            return self._question.text
        if self.configuring is None:
            return f"\n{self.username}@{self.state.hostname}> "
        where = "".join(f" {level}" for level in self._levels)
        return f"\n[edit{where}]\n{self.username}@{self.state.hostname}# "

    def invalid_input(self, line: str) -> str:
        """The caret-and-message answer to a line the device cannot parse."""
        return _caret(self.prompt(), line, "syntax error." if self.configuring else "unknown command.")

    def typed(self, line: str) -> tuple[str, str]:
        """What the terminal shows while ``line`` is typed, and the line Enter runs (no ``?`` help here)."""
        return line, line

    def enter_enable(self) -> None:
        """Junos has no enable mode (the login class decides the rights)."""

    def handle(self, line: str) -> Reply:
        """Run one input line."""
        line = line.replace("\x00", "")  # the terminal drops NUL bytes (netmiko's is_alive sends one)
        if self._question is not None:
            return self._answer(line.strip().lower())
        if not line.strip():
            return Reply("")
        command, pipe = _split_pipe(line)
        try:
            if self.configuring is None:
                return self._operational(tokenize(command), pipe.strip())
            return Reply(self._configuration(command, tokenize(command), pipe.strip()))
        except JunosSyntaxError as exc:
            if exc.message.startswith(("syntax error", "unknown command")):
                return Reply(_caret(self.prompt(), line, exc.message))
            return Reply(f"{exc.message}\n")

    # ------------------------------------------------------------------ operational mode
    def _operational(self, words: list[str], pipe: str) -> Reply:
        lowered = [word.lower() for word in words]
        if lowered in (["exit"], ["quit"], ["logout"]):
            return Reply("", close=True)
        if lowered[:2] == ["set", "cli"] and len(lowered) == 4:
            return Reply(_cli_setting(lowered[2], lowered[3]))
        if lowered[:1] == ["configure"] and len(lowered) <= 2:
            return Reply(self._configure(lowered[1] if len(lowered) == 2 else ""))
        if lowered[:1] == ["show"]:
            return Reply(self._show(words[1:], pipe, self.state.committed))
        raise JunosSyntaxError("unknown command.")

    def _configure(self, option: str) -> str:
        if option not in ("", "private", "exclusive"):
            raise JunosSyntaxError("syntax error, expecting <command>.")
        if option == "private":
            if self.state.candidate is not None:
                return "error: shared configuration database modified\n"
            self.configuring, self._private = "private", self.state.committed.copy()
            return "warning: uncommitted changes will be discarded on exit\nEntering configuration mode\n"
        self.configuring = "shared"
        changed = _CHANGED if self.state.candidate is not None else ""
        return f"Entering configuration mode\n{changed}"

    def _show(self, words: list[str], pipe: str, config: JunosConfig) -> str:
        if not words:
            raise JunosSyntaxError("syntax error, expecting <command>.")
        what = words[0].lower()
        if "configuration".startswith(what) and len(what) >= 4:
            return self._display(words[1:], pipe, config)
        if "version".startswith(what) and len(what) >= 3 and len(words) == 1:
            return _filter(self._version(), pipe)
        if "vlans".startswith(what) and len(what) >= 4 and len(words) == 1:
            return _filter(_show_vlans(config), pipe)
        if "interfaces".startswith(what) and len(what) >= 4 and [word.lower() for word in words[1:]] == ["terse"]:
            return _filter(_show_interfaces_terse(config), pipe)
        if (
            "system".startswith(what)
            and len(what) >= 3
            and [word.lower() for word in words[1:]] in (["uptime"], ["up"])
        ):
            return _filter(_SYSTEM_UPTIME.format(user=self.username), pipe)
        raise JunosSyntaxError("syntax error, expecting <command>.")

    def _version(self) -> str:
        return (
            f"Hostname: {self.state.hostname}\nModel: {self.state.model}\n"
            "Junos: 21.4R3-S4.9\nJUNOS OS Kernel 64-bit  [20230318.f1d2a6f_builder_stable_12]\n"
        )

    def _display(self, path: list[str], pipe: str, config: JunosConfig) -> str:
        stages = _stages(pipe)
        # No groups here, so inheritance changes nothing (``no-comments`` drops the "## inherited" notes).
        stages = [stage for stage in stages if stage.lower() not in ("display inheritance", _INHERITANCE)]
        as_set = bool(stages) and stages[0].lower() == "display set"
        text = _scoped(config, path, as_set=as_set)
        return _filter(text, " | ".join(stages[1:] if as_set else stages))

    # ------------------------------------------------------------------ configuration mode
    @property
    def candidate(self) -> JunosConfig:
        """The candidate this session edits (the shared one is created on first change)."""
        if self.configuring == "private":
            assert self._private is not None
            return self._private
        if self.state.candidate is None:
            self.state.candidate = self.state.committed.copy()
        return self.state.candidate

    def _configuration(self, line: str, words: list[str], pipe: str) -> str:
        verb, rest = words[0].lower(), words[1:]
        body = " ".join([*self._levels, line.strip()[len(words[0]) :].strip()]).strip()
        if verb == "set":
            self.candidate.set(body)
            return ""
        if verb == "delete":
            return "" if self.candidate.delete(body) else "warning: statement not found\n"
        if verb == "rename":
            self.candidate.rename(body)
            return ""
        if verb == "insert":
            self.candidate.insert(body)
            return ""
        if verb in ("deactivate", "activate"):
            found = self.candidate.deactivate(body, active=verb == "activate")
            return "" if found else "warning: statement not found\n"
        if verb == "commit":
            return self._commit([word.lower() for word in rest])
        if verb == "rollback":
            return self._rollback(rest)
        if verb == "show":
            return self._show_candidate(rest, pipe)
        if verb == "run":
            return self._operational(rest, pipe).text if rest else ""
        if verb == "edit" and rest:
            self._levels = _levels(tokenize(body))
            return ""
        if verb == "up" and len(rest) <= 1 and all(word.isdigit() for word in rest):
            del self._levels[len(self._levels) - int(rest[0] if rest else 1) :]
            return ""
        if verb == "top" and not rest:
            self._levels = []
            return ""
        if verb in ("exit", "quit") and not rest and self._levels:
            self._levels.pop()
            return ""
        if verb in ("exit", "quit") and [word.lower() for word in rest] in ([], ["configuration-mode"]):
            return self._leave()
        raise JunosSyntaxError()

    def _show_candidate(self, rest: list[str], pipe: str) -> str:
        if pipe.strip().lower() == "compare":
            return compare(self.state.committed, self.candidate)
        return self._display([*tokenize(" ".join(self._levels)), *rest], pipe, self.candidate)

    def _commit(self, options: list[str]) -> str:
        if options not in ([], ["check"], ["and-quit"]) and options[:1] != ["comment"]:
            raise JunosSyntaxError()
        candidate = self.candidate
        errors = commit_errors(candidate)
        if errors:
            return "".join(f"{error}\n" for error in errors) + "error: configuration check-out failed\n"
        if options == ["check"]:
            return "configuration check succeeds\n"
        self.state.commit(candidate)
        if self.configuring == "private":
            self._private = self.state.committed.copy()
        else:
            self.state.candidate = None
        if options == ["and-quit"]:
            self._exit_now()
            return "commit complete\nExiting configuration mode\n"
        return "commit complete\n"

    def _rollback(self, rest: list[str]) -> str:
        number = rest[0] if rest else "0"
        if len(rest) > 1 or not number.isdigit():
            raise JunosSyntaxError()
        index = int(number)
        if index > len(self.state.history):
            return f"error: Cannot find rollback file {index}\n"
        source = self.state.committed if index == 0 else self.state.history[index - 1]
        if self.configuring == "private":
            self._private = source.copy()
        else:
            self.state.candidate = None if index == 0 else source.copy()
        return "load complete\n"

    def _leave(self) -> str:
        dirty = (
            self._private != self.state.committed
            if self.configuring == "private"
            else self.state.candidate is not None and self.state.candidate != self.state.committed
        )
        if dirty:
            self._question = _Question(_EXIT_QUESTION)
            return _CHANGED
        self._exit_now()
        return "Exiting configuration mode\n"

    def _answer(self, answer: str) -> Reply:
        self._question = None
        if answer in ("", "yes", "y"):
            self._exit_now()
            return Reply("Exiting configuration mode\n")
        return Reply("")

    def _exit_now(self) -> None:
        # Leaving keeps the shared candidate (other sessions and the next ``configure`` see it), drops a private one.
        self.configuring, self._private, self._levels = None, None, []


def _levels(words: list[str]) -> list[str]:
    """The ``edit`` levels a path opens (``interfaces ge-0/0/1 unit 0`` -> two levels); containers, named
    objects and their lists (``edit vlans``) can be edited into, a statement cannot."""
    statement = parse_statement(words, deleting=True)
    if statement.node.kind not in ("container", "named"):
        raise JunosSyntaxError()
    return [step.keyword if step.name is None else f"{step.keyword} {quote(step.name)}" for step in statement.steps]


_SYSTEM_UPTIME = """\
Current time: 2026-12-06 12:00:00 UTC
Time Source:  LOCAL CLOCK
System booted: 2026-11-27 08:56:00 UTC (1w2d 03:04 ago)
Protocols started: 2026-11-27 08:58:00 UTC (1w2d 03:02 ago)
Last configured: 2026-12-06 11:58:00 UTC (00:02:00 ago) by {user}
12:00PM  up 9 days,  3:04, 1 user, load averages: 0.00, 0.01, 0.05
"""
"""``show system uptime`` on the lab's fixed clock (up 9 days 3:04, as the other platforms' ``show version``
says); every commit is made by the lab's one login user."""
_TERSE_FAMILIES = {"ethernet-switching": "eth-switch"}
"""How ``show interfaces terse`` names a family where it differs from the configuration keyword."""


def _show_vlans(config: JunosConfig) -> str:
    """``show vlans`` of an ELS switch: each VLAN of the default switch with its member units (``*``: up)."""
    vlans = {name: str(element.get("vlan-id", "")) for name, element in named(config.find("vlans"))}
    members: dict[str, list[str]] = {name: [] for name in vlans}
    for port, element in named(config.find("interfaces")):
        for unit, unit_element in named(element.get("unit")):
            switching = JunosConfig(unit_element).find("family", "ethernet-switching")
            if not isinstance(switching, dict):
                continue
            listed = JunosConfig(switching).find("vlan", "members")
            for member in listed if isinstance(listed, list) and listed else ["default"]:
                name = member if member in vlans else next((n for n, tag in vlans.items() if tag == member), None)
                if name is not None:
                    members[name].append(f"{port}.{unit}" + ("" if "disable" in element else "*"))
    lines = ["Routing instance        VLAN name             Tag          Interfaces"]
    for name in sorted(vlans):
        lines.append(f"{'default-switch':<24}{name:<22}{vlans[name]:>4}")
        lines += [f"{'':59}{unit}" for unit in sorted(members[name])]
    return "\n".join(lines) + "\n\n"


def _show_interfaces_terse(config: JunosConfig) -> str:
    """``show interfaces terse``: each configured interface and its units, with their families and IPv4
    addresses; a disabled interface is admin and link down, any other is up (the lab has no cables)."""
    lines = [f"{'Interface':<24}{'Admin':<6}{'Link':<5}{'Proto':<9}{'Local':<22}Remote"]
    for port, element in sorted(named(config.find("interfaces")), key=lambda item: natural_key(item[0])):
        link = "down" if "disable" in element else "up"
        lines.append(f"{port:<24}{link:<6}{link}")
        for unit, unit_element in sorted(named(element.get("unit")), key=lambda item: int(item[0])):
            head = f"{f'{port}.{unit}':<24}{'up':<6}{link:<5}"
            for family, family_element in named(unit_element.get("family")):
                addresses = [address for address, _ in named(family_element.get("address"))] or [""]
                proto = _TERSE_FAMILIES.get(family, family)
                lines.append(f"{head}{proto:<9}{addresses[0]}".rstrip())
                lines += [f"{'':<44}{address}" for address in addresses[1:]]
                head = " " * len(head)
            if head.strip():  # a unit without a family
                lines.append(head.rstrip())
    return "\n".join(lines) + "\n"


def _split_pipe(line: str) -> tuple[str, str]:
    """The command and its ``| ...`` stages; a ``|`` inside double quotes belongs to a value."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "|" and not quoted:
            return line[:index], line[index + 1 :]
    return line, ""


def _stages(pipe: str) -> list[str]:
    """The stages of a pipe (``match "ge-|lo0" | count``): a ``|`` inside double quotes is part of a regex."""
    stages: list[str] = []
    while pipe:
        stage, pipe = _split_pipe(pipe)
        stages.append(stage.strip())
    return [stage for stage in stages if stage]


def _cli_setting(setting: str, value: str) -> str:
    """Answers to the ``set cli`` commands netmiko sends when it prepares a session."""
    if setting == "screen-width" and value.isdigit():
        return f"Screen width set to {value}\n"
    if setting == "screen-length" and value.isdigit():
        return f"Screen length set to {value}\n"
    if setting == "complete-on-space" and value in ("on", "off"):
        return "Enabling complete-on-space\n" if value == "on" else "Disabling complete-on-space\n"
    raise JunosSyntaxError("syntax error.")


def _caret(prompt: str, line: str, message: str) -> str:
    """Junos points at the first word it could not parse with a caret under the echoed line."""
    words = line.split()
    offset = len(prompt.splitlines()[-1]) if prompt.strip() else 0
    unparsed = words[0] if message == "unknown command." else words[-1] if words else ""  # no such command: its verb
    column = offset + (line.find(unparsed) if words else 0)
    return f"{' ' * column}^\n{message}\n"


def _scoped(config: JunosConfig, path: list[str], *, as_set: bool) -> str:
    """``show configuration system ntp``: the statements under ``path``, relative to it (curly braces) or as
    complete ``set`` lines."""
    if not path:
        return "".join(f"{line}\n" for line in config.set_lines()) if as_set else config.curly()
    statement = parse_statement(path, deleting=True)
    pruned = JunosConfig()
    source: Element = config.root
    target: Element = pruned.root
    levels, schema = 0, SCHEMA
    for position, step in enumerate(statement.steps):
        last = position == len(statement.steps) - 1
        node = schema[step.keyword]
        value = source.get(step.keyword)
        if value is None:
            return ""
        if step.name is None or not isinstance(value, dict):
            target[step.keyword] = value if last else {}
            levels += 1
            child = target[step.keyword]
        else:
            if step.name not in value:
                return ""
            objects = target.setdefault(step.keyword, {})
            assert isinstance(objects, dict)
            objects[step.name] = value[step.name] if last else {}
            value = value[step.name]
            levels += 2 if node.grouped else 1
            child = objects[step.name]
        if not isinstance(value, dict) or not isinstance(child, dict):
            break
        source, target, schema = value, child, node.children
    if as_set:
        return "".join(f"{line}\n" for line in pruned.set_lines())
    lines = pruned.curly().splitlines()
    if len(lines) < 2 * levels:  # a single statement (``system host-name``) prints on its own
        return f"{lines[levels - 1].strip()}\n"
    return "".join(f"{line[4 * levels :]}\n" for line in lines[levels:-levels])


def _filter(text: str, pipe: str) -> str:
    """Apply ``| match``, ``| except``, ``| count`` and ``| no-more`` stages."""
    for stage in _stages(pipe):
        verb, _, argument = stage.partition(" ")
        argument = argument.strip().strip('"')
        lines = text.splitlines()
        if verb == "match":
            text = "".join(f"{line}\n" for line in lines if re.search(argument, line))
        elif verb == "except":
            text = "".join(f"{line}\n" for line in lines if not re.search(argument, line))
        elif verb == "count":
            text = f"Count: {len(lines)} lines\n"
        elif verb != "no-more":
            raise JunosSyntaxError("syntax error, expecting <command>.")
    return text
