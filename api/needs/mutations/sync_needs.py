"""The `syncNeeds` mutation: its input, its payload and its use case."""

from __future__ import annotations

from typing import Any

import strawberry

from api.kernel.mutations import mutation
from api.needs.errors import NeedError
from api.needs.inputs import NeedContentInput
from api.needs.types import NeedType
from domain.needs import sync as need_sync


@strawberry.input(description="One need as the partner knows it, named by its own id.")
class SyncedNeedInput(NeedContentInput):
    external_id: str = strawberry.field(
        description="The partner's id of this need (100 characters at most); unique per "
        "incident and publishing office."
    )


@strawberry.input
class SyncNeedsInput:
    incident_id: strawberry.ID
    needs: list[SyncedNeedInput] = strawberry.field(
        description=f"At most {need_sync.MAX_NEEDS}; errors name `needs.<index>.<field>`."
    )
    cancel_missing: bool = strawberry.field(
        default=False,
        description="True: `needs` is the whole list for this incident. The caller's "
        "office's needs of this incident synced under an external id not listed are "
        "cancelled; needs published by hand are never touched.",
    )

    def batch(self) -> list[need_sync.SyncedNeed]:
        return [
            need_sync.SyncedNeed(
                external_id=row.external_id,
                region_code=row.region_code,
                category_code=row.category_code,
                fields=row.fields(),
            )
            for row in self.needs
        ]


@strawberry.type
class SyncNeedsPayload:
    needs: list[NeedType] | None = strawberry.field(description="In the order sent.")
    created: int = strawberry.field(default=0, description="External ids seen for the first time.")
    updated: int = strawberry.field(default=0, description="Known ids whose need changed.")
    unchanged: int = strawberry.field(default=0, description="Known ids sent exactly as they are.")
    cancelled: int = strawberry.field(
        default=0, description="Needs cancelled because cancelMissing found them unlisted."
    )
    user_errors: list[NeedError]


def counted(result: need_sync.SyncResult) -> dict[str, Any]:
    return {
        "needs": result.needs,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "cancelled": result.cancelled,
    }


@strawberry.type
class SyncNeeds:
    sync_needs = mutation(
        SyncNeedsInput,
        SyncNeedsPayload,
        need_sync.sync_needs,
        answer=counted,
        description="Create or update many needs by external id, all or none: "
        "syncing the same batch again changes nothing.",
    )
