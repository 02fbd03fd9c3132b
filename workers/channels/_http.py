"""Shared HTTP posting for the SMS and WEBHOOK channels: one place maps failures to errors.

aiohttp rather than httpx on this path: a webhook's CPU cost is mostly its HTTP client,
and httpx's connection pool costs several times aiohttp's per request under concurrency
(measured with `make bench-notify`).
"""

from __future__ import annotations

import asyncio
import ssl

import aiohttp
from aiohttp.abc import AbstractResolver

from workers.channels.base import DeliveryError, http_status_error

USER_AGENT = "ReliefHub-Notifications/1"


class RefusedDestination(OSError):
    """An address the destination rule forbids (raised by a resolver, so an OSError)."""


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The system's trust, plus a private CA when one is named; verification always on."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


class HttpPoster:
    """A pooled client, opened on first use inside the event loop that sends."""

    def __init__(
        self,
        timeout: float,
        *,
        resolver: AbstractResolver | None = None,
        ca_file: str | None = None,
    ) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._resolver = resolver
        self._ca_file = ca_file

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                resolver=self._resolver, ssl=tls_context(self._ca_file)
            )
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, headers={"user-agent": USER_AGENT}, connector=connector
            )
        return self._session

    async def post(self, url: str, content: bytes, headers: dict[str, str]) -> None:
        """POST content; return on 2xx, otherwise raise a classified DeliveryError.

        Redirects stay unfollowed, so a signed body only goes where it was sent.
        """
        try:
            async with self._client().post(
                url, data=content, headers=headers, allow_redirects=False
            ) as response:
                await response.read()  # the connection goes back to the pool
                status, reason = response.status, response.reason or ""
        except TimeoutError as exc:
            raise DeliveryError(f"timeout: {type(exc).__name__}", permanent=False) from exc
        except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
            raise DeliveryError(f"bad URL: {exc}", permanent=True) from exc
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, RefusedDestination):
                raise DeliveryError(str(exc.os_error), permanent=True) from exc
            raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False) from exc
        except (aiohttp.ClientError, OSError) as exc:
            # Refused, reset, DNS failure: the peer may be back later.
            raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False) from exc
        error = http_status_error(status, reason)
        if error is not None:
            raise error

    async def aclose(self) -> None:
        """Close the pooled connections."""
        if self._session is not None:
            await self._session.close()
        if self._resolver is not None:
            await self._resolver.close()
            # aiohttp's advice: let the transports finish closing before the loop ends.
            await asyncio.sleep(0)
