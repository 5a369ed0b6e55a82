"""Public event schemas, one module per publishing service. Only additive changes."""

from shared.contracts import intake
from shared.events import EventRegistry

ALL_EVENTS = EventRegistry(intake.EVENTS)

__all__ = ["ALL_EVENTS", "intake"]
