"""Public event schemas, one module per publishing service. Only additive changes."""

from shared.contracts import intake, notifications, outcomes
from shared.events import EventRegistry

ALL_EVENTS = EventRegistry((*intake.EVENTS, *outcomes.EVENTS, *notifications.EVENTS))

__all__ = ["ALL_EVENTS", "intake", "notifications", "outcomes"]
