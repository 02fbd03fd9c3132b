"""The `reassignVisit` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.visits.errors import VisitError
from api.visits.types import VisitType
from domain.visits import reassign


@strawberry.input(description="The visit and exactly one new visitor (see visitorChoices).")
class ReassignVisitInput:
    visit_id: strawberry.ID
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="A staff member of an office holding the person's county."
    )
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="A verified organization offering CARE_VISITS that reach it."
    )
    volunteer_id: strawberry.ID | None = strawberry.field(
        default=None, description="A volunteer offering CARE_VISITS that reach it."
    )


@strawberry.type
class ReassignVisitPayload:
    visit: VisitType | None
    user_errors: list[VisitError]


@strawberry.type
class ReassignVisit:
    reassign_visit = mutation(
        ReassignVisitInput,
        ReassignVisitPayload,
        reassign.reassign_visit,
        description="The office gives a PLANNED visit to another visitor, who is told (inbox, "
        "SMS); the former visitor no longer sees the visit nor the person.",
    )
