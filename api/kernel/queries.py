"""node(id): any object by its global id, as far as the viewer may see it."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.nodes import resolve_node
from api.kernel.types import Node


@strawberry.type
class NodeQueries:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info.context, id)
