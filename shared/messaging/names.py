"""The fixed names of streams, groups and keys (DESIGN.md section 3)."""

from __future__ import annotations


def events_stream(service: str) -> str:
    return f"msp.{service}.events"


def dead_letter_stream(service: str) -> str:
    return f"msp.{service}.events.dlq"


def relay_checkpoint_key(service: str) -> str:
    return f"msp.{service}.relay.checkpoint"


def consumer_group(consuming_service: str, purpose: str) -> str:
    return f"{consuming_service}.{purpose}"
