"""node(id): each feature registers a resolver that returns only what the viewer may see."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from api.kernel.context import Context
from api.kernel.ids import from_global_id
from api.kernel.types import Node

Resolver = Callable[[Context, uuid.UUID], Awaitable[Node | None]]


def public_resolver(model: type[Any], wrap: Callable[[Any], Node]) -> Resolver:
    """node(id) for a type anyone may read by its id."""

    async def resolve(ctx: Context, ident: uuid.UUID) -> Node | None:
        async with ctx.reading() as session:
            row = await session.get(model, ident)
        return wrap(row) if row is not None else None

    return resolve


RESOLVERS: dict[str, Resolver] = {}


def register(type_name: str, resolver: Resolver) -> None:
    """Each feature registers the node types it resolves."""
    RESOLVERS[type_name] = resolver


async def resolve_node(ctx: Context, global_id: str) -> Node | None:
    """The object, or null when the id is unknown, malformed or not the viewer's to see."""
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] not in RESOLVERS:
        return None
    return await RESOLVERS[decoded[0]](ctx, decoded[1])
