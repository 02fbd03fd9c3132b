"""The `renameCategory` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.categories.errors import CategoryError
from api.categories.types import CategoryType
from api.kernel.mutations import mutation
from domain.categories import services as categories


@strawberry.input
class RenameCategoryInput:
    code: str
    name_en: str | None = None
    name_zh: str | None = None


@strawberry.type
class RenameCategoryPayload:
    category: CategoryType | None
    user_errors: list[CategoryError]


@strawberry.type
class RenameCategory:
    rename_category = mutation(
        RenameCategoryInput,
        RenameCategoryPayload,
        categories.rename_category,
        description="ADMIN renames a category (its unit stays: quantities are counted in it).",
    )
