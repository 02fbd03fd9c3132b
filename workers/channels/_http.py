"""Shared HTTP posting for the SMS and WEBHOOK channels: one place maps failures to errors."""

from __future__ import annotations

import httpx

from workers.channels.base import DeliveryError, http_status_error

USER_AGENT = "ReliefHub-Notifications/1"


def new_client(timeout: float) -> httpx.AsyncClient:
    """A pooled client; redirects stay unfollowed so a signed body only goes where it was sent."""
    return httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, headers={"user-agent": USER_AGENT}
    )


async def post(
    client: httpx.AsyncClient, url: str, content: bytes, headers: dict[str, str]
) -> None:
    """POST content; return on 2xx, otherwise raise a classified DeliveryError."""
    try:
        response = await client.post(url, content=content, headers=headers)
    except httpx.TimeoutException as exc:
        raise DeliveryError(f"timeout: {type(exc).__name__}", permanent=False) from exc
    except httpx.UnsupportedProtocol as exc:
        raise DeliveryError(f"bad URL: {exc}", permanent=True) from exc
    except httpx.InvalidURL as exc:
        raise DeliveryError(f"bad URL: {exc}", permanent=True) from exc
    except httpx.TransportError as exc:
        # Refused, reset, DNS failure: the peer may be back later.
        raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False) from exc
    error = http_status_error(response.status_code, response.reason_phrase)
    if error is not None:
        raise error
