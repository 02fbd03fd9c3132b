"""A category of what is needed or offered, with its unit."""

from __future__ import annotations

import strawberry

from api.kernel import loaders
from api.kernel.context import Info
from domain.categories.model import Category


async def _category(info: Info, code: str) -> CategoryType:
    row = await loaders.category(info.context, code)
    if row is None:
        return CategoryType(code=code, group="", unit="", name_en=code, name_zh=code)
    return CategoryType.of(row)


@strawberry.type(name="Category", description="What can be needed or offered, with its unit.")
class CategoryType:
    code: str
    group: str
    unit: str
    name_en: str
    name_zh: str

    @strawberry.field(description="The name in English; see nameZh for Chinese.")
    def name(self) -> str:
        return self.name_en

    @classmethod
    def of(cls, row: Category) -> CategoryType:
        return cls(
            code=row.code, group=row.group, unit=row.unit, name_en=row.name_en, name_zh=row.name_zh
        )
