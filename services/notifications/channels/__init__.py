"""Channels behind one interface: `send(message)` returns when the channel accepted it, or
raises `DeliveryError` with a reason an operator can read (no personal data)."""

from services.notifications.channels.base import DeliveryError, Outgoing, Sender
from services.notifications.channels.email import EmailSender
from services.notifications.channels.file_sink import FileSink
from services.notifications.channels.in_app import InApp
from services.notifications.channels.registry import senders_for

__all__ = ["DeliveryError", "EmailSender", "FileSink", "InApp", "Outgoing", "Sender", "senders_for"]
