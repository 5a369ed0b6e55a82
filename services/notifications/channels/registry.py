"""The senders for each channel, from settings."""

from __future__ import annotations

from services.notifications.channels.base import Sender
from services.notifications.channels.email import EmailSender
from services.notifications.channels.file_sink import FileSink
from services.notifications.channels.in_app import InApp
from services.notifications.domain.preferences import Channel
from shared.settings import Settings


def senders_for(settings: Settings) -> dict[str, Sender]:
    sink = settings.notifications_file_sink_dir or settings.data_dir / "outbox"
    return {
        Channel.IN_APP.value: InApp(),
        Channel.TASK.value: InApp(),
        Channel.EMAIL.value: EmailSender(
            host=settings.notifications_smtp_host,
            port=settings.notifications_smtp_port,
            sender=settings.notifications_smtp_sender,
        ),
        Channel.SMS.value: FileSink(sink, Channel.SMS.value),
        Channel.LETTER.value: FileSink(sink, Channel.LETTER.value),
    }
