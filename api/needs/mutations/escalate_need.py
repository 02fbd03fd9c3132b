"""The `escalateNeed` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.needs.errors import NeedError
from api.needs.types import NeedType
from domain.needs import deadlines


@strawberry.input
class EscalateNeedInput:
    need_id: strawberry.ID
    note: str | None = strawberry.field(default=None, description="For the office above.")


@strawberry.type
class EscalateNeedPayload:
    need: NeedType | None
    user_errors: list[NeedError]


@strawberry.type
class EscalateNeed:
    escalate_need = mutation(
        EscalateNeedInput,
        EscalateNeedPayload,
        deadlines.escalate_need,
        description="The office hands a need still short to the office above it, which "
        "is told and sees it among its escalated needs.",
    )
