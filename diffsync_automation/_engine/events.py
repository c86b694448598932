"""Where the engine's structlog events go.

The event texts and keys are those of diffsync 2.2.3 (consumers such as nautobot-app-ssot read them), so they
are always produced through structlog. If the application configured structlog, events follow that
configuration, as with diffsync. If it did not, they go to stdlib loggers under ``diffsync_automation``, which
are silent unless the application configures logging: unlike diffsync, nothing is printed by default.
"""

import logging
from collections.abc import MutableMapping
from typing import Any, Literal

import structlog

Route = Literal["auto", "stdlib", "structlog"]

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "msg": logging.INFO,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "exception": logging.ERROR,
    "critical": logging.CRITICAL,
    "fatal": logging.CRITICAL,
}

_route: Route = "auto"


def set_route(route: Route) -> None:
    """Choose where events go: ``auto`` (structlog if configured, else stdlib), ``stdlib`` or ``structlog``."""
    global _route
    if route not in ("auto", "stdlib", "structlog"):
        raise ValueError(f"unknown event route {route!r}; expected 'auto', 'stdlib' or 'structlog'")
    _route = route


class _LevelCheckedLogger(structlog.stdlib.BoundLogger):
    """A stdlib-backed bound logger that drops an event before building it when its level is disabled."""

    def _proxy_to_logger(self, method_name: str, event: str | None = None, *event_args: Any, **event_kw: Any) -> Any:
        if not self._logger.isEnabledFor(_LEVELS.get(method_name, logging.INFO)):
            return None
        return super()._proxy_to_logger(method_name, event, *event_args, **event_kw)


def _render(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> str:
    """Render an event as ``text key=value ...`` for a stdlib log record."""
    text = str(event_dict.pop("event", ""))
    details = " ".join(f"{key}={value!r}" for key, value in event_dict.items())
    return f"{text} {details}" if details else text


def drops_level(logger: Any, level: str) -> bool:
    """True if ``logger`` is known to discard events of ``level`` before any processor sees them.

    Holds for structlog's filtering bound loggers (``make_filtering_bound_logger``: the level's method is a
    no-op) and for this module's stdlib route while the stdlib logger has the level disabled. For any other
    logger the answer is False, so callers keep emitting the event.
    """
    if isinstance(logger, _LevelCheckedLogger):
        return not logger._logger.isEnabledFor(_LEVELS.get(level, logging.INFO))
    method = getattr(type(logger), level, None)
    return _structlog_nop is not None and method is _structlog_nop


_structlog_nop = getattr(getattr(structlog, "_native", None), "_nop", None)
"""The no-op structlog's filtering loggers use for disabled levels (None if a structlog release renames it)."""


def get_event_logger(name: str, **context: Any) -> Any:
    """A bound logger for the engine module ``name`` carrying ``context`` in every event."""
    if _route == "structlog" or (_route == "auto" and structlog.is_configured()):
        return structlog.get_logger(name).new(**context)
    stdlib_logger = logging.getLogger(name)
    return structlog.wrap_logger(
        stdlib_logger, processors=[_render], wrapper_class=_LevelCheckedLogger, context_class=dict
    ).new(**context)
