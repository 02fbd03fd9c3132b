"""Schema extensions at the edge: the document's shape, the cost ceiling and budget, and
no field suggestions."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from graphql import ASTValidationRule, GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from api.server.cost import operation_cost
from api.server.document_shape import MAX_REPEATS, most_repeated
from api.server.rate_limits import Charge

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class DocumentLimits(SchemaExtension):
    """The limits on a document's shape: its depth, tokens and aliases, and outside
    development no introspection. strawberry's own limiter extensions build a validator
    class per request, and every extension's hooks cost each request a little even when
    its document's validation is cached; these rules are built once, in one extension."""

    def __init__(self, rules: tuple[type[ASTValidationRule], ...], max_tokens: int) -> None:
        self.rules = rules
        self.max_tokens = max_tokens

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        ctx.parse_options["max_tokens"] = self.max_tokens
        ctx.validation_rules = ctx.validation_rules + self.rules
        yield


def document_limits(
    *, max_depth: int, max_tokens: int, max_aliases: int, introspection: bool
) -> Callable[[], DocumentLimits]:
    """A factory of the extension, its rules built here, once per schema."""
    rules: tuple[type[ASTValidationRule], ...] = (
        depth_rule(max_depth, None, None),
        aliases_rule(max_aliases),
    )
    if not introspection:
        rules += (NoSchemaIntrospectionCustomRule,)
    return lambda: DocumentLimits(rules, max_tokens)


def _caller(context: Any) -> str:
    """Whose budget pays: the token's, else the signed-in account's, else the address's."""
    principal = context.principal
    if principal.token_id is not None:
        return f"token:{principal.token_id}"
    if principal.account_id is not None:
        return f"account:{principal.account_id}"
    client = getattr(context.request, "client", None)
    return f"ip:{client.host if client else 'unknown'}"


class QueryCost(SchemaExtension):
    """Refuses a document repeating a field over and over, or an operation above the
    per-request ceiling, before validation spends time on it; then charges the cost to
    the caller's per-minute budget before it runs."""

    def __init__(self) -> None:
        self.cost = 0

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        settings = getattr(ctx.context, "settings", None)
        # An operation refused already (an untrusted document) is not costed.
        refused = ctx.pre_execution_errors is not None
        if ctx.graphql_document is not None and settings is not None and not refused:
            name, repeats = most_repeated(ctx.graphql_document)
            if repeats > MAX_REPEATS:
                ctx.pre_execution_errors = [
                    GraphQLError(
                        f"`{name}` is selected {repeats} times in one selection set; "
                        f"at most {MAX_REPEATS} repeats are accepted.",
                        extensions={"code": "TOO_MANY_REPEATS"},
                    )
                ]
                yield
                return
            self.cost = operation_cost(
                ctx.schema._schema, ctx.graphql_document, ctx.variables, ctx.operation_name
            )
            if self.cost > settings.query_cost_limit:
                # Set before validation runs, so strawberry skips it and answers this.
                ctx.pre_execution_errors = [
                    GraphQLError(
                        f"This operation costs {self.cost} points, more than the "
                        f"{settings.query_cost_limit} one request may spend; ask for "
                        "fewer items with `first` or split it.",
                        extensions={
                            "code": "QUERY_TOO_COSTLY",
                            "cost": self.cost,
                            "limit": settings.query_cost_limit,
                        },
                    )
                ]
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        limiter = getattr(ctx.context, "limiter", None)
        if limiter is not None:
            charge: Charge = await limiter.charge(_caller(ctx.context), max(1, self.cost))
            response = ctx.context.response
            if isinstance(response, Response):
                response.headers.update(charge.headers())
                if not charge.allowed:
                    # 429, not GitHub's 200: the GraphQL-over-HTTP draft leaves statuses
                    # for reasons outside GraphQL to HTTP, and 429 + Retry-After is what
                    # every HTTP client, proxy and retry library already understands.
                    response.status_code = 429
            if not charge.allowed:
                # Raised before execution: strawberry answers it as the operation's only
                # error, over HTTP and for a subscription over a websocket alike.
                raise GraphQLError(
                    f"Rate limit exceeded: {charge.limit} cost points a minute; this "
                    f"operation costs {max(1, self.cost)}. Try again after the reset "
                    "(x-ratelimit-reset, epoch seconds).",
                    extensions={"code": "RATE_LIMITED", "resetAt": charge.reset_at},
                )
        yield


class HideSuggestions(SchemaExtension):
    """Production answers "Cannot query field 'x'" without "Did you mean 'y'?": the
    suggestions would spell out a schema whose introspection is switched off."""

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        errors = list(ctx.pre_execution_errors or [])
        if ctx.result is not None and ctx.result.errors:
            errors.extend(ctx.result.errors)
        for error in errors:
            error.message = _SUGGESTION.sub("", error.message)
