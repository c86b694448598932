"""The intended configuration of a host: a file, or a Jinja2 template rendered with the host's data.

Inventory keys: ``intended_config_file`` or ``intended_config_template``, each a path relative to the inventory
directory. Templates use ``StrictUndefined``: a variable the host's data lacks is an error naming host and
variable, never an empty string in a configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from diffsync_automation.compliance.errors import ComplianceError
from diffsync_automation.network.errors import NetworkError

FILE_KEY = "intended_config_file"
TEMPLATE_KEY = "intended_config_template"


class IntendedConfigError(NetworkError, ComplianceError):
    """The intended configuration cannot be read or rendered, or holds a line that must not be sent."""

    kind = "intended_config"


def has_intended_config(data: Mapping[str, Any]) -> bool:
    """Whether the host data names an intended configuration."""
    return data.get(FILE_KEY) is not None or data.get(TEMPLATE_KEY) is not None


def intended_config(host: str, data: Mapping[str, Any], base_dir: Path) -> str | None:
    """The host's intended configuration text, or None when its data names none.

    Raises ``IntendedConfigError`` for a missing file or a template error.
    """
    file_name, template_name = data.get(FILE_KEY), data.get(TEMPLATE_KEY)
    if file_name is None and template_name is None:
        return None
    if file_name is not None and template_name is not None:
        raise IntendedConfigError(host, f"give {FILE_KEY} or {TEMPLATE_KEY}, not both")
    if file_name is not None:
        return _read(host, base_dir, str(file_name))
    return _render(host, data, base_dir, str(template_name))


def _read(host: str, base_dir: Path, name: str) -> str:
    path = base_dir / name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IntendedConfigError(host, f"cannot read {FILE_KEY} {path}: {exc}") from None


def _render(host: str, data: Mapping[str, Any], base_dir: Path, name: str) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(base_dir),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # configuration text, not HTML
    )
    try:
        return environment.get_template(name).render({**data, "inventory_hostname": host})
    except jinja2.TemplateNotFound:
        raise IntendedConfigError(host, f"{TEMPLATE_KEY} {base_dir / name} does not exist") from None
    except jinja2.UndefinedError as exc:
        raise IntendedConfigError(host, f"{TEMPLATE_KEY} {name}: undefined variable: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise IntendedConfigError(host, f"{TEMPLATE_KEY} {name}, line {exc.lineno}: {exc.message}") from None
