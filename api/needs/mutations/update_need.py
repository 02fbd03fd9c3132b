"""The `updateNeed` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.mutations import mutation
from api.needs.errors import NeedError
from api.needs.inputs import BeneficiariesInput, DescribesNeed, GeoPointInput
from api.needs.types import NeedType, UrgencyEnum
from api.registry.types import SkillEnum
from domain.needs import services as needs
from domain.needs.clearing import ClearableNeedField

ClearableNeedFieldEnum = strawberry.enum(ClearableNeedField)


@strawberry.input
class UpdateNeedInput(DescribesNeed):
    need_id: strawberry.ID
    quantity: int | None = None
    urgency: UrgencyEnum | None = None  # type: ignore[valid-type]
    needed_by: datetime | None = None
    description: str | None = None
    location: GeoPointInput | None = None
    required_skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    beneficiaries: BeneficiariesInput | None = None
    clear: list[ClearableNeedFieldEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="Optional fields to empty (null leaves a field as it is): LOCATION (the "
        "need is placed at its county's centre again), DESCRIPTION (an empty text does the "
        "same), BENEFICIARY_COUNT. Not together with a value for the same field.",
    )


@strawberry.type
class UpdateNeedPayload:
    need: NeedType | None
    user_errors: list[NeedError]


@strawberry.type
class UpdateNeed:
    update_need = mutation(
        UpdateNeedInput,
        UpdateNeedPayload,
        needs.update_need,
        description="The publishing office changes a need.",
    )
