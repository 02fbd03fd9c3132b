"""Posting, updating, withdrawing and pledging offers."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id
from api.mutations.base import run_use_case
from api.mutations.needs import GeoPointInput
from api.types.common import UserErrorType
from api.types.incidents import DispatchType
from api.types.registry import SkillEnum
from api.types.relief import AllocationType, OfferType
from domain.dispatch.model import Dispatch
from domain.matching import allocations
from domain.matching.records import Allocation
from domain.offers import services as offers
from domain.offers.model import Offer


@strawberry.input
class PostOfferInput:
    category_code: str
    quantity: int
    available_from: datetime
    available_until: datetime
    service_region_codes: list[str] | None = None
    base_location: GeoPointInput | None = None
    max_travel_km: float | None = None
    skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    description: str | None = None


@strawberry.input
class UpdateOfferInput:
    offer_id: strawberry.ID
    quantity: int | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    service_region_codes: list[str] | None = None
    base_location: GeoPointInput | None = None
    max_travel_km: float | None = None
    skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    description: str | None = None


@strawberry.type
class OfferPayload:
    offer: OfferType | None
    user_errors: list[UserErrorType]


@strawberry.input
class WithdrawOfferInput:
    offer_id: strawberry.ID


@strawberry.input
class PledgeOfferInput:
    offer_id: strawberry.ID
    need_id: strawberry.ID
    quantity: int


@strawberry.type
class PledgeOfferPayload:
    allocation: AllocationType | None
    dispatch: DispatchType | None
    user_errors: list[UserErrorType]


def _fields(source: PostOfferInput | UpdateOfferInput) -> offers.OfferFields:
    return offers.OfferFields(
        quantity=source.quantity,
        available_from=source.available_from,
        available_until=source.available_until,
        service_region_codes=list(source.service_region_codes)
        if source.service_region_codes is not None
        else None,
        base_location=source.base_location.to_point() if source.base_location else None,
        max_travel_km=source.max_travel_km,
        skills=list(source.skills) if source.skills is not None else None,
        description=source.description,
    )


@strawberry.type
class OfferMutations:
    @strawberry.mutation(description="A VERIFIED organization's member (or a volunteer) posts.")
    async def post_offer(self, info: Info, input: PostOfferInput) -> OfferPayload:
        row, errors = await run_use_case(
            info,
            lambda s: offers.post_offer(
                s, info.context.principal, input.category_code, _fields(input)
            ),
        )
        return OfferPayload(offer=OfferType.of(row) if row else None, user_errors=errors)

    @strawberry.mutation
    async def update_offer(self, info: Info, input: UpdateOfferInput) -> OfferPayload:
        async def use_case(session: AsyncSession) -> Offer:
            ident = expect_id(input.offer_id, "Offer", "offerId")
            return await offers.update_offer(session, info.context.principal, ident, _fields(input))

        row, errors = await run_use_case(info, use_case)
        return OfferPayload(offer=OfferType.of(row) if row else None, user_errors=errors)

    @strawberry.mutation
    async def withdraw_offer(self, info: Info, input: WithdrawOfferInput) -> OfferPayload:
        async def use_case(session: AsyncSession) -> Offer:
            ident = expect_id(input.offer_id, "Offer", "offerId")
            return await offers.withdraw_offer(session, info.context.principal, ident)

        row, errors = await run_use_case(info, use_case)
        return OfferPayload(offer=OfferType.of(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="Commit part of an offer to a need directly.")
    async def pledge_offer(self, info: Info, input: PledgeOfferInput) -> PledgeOfferPayload:
        async def use_case(session: AsyncSession) -> tuple[Allocation, Dispatch]:
            return await allocations.pledge_offer(
                session,
                info.context.principal,
                expect_id(input.offer_id, "Offer", "offerId"),
                expect_id(input.need_id, "Need", "needId"),
                input.quantity,
            )

        result, errors = await run_use_case(info, use_case)
        return PledgeOfferPayload(
            allocation=AllocationType.of(result[0]) if result else None,
            dispatch=DispatchType.of(result[1]) if result else None,
            user_errors=errors,
        )
