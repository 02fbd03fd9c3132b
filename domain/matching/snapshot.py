"""What a round works on, read in one transaction: the needs still to cover, the free
capacity of offers a round may propose, units, pairs withheld; and, for the reasons only,
offers with nothing free and who holds each offer's capacity."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.kernel.enums import AllocationStatus, OfferStatus, OrganizationStatus
from domain.matching.model import NeedSpec, OfferSpec, Urgency
from domain.matching.persons import Held
from domain.matching.providers import barred_volunteers, facts_for, held_by
from domain.matching.records import Allocation
from domain.matching.rounds import OPEN_NEEDS
from domain.matching.shortfall import ShortfallCode
from domain.matching.specs import need_spec, offer_spec, whole_offer_spec
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a round works on: needs still to cover, free capacity, units, withheld pairs."""

    needs: list[NeedSpec]
    offers: list[OfferSpec]
    units: dict[str, str]
    withheld: dict[tuple[str, str], ShortfallCode]
    # For the reasons only: offers with nothing free, and who holds each offer's capacity.
    spent: list[OfferSpec]
    holders: dict[str, list[tuple[str, Urgency]]]
    # person -> the assignments they hold already (need id, start, end)
    busy: dict[str, list[Held]]


# Whose "no" keeps a pair out of rounds: the provider's decline (until it reconsiders) and
# the office's veto.
_WITHHELD_BY = {
    AllocationStatus.DECLINED: ShortfallCode.PROVIDER_DECLINED,
    AllocationStatus.VETOED: ShortfallCode.OFFICE_VETOED,
}


async def _withheld(
    session: AsyncSession, need_ids: list[uuid.UUID]
) -> dict[tuple[str, str], ShortfallCode]:
    if not need_ids:
        return {}
    rows = await session.execute(
        select(Allocation.need_id, Allocation.offer_id, Allocation.status).where(
            Allocation.need_id.in_(need_ids),
            Allocation.status.in_(tuple(_WITHHELD_BY)),
            Allocation.reconsidered_at.is_(None),
        )
    )
    withheld: dict[tuple[str, str], ShortfallCode] = {}
    for need_id, offer_id, status in rows:
        code = _WITHHELD_BY[status]
        # A veto outweighs a decline of the same pair: only the office may undo it.
        key = (str(need_id), str(offer_id))
        if withheld.get(key) is not ShortfallCode.OFFICE_VETOED:
            withheld[key] = code
    return withheld


async def take_snapshot(session: AsyncSession, incident_id: uuid.UUID, now: datetime) -> Snapshot:
    needs = (
        await session.scalars(
            select(Need).where(Need.incident_id == incident_id, Need.status.in_(OPEN_NEEDS))
        )
    ).all()
    codes = {n.category_code for n in needs}
    # Only VERIFIED organizations' offers are proposed, and volunteers' unless the office
    # rejected or suspended them.
    verified = select(Organization.id).where(Organization.status == OrganizationStatus.VERIFIED)
    offers = (
        (
            await session.scalars(
                select(Offer).where(
                    # EXHAUSTED ones only tell the reasons where their capacity went.
                    Offer.status.in_((OfferStatus.AVAILABLE, OfferStatus.EXHAUSTED)),
                    Offer.category_code.in_(codes),
                    Offer.available_until > now,
                    or_(
                        and_(
                            Offer.organization_id.is_(None),
                            Offer.volunteer_id.not_in(barred_volunteers()),
                        ),
                        Offer.organization_id.in_(verified),
                    ),
                )
            )
        ).all()
        if codes
        else []
    )
    units = dict(
        (
            await session.execute(
                select(Category.code, Category.unit).where(Category.code.in_(codes))
            )
        ).all()
    )
    facts = await facts_for(session, offers)
    free = {o.id: offer_spec(o, facts.get(o.id)) for o in offers}
    people = {f.person for f in facts.values() if f.person is not None}
    return Snapshot(
        [s for s in map(need_spec, needs) if s is not None],
        [s for s in free.values() if s is not None],
        {str(k): str(v) for k, v in units.items()},
        await _withheld(session, [n.id for n in needs]),
        [whole_offer_spec(o, facts.get(o.id)) for o in offers if free[o.id] is None],
        await _holders(session, [o.id for o in offers]),
        await held_by(session, people, now),
    )


async def _holders(
    session: AsyncSession, offer_ids: list[uuid.UUID]
) -> dict[str, list[tuple[str, Urgency]]]:
    """offer id -> the needs its proposed or accepted capacity is held for."""
    if not offer_ids:
        return {}
    rows = await session.execute(
        select(Allocation.offer_id, Need.id, Need.urgency)
        .join(Need, Need.id == Allocation.need_id)
        .where(
            Allocation.offer_id.in_(offer_ids),
            Allocation.status.in_((AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED)),
        )
    )
    holders: dict[str, list[tuple[str, Urgency]]] = {}
    for offer_id, need_id, urgency in rows:
        holders.setdefault(str(offer_id), []).append((str(need_id), urgency))
    return holders
