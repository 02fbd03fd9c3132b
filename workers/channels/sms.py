"""SMS through an HTTP gateway that renders its own templates."""

from __future__ import annotations

import json

from domain.notify.sms_gateway import signed_headers
from workers.channels._http import HttpPoster
from workers.channels.base import Delivery


class SmsChannel:
    """POSTs {phone, template, parameters, locale, requestId} as JSON to the SMS gateway,
    signed with the shared secret (HMAC-SHA256 over the timestamp and the body)."""

    name = "SMS"

    def __init__(self, gateway_url: str, *, timeout: float = 10, secret: str | None = None) -> None:
        self.gateway_url = gateway_url
        self.secret = secret
        self._http = HttpPoster(timeout)

    async def send(self, delivery: Delivery) -> None:
        """Hand one text message to the gateway; raises DeliveryError."""
        body = {
            "phone": delivery.address,
            "template": delivery.template,
            "parameters": delivery.parameters,
            "locale": delivery.locale,
            "requestId": delivery.notification_id,
        }
        content = json.dumps(body, ensure_ascii=False).encode()
        headers = {
            "content-type": "application/json",
            # The gateway drops a repeat of the same key, so a retry after a lost reply is safe.
            "idempotency-key": delivery.notification_id,
        }
        if self.secret:
            headers.update(signed_headers(self.secret, content))
        await self._http.post(self.gateway_url, content, headers)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()
