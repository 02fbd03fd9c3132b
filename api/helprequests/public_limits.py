"""The public page asks with no account: each address may submit a few requests and check
progress a few times a minute, out of a budget of its own beside the cost budget."""

from __future__ import annotations

from graphql import GraphQLError
from starlette.responses import Response

from api.kernel.context import Info

# Shares of the per-minute cost budget one action spends: 5 submissions, 20 checks.
SUBMISSIONS_PER_MINUTE = 5
CHECKS_PER_MINUTE = 20


async def charge(info: Info, per_minute: int, action: str) -> None:
    """Refuse (HTTP 429, RATE_LIMITED) an anonymous caller past `per_minute` of `action`."""
    ctx = info.context
    if ctx.limiter is None or not ctx.principal.is_anonymous:
        return
    client = getattr(ctx.request, "client", None)
    address = client.host if client else "unknown"
    cost = max(1, ctx.limiter.limit // per_minute)
    spent = await ctx.limiter.charge(f"{action}:ip:{address}", cost)
    if spent.allowed:
        return
    if isinstance(ctx.response, Response):
        ctx.response.headers.update(spent.headers())
        ctx.response.status_code = 429
    raise GraphQLError(
        f"At most {per_minute} a minute from one address; try again after the reset "
        "(x-ratelimit-reset, epoch seconds).",
        extensions={"code": "RATE_LIMITED", "resetAt": spent.reset_at},
    )
