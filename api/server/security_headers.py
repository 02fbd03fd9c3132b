"""Security headers on every HTTP response: the portal's pages and the API's answers."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The portal is an ES-module SPA served from this origin: scripts, styles, fetch and its
# graphql-transport-ws socket ('self' covers ws: and wss: to the same host in CSP 3).
# No inline script or style at all, so an injected <script> or style attribute is inert.
PORTAL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# GraphiQL (development only) is strawberry's page: inline bootstrap script and styles,
# React and GraphiQL from unpkg. Production never serves it, so never sends this.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data: https:; "
    "font-src 'self' data: https://unpkg.com; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=63072000; includeSubDomains"


class SecurityHeaders:
    """Adds CSP, frame-ancestors, referrer policy, nosniff (and HSTS over HTTPS in
    production) to responses that do not set their own."""

    def __init__(self, app: ASGIApp, *, development: bool) -> None:
        self.app = app
        self.development = development

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                ide = self.development and html and scope["path"] == "/graphql"
                headers.setdefault("content-security-policy", GRAPHIQL_CSP if ide else PORTAL_CSP)
                headers.setdefault("x-frame-options", "DENY")  # for browsers without CSP 2
                headers.setdefault("referrer-policy", "no-referrer")
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("cross-origin-opener-policy", "same-origin")
                # HSTS only where it means something: over HTTPS (a browser ignores it
                # on plain HTTP) and never in development, where it would pin localhost.
                if not self.development and scope.get("scheme") == "https":
                    headers.setdefault("strict-transport-security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
