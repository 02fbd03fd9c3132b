"""A provider's review as it touches relief work: a suspended organization's proposals
lapse, a verified one's offers come back into rounds; the same for a volunteer an office
suspends or rejects, and approves or reinstates.

The registry decides the review itself (domain/registry/organizations.py); it sits below
offers and matching, so what follows for offers and proposals is decided here, in the
same unit of work. Every caller that reviews organizations goes through this function.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.auth.principal import Principal
from domain.kernel.enums import OfferStatus, OrganizationStatus, VolunteerStatus
from domain.matching import proposals, rounds
from domain.offers.model import Offer
from domain.registry import volunteer_reviews
from domain.registry.model import Organization, Volunteer
from domain.registry.organizations import ReviewOrganization, review_organization


async def review_provider(
    session: AsyncSession, principal: Principal, command: ReviewOrganization
) -> Organization:
    """Review the organization; suspending it releases its open proposals (their needs
    get a round), verifying it lets rounds propose its offers again."""
    organization = await review_organization(session, principal, command)
    offers = select(Offer.id).where(Offer.organization_id == organization.id)
    if organization.status is OrganizationStatus.SUSPENDED:
        lapsed = await proposals.release_proposals(
            session, offer_ids=list((await session.scalars(offers)).all())
        )
        await rounds.request_automatic_for_needs(session, {a.need_id for a in lapsed})
    elif organization.status is OrganizationStatus.VERIFIED:
        categories = await session.scalars(
            select(Offer.category_code)
            .where(Offer.organization_id == organization.id, Offer.status == OfferStatus.AVAILABLE)
            .distinct()
            .order_by(Offer.category_code)
        )
        for category_code in categories.all():
            await rounds.request_automatic_for_category(session, category_code)
    return organization


async def review_volunteer_provider(
    session: AsyncSession, principal: Principal, command: volunteer_reviews.ReviewVolunteer
) -> Volunteer:
    """Review the volunteer; suspending or rejecting them releases their offers' open
    proposals (their needs get a round), verifying them asks rounds for their offers."""
    volunteer = await volunteer_reviews.review_volunteer(session, principal, command)
    offers = select(Offer.id).where(Offer.volunteer_id == volunteer.id)
    if volunteer.status in volunteer_reviews.BARRED:
        lapsed = await proposals.release_proposals(
            session, offer_ids=list((await session.scalars(offers)).all())
        )
        await rounds.request_automatic_for_needs(session, {a.need_id for a in lapsed})
    elif volunteer.status is VolunteerStatus.VERIFIED:
        categories = await session.scalars(
            select(Offer.category_code)
            .where(Offer.volunteer_id == volunteer.id, Offer.status == OfferStatus.AVAILABLE)
            .distinct()
            .order_by(Offer.category_code)
        )
        for category_code in categories.all():
            await rounds.request_automatic_for_category(session, category_code)
    return volunteer
