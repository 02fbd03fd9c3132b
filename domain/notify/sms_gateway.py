"""The SMS gateway's side of the contract: how requests both ways are signed, and the
delivery receipts the gateway reports back.

Both directions use one shared secret: the worker signs each text it hands the gateway,
the gateway signs each receipt it posts to `/sms/receipts`. The signature covers a
timestamp and the exact body, so a captured request cannot be altered, nor replayed
after `TOLERANCE`. The shape is provider-neutral (docs/architecture.md, "SMS gateway").
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.enums import Channel
from domain.notify.model import Notification

TIMESTAMP_HEADER = "x-reliefhub-timestamp"
SIGNATURE_HEADER = "x-reliefhub-signature"
TOLERANCE = timedelta(minutes=5)


class ReceiptStatus(StrEnum):
    """What the carrier finally said about a text the gateway accepted."""

    DELIVERED = "DELIVERED"  # on the handset
    FAILED = "FAILED"  # the carrier gave up (unknown number, switched off too long)
    EXPIRED = "EXPIRED"  # its validity ran out before it could be delivered
    REJECTED = "REJECTED"  # refused by the carrier (content, blocked sender)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under the shared secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if now is None else now))
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(secret, stamp, body)}


def verify(secret: str, headers: Any, body: bytes, now: float | None = None) -> bool:
    """Whether `headers` (any mapping with .get) sign `body` with `secret`, recently."""
    stamp = str(headers.get(TIMESTAMP_HEADER) or "")
    given = str(headers.get(SIGNATURE_HEADER) or "")
    if not stamp.isdigit() or not given:
        return False
    age = abs((time.time() if now is None else now) - int(stamp))
    if age > TOLERANCE.total_seconds():
        return False
    return hmac.compare_digest(given, signature(secret, stamp, body))


@dataclass(frozen=True, slots=True)
class SmsReceipt:
    """One receipt as the gateway posts it: the text's requestId, its status and when."""

    notification_id: uuid.UUID
    status: ReceiptStatus
    at: datetime

    @classmethod
    def parse(cls, body: Any) -> SmsReceipt:
        """From the JSON body; ValueError naming the field that is wrong."""
        if not isinstance(body, dict):
            raise ValueError("body: a JSON object")
        try:
            ident = uuid.UUID(str(body.get("requestId")))
        except ValueError:
            raise ValueError("requestId: the requestId of the text") from None
        try:
            status = ReceiptStatus(str(body.get("status")))
        except ValueError:
            allowed = ", ".join(s.value for s in ReceiptStatus)
            raise ValueError(f"status: one of {allowed}") from None
        try:
            at = datetime.fromisoformat(str(body.get("at")))
        except ValueError:
            raise ValueError("at: an ISO-8601 time with a zone") from None
        if at.tzinfo is None:
            raise ValueError("at: an ISO-8601 time with a zone")
        return cls(ident, status, at.astimezone(UTC))


async def record_receipt(session: AsyncSession, receipt: SmsReceipt) -> bool:
    """Keep the receipt on its text; False if no SMS notification has that id.

    Gateways repeat and reorder callbacks: the latest `at` wins, a repeat changes nothing."""
    notification = await session.get(Notification, receipt.notification_id, with_for_update=True)
    if notification is None or notification.channel is not Channel.SMS:
        return False
    known = notification.receipt_at
    if known is not None and known.tzinfo is None:
        known = known.replace(tzinfo=UTC)  # SQLite hands naive UTC back
    if known is None or receipt.at >= known:
        notification.receipt_status = receipt.status.value
        notification.receipt_at = receipt.at
    return True
