"""Backups: each device's running configuration, secrets masked, written to one file per host."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from diffsync_automation.compliance.config import show_command
from diffsync_automation.compliance.mask import mask_text
from diffsync_automation.network.session import ConfigSession


def backup_device(host: str, session: ConfigSession, device_type: str, out_dir: Path) -> Path:
    """Read the running configuration (Junos: in `display set` form) and write it, masked, to
    ``out_dir/<host>.cfg``, replaced atomically so a failed read never leaves a half-written file.

    Raises ``NetworkError`` when the device cannot be read.
    """
    text = mask_text(session.show(show_command(device_type))).rstrip() + "\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{host}.cfg"
    handle, temporary = tempfile.mkstemp(dir=out_dir, prefix=f".{host}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
