"""Notification channels: EMAIL, SMS and WEBHOOK plugins behind one interface."""

from __future__ import annotations

from collections.abc import Mapping

from domain.notify.webhooks import new_secret
from workers.channels.base import Channel, Delivery, DeliveryError
from workers.channels.email import EmailChannel
from workers.channels.sms import SmsChannel
from workers.channels.webhook import WebhookChannel

__all__ = [
    "Channel",
    "Delivery",
    "DeliveryError",
    "EmailChannel",
    "SmsChannel",
    "WebhookChannel",
    "aclose_channels",
    "channels_from_settings",
    "new_secret",
]


def channels_from_settings(
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_from: str | None,
    sms_gateway_url: str | None,
) -> dict[str, Channel]:
    """The configured channels by name: EMAIL and SMS only when set up, WEBHOOK always."""
    channels: dict[str, Channel] = {"WEBHOOK": WebhookChannel()}
    if smtp_host:
        sender = smtp_from or "reliefhub@localhost"
        channels["EMAIL"] = EmailChannel(smtp_host, smtp_port or 25, sender)
    if sms_gateway_url:
        channels["SMS"] = SmsChannel(sms_gateway_url)
    return channels


async def aclose_channels(channels: Mapping[str, Channel]) -> None:
    """Release pooled connections of every channel that holds any (worker shutdown)."""
    for channel in channels.values():
        aclose = getattr(channel, "aclose", None)
        if aclose is not None:
            await aclose()
