"""The services that own data, by name, for the CLI. Imported lazily: services stay independent."""

from __future__ import annotations

import importlib

from shared.runtime import ServiceDefinition

EVENT_SERVICES = ("intake", "outcomes", "notifications", "feedback")


class UnknownService(ValueError):
    """A name that is not one of the services that own data."""


def definition_of(service: str) -> ServiceDefinition:
    if service not in EVENT_SERVICES:
        msg = f"unknown service {service!r}; choose one of {', '.join(EVENT_SERVICES)}"
        raise UnknownService(msg)
    module = importlib.import_module(f"services.{service}.app")
    definition: ServiceDefinition = module.DEFINITION
    return definition
