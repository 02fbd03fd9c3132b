"""The one interface every notification channel implements, and its error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

# Per the channel contract: the sender may retry these; any other 4xx will fail again as it is.
TRANSIENT_HTTP_4XX = frozenset({408, 429})


@dataclass(frozen=True)
class Delivery:
    """One message to one recipient over one channel, everything a channel needs to send it."""

    notification_id: str  # stable id of the notification row: the idempotency key and webhook-id
    channel: str  # "EMAIL" | "SMS" | "WEBHOOK"
    address: str  # email address | E.164 phone | webhook URL
    subject: str
    body: str  # plain text, already in the recipient's language
    template: str  # e.g. "dispatch.issued"
    parameters: dict[str, Any]  # template parameters (SMS gateways render their own templates)
    locale: str  # "zh-CN" | "en"
    secret: str | None = None  # WEBHOOK: the subscription's signing secret (whsec_… base64)
    payload: dict[str, Any] | None = None  # WEBHOOK: {"type", "timestamp", "data"}


class DeliveryError(Exception):
    """A send that failed: permanent (retrying cannot help) or transient (retry with backoff)."""

    def __init__(self, detail: str, *, permanent: bool, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail[:300]
        self.permanent = permanent
        # The peer's HTTP/SMTP status, so callers can react to e.g. 410 Gone (drop the endpoint).
        self.status = status

    def __repr__(self) -> str:
        kind = "permanent" if self.permanent else "transient"
        return f"DeliveryError({self.detail!r}, {kind}, status={self.status})"


class Channel(Protocol):
    """A way to reach a recipient: EMAIL, SMS, WEBHOOK (INBOX lives with the database)."""

    name: str

    async def send(self, delivery: Delivery) -> None:
        """Deliver once or raise DeliveryError."""
        ...


def http_status_error(status: int, reason: str = "") -> DeliveryError | None:
    """The error a non-2xx HTTP answer means, or None for success."""
    if 200 <= status < 300:
        return None
    detail = f"HTTP {status} {reason}".strip()
    # Redirects are not followed (a signed webhook must not wander), so a 3xx is a bad address.
    permanent = 300 <= status < 500 and status not in TRANSIENT_HTTP_4XX
    return DeliveryError(detail, permanent=permanent, status=status)
