"""Logging helpers: show the engine's events on the console, or send them to stdlib logging."""

import logging
from importlib.util import find_spec
from typing import Any

import structlog

from diffsync_automation._engine.events import set_route

__all__ = ["enable_console_logging", "route_events_to_stdlib"]


def enable_console_logging(verbosity: int = 0) -> None:
    """Configure structlog and stdlib logging to print events to the console (as diffsync's helper does).

    Args:
        verbosity: 0 shows warnings, 1 adds info, 2 or more adds debug events.
    """
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(format="%(message)s", level=level)
    processors: list[Any] = [
        structlog.stdlib.filter_by_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="%Y-%m-%d %H:%M.%S"),
        structlog.processors.StackInfoRenderer(),
    ]
    if _structlog_exception_formatter_required():
        processors.append(structlog.processors.format_exc_info)
    processors.append(structlog.dev.ConsoleRenderer())
    structlog.configure(
        processors=processors,
        context_class=dict,
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def _structlog_exception_formatter_required() -> bool:
    """True when neither rich nor better_exceptions can format exceptions for structlog's console renderer."""
    return not (find_spec("rich") or find_spec("better_exceptions"))


def route_events_to_stdlib(enabled: bool = True) -> None:
    """Send the engine's events to stdlib loggers named ``diffsync_automation.*``, even if structlog is configured.

    Useful where another component configured structlog to print (Nornir threads, Ansible modules). Pass
    ``enabled=False`` to go back to the default: the structlog configuration if there is one, else stdlib.
    """
    set_route("stdlib" if enabled else "auto")
