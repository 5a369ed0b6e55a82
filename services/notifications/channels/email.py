"""Email over SMTP with aiosmtplib."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from services.notifications.channels.base import DeliveryError, Outgoing


class EmailSender:
    def __init__(self, *, host: str, port: int, sender: str, timeout_s: float = 10.0) -> None:
        self.host, self.port, self.sender, self.timeout_s = host, port, sender, timeout_s

    async def send(self, message: Outgoing) -> None:
        if not message.address:
            raise DeliveryError("no email address")
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.address
        email["Subject"] = message.subject
        email["Message-ID"] = f"<{message.message_id}@msp.notifications>"
        email.set_content(message.body)
        try:
            await aiosmtplib.send(email, hostname=self.host, port=self.port, timeout=self.timeout_s)
        except (aiosmtplib.SMTPException, OSError) as error:
            # The class only: SMTP replies can quote the recipient's address.
            raise DeliveryError(f"SMTP: {type(error).__name__}") from error
