"""The `retireCategory` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.categories.errors import CategoryError
from api.categories.types import CategoryType
from api.kernel.mutations import mutation
from domain.categories import services as categories


@strawberry.input
class RetireCategoryInput:
    code: str


@strawberry.type
class RetireCategoryPayload:
    category: CategoryType | None
    user_errors: list[CategoryError]


@strawberry.type
class RetireCategory:
    retire_category = mutation(
        RetireCategoryInput,
        RetireCategoryPayload,
        categories.retire_category,
        description="ADMIN retires a category: no new need, offer or help request takes "
        "it; those that have it keep it.",
    )
