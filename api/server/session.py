"""The portal's cookie session and the CSRF guard.

`signIn(input: {cookie: true})` keeps the bearer token it issues in an HttpOnly,
SameSite=Strict cookie instead of returning it; `signOut` clears it.
`rh_csrf` is a readable double-submit token the pages echo in `X-CSRF-Token` (or, for the
live inbox's websocket, in the `csrf` query parameter).
"""

from __future__ import annotations

import secrets

from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from domain.registry import accounts

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


def start_session(request: HTTPConnection, response: Response, token: str) -> None:
    """Keep `token` in the HttpOnly session cookie, with a fresh CSRF token beside it."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="strict",
    )
    set_csrf_cookie(response, request)


def end_session(request: HTTPConnection, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, samesite="strict", httponly=True)
    set_csrf_cookie(response, request)
