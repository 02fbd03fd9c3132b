"""The inputs the need mutations share, and how they become a need's fields."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

import strawberry

from api.needs.types import SpecialGroupEnum, UrgencyEnum
from api.registry.types import SkillEnum
from domain.needs import services as needs

if TYPE_CHECKING:
    from api.needs.mutations.update_need import UpdateNeedInput


@strawberry.input
class GeoPointInput:
    latitude: float
    longitude: float

    def to_point(self) -> needs.Point:
        return needs.Point(self.latitude, self.longitude)


@strawberry.input
class BeneficiariesInput:
    count: int | None = None
    special_groups: list[SpecialGroupEnum] | None = None  # type: ignore[valid-type]


class DescribesNeed:
    """An input that carries a need's fields; its command takes them as NeedFields."""

    def fields(self) -> needs.NeedFields:
        source = cast("NeedContentInput | UpdateNeedInput", self)
        beneficiaries = source.beneficiaries
        return needs.NeedFields(
            quantity=source.quantity,
            urgency=source.urgency,
            needed_by=source.needed_by,
            description=source.description,
            location=source.location.to_point() if source.location else None,
            required_skills=list(source.required_skills)
            if source.required_skills is not None
            else None,
            beneficiary_count=beneficiaries.count if beneficiaries else None,
            special_groups=list(beneficiaries.special_groups)
            if beneficiaries and beneficiaries.special_groups is not None
            else None,
        )


@strawberry.input(description="What a need is: the fields publishing and syncing share.")
class NeedContentInput(DescribesNeed):
    region_code: str
    category_code: str
    quantity: int
    urgency: UrgencyEnum  # type: ignore[valid-type]
    needed_by: datetime
    description: str | None = None
    location: GeoPointInput | None = None
    required_skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    beneficiaries: BeneficiariesInput | None = None
