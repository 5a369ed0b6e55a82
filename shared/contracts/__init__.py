"""Public event schemas, one module per publishing service. Only additive changes."""

from shared.contracts import feedback, intake, outcomes
from shared.events import EventRegistry

ALL_EVENTS = EventRegistry((*intake.EVENTS, *outcomes.EVENTS, *feedback.EVENTS))

__all__ = ["ALL_EVENTS", "feedback", "intake", "outcomes"]
