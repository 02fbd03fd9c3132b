"""The `addCategory` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.categories.errors import CategoryError
from api.categories.types import CategoryType
from api.kernel.mutations import mutation
from domain.categories import services as categories


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
    add_category = mutation(
        AddCategoryInput,
        AddCategoryPayload,
        categories.add_category,
        description="ADMIN extends the taxonomy.",
    )
