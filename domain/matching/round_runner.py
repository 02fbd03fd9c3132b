"""Runs one matching round: snapshot, solve (pure engine), write proposals."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.incidents.model import Incident
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    OfferStatus,
    OrganizationStatus,
    RoundStatus,
)
from domain.kernel.outbox import ROUND_FINISHED, emit
from domain.matching import (
    MatchResult,
    NeedShortfall,
    NeedSpec,
    OfferSpec,
    ShortfallCode,
    match_and_explain,
)
from domain.matching.proposals import lock_offers
from domain.matching.records import Allocation, MatchingRound
from domain.matching.rounds import OPEN_NEEDS
from domain.matching.specs import need_spec, offer_spec
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization

log = logging.getLogger(__name__)
# How long providers have to answer a proposal, unless the deployment says otherwise.
PROPOSAL_LIFETIME = timedelta(hours=12)


async def _claim(db: Database, round_id: uuid.UUID) -> MatchingRound | None:
    """PENDING -> RUNNING exactly once, so a redelivered message runs nothing twice."""
    async with db.transaction() as session:
        claimed = await session.execute(
            update(MatchingRound)
            .where(MatchingRound.id == round_id, MatchingRound.status == RoundStatus.PENDING)
            .values(status=RoundStatus.RUNNING, started_at=utcnow())
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return await session.get(MatchingRound, round_id)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a round works on: needs still to cover, free capacity, units, withheld pairs."""

    needs: list[NeedSpec]
    offers: list[OfferSpec]
    units: dict[str, str]
    withheld: dict[tuple[str, str], ShortfallCode]


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


async def _snapshot(session: AsyncSession, incident_id: uuid.UUID, now: datetime) -> Snapshot:
    needs = (
        await session.scalars(
            select(Need).where(Need.incident_id == incident_id, Need.status.in_(OPEN_NEEDS))
        )
    ).all()
    codes = {n.category_code for n in needs}
    # Only VERIFIED organizations' offers are proposed (a volunteer's always are).
    verified = select(Organization.id).where(Organization.status == OrganizationStatus.VERIFIED)
    offers = (
        (
            await session.scalars(
                select(Offer).where(
                    Offer.status == OfferStatus.AVAILABLE,
                    Offer.category_code.in_(codes),
                    Offer.available_until > now,
                    or_(Offer.organization_id.is_(None), Offer.organization_id.in_(verified)),
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
    return Snapshot(
        [s for s in map(need_spec, needs) if s is not None],
        [s for s in map(offer_spec, offers) if s is not None],
        {str(k): str(v) for k, v in units.items()},
        await _withheld(session, [n.id for n in needs]),
    )


async def _reserve(
    session: AsyncSession, need_id: uuid.UUID, offer_id: uuid.UUID, quantity: int
) -> bool:
    """Hold `quantity` on both sides, unless the snapshot went stale in the meantime."""
    offer_held = await session.execute(
        update(Offer)
        .where(
            Offer.id == offer_id,
            Offer.status == OfferStatus.AVAILABLE,
            Offer.quantity_committed + Offer.quantity_proposed + quantity <= Offer.quantity,
        )
        .values(quantity_proposed=Offer.quantity_proposed + quantity)
    )
    if offer_held.rowcount != 1:  # type: ignore[attr-defined]
        return False
    need_held = await session.execute(
        update(Need)
        .where(
            Need.id == need_id,
            Need.status.in_(OPEN_NEEDS),
            Need.quantity_allocated + Need.quantity_proposed + quantity <= Need.quantity,
        )
        .values(quantity_proposed=Need.quantity_proposed + quantity)
    )
    if need_held.rowcount == 1:  # type: ignore[attr-defined]
        return True
    await session.execute(
        update(Offer)
        .where(Offer.id == offer_id)
        .values(quantity_proposed=Offer.quantity_proposed - quantity)
    )
    return False


async def _store_reasons(
    session: AsyncSession,
    incident_id: uuid.UUID,
    shortfalls: tuple[NeedShortfall, ...],
    now: datetime,
) -> None:
    """Each need left short carries this round's reasons; every other need none."""
    short = {uuid.UUID(s.need_id): s for s in shortfalls}
    await session.execute(
        update(Need)
        .where(Need.incident_id == incident_id, Need.id.not_in(short))
        .values(shortfall_reasons=[], shortfall_reasons_at=now)
        .execution_options(synchronize_session=False)
    )
    for need_id in sorted(short):
        reasons = [r.to_dict() for r in short[need_id].reasons]
        await session.execute(
            update(Need)
            .where(Need.id == need_id)
            .values(shortfall_reasons=reasons, shortfall_reasons_at=now)
            .execution_options(synchronize_session=False)
        )


async def _write(
    db: Database,
    matching_round: MatchingRound,
    result: MatchResult,
    shortfalls: tuple[NeedShortfall, ...],
    now: datetime,
    lifetime: timedelta,
) -> None:
    written = skipped = 0
    async with db.transaction() as session:
        # Offers first, in one order, as accepts and pledges lock them: no deadlock with them.
        await lock_offers(session, {uuid.UUID(p.offer_id) for p in result.allocations})
        for proposal in result.allocations:
            need_id, offer_id = uuid.UUID(proposal.need_id), uuid.UUID(proposal.offer_id)
            if not await _reserve(session, need_id, offer_id, proposal.quantity):
                skipped += 1
                continue
            session.add(
                Allocation(
                    need_id=need_id,
                    offer_id=offer_id,
                    round_id=matching_round.id,
                    quantity=proposal.quantity,
                    status=AllocationStatus.PROPOSED,
                    source=AllocationSource.ROUND,
                    explanation=proposal.explanation.to_dict(),
                    expires_at=now + lifetime,
                )
            )
            written += 1
        stats = {
            **result.to_dict()["stats"],
            "objective": result.objective,
            "proposals": written,
            "skippedStale": skipped,
            "shortNeeds": len(shortfalls),
            "solveSeconds": round(result.stats.solve_seconds, 4),
        }
        await session.execute(
            update(MatchingRound)
            .where(MatchingRound.id == matching_round.id)
            .values(status=RoundStatus.FINISHED, finished_at=utcnow(), stats=stats)
        )
        await _store_reasons(session, matching_round.incident_id, shortfalls, now)
        emit(
            session,
            ROUND_FINISHED,
            {"roundId": str(matching_round.id), "incidentId": str(matching_round.incident_id)},
        )


async def execute_round(
    db: Database, round_id: uuid.UUID, *, lifetime: timedelta = PROPOSAL_LIFETIME
) -> RoundStatus | None:
    """Run a PENDING round to FINISHED (or FAILED); None when it was not PENDING."""
    matching_round = await _claim(db, round_id)
    if matching_round is None:
        return None
    now = utcnow()
    try:
        async with db.transaction() as session:
            incident = await session.get(Incident, matching_round.incident_id)
            assert incident is not None
            snapshot = await _snapshot(session, incident.id, now)
        # The solver is CPU-bound: keep the event loop free for other work.
        result, shortfalls = await asyncio.to_thread(
            match_and_explain,
            snapshot.needs,
            snapshot.offers,
            now,
            units=snapshot.units,
            withheld=snapshot.withheld,
        )
        await _write(db, matching_round, result, shortfalls, now, lifetime)
        return RoundStatus.FINISHED
    except Exception as exc:
        log.exception("matching round %s failed", round_id)
        async with db.transaction() as session:
            await session.execute(
                update(MatchingRound)
                .where(MatchingRound.id == round_id)
                .values(status=RoundStatus.FAILED, finished_at=utcnow(), error=str(exc)[:2000])
            )
        return RoundStatus.FAILED
