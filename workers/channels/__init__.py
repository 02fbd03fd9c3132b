"""Notification channels: EMAIL, SMS and WEBHOOK plugins behind one interface."""

from __future__ import annotations

from collections.abc import Mapping

from domain.kernel.settings import Settings
from domain.notify.destinations import DestinationRule
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


def channels_from_settings(settings: Settings) -> dict[str, Channel]:
    """The configured channels by name: EMAIL and SMS only when set up, WEBHOOK always."""
    channels: dict[str, Channel] = {
        "WEBHOOK": WebhookChannel(
            rule=DestinationRule.from_settings(settings), ca_file=settings.webhook_ca_file
        )
    }
    if settings.smtp_host:
        channels["EMAIL"] = EmailChannel.of_mode(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            settings.smtp_mode,
            username=settings.smtp_username,
            password=settings.smtp_password,
            ca_file=settings.smtp_ca_file,
        )
    if settings.sms_gateway_url:
        channels["SMS"] = SmsChannel(settings.sms_gateway_url, secret=settings.sms_gateway_secret)
    return channels


async def aclose_channels(channels: Mapping[str, Channel]) -> None:
    """Release pooled connections of every channel that holds any (worker shutdown)."""
    for channel in channels.values():
        aclose = getattr(channel, "aclose", None)
        if aclose is not None:
            await aclose()
