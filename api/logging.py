"""structlog, configured once: readable console in development, JSON in production."""

from __future__ import annotations

import logging
import sys

import structlog


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
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=_StderrLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(
        level=numeric, handlers=[_StderrHandler()], format="%(message)s", force=True
    )
    for noisy in ("uvicorn.access",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
