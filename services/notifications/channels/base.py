"""The one interface every channel offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class Outgoing:
    message_id: UUID
    channel: str
    recipient_kind: str
    recipient_id: str
    address: str | None
    subject: str
    body: str
    easy_read: bool
    pictures: bool


class DeliveryError(Exception):
    """The channel did not take the message; `str()` is safe to log and to record."""


class Sender(Protocol):
    async def send(self, message: Outgoing) -> None: ...
