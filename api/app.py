"""The Starlette app: GraphQL (with GraphiQL in development), the portal, health checks,
metrics and request ids (api/observability.py, api/metrics.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from api.assignments.downloads import hours_routes
from api.kernel.context import Context, ReadSession
from api.maps import map_routes
from api.notify.receipts import receipt_routes
from api.portal import CsrfGuard, portal_routes
from api.portal.documents import portal_documents
from api.reports.downloads import export_routes
from api.schema import build_schema
from api.server.http_semantics import GraphQLOverHTTP
from api.server.metrics import metrics
from api.server.observability import RequestIdMiddleware, readyz
from api.server.rate_limits import make_limiter
from api.server.security_headers import SecurityHeaders
from api.server.session import cookie_token
from api.server.trusted_documents import TrustedDocuments
from api.server.unavailable import DatabaseUnavailableMiddleware
from domain.kernel.auth.principal import ANONYMOUS, Principal
from domain.kernel.db.engine import Database
from domain.kernel.live import LiveBus, MemoryBus, RedisBus
from domain.kernel.secrets_box import SecretBox
from domain.kernel.settings import Settings
from domain.registry.accounts import authenticate


class ReliefHubGraphQL(GraphQLOverHTTP):
    """Strawberry's ASGI view, with our context and bearer authentication."""

    def __init__(self, db: Database, settings: Settings, live: LiveBus) -> None:
        # The portal's own documents are trusted as its static files hold them.
        documents = TrustedDocuments(
            db,
            trusted_only=settings.trusted_documents_only,
            builtin=(text for _, text in portal_documents()),
        )
        super().__init__(
            build_schema(
                development=settings.development,
                batch_max_operations=settings.batch_max_operations,
                documents=documents,
            ),
            graphql_ide="graphiql" if settings.development else None,
            allow_queries_via_get=True,
        )
        self.documents = documents
        self.db = db
        self.settings = settings
        self.live = live
        self.box = SecretBox.from_settings(settings)
        self.max_body_bytes = settings.max_body_bytes
        self.limiter = make_limiter(settings.redis_url, settings.cost_points_per_minute)

    async def principal_for(self, request: Request | WebSocket) -> Principal:
        header = request.headers.get("authorization")
        if not header:
            # The portal's cookie session (CsrfGuard checked it); a stale one is nobody.
            token = cookie_token(request)
            if token is None:
                return ANONYMOUS
            async with self.db.session() as session:
                return await authenticate(session, token) or ANONYMOUS
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(401, "Authorization must be 'Bearer <token>'.")
        async with self.db.session() as session:
            principal = await authenticate(session, token.strip())
        if principal is None:
            raise HTTPException(401, "The bearer token is unknown, expired or revoked.")
        return principal

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        reads = request.scope.setdefault("state", {}).setdefault("reads", ReadSession(self.db))
        return Context(
            db=self.db,
            settings=self.settings,
            principal=await self.principal_for(request),
            reads=reads,
            request=request,
            response=response,
            live=self.live,
            box=self.box,
            limiter=self.limiter,
        )


class CloseReads:
    """Closes the request's read session once the response is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            reads = scope.get("state", {}).get("reads")
            if reads is not None:
                await reads.close()


async def healthz(_: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


Hook = Callable[[Database], Awaitable[Any]]


def create_app(
    settings: Settings | None = None,
    db: Database | None = None,
    *,
    on_startup: Hook | None = None,
    on_shutdown: Hook | None = None,
    live: LiveBus | None = None,
) -> Starlette:
    """The ASGI app for these settings (read from the environment when not given).

    The composition root passes hooks to run beside the app, e.g. the embedded workers.
    """
    settings = settings or Settings.from_env()
    database = db or Database.from_url(settings.database_url)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if on_startup is not None:
            await on_startup(database)
        yield
        if on_shutdown is not None:
            await on_shutdown(database)
        await view.limiter.close()
        if db is None:
            await database.dispose()

    if live is None:
        live = RedisBus(settings.redis_url) if settings.redis_url else MemoryBus()
    view = ReliefHubGraphQL(database, settings, live)
    graphql = CsrfGuard(CloseReads(view))
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *portal_routes(),
            *export_routes(database, view.principal_for),
            *hours_routes(database, view.principal_for),
            *map_routes(),
            *receipt_routes(database, settings),
        ],
        # Outermost first: every answer, a 503 for a database outage included, carries
        # the request id and the security headers.
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(SecurityHeaders, development=settings.development),
            Middleware(DatabaseUnavailableMiddleware),
        ],
        lifespan=lifespan,
    )
    app.state.db = database
    app.state.settings = settings
    app.state.graphql = view
    return app
