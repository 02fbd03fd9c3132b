"""The `referFinding` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.needs.types import NeedType
from api.visits.errors import VisitError
from api.visits.types import CheckItemEnum, FindingReferralType
from domain.visits import findings


@strawberry.input
class ReferFindingInput:
    visit_id: strawberry.ID
    item: CheckItemEnum  # type: ignore[valid-type]
    category_code: str | None = strawberry.field(
        default=None,
        description="The need's category; from the item if left out (HOUSING: HOUSE_REPAIR, "
        "DRINKING_WATER, ELECTRICITY: GENERATORS, LIVING: FOOD, HEALTH: MEDICAL_CARE).",
    )
    quantity: int | None = strawberry.field(default=None, description="1 if left out.")
    department: str | None = strawberry.field(
        default=None, description="Refer to this department instead of publishing a need."
    )
    note: str | None = None


@strawberry.type
class ReferFindingPayload:
    need: NeedType | None
    referral: FindingReferralType | None
    user_errors: list[VisitError]


@strawberry.type
class ReferFinding:
    refer_finding = mutation(
        ReferFindingInput,
        ReferFindingPayload,
        findings.refer_finding,
        description="The office turns a finding into a need (pre-filled from the person and "
        "the visit) or a referral to a department, in one action.",
    )
