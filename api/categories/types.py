"""A category of what is needed or offered, with its unit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry

from api.kernel import loaders
from api.kernel.context import Context, Info
from api.kernel.types import RowBacked, row_type
from api.server.execution import MISS
from domain.categories.model import Category


async def category_of(info: Info, code: str) -> CategoryType:
    """The category of a need or offer; a code the taxonomy lost reads as itself."""
    row = await loaders.category(info.context, code)
    if row is None:
        row = Category(code=code, group="", unit="", name_en=code, name_zh=code)
    return CategoryType.of(row)


@row_type(Category, name="Category", description="What can be needed or offered, with its unit.")
class CategoryType(RowBacked):
    code: str
    group: str
    unit: str
    name_en: str
    name_zh: str
    retired_at: datetime | None = strawberry.field(
        description="Set: new needs, offers and help requests no longer take it."
    )

    @strawberry.field(description="The name in English; see nameZh for Chinese.")
    def name(self, root: Category) -> str:
        return root.name_en


async def preload_categories(ctx: Context, rows: Sequence[Any]) -> Sequence[Any]:
    """The look-ahead of a level of needs or offers: their categories in one query."""
    await loaders.categories(ctx).load_many(sorted({row.category_code for row in rows}))
    return ()


def category_read_ahead(root: Any, ctx: Context, _args: dict[str, Any]) -> Any:
    """`category_of`'s answer when the look-ahead loaded it; a lost code takes the resolver."""
    row = loaders.peek_loader(ctx, "categories", root.category_code)
    return MISS if row is None else row
