"""The `extendNeed` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.mutations import mutation
from api.needs.errors import NeedError
from api.needs.types import NeedType
from domain.needs import deadlines


@strawberry.input
class ExtendNeedInput:
    need_id: strawberry.ID
    needed_by: datetime = strawberry.field(description="Later than now and than the present one.")


@strawberry.type
class ExtendNeedPayload:
    need: NeedType | None
    user_errors: list[NeedError]


@strawberry.type
class ExtendNeed:
    extend_need = mutation(
        ExtendNeedInput,
        ExtendNeedPayload,
        deadlines.extend_need,
        description="The office gives a need more time; an OVERDUE need goes back to matching.",
    )
