"""The `addCategory` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.categories.errors import CategoryError
from api.categories.types import CategoryType
from api.kernel.context import Info
from api.kernel.mutations import mutate
from domain.categories import services as categories
from domain.categories.model import Category


@strawberry.input
class AddCategoryInput:
    code: str
    group: str
    unit: str
    name_en: str
    name_zh: str


@strawberry.type
class AddCategoryPayload:
    category: CategoryType | None
    user_errors: list[CategoryError]


@strawberry.type
class AddCategory:
    @strawberry.mutation(description="ADMIN extends the taxonomy.")
    async def add_category(self, info: Info, input: AddCategoryInput) -> AddCategoryPayload:
        async def use_case(session: AsyncSession) -> Category:
            command = categories.AddCategory(
                code=input.code,
                group=input.group,
                unit=input.unit,
                name_en=input.name_en,
                name_zh=input.name_zh,
            )
            return await categories.add_category(session, info.context.principal, command)

        return await mutate(info, AddCategoryPayload, use_case, "category")
