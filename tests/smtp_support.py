"""A real SMTP server on loopback (aiosmtpd) keeping what it was sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from shared.embedded_redis import free_port


class Mailbox:
    """An aiosmtpd handler keeping what it was sent."""

    def __init__(self) -> None:
        self.received: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler, port = Mailbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
