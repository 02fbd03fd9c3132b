"""Request ids on every HTTP and WebSocket exchange, and the readiness probe."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.kernel import request_ids
from domain.kernel.db.engine import Database
from domain.kernel.db.migrate import head_revisions

HEADER = "X-Request-ID"
# A probe must answer before the kubelet's timeout (deploy/k8s: 5 s) even when a peer hangs.
CHECK_TIMEOUT = 2.0


class RequestIdMiddleware:
    """Honours the caller's X-Request-ID (or makes one), binds it while the request runs
    and echoes it in the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = request_ids.accept(Headers(scope=scope).get(HEADER))

        async def send_with_id(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                message.setdefault("headers", [])
                # scope=: Starlette copies a tuple of headers into a list it can append to.
                MutableHeaders(scope=message).append(HEADER, request_id)
            await send(message)

        with request_ids.bound(request_id):
            await self.app(scope, receive, send_with_id)


async def _database(db: Database) -> str:
    async with db.session() as session:
        await session.execute(text("SELECT 1"))  # an unreachable database fails here
        try:
            versions = await session.scalars(text("SELECT version_num FROM alembic_version"))
            found = set(versions.all())
        except DBAPIError:  # no alembic_version table: never migrated
            found = set()
    # Pods stay out of the Service until the migration job has brought the schema to head.
    return "ok" if found == head_revisions() else "schema not migrated: run `reliefhub migrate`"


async def _redis(url: str) -> str:
    client = Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT)
    try:
        await client.ping()
    finally:
        await client.aclose()
    return "ok"


async def _check(probe: Awaitable[str]) -> str:
    try:
        return await asyncio.wait_for(probe, CHECK_TIMEOUT)
    except Exception as error:  # the class only: messages may carry a password-bearing URL
        return f"unreachable ({type(error).__name__})"


async def readyz(request: Request) -> JSONResponse:
    """200 when the database (and Redis, when configured) answer; 503 naming what failed."""
    checks = {"database": await _check(_database(request.app.state.db))}
    redis_url = request.app.state.settings.redis_url
    if redis_url:
        checks["redis"] = await _check(_redis(redis_url))
    ready = all(state == "ok" for state in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )
