"""The `recordVisit` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.mutations import mutation
from api.visits.errors import VisitError
from api.visits.types import CheckItemEnum, CheckStatusEnum, VisitStatusEnum, VisitType
from domain.visits import records


@strawberry.input
class VisitCheckInput:
    item: CheckItemEnum  # type: ignore[valid-type]
    status: CheckStatusEnum  # type: ignore[valid-type]
    note: str | None = None


@strawberry.input
class RecordVisitInput:
    visit_id: strawberry.ID
    client_id: str = strawberry.field(
        description="Made once by the form for this record: the same id again writes nothing."
    )
    outcome: VisitStatusEnum  # type: ignore[valid-type]
    checks: list[VisitCheckInput] = strawberry.field(
        default_factory=list, description="VISITED: each of the five items once."
    )
    actions: str | None = None
    not_found_reason: str | None = strawberry.field(
        default=None, description="NOT_FOUND: why (moved, in hospital, away...)."
    )
    visited_at: datetime | None = strawberry.field(
        default=None, description="When, if recorded later; now if left out."
    )


@strawberry.type
class RecordVisitPayload:
    visit: VisitType | None
    user_errors: list[VisitError]


@strawberry.type
class RecordVisit:
    record_visit = mutation(
        RecordVisitInput,
        RecordVisitPayload,
        records.record_visit,
        description="The visitor records a visit: found or not, the checklist, the actions.",
    )
