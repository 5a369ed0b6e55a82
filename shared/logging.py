"""structlog for every process: JSON lines off a terminal, readable on one; never personal data.

Log lines carry ids (`correlation_id`, `event_id`, `enquiry_id`) and never names, narratives or
the person's words. Keys that usually hold personal data are redacted as a second line of
defence; the first is that nothing logs them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

PERSONAL_KEYS = frozenset(
    {
        "name",
        "full_name",
        "first_name",
        "last_name",
        "person",
        "date_of_birth",
        "dob",
        "address",
        "phone",
        "email",
        "contact",
        "words",
        "narrative",
        "description",
        "notes",
        "text",
        "payload",
        "body",
        "what_happened",
        "referrer",
    }
)
REDACTED = "[redacted]"


def redact_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key in PERSONAL_KEYS.intersection(event_dict):
        event_dict[key] = REDACTED
    return event_dict


def configure_logging(service: str, *, level: str = "INFO", log_format: str = "auto") -> None:
    as_json = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    renderer: Any = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_personal_data,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    # Libraries (uvicorn, FastStream, SQLAlchemy) log through the standard library: route them
    # through the same processors so that every line has one shape.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info if as_json else _identity,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # Request lines are logged by our middleware with the route template, never the raw URL.
    logging.getLogger("uvicorn.access").disabled = True
    # httpx logs every request it sends, full URL included, at INFO: the portal's calls to
    # feedback carry a person's single-use link code in the path. Its warnings still show.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    structlog.contextvars.bind_contextvars(service=service)


def _identity(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    return event_dict
