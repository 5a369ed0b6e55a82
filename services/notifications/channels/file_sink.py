"""SMS and letters in development: one file per message under the sink directory, written
atomically (a gateway or print room picks them up from there in production)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from services.notifications.channels.base import DeliveryError, Outgoing


class FileSink:
    def __init__(self, directory: Path, channel: str) -> None:
        self.directory = directory / channel

    async def send(self, message: Outgoing) -> None:
        if not message.address:
            raise DeliveryError(f"no address for {message.channel}")
        try:
            await asyncio.to_thread(self._write, message)
        except OSError as error:
            raise DeliveryError(f"file sink: {type(error).__name__}") from error

    def _write(self, message: Outgoing) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.directory / f"{message.message_id}.txt"
        partial = final.with_suffix(".part")
        variant = "easy read with pictures" if message.pictures else "easy read"
        lines = [
            f"To: {message.address}",
            f"Subject: {message.subject}",
            *([f"Format: {variant}"] if message.easy_read else []),
            "",
            message.body,
        ]
        partial.write_text("\n".join(lines))
        os.replace(partial, final)
