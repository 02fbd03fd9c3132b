"""The category taxonomy, read by anyone."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from api.categories.types import CategoryType
from api.kernel.context import Info
from domain.categories.model import Category


@strawberry.type
class CategoryQueries:
    @strawberry.field
    async def categories(self, info: Info) -> list[CategoryType]:
        async with info.context.reading() as session:
            rows = (
                await session.scalars(select(Category).order_by(Category.group, Category.code))
            ).all()
        return [CategoryType.of(r) for r in rows]
