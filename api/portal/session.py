"""The portal's cookie session: sign-in and sign-out endpoints, and the CSRF guard.

The session cookie holds the same bearer token `signIn` issues (HttpOnly, SameSite=Strict);
`rh_csrf` is a readable double-submit token the pages echo in `X-CSRF-Token` (or, for the
live inbox's websocket, in the `csrf` query parameter).
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from domain.db.engine import Database
from domain.errors import DomainError
from domain.services import accounts

SESSION_COOKIE = "rh_session"
CSRF_COOKIE = "rh_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_SECONDS = int(accounts.SESSION_LIFETIME.total_seconds())


def cookie_token(connection: HTTPConnection) -> str | None:
    """The session token of a cookie-authenticated request (never with an Authorization)."""
    if connection.headers.get("authorization"):
        return None
    return connection.cookies.get(SESSION_COOKIE) or None


def csrf_ok(connection: HTTPConnection, echoed: str | None) -> bool:
    expected = connection.cookies.get(CSRF_COOKIE) or ""
    return bool(expected) and secrets.compare_digest(expected, echoed or "")


def set_csrf_cookie(response: Response, request: HTTPConnection) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(32),
        max_age=SESSION_SECONDS,
        secure=request.url.scheme == "https",
        samesite="strict",
    )


class CsrfGuard:
    """Refuses (403) cookie-authenticated requests that do not echo the CSRF cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            connection = HTTPConnection(scope)
            if cookie_token(connection) is not None:
                if scope["type"] == "websocket":
                    if not csrf_ok(connection, connection.query_params.get("csrf")):
                        await WebSocket(scope, receive, send).close(code=1008)
                        return
                elif not csrf_ok(connection, connection.headers.get(CSRF_HEADER)):
                    await PlainTextResponse("CSRF token missing or wrong.", 403)(
                        scope, receive, send
                    )
                    return
        await self.app(scope, receive, send)


def _errors(refusal: DomainError) -> list[dict[str, Any]]:
    return [
        {"field": list(e.field) or None, "message": e.message, "code": e.code.value}
        for e in refusal.errors
    ]


def session_endpoints(db: Database) -> tuple[Any, Any]:
    """`POST /session` (sign in) and `POST /session/end` (sign out), CSRF-checked."""

    async def sign_in(request: Request) -> Response:
        if not csrf_ok(request, request.headers.get(CSRF_HEADER)):
            return PlainTextResponse("CSRF token missing or wrong.", 403)
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse({"error": "Send JSON: {email, password}."}, 400)
        email, password = str(body.get("email") or ""), str(body.get("password") or "")
        try:
            issued = await db.run(lambda s: accounts.sign_in(s, email, password))
        except DomainError as refusal:
            return JSONResponse({"userErrors": _errors(refusal)})
        response = JSONResponse({"userErrors": [], "role": issued.account.role.value})
        response.set_cookie(
            SESSION_COOKIE,
            issued.token,
            max_age=SESSION_SECONDS,
            httponly=True,
            secure=request.url.scheme == "https",
            samesite="strict",
        )
        set_csrf_cookie(response, request)  # a fresh token for the new session
        return response

    async def sign_out(request: Request) -> Response:
        if not csrf_ok(request, request.headers.get(CSRF_HEADER)):
            return PlainTextResponse("CSRF token missing or wrong.", 403)
        token = cookie_token(request)
        if token:

            async def revoke(session: Any) -> None:
                principal = await accounts.authenticate(session, token)
                if principal is not None:
                    await accounts.sign_out(session, principal)

            await db.run(revoke)
        response = JSONResponse({"ok": True})
        response.delete_cookie(SESSION_COOKIE, samesite="strict", httponly=True)
        set_csrf_cookie(response, request)
        return response

    return sign_in, sign_out
