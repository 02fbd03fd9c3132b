"""What the engine knows of an offer's provider, read beside the offer: a volunteer's
skills, certificates, availability and home; the place distances start from when the
offer gives no base (the volunteer's home, else their county's centre; an
organization's county's centre); and the assignments each person holds already, however
they came about: proposals and acceptances of their own offers, and assignments planned
for them, by their own acceptance or by the organization that deployed them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments.model import ENGAGED, Assignment
from domain.kernel import boundaries
from domain.kernel.enums import AllocationStatus, OrganizationStatus
from domain.matching.model import GeoPoint
from domain.matching.persons import Held
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization, Volunteer
from domain.registry.volunteer_reviews import BARRED
from domain.volunteers.availability import Availability


@dataclass(frozen=True, slots=True)
class ProviderFacts:
    person: str | None = None
    skills: frozenset[str] = frozenset()
    certified: frozenset[str] = frozenset()
    availability: Availability | None = None
    home: GeoPoint | None = None
    home_is_centre: bool = False


NO_FACTS = ProviderFacts()


def centre_of(code: str) -> GeoPoint | None:
    found = boundaries.centre(code)
    return GeoPoint(*found) if found else None


def organization_centre(code: str) -> GeoPoint | None:
    """Where an organization's offer without a base sets out from: its county's centre;
    a county the outlines lack (a district newer than the package) falls back to its
    prefecture's, then its province's, so its distances are never unknown."""
    for ancestor in (code, code[:4] + "00", code[:2] + "0000"):
        if found := centre_of(ancestor):
            return found
    return None


def of_volunteer(volunteer: Volunteer) -> ProviderFacts:
    home: GeoPoint | None = None
    if volunteer.home_latitude is not None and volunteer.home_longitude is not None:
        home = GeoPoint(volunteer.home_latitude, volunteer.home_longitude)
    return ProviderFacts(
        person=str(volunteer.id),
        skills=frozenset(volunteer.skills or ()),
        certified=frozenset(volunteer.certificates or {}),
        availability=Availability.from_json(volunteer.availability),
        home=home or centre_of(volunteer.region_code),
        home_is_centre=home is None,
    )


async def facts_for(
    session: AsyncSession, offers: Iterable[Offer]
) -> dict[uuid.UUID, ProviderFacts]:
    """offer id -> what its provider adds to it."""
    offers = list(offers)
    volunteer_ids = {o.volunteer_id for o in offers if o.volunteer_id is not None}
    organization_ids = {o.organization_id for o in offers if o.organization_id is not None}
    people = (
        {
            v.id: of_volunteer(v)
            for v in (
                await session.scalars(select(Volunteer).where(Volunteer.id.in_(volunteer_ids)))
            ).all()
        }
        if volunteer_ids
        else {}
    )
    regions = (
        dict(
            (
                await session.execute(
                    select(Organization.id, Organization.region_code).where(
                        Organization.id.in_(organization_ids)
                    )
                )
            ).all()
        )
        if organization_ids
        else {}
    )
    out: dict[uuid.UUID, ProviderFacts] = {}
    for offer in offers:
        if offer.volunteer_id is not None:
            out[offer.id] = people.get(offer.volunteer_id, NO_FACTS)
        elif offer.organization_id in regions:
            centre = organization_centre(regions[offer.organization_id])
            out[offer.id] = ProviderFacts(home=centre, home_is_centre=centre is not None)
    return out


async def held_by(
    session: AsyncSession, people: Iterable[str], now: datetime
) -> dict[str, list[Held]]:
    """person -> what holds their time still running at `now`: (need id, start, end) of
    the proposed or accepted allocations of their own offers, and of the assignments
    planned for them that are not cancelled or finished."""
    ids = [uuid.UUID(p) for p in people]
    if not ids:
        return {}
    held: dict[str, list[Held]] = {}
    for person, key, begins, ends in [
        *await _allocations_held(session, ids),
        *await _assignments_held(session, ids),
    ]:
        if ends >= now:
            held.setdefault(person, []).append((key, begins, ends))
    return held


async def _allocations_held(
    session: AsyncSession, ids: list[uuid.UUID]
) -> list[tuple[str, str, datetime, datetime]]:
    rows = await session.execute(
        select(
            Offer.volunteer_id,
            Allocation.need_id,
            Allocation.created_at,
            Offer.available_from,
            Offer.available_until,
            Need.needed_by,
        )
        .join(Offer, Offer.id == Allocation.offer_id)
        .join(Need, Need.id == Allocation.need_id)
        .where(
            Offer.volunteer_id.in_(ids),
            Allocation.status.in_((AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED)),
        )
    )
    return [
        (str(person), str(need_id), max(start, made), min(max(needed_by, made), until))
        for person, need_id, made, start, until, needed_by in rows
    ]


async def _assignments_held(
    session: AsyncSession, ids: list[uuid.UUID]
) -> list[tuple[str, str, datetime, datetime]]:
    """The person's assignments still engaged, by their own start and end. One on an
    allocation of the person's own offer keys by its need, as that allocation does (more
    units of the offer for the same need are one commitment); any other, planned by an
    organization, keys by the assignment itself, so it holds the person against every
    need, its own included: their own offer is a second assignment there too."""
    rows = await session.execute(
        select(
            Assignment.volunteer_id,
            Assignment.id,
            Assignment.need_id,
            Offer.volunteer_id,
            Assignment.starts_at,
            Assignment.ends_at,
        )
        .join(Allocation, Allocation.id == Assignment.allocation_id)
        .join(Offer, Offer.id == Allocation.offer_id)
        .where(Assignment.volunteer_id.in_(ids), Assignment.status.in_(ENGAGED))
    )
    return [
        (str(person), str(need_id) if owner == person else f"assignment:{ident}", starts, ends)
        for person, ident, need_id, owner, starts, ends in rows
    ]


def barred_volunteers() -> Select[uuid.UUID]:
    """Volunteers the office rejected or suspended: not proposed, as an organization that
    is not VERIFIED; a PENDING one still serves, as before review existed."""
    return select(Volunteer.id).where(Volunteer.status.in_(BARRED))


async def provider_barred(session: AsyncSession, offer: Offer) -> bool:
    """The offer's organization is not VERIFIED, or its volunteer was rejected or suspended."""
    if offer.organization_id is not None:
        status = await session.scalar(
            select(Organization.status).where(Organization.id == offer.organization_id)
        )
        return status is not OrganizationStatus.VERIFIED
    if offer.volunteer_id is not None:
        standing = await session.scalar(
            select(Volunteer.status).where(Volunteer.id == offer.volunteer_id)
        )
        return standing in BARRED
    return False
