"""In-app inbox and practitioner tasks: the messages read model is the inbox, so delivery is
the status turning to sent; nothing leaves the platform."""

from __future__ import annotations

from services.notifications.channels.base import Outgoing


class InApp:
    async def send(self, message: Outgoing) -> None:
        return None
