"""Signed webhooks per the Standard Webhooks spec (webhook-id, -timestamp, -signature)."""

from __future__ import annotations

import json
import socket
import time
from datetime import UTC, datetime
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver
from standardwebhooks import Webhook

from domain.notify.destinations import DestinationRule, parse_address
from workers.channels._http import HttpPoster, RefusedDestination
from workers.channels.base import Delivery, DeliveryError

SECRET_PREFIX = "whsec_"


def payload_of(delivery: Delivery) -> dict[str, Any]:
    """The JSON body: the delivery's payload, or one built from its template and parameters."""
    if delivery.payload is not None:
        return delivery.payload
    now = datetime.now(UTC).isoformat()
    return {"type": delivery.template, "timestamp": now, "data": delivery.parameters}


def signed_request(delivery: Delivery, now: float | None = None) -> tuple[bytes, dict[str, str]]:
    """The exact body and the headers whose signature covers it."""
    if not delivery.secret:
        raise DeliveryError("webhook subscription has no signing secret", permanent=True)
    try:
        signer = Webhook(delivery.secret)
    except Exception as exc:  # the package raises bare errors for bad base64 or empty keys
        raise DeliveryError(f"unusable signing secret: {exc}", permanent=True) from exc
    # Compact and deterministic; the receiver verifies these very bytes, so sign what is sent.
    text = json.dumps(payload_of(delivery), ensure_ascii=False, separators=(",", ":"))
    # The spec signs whole seconds; sign() reads the datetime as UTC, so give it UTC.
    seconds = int(time.time() if now is None else now)
    stamp = datetime.fromtimestamp(seconds, UTC)
    headers = {
        "content-type": "application/json",
        "webhook-id": delivery.notification_id,
        "webhook-timestamp": str(seconds),
        "webhook-signature": signer.sign(delivery.notification_id, stamp, text),
    }
    return text.encode(), headers


class GuardedResolver(AbstractResolver):
    """Resolves as usual, then refuses the whole answer if any address breaks the rule.

    aiohttp connects to exactly the addresses its resolver returns, so the address checked
    is the address connected to: a name re-pointed after the check (DNS rebinding) is
    checked again here. TLS still verifies the certificate against the name."""

    def __init__(self, rule: DestinationRule) -> None:
        self.rule = rule
        self._inner: ThreadedResolver | None = None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        # getaddrinfo, as the creation check used: the same answers, /etc/hosts included.
        if self._inner is None:
            self._inner = ThreadedResolver()
        found = await self._inner.resolve(host, port, family)
        for result in found:
            address = parse_address(result["host"])
            refused = (
                "an unreadable address"
                if address is None
                else self.rule.refusal_of_address(address)
            )
            if refused is not None:
                raise RefusedDestination(f"{host} resolves to {refused}")
        return found

    async def close(self) -> None:
        if self._inner is not None:
            await self._inner.close()
            self._inner = None


class WebhookChannel:
    """POSTs a signed JSON event to a partner's URL, only where `rule` lets webhooks go."""

    name = "WEBHOOK"

    def __init__(
        self,
        *,
        timeout: float = 10,
        rule: DestinationRule | None = None,
        ca_file: str | None = None,
    ) -> None:
        self.rule = rule or DestinationRule.strict()
        self._http = HttpPoster(timeout, resolver=GuardedResolver(self.rule), ca_file=ca_file)

    async def send(self, delivery: Delivery) -> None:
        """Sign and deliver one event; a retry keeps the webhook-id so receivers can dedupe."""
        # A literal address skips the resolver, so the URL's own rule is checked here.
        refused = self.rule.refusal_of_url(delivery.address)
        if refused is not None:
            raise DeliveryError(f"webhook URL refused: {refused}", permanent=True)
        content, headers = signed_request(delivery)
        await self._http.post(delivery.address, content, headers)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()
