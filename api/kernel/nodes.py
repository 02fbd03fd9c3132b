"""node(id): each feature registers a resolver that returns only what the viewer may see."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, cast

from sqlalchemy import Select, bindparam, select

from api.kernel.context import Context
from api.kernel.ids import from_global_id
from api.kernel.types import Node, model_of
from domain.kernel.auth.principal import Principal
from domain.kernel.errors import DomainError

Resolver = Callable[[Context, uuid.UUID], Awaitable[Node | None]]


RESOLVERS: dict[str, Resolver] = {}


def _by_id(model: Any) -> Select[Any]:
    """The row by id, as one statement built once: a session.get builds and keys a new
    select every time, which costs more than the lookup itself."""
    return select(model).where(model.id == bindparam("ident"))


def register(
    node: type,
    *,
    scope: Callable[[Principal], Select[Any]] | None = None,
    may_see: Callable[[Principal, Any], bool] | None = None,
) -> None:
    """node(id) for a row-backed type: the row with that id among what `scope` lets the
    viewer see (any row when there is no scope), kept only if `may_see` it. A viewer the
    scope refuses sees nothing: node(id) answers null, never an error."""
    model: Any = model_of(node)
    by_id = _by_id(model)

    async def resolve(ctx: Context, ident: uuid.UUID) -> Node | None:
        if scope is None:
            async with ctx.reading() as session:
                row = await session.scalar(by_id, {"ident": ident})
        else:
            try:
                stmt = scope(ctx.principal).where(model.id == ident)
            except DomainError:
                return None
            async with ctx.reading() as session:
                row = await session.scalar(stmt)
        if row is None or (may_see is not None and not may_see(ctx.principal, row)):
            return None
        return cast(Node, row)

    RESOLVERS[node.__strawberry_definition__.name] = resolve  # type: ignore[attr-defined]


async def resolve_node(ctx: Context, global_id: str) -> Node | None:
    """The object, or null when the id is unknown, malformed or not the viewer's to see."""
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] not in RESOLVERS:
        return None
    return await RESOLVERS[decoded[0]](ctx, decoded[1])
