"""The `cancelNeed` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.needs.errors import NeedError
from api.needs.types import NeedType
from domain.needs import services as needs


@strawberry.input
class CancelNeedInput:
    need_id: strawberry.ID
    reason: str | None = None


@strawberry.type
class CancelNeedPayload:
    need: NeedType | None
    user_errors: list[NeedError]


@strawberry.type
class CancelNeed:
    cancel_need = mutation(
        CancelNeedInput,
        CancelNeedPayload,
        needs.cancel_need,
        description="The publishing office cancels a need no longer wanted.",
    )
