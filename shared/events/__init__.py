"""Events: the envelope every fact travels in, and the registry that types and upcasts them."""

from shared.events.envelope import DomainEvent, EventEnvelope
from shared.events.registry import EventRegistry, UnknownEventType

__all__ = ["DomainEvent", "EventEnvelope", "EventRegistry", "UnknownEventType"]
