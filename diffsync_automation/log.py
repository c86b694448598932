"""Stdlib logging set-up for applications (diffsync's ``diffsync.log`` helper under our name).

Handlers write to stderr, never stdout.
"""

import logging
import logging.config
from typing import Any

APP = "diffsync_automation"

_STANDARD_FORMAT = "%(asctime)s [%(levelname)s] %(name)s: %(message)s"
_DEBUG_FORMAT = "%(asctime)s [%(levelname)s] [%(module)s] [%(funcName)s] %(name)s: %(message)s"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def _default_config(level: str, filename: str | None) -> dict[str, Any]:
    handlers: dict[str, Any] = {
        "standard": {"class": "logging.StreamHandler", "formatter": "standard", "level": level.upper()},
    }
    if filename:
        handlers["file_output"] = {
            "class": "logging.FileHandler",
            "formatter": "debug",
            "level": "DEBUG",
            "filename": filename,
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "standard": {"format": _STANDARD_FORMAT, "datefmt": _DATE_FORMAT},
            "debug": {"format": _DEBUG_FORMAT, "datefmt": _DATE_FORMAT},
        },
        "handlers": handlers,
        "loggers": {"": {"handlers": list(handlers), "level": "DEBUG"}},
    }


def initialize_logging(config: dict[str, Any] | None = None, level: str = "INFO", filename: str | None = None) -> None:
    """Configure stdlib logging: ``config`` as given, else a stderr handler at ``level`` (plus a debug file)."""
    logging.config.dictConfig(config or _default_config(level, filename))
    logging.getLogger(APP).info("Logging initialized.")
