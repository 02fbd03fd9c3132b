"""503 with Retry-After while the database is unreachable, wherever that surfaces.

Two places: strawberry turns a resolver's exception into a GraphQL error with a 200
(DatabaseUnavailableExtension rewrites it and sets the status), and an exception before
execution, such as authenticating the bearer token, escapes strawberry altogether
(DatabaseUnavailableMiddleware answers it). Either way the client gets the same JSON
body a GraphQL client can read, and a status a load balancer or retrying client
understands. Nothing half-written: every write is one transaction that a lost
connection rolls back.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator

from graphql import GraphQLError
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from api.server.error_logging import LoggedSchema
from domain.kernel.db.availability import database_unavailable

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5  # a restart or failover usually takes seconds
MESSAGE = "The database is unavailable; retry in a few seconds."
CODE = "DATABASE_UNAVAILABLE"


def unavailable_body() -> bytes:
    """The GraphQL-style body of a 503 answered before execution."""
    error = {"message": MESSAGE, "extensions": {"code": CODE}}
    return json.dumps({"data": None, "errors": [error]}).encode()


def _headers() -> dict[str, str]:
    return {"retry-after": str(RETRY_AFTER_SECONDS)}


def _outage(error: GraphQLError) -> bool:
    return error.original_error is not None and database_unavailable(error.original_error)


class DatabaseUnavailableExtension(SchemaExtension):
    """Resolver errors caused by an unreachable database become one clear error and a 503.

    Listed after MaskErrors, so it sees the original exceptions before they are masked
    (extensions exit in reverse order) and its own error carries no original to mask.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors or not any(_outage(e) for e in errors):
            return
        log.warning("database unavailable during %s: answered 503", self._operation_name())
        replaced: list[GraphQLError] = []
        for error in errors:
            if _outage(error):
                error = GraphQLError(
                    MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": CODE}
                )
            replaced.append(error)
        result.errors = replaced  # type: ignore[union-attr]
        response = getattr(self.execution_context.context, "response", None)
        if response is not None and hasattr(response, "status_code"):  # not over websockets
            response.status_code = 503
            response.headers.update(_headers())

    def _operation_name(self) -> str:
        return self.execution_context.operation_name or "an operation"


class QuietOutageSchema(LoggedSchema):
    """Logs resolver errors as LoggedSchema does, except an unreachable database's: the
    extension logs one warning line for those, not a traceback per resolver."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        super().process_errors([e for e in errors if not _outage(e)], execution_context)


class DatabaseUnavailableMiddleware:
    """An unreachable database outside GraphQL execution becomes a 503 rather than a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as error:
            if started or not database_unavailable(error):
                raise
            cause = str(error).splitlines()[0] if str(error) else type(error).__name__
            log.warning("database unavailable at %s: answered 503 (%s)", scope["path"], cause)
            body = unavailable_body()
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *((k.encode(), v.encode()) for k, v in _headers().items()),
            ]
            await send({"type": "http.response.start", "status": 503, "headers": headers})
            await send({"type": "http.response.body", "body": body})

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        # strawberry accepts the socket before it authenticates: close it with 1013
        # "try again later" rather than let the server log a crash and send 1011.
        try:
            await self.app(scope, receive, send)
        except Exception as error:
            if not database_unavailable(error):
                raise
            log.warning("database unavailable on a websocket: closed with 1013")
            with contextlib.suppress(Exception):  # the client may have gone already
                await send({"type": "websocket.close", "code": 1013, "reason": MESSAGE})
