"""Publishing, updating and cancelling needs."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id
from api.mutations.base import run_use_case
from api.types.common import UserErrorType
from api.types.registry import SkillEnum
from api.types.relief import NeedType, SpecialGroupEnum, UrgencyEnum
from domain.kernel.errors import ErrorCode
from domain.needs import services as needs
from domain.needs.model import Need


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


@strawberry.input(description="What a need is: the fields publishing and syncing share.")
class NeedContentInput:
    region_code: str
    category_code: str
    quantity: int
    urgency: UrgencyEnum  # type: ignore[valid-type]
    needed_by: datetime
    description: str | None = None
    location: GeoPointInput | None = None
    required_skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    beneficiaries: BeneficiariesInput | None = None


@strawberry.input
class PublishNeedInput(NeedContentInput):
    incident_id: strawberry.ID
    confirm_duplicate: bool = strawberry.field(
        default=False, description="Publish even though a likely duplicate exists."
    )


@strawberry.type
class PublishNeedPayload:
    need: NeedType | None
    duplicate_of: NeedType | None = strawberry.field(
        description="The active need of the same incident, region and category, if any."
    )
    user_errors: list[UserErrorType]


@strawberry.input
class UpdateNeedInput:
    need_id: strawberry.ID
    quantity: int | None = None
    urgency: UrgencyEnum | None = None  # type: ignore[valid-type]
    needed_by: datetime | None = None
    description: str | None = None
    location: GeoPointInput | None = None
    required_skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    beneficiaries: BeneficiariesInput | None = None


@strawberry.type
class NeedPayload:
    need: NeedType | None
    user_errors: list[UserErrorType]


@strawberry.input
class CancelNeedInput:
    need_id: strawberry.ID
    reason: str | None = None


def need_fields(source: NeedContentInput | UpdateNeedInput) -> needs.NeedFields:
    """The domain's fields from any input that carries them."""
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


@strawberry.type
class NeedMutations:
    @strawberry.mutation(description="Office staff publish a need for a region of the incident.")
    async def publish_need(self, info: Info, input: PublishNeedInput) -> PublishNeedPayload:
        async def use_case(session: AsyncSession) -> tuple[Need, Need | None]:
            command = needs.PublishNeed(
                incident_id=expect_id(input.incident_id, "Incident", "incidentId"),
                region_code=input.region_code,
                category_code=input.category_code,
                fields=need_fields(input),
                confirm_duplicate=input.confirm_duplicate,
            )
            return await needs.publish_need(session, info.context.principal, command)

        result, errors = await run_use_case(info, use_case)
        duplicate = None
        if errors and any(e.code is ErrorCode.DUPLICATE for e in errors):
            async with info.context.reading() as session:
                duplicate = await needs.find_duplicate(
                    session,
                    expect_id(input.incident_id, "Incident", "incidentId"),
                    input.region_code,
                    input.category_code,
                )
        elif result and result[1]:
            duplicate = result[1]
        return PublishNeedPayload(
            need=NeedType.of(result[0]) if result else None,
            duplicate_of=NeedType.of(duplicate) if duplicate else None,
            user_errors=errors,
        )

    @strawberry.mutation(description="The publishing office changes a need.")
    async def update_need(self, info: Info, input: UpdateNeedInput) -> NeedPayload:
        async def use_case(session: AsyncSession) -> Need:
            ident = expect_id(input.need_id, "Need", "needId")
            return await needs.update_need(
                session, info.context.principal, ident, need_fields(input)
            )

        row, errors = await run_use_case(info, use_case)
        return NeedPayload(need=NeedType.of(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="The publishing office cancels a need no longer wanted.")
    async def cancel_need(self, info: Info, input: CancelNeedInput) -> NeedPayload:
        async def use_case(session: AsyncSession) -> Need:
            ident = expect_id(input.need_id, "Need", "needId")
            return await needs.cancel_need(session, info.context.principal, ident, input.reason)

        row, errors = await run_use_case(info, use_case)
        return NeedPayload(need=NeedType.of(row) if row else None, user_errors=errors)
