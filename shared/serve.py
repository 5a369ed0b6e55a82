"""Run one service alone: migrate its database, then serve HTTP and its workers in one loop."""

from __future__ import annotations

import gc
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.logging import configure_logging
from shared.migrations import upgrade
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import SERVICE_PORTS, Settings, load_settings


def serve_service(definition: ServiceDefinition, settings: Settings | None = None) -> None:
    settings = settings or load_settings()
    configure_logging(definition.name, level=settings.log_level, log_format=settings.log_format)
    if settings.migrate_on_start:
        upgrade(definition.migrations, settings.database_url_for(definition.name))
    app = ServiceRuntime(definition, settings).http_app()
    run_http(app, definition.name, settings)


def serve_app(name: str, build: Callable[[Settings], FastAPI]) -> None:
    settings = load_settings()
    configure_logging(name, level=settings.log_level, log_format=settings.log_format)
    run_http(build(settings), name, settings)


def run_http(app: FastAPI, name: str, settings: Settings) -> None:
    # About 140,000 objects live from start-up on; a full collection walking them all paused the
    # event loop 75-100 ms every few seconds. Frozen, they are left out of every collection.
    gc.collect()
    gc.freeze()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port or SERVICE_PORTS[name],
        log_config=None,  # keep the structlog configuration
        access_log=False,
        timeout_graceful_shutdown=int(settings.graceful_timeout_s),
    )
