"""Maps `event_type` to its pydantic model and upcasts old payloads as they are read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from shared.events.envelope import DomainEvent, EventEnvelope

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class UnknownEventType(LookupError):
    """An event type this process has no model for (for instance a newer publisher's)."""


class EventRegistry:
    def __init__(self, event_classes: Iterable[type[DomainEvent]] = ()) -> None:
        self._classes: dict[str, type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        for event_class in event_classes:
            self.register(event_class)

    def register(self, event_class: type[DomainEvent]) -> None:
        existing = self._classes.get(event_class.event_type)
        if existing is not None and existing is not event_class:
            msg = f"{event_class.event_type} is already registered"
            raise ValueError(msg)
        self._classes[event_class.event_type] = event_class

    def upcaster(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Register a function turning a payload of `from_version` into `from_version + 1`."""

        def decorate(function: Upcaster) -> Upcaster:
            self._upcasters[(event_type, from_version)] = function
            return function

        return decorate

    def knows(self, event_type: str) -> bool:
        return event_type in self._classes

    def event_types(self) -> list[str]:
        return sorted(self._classes)

    def decode(self, envelope: EventEnvelope) -> DomainEvent:
        """The typed payload, upcast step by step to the current schema version."""
        event_class = self._classes.get(envelope.event_type)
        if event_class is None:
            raise UnknownEventType(envelope.event_type)
        payload, version = envelope.payload, envelope.schema_version
        while version < event_class.schema_version:
            step = self._upcasters.get((envelope.event_type, version))
            if step is None:
                msg = f"no upcaster for {envelope.event_type} v{version}"
                raise LookupError(msg)
            payload, version = step(payload), version + 1
        return event_class.model_validate(payload)
