"""`POST /sms/receipts`: the SMS gateway reports what became of a text.

Not GraphQL: the gateway is a machine that posts one signed JSON object per receipt
(`domain/notify/sms_gateway.py`), and wants a status code, not a payload.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from domain.notify.sms_gateway import SmsReceipt, record_receipt, verify

MAX_RECEIPT_BYTES = 16_384


def _refusal(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "field": field, "message": message}, status_code=status)


async def _bounded_body(request: Request) -> bytes | None:
    """The body, or None past MAX_RECEIPT_BYTES (read no further: anyone may post here)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_RECEIPT_BYTES:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_RECEIPT_BYTES:
            return None
    return body


def receipt_routes(database: Database, settings: Settings) -> list[Route]:
    """The callback route, answering 404 while no gateway secret is configured: an
    unsigned receipt could come from anyone."""

    async def receive(request: Request) -> Response:
        secret = settings.sms_gateway_secret
        if not secret:
            return _refusal(404, "NOT_FOUND", "No SMS gateway is configured.")
        body = await _bounded_body(request)
        if body is None:
            return _refusal(413, "TOO_LARGE", f"At most {MAX_RECEIPT_BYTES} bytes.")
        if not verify(secret, request.headers, body):
            return _refusal(401, "UNAUTHENTICATED", "Bad or stale signature.")
        try:
            parsed = json.loads(body)
        except ValueError:
            return _refusal(400, "INVALID", "The body is not JSON.")
        try:
            receipt = SmsReceipt.parse(parsed)
        except ValueError as exc:
            field, _, message = str(exc).partition(": ")
            return _refusal(400, "INVALID", message, field)
        found = await database.run(lambda session: record_receipt(session, receipt))
        if not found:
            return _refusal(404, "NOT_FOUND", "No text with that requestId.", "requestId")
        return Response(status_code=204)

    return [Route("/sms/receipts", receive, methods=["POST"])]
