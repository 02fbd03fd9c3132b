"""A provider's review as it touches relief work: a suspended organization's proposals
lapse, a verified one's offers come back into rounds; the same for a volunteer an office
suspends or rejects, and approves or reinstates.

The registry decides the review itself (domain/registry/organizations.py); it sits below
offers and matching, so what follows for offers and proposals is decided here, in the
same unit of work. Every caller that reviews organizations goes through this function.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.assignments import cancellation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import OfferStatus, OrganizationStatus, VolunteerStatus
from domain.matching import proposals, rounds
from domain.offers.model import Offer
from domain.registry import volunteer_reviews
from domain.registry.model import Organization, Volunteer
from domain.registry.organizations import ReviewOrganization, review_organization


async def _after_review(
    session: AsyncSession, owner: InstrumentedAttribute[Any], owner_id: Any, *, lapse: bool
) -> None:
    """A provider barred from relief work releases its offers' open proposals (their
    needs get a round); one verified again asks rounds for its offers' categories."""
    if lapse:
        offers = select(Offer.id).where(owner == owner_id)
        lapsed = await proposals.release_proposals(
            session, offer_ids=list((await session.scalars(offers)).all())
        )
        await rounds.request_automatic_for_needs(session, {a.need_id for a in lapsed})
        return
    categories = await session.scalars(
        select(Offer.category_code)
        .where(owner == owner_id, Offer.status == OfferStatus.AVAILABLE)
        .distinct()
        .order_by(Offer.category_code)
    )
    for category_code in categories.all():
        await rounds.request_automatic_for_category(session, category_code)


async def review_provider(
    session: AsyncSession, principal: Principal, command: ReviewOrganization
) -> Organization:
    """Review the organization; suspending it releases its open proposals, verifying it
    lets rounds propose its offers again."""
    organization = await review_organization(session, principal, command)
    if organization.status in (OrganizationStatus.SUSPENDED, OrganizationStatus.VERIFIED):
        lapse = organization.status is OrganizationStatus.SUSPENDED
        await _after_review(session, Offer.organization_id, organization.id, lapse=lapse)
    return organization


async def review_volunteer_provider(
    session: AsyncSession, principal: Principal, command: volunteer_reviews.ReviewVolunteer
) -> Volunteer:
    """Review the volunteer; suspending or rejecting them releases their offers' open
    proposals and calls off their assignments not yet checked out (whoever planned them),
    verifying them asks rounds for their offers."""
    volunteer = await volunteer_reviews.review_volunteer(session, principal, command)
    lapse = volunteer.status in volunteer_reviews.BARRED
    if lapse:
        why = (
            cancellation.Why.VOLUNTEER_SUSPENDED
            if volunteer.status is VolunteerStatus.SUSPENDED
            else cancellation.Why.VOLUNTEER_REJECTED
        )
        await cancellation.of_volunteer(session, principal, volunteer.id, why)
    if lapse or volunteer.status is VolunteerStatus.VERIFIED:
        await _after_review(session, Offer.volunteer_id, volunteer.id, lapse=lapse)
    return volunteer
