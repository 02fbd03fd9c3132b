"""Rounds as the workers run them, for the service tests: requested, then executed."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import AllocationStatus, RoundStatus, RoundTrigger
from domain.matching.records import Allocation, MatchingRound
from domain.matching.round_runner import execute_round
from domain.matching.rounds import RunMatching, run_matching
from domain.needs.model import Need


async def waiting_rounds(db: Database, incident_id: uuid.UUID) -> list[RoundTrigger]:
    """The triggers of the incident's rounds still PENDING."""
    async with db.transaction() as session:
        found = await session.scalars(
            select(MatchingRound.trigger).where(
                MatchingRound.incident_id == incident_id,
                MatchingRound.status == RoundStatus.PENDING,
            )
        )
        return list(found.all())


async def run_waiting(db: Database, incident_id: uuid.UUID) -> list[Allocation]:
    """Run the incident's PENDING rounds now (the debounce elapsed); their proposals."""
    async with db.transaction() as session:
        ids = (
            await session.scalars(
                select(MatchingRound.id).where(
                    MatchingRound.incident_id == incident_id,
                    MatchingRound.status == RoundStatus.PENDING,
                )
            )
        ).all()
    for round_id in ids:
        assert await execute_round(db, round_id) is RoundStatus.FINISHED
    async with db.transaction() as session:
        return list(
            (
                await session.scalars(
                    select(Allocation)
                    .where(
                        Allocation.round_id.in_(ids),
                        Allocation.status == AllocationStatus.PROPOSED,
                    )
                    .order_by(Allocation.created_at)
                )
            ).all()
        )


async def matched(db: Database, staff: Principal, need: Need) -> list[Allocation]:
    """The office asks for a round over the need's incident, and it runs: its proposals."""
    await db.run(lambda s: run_matching(s, staff, RunMatching(need.incident_id)))
    return await run_waiting(db, need.incident_id)


async def reloaded(db: Database, entity: type, ident: uuid.UUID) -> object:
    async with db.transaction() as session:
        return await session.get(entity, ident)
