"""Notifications (one message, one recipient, one channel) and webhook subscriptions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, enum_column
from domain.kernel.enums import Channel, NotificationStatus


class WebhookSubscription(Entity):
    __tablename__ = "webhook_subscriptions"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("accounts.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(JSON)
    # Kept encrypted: the secret must be readable to sign, so it cannot be hashed.
    secret_encrypted: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the events it wants lie: region codes, each with everything under it; empty
    # for every region its owner may see.
    region_codes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class Notification(Entity):
    __tablename__ = "notifications"
    # A redelivered event must not notify anyone twice: one row per event, channel, recipient.
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "recipient_key", name="uq_notifications_once"),
        # The SMS pace counts what one phone was sent within the hour.
        Index("ix_notifications_address_sent_at", "address", "sent_at"),
    )

    event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    topic: Mapped[str] = mapped_column(String(80))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), index=True)
    recipient_key: Mapped[str] = mapped_column(String(300))
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("accounts.id"), index=True
    )
    address: Mapped[str | None] = mapped_column(String(2000))
    webhook_subscription_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("webhook_subscriptions.id"), index=True
    )
    dispatch_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("dispatches.id"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(80))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[NotificationStatus] = mapped_column(enum_column(NotificationStatus), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A claim is a lease: a worker killed mid-send lets another take over after it.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    # SMS: what the gateway's delivery receipt said (sms_gateway.ReceiptStatus), and when.
    receipt_status: Mapped[str | None] = mapped_column(String(20))
    receipt_at: Mapped[datetime | None]
