"""A real SMS gateway peer: an aiohttp server that checks each request's signature as a
provider would from the documented contract, keeps the texts, and posts a signed
delivery receipt for each back to ReliefHub's callback."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any, Self

import aiohttp
from aiohttp import web


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The contract's signature, written here from the docs rather than imported."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


class SmsGateway:
    """Texts it accepted, requests it refused, and the answers its receipts got."""

    def __init__(self, secret: str, *, receipt_status: str = "DELIVERED") -> None:
        self.secret = secret
        self.receipt_status = receipt_status
        self.callback_url: str | None = None
        self.texts: list[dict[str, Any]] = []
        self.refused = 0
        self.receipt_answers: list[int] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.read()
        stamp = request.headers.get("x-reliefhub-timestamp", "")
        given = request.headers.get("x-reliefhub-signature", "")
        fresh = stamp.isdigit() and abs(time.time() - int(stamp)) <= 300
        if not (fresh and hmac.compare_digest(given, sign(self.secret, stamp, body))):
            self.refused += 1
            return web.json_response({"error": "bad signature"}, status=401)
        text = json.loads(body)
        self.texts.append(text)
        if self.callback_url:
            task = asyncio.create_task(self._report(text["requestId"]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return web.json_response({"accepted": True}, status=202)

    async def _report(self, request_id: str) -> None:
        await asyncio.sleep(0.05)  # the carrier takes a moment
        receipt = {
            "requestId": request_id,
            "status": self.receipt_status,
            "at": datetime.now(UTC).isoformat(),
        }
        await self.post_receipt(json.dumps(receipt).encode())

    async def post_receipt(self, content: bytes, secret: str | None = None) -> int:
        """POST a receipt body to the callback, signed (with `secret` if given); its status."""
        assert self.callback_url is not None
        stamp = str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "x-reliefhub-timestamp": stamp,
            "x-reliefhub-signature": sign(secret or self.secret, stamp, content),
        }
        async with (
            aiohttp.ClientSession() as client,
            client.post(self.callback_url, data=content, headers=headers) as answer,
        ):
            self.receipt_answers.append(answer.status)
            return answer.status

    async def receipts_answered(self, n: int, within: float = 10.0) -> list[int]:
        deadline = time.monotonic() + within
        while len(self.receipt_answers) < n:
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {n} receipts, {len(self.receipt_answers)} sent")
            await asyncio.sleep(0.02)
        return list(self.receipt_answers)

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/send", self._send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/send"
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in list(self._tasks):
            task.cancel()
        assert self._runner is not None
        await self._runner.cleanup()
