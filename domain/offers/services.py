"""Offers: capacity posted by members of VERIFIED organizations, or by volunteers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories import services as categories
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import OfferStatus, OrganizationStatus, Role, Scope, Skill, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.matching import proposals, rounds
from domain.needs.services import Point, check_point
from domain.offers import changes as offer_changes
from domain.offers.model import Offer
from domain.registry.model import Organization, Volunteer
from domain.registry.volunteer_reviews import BARRED

MAX_SERVICE_REGIONS = 100
MAX_TRAVEL_KM = 3000.0


@dataclass(frozen=True)
class OfferFields:
    quantity: int | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    service_region_codes: list[str] | None = None
    base_location: Point | None = None
    max_travel_km: float | None = None
    skills: list[Skill] | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class PostOffer:
    category_code: str
    fields: OfferFields = field(default_factory=OfferFields)
    external_id: str | None = None  # the provider's own id, from syncOffers


@dataclass(frozen=True, slots=True)
class UpdateOffer:
    offer_id: uuid.UUID
    fields: OfferFields = field(default_factory=OfferFields)


@dataclass(frozen=True, slots=True)
class WithdrawOffer:
    offer_id: uuid.UUID


def free_capacity(offer: Offer) -> int:
    """Units neither committed nor proposed; none once the offer is withdrawn or expired."""
    if offer.status in (OfferStatus.WITHDRAWN, OfferStatus.EXPIRED):
        return 0
    return max(offer.quantity - offer.quantity_committed - offer.quantity_proposed, 0)


def derive_status(offer: Offer) -> OfferStatus:
    if offer.status in (OfferStatus.WITHDRAWN, OfferStatus.EXPIRED):
        return offer.status
    return (
        OfferStatus.EXHAUSTED
        if offer.quantity_committed >= offer.quantity
        else (OfferStatus.AVAILABLE)
    )


async def provider_of(
    session: AsyncSession, principal: Principal
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(organization id, volunteer id) the principal offers for; FORBIDDEN otherwise."""
    principal.require(Scope.OFFERS)
    if principal.is_org_member and principal.organization_id:
        organization = await session.get(Organization, principal.organization_id)
        if organization is None or organization.status is not OrganizationStatus.VERIFIED:
            raise DomainError.single(
                None, ErrorCode.FORBIDDEN, "Only VERIFIED organizations offer capacity."
            )
        return organization.id, None
    if principal.role is Role.VOLUNTEER and principal.volunteer_id:
        volunteer = await session.get(Volunteer, principal.volunteer_id)
        if volunteer is None or volunteer.status in BARRED:
            raise DomainError.single(
                None, ErrorCode.FORBIDDEN, "A suspended or rejected volunteer offers nothing."
            )
        return None, principal.volunteer_id
    raise DomainError.single(
        None, ErrorCode.FORBIDDEN, "Offers come from organization members or volunteers."
    )


def _check(
    errors: Errors, fields: OfferFields, *, creating: bool, current: Offer | None = None
) -> None:
    validation.quantity(errors, "quantity", fields.quantity)
    if creating:
        validation.required(
            errors,
            quantity=fields.quantity,
            available_from=fields.available_from,
            available_until=fields.available_until,
        )
    validation.zoned(errors, "available_from", fields.available_from)
    validation.zoned(errors, "available_until", fields.available_until)
    start = fields.available_from or (current.available_from if current else None)
    end = fields.available_until or (current.available_until if current else None)
    if (
        start
        and end
        and start.tzinfo
        and end.tzinfo
        and end <= start
        and not errors.has("available_until")
    ):
        errors.add("available_until", ErrorCode.INVALID, "The window must end after it starts.")
    codes = fields.service_region_codes or []
    if len(codes) > MAX_SERVICE_REGIONS:
        errors.add(
            "service_region_codes", ErrorCode.INVALID, f"At most {MAX_SERVICE_REGIONS} regions."
        )
    for code in codes[:MAX_SERVICE_REGIONS]:
        validation.region(errors, "service_region_codes", code)
    check_point(errors, "base_location", fields.base_location)
    if fields.max_travel_km is not None and not 0 < fields.max_travel_km <= MAX_TRAVEL_KM:
        errors.add("max_travel_km", ErrorCode.INVALID, f"Between 0 and {MAX_TRAVEL_KM:g} km.")
    validation.text(errors, "description", fields.description, max_length=5000, required=False)


def _reach_is_defined(offer: Offer) -> bool:
    radius = offer.base_latitude is not None and offer.max_travel_km is not None
    return bool(offer.service_region_codes) or radius


NO_REACH = "Give service regions, or a base location with a travel radius."


def _volunteer_reach(offer: Offer, volunteer: Volunteer) -> None:
    """What a volunteer's offer leaves out of its reach, their profile gives: an offer
    saying nothing of where it serves covers the profile's service regions and radius
    from home; one giving a radius or a base alone takes the other from the profile.
    Written on the offer, so that it shows what it covers and matching reads one reach."""
    home = volunteer.home_latitude is not None and volunteer.home_longitude is not None
    radius = volunteer.service_radius_km
    said_nothing = not offer.service_region_codes and (
        offer.base_latitude is None and offer.max_travel_km is None
    )
    if said_nothing:
        offer.service_region_codes = sorted(set(volunteer.service_region_codes or []))
        offer.max_travel_km = radius
    if offer.max_travel_km is not None and offer.base_latitude is None and home:
        offer.base_latitude = volunteer.home_latitude
        offer.base_longitude = volunteer.home_longitude
    if offer.base_latitude is not None and offer.max_travel_km is None and radius is not None:
        offer.max_travel_km = radius


def _apply(offer: Offer, fields: OfferFields) -> None:
    if fields.quantity is not None:
        offer.quantity = fields.quantity
    if fields.available_from is not None:
        offer.available_from = fields.available_from
    if fields.available_until is not None:
        offer.available_until = fields.available_until
    if fields.service_region_codes is not None:
        offer.service_region_codes = sorted(set(fields.service_region_codes))
    if fields.base_location is not None:
        offer.base_latitude = fields.base_location.latitude
        offer.base_longitude = fields.base_location.longitude
    if fields.max_travel_km is not None:
        offer.max_travel_km = fields.max_travel_km
    if fields.skills is not None:
        offer.skills = sorted({s.value for s in fields.skills})
    if fields.description is not None:
        offer.description = fields.description.strip() or None


async def post_offer(session: AsyncSession, principal: Principal, command: PostOffer) -> Offer:
    """A VERIFIED organization's member (or a volunteer) posts capacity."""
    category_code, fields = command.category_code, command.fields
    organization_id, volunteer_id = await provider_of(session, principal)
    errors = Errors()
    if await categories.by_code(session, category_code) is None:
        errors.add("category_code", ErrorCode.UNKNOWN_CATEGORY, "No such category.")
    _check(errors, fields, creating=True)
    offer = Offer(
        organization_id=organization_id,
        volunteer_id=volunteer_id,
        category_code=category_code,
        status=OfferStatus.AVAILABLE,
        quantity=0,
        service_region_codes=[],
        external_id=command.external_id,
    )
    _apply(offer, fields)
    if volunteer_id is not None and (volunteer := await session.get(Volunteer, volunteer_id)):
        _volunteer_reach(offer, volunteer)
    if not errors.items and not _reach_is_defined(offer):
        errors.add("service_region_codes", ErrorCode.REQUIRED, NO_REACH)
    errors.raise_if_any()
    await audit.created(
        session,
        principal,
        "offer.posted",
        offer,
        region_code=None,
        details={"category": category_code, "quantity": offer.quantity},
    )
    await offer_changes.announce(session, offer, WebhookEvent.OFFER_POSTED)
    await rounds.request_automatic_for_category(session, category_code)
    return offer


async def get_own_offer(session: AsyncSession, principal: Principal, offer_id: uuid.UUID) -> Offer:
    """The offer, locked, if the principal offers for its provider."""
    organization_id, volunteer_id = await provider_of(session, principal)
    offer = await session.get(Offer, offer_id, with_for_update=True)
    mine = offer is not None and (
        (organization_id is not None and offer.organization_id == organization_id)
        or (volunteer_id is not None and offer.volunteer_id == volunteer_id)
    )
    if offer is None or not mine:
        raise DomainError.single("offer_id", ErrorCode.NOT_FOUND, "No such offer of yours.")
    return offer


async def update_offer(session: AsyncSession, principal: Principal, command: UpdateOffer) -> Offer:
    """Change an offer; never below what is already committed or proposed."""
    fields = command.fields
    offer = await get_own_offer(session, principal, command.offer_id)
    errors = Errors()
    if offer.status in (OfferStatus.WITHDRAWN, OfferStatus.EXPIRED):
        errors.add("offer_id", ErrorCode.INVALID_TRANSITION, f"The offer is {offer.status.value}.")
    _check(errors, fields, creating=False, current=offer)
    held = offer.quantity_committed + offer.quantity_proposed
    if fields.quantity is not None and not errors.has("quantity") and fields.quantity < held:
        errors.add(
            "quantity",
            ErrorCode.INSUFFICIENT_CAPACITY,
            f"{held} units are already committed or proposed.",
        )
    errors.raise_if_any()
    _apply(offer, fields)
    if not _reach_is_defined(offer):
        # An update must not leave the offer without reach; raising rolls the change back.
        raise DomainError.single("service_region_codes", ErrorCode.REQUIRED, NO_REACH)
    offer.status = derive_status(offer)
    audit.record(
        session,
        principal,
        "offer.updated",
        offer,
        region_code=None,
        details={"quantity": offer.quantity},
    )
    await offer_changes.announce(session, offer, WebhookEvent.OFFER_UPDATED)
    await rounds.request_automatic_for_category(session, offer.category_code)
    return offer


async def withdraw_offer(
    session: AsyncSession, principal: Principal, command: WithdrawOffer
) -> Offer:
    """Take back what is not committed yet; pending proposals lapse."""
    offer = await get_own_offer(session, principal, command.offer_id)
    if offer.status in (OfferStatus.WITHDRAWN, OfferStatus.EXPIRED):
        raise DomainError.single(
            "offer_id", ErrorCode.INVALID_TRANSITION, f"The offer is {offer.status.value}."
        )
    lapsed = await proposals.release_proposals(session, offer_id=offer.id)
    await session.refresh(offer)
    offer.status = OfferStatus.WITHDRAWN
    audit.record(session, principal, "offer.withdrawn", offer, region_code=None)
    await offer_changes.announce(session, offer, WebhookEvent.OFFER_WITHDRAWN)
    # The needs its proposals held are short again: other offers may cover them.
    await rounds.request_automatic_for_needs(session, {a.need_id for a in lapsed})
    return offer
