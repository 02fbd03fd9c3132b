"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) on strawberry's
ASGI view: media types, status codes, and a request body size limit."""

from __future__ import annotations

import json
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult as StrawberryResult

from api.kernel.context import Context
from api.server.trusted_documents import DocumentRefused, TrustedDocuments

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# 4000 tokens (the parser's limit) of honest GraphQL fit in far less; a longer document
# would make the parser read a megabyte of string literal just to refuse it.
MAX_DOCUMENT_CHARS = 100_000


class BodyTooLarge(Exception):
    pass


class MethodNotAllowed(HTTPException):
    def __init__(self, reason: str) -> None:
        super().__init__(405, reason)


def _quality(accept: str, media_type: str) -> float:
    """The q the Accept header gives `media_type`: its own entry's, else the best of the
    wildcards' (*/*, application/*) that cover it; -1 when none does."""
    exact: float | None = None
    wildcard = -1.0
    for part in accept.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        name = name.lower()
        if name == media_type:
            exact = q if exact is None else max(exact, q)
        elif name in ("*/*", media_type.split("/")[0] + "/*"):
            wildcard = max(wildcard, q)
    return wildcard if exact is None else exact


def response_media_type(accept: str | None) -> str:
    """application/graphql-response+json when the client prefers it; else the legacy
    application/json, which the draft keeps for clients that send no Accept header."""
    if not accept:
        return JSON
    new, legacy = _quality(accept, GRAPHQL_RESPONSE), _quality(accept, JSON)
    # Only asked-for by name: */* alone keeps the legacy type the draft says to assume.
    named = GRAPHQL_RESPONSE in accept.lower()
    return GRAPHQL_RESPONSE if named and new > 0 and new >= legacy else JSON


def _request_error(result: StrawberryResult) -> str | None:
    """'parse' or 'validation' when the document never ran; None for execution results.

    Request errors carry no path, and at most a GraphQLError as cause (a variable that
    does not coerce); an unexpected exception before execution (a database outage) is
    not the client's fault.
    """
    if result.data is not None or not result.errors:
        return None
    for error in result.errors:
        cause = error.original_error
        if error.path is not None or not (cause is None or isinstance(cause, GraphQLError)):
            return None
    return (
        "parse" if any(isinstance(e, GraphQLSyntaxError) for e in result.errors) else "validation"
    )


class GraphQLOverHTTP(GraphQL[Context, None]):
    """Strawberry's view with the draft's semantics, where strawberry's defaults differ."""

    max_body_bytes = 1_000_000

    def encode_json(self, data: object) -> str:
        # orjson writes UTF-8 rather than \u escapes and is several times faster; a value
        # it does not know (none is expected: results hold only JSON types) falls back.
        # Text, not bytes: websocket messages of graphql-transport-ws are text frames.
        try:
            return orjson.dumps(data).decode()
        except TypeError:
            return json.dumps(data, separators=(",", ":"))

    # Persisted queries and trusted documents; None: every request carries its document.
    documents: TrustedDocuments | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive=self._limited(scope, receive))
        try:
            response = await self.run(request)
        except BodyTooLarge:
            response = self._refusal(request, 413, f"The body exceeds {self.max_body_bytes} bytes.")
        except DocumentRefused as error:
            legacy = response_media_type(request.headers.get("accept")) == JSON
            status = error.legacy_status if legacy else error.status_code
            response = self._refusal(request, status, error.reason, code=error.code)
        except HTTPException as error:
            response = self._refusal(request, error.status_code, error.reason)
            if isinstance(error, MethodNotAllowed):
                response.headers["allow"] = "POST"
        await response(scope, receive, send)

    def _limited(self, scope: Scope, receive: Receive) -> Receive:
        """`receive`, refusing (before reading it) a body that is, or says it is, too big."""
        limit = self.max_body_bytes
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            declared = dict(scope["headers"]).get(b"content-length", b"0")
            if not declared.isdigit() or int(declared) > limit:
                raise BodyTooLarge
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
            return message

        return limited

    def _refusal(
        self, request: Request, status: int, reason: str, *, code: str | None = None
    ) -> Response:
        """A refused request as a GraphQL response without `data` (the draft's shape)."""
        error: dict[str, Any] = {"message": reason}
        if code is not None:
            error["extensions"] = {"code": code}
        return JSONResponse(
            {"errors": [error]},
            status_code=status,
            media_type=response_media_type(request.headers.get("accept")),
        )

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a persisted query by hash (no `query`) asks for its answer.
        if "extensions" in request.query_params:
            return False
        return bool(super().should_render_graphql_ide(request))

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data)
        # Invalid UTF-8 is a UnicodeDecodeError and absurd nesting a RecursionError:
        # both the client's fault, so 400 rather than strawberry's 500.
        except (ValueError, RecursionError) as error:
            raise HTTPException(400, "The body is not JSON in UTF-8.") from error

    async def parse_http_body(self, request: Any) -> Any:
        if request.method == "POST":
            media_type, _, params = (request.content_type or "").partition(";")
            charset = params.partition("charset=")[2].strip().strip('"').lower()
            if media_type.strip().lower() != JSON or charset not in ("", "utf-8"):
                raise HTTPException(
                    415, "Send the operation as application/json (UTF-8) in a POST body."
                )
        parsed = await super().parse_http_body(request)
        for operation in parsed if isinstance(parsed, list) else [parsed]:
            if len(operation.query or "") > MAX_DOCUMENT_CHARS:
                raise HTTPException(413, f"The document exceeds {MAX_DOCUMENT_CHARS} characters.")
            if self.documents is not None:
                operation.query = await self.documents.resolve(
                    operation.query, operation.extensions
                )
        return parsed

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> StrawberryResult:
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                raise MethodNotAllowed(
                    "Only queries may be sent with GET; send mutations with POST."
                ) from error
            raise

    async def process_result(
        self, request: Request, result: StrawberryResult
    ) -> GraphQLHTTPResponse:
        processed = process_result(result)
        kind = _request_error(result)
        if kind is not None and isinstance(request, Request):
            request.state.graphql_request_error = kind
            if response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE:
                # The draft: a request error has no `data` entry at all.
                processed.pop("data", None)
        return processed

    async def run(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = await super().run(request, *args, **kwargs)
        if not isinstance(request, Request) or response.media_type != JSON:
            return response  # GraphiQL's page, a stream, a websocket
        media_type = response_media_type(request.headers.get("accept"))
        response.headers["content-type"] = media_type
        kind = getattr(request.state, "graphql_request_error", None)
        if media_type == GRAPHQL_RESPONSE and kind is not None and response.status_code == 200:
            # Under the new media type a document that never ran is a 4xx. An unparsable
            # one is 400. The current draft also says 400 for one that fails validation;
            # we answer 422 (Unprocessable Content: well-formed, not acceptable), which
            # the draft's clients read the same (any 4xx without `data` is a request
            # error) and which lets a partner tell a typo from a stale schema. Legacy
            # application/json keeps 200, as the draft requires for old clients.
            response.status_code = 400 if kind == "parse" else 422
        return response
