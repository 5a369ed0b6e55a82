"""Public event schemas, one module per publishing service. Only additive changes."""

from shared.contracts import feedback, intake, notifications, outcomes
from shared.events import EventRegistry

ALL_EVENTS = EventRegistry(
    (*intake.EVENTS, *outcomes.EVENTS, *notifications.EVENTS, *feedback.EVENTS)
)

__all__ = ["ALL_EVENTS", "feedback", "intake", "notifications", "outcomes"]
