"""Runs one matching round: snapshot, solve (pure engine), write proposals."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.model import Incident
from domain.kernel.db import counters
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    RoundStatus,
)
from domain.kernel.outbox import ROUND_FINISHED, emit
from domain.matching import (
    MatchResult,
    NeedShortfall,
    holds,
    match_and_explain,
)
from domain.matching import changes as allocation_changes
from domain.matching.proposals import lock_offers
from domain.matching.records import Allocation, MatchingRound
from domain.matching.rounds import OPEN_NEEDS
from domain.matching.snapshot import take_snapshot
from domain.needs.model import Need
from domain.offers.model import Offer

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


async def _reserve(
    session: AsyncSession, need_id: uuid.UUID, offer_id: uuid.UUID, quantity: int
) -> bool:
    """Hold `quantity` on both sides, unless the snapshot went stale in the meantime."""
    if not await holds.on_offer(session, Offer.quantity_proposed, offer_id, quantity):
        return False
    if await holds.on_need(session, Need.quantity_proposed, need_id, quantity, OPEN_NEEDS):
        return True
    await counters.add(session, Offer.quantity_proposed, offer_id, -quantity)
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
    proposed: list[Allocation] = []
    async with db.transaction() as session:
        # Offers first, in one order, as accepts and pledges lock them: no deadlock with them.
        await lock_offers(session, {uuid.UUID(p.offer_id) for p in result.allocations})
        for proposal in result.allocations:
            need_id, offer_id = uuid.UUID(proposal.need_id), uuid.UUID(proposal.offer_id)
            if not await _reserve(session, need_id, offer_id, proposal.quantity):
                skipped += 1
                continue
            proposed.append(
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
        session.add_all(proposed)
        # Each proposal is an event of its own for partners, read and written in bulk.
        await allocation_changes.announce_proposed(session, proposed)
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
            snapshot = await take_snapshot(session, incident.id, now)
        # The solver is CPU-bound: keep the event loop free for other work.
        result, shortfalls = await asyncio.to_thread(
            match_and_explain,
            snapshot.needs,
            snapshot.offers,
            now,
            units=snapshot.units,
            withheld=snapshot.withheld,
            spent=snapshot.spent,
            holders=snapshot.holders,
            busy=snapshot.busy,
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
