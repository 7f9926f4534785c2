"""structlog, configured once: readable console in development, JSON in production.

The one line every request logs (`request`, the access line) is written by `request_line`:
in production (JSON, level info or lower) it renders the line itself, the very text
structlog's chain would write (the same keys in the same order, the request's bound context,
level and timestamp, one `print` under structlog's lock), at a fraction of the chain's cost;
anywhere else (the console format, a test capturing the logs) it logs through structlog.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

import structlog
from structlog.contextvars import STRUCTLOG_KEY_PREFIX, STRUCTLOG_KEY_PREFIX_LEN


class _StderrLoggerFactory:
    """Print loggers that write to whatever `sys.stderr` is when they log, not when configured.

    Binding the stream at configuration time would keep writing to a stream that was swapped
    out since (a test's captured output, a daemon's redirected stderr).
    """

    def __call__(self, *args: object) -> structlog.PrintLogger:
        return structlog.PrintLogger(sys.stderr)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A standard-library handler that looks up `sys.stderr` at each record, likewise."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure_logging(log_format: str = "console", level: str = "info") -> None:
    """Configure structlog and the standard library's logging to render the same way."""
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    processors: list[structlog.typing.Processor] = [
        *shared,
        structlog.processors.format_exc_info,
        renderer,
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=_StderrLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    global _direct  # noqa: PLW0603 (the configuration is global, as structlog's own)
    _direct = (processors, renderer) if log_format == "json" and numeric <= logging.INFO else None
    logging.basicConfig(
        level=numeric, handlers=[_StderrHandler()], format="%(message)s", force=True
    )
    for noisy in ("uvicorn.access",):
        logging.getLogger(noisy).setLevel(logging.WARNING)


#: The processor chain configured for JSON at level info or lower, and its renderer: while
#: structlog still runs this very chain, `request_line` may write the line itself.
_direct: tuple[list[Any], Any] | None = None
_access = structlog.get_logger("lerarenregister.access")


def request_line(fields: dict[str, Any]) -> None:
    """Log the `request` line with these fields (method, path, route, status, ...)."""
    direct = _direct
    if direct is None or not _still_configured(*direct):
        _access.info("request", **fields)
        return
    # What structlog's chain makes of it: the event, the bound context (merge_contextvars),
    # the level (add_log_level) and the time (TimeStamper, ISO in UTC), as JSON.
    fields["event"] = "request"
    context = contextvars.copy_context()
    for var in context:
        if var.name.startswith(STRUCTLOG_KEY_PREFIX):
            value = context[var]
            if value is not Ellipsis:
                fields.setdefault(var.name[STRUCTLOG_KEY_PREFIX_LEN:], value)
    fields["level"] = "info"
    fields["timestamp"] = datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")
    _StderrLoggerFactory()().msg(json.dumps(fields))


def _still_configured(processors: list[Any], renderer: Any) -> bool:
    """Whether structlog runs the chain `configure_logging` set (`capture_logs` empties and
    refills that same list; `structlog.configure` replaces it)."""
    return structlog.get_config()["processors"] is processors and processors[-1] is renderer
