"""Matching rounds: requested in a request, run in the background, proposing allocations."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

# As a module: incidents' services release proposals, which request rounds from here.
from domain.incidents import services as incidents
from domain.incidents.model import Incident
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import IncidentPhase, NeedStatus, RoundStatus, RoundTrigger, Scope
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import ROUND_REQUESTED, emit
from domain.matching.records import MatchingRound
from domain.needs.model import Need

# Changes within this window fold into one automatic round.
DEBOUNCE = timedelta(seconds=30)
OPEN_NEEDS = (NeedStatus.OPEN, NeedStatus.PARTIALLY_ALLOCATED)


@dataclass(frozen=True, slots=True)
class RunMatching:
    incident_id: uuid.UUID


async def _pending_round(session: AsyncSession, incident_id: uuid.UUID) -> MatchingRound | None:
    return await session.scalar(
        select(MatchingRound)
        .where(
            MatchingRound.incident_id == incident_id, MatchingRound.status == RoundStatus.PENDING
        )
        .limit(1)
    )


async def run_matching(
    session: AsyncSession, principal: Principal, command: RunMatching
) -> MatchingRound:
    """Office staff ask for a round now; the workers run it."""
    principal.require(Scope.MATCHING)
    incidents.require_office_role(principal)
    incident = await incidents.get_managed(session, principal, command.incident_id)
    if incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single(
            "incident_id", ErrorCode.INVALID_TRANSITION, "The incident is CLOSED."
        )
    matching_round = MatchingRound(
        incident_id=incident.id,
        status=RoundStatus.PENDING,
        trigger=RoundTrigger.MANUAL,
        requested_by_id=principal.account_id,
        stats={},
    )
    session.add(matching_round)
    await session.flush()
    emit(session, ROUND_REQUESTED, {"roundId": str(matching_round.id)})
    audit.record(
        session,
        principal,
        "matching.requested",
        matching_round,
        region_code=incident.region_codes[0],
    )
    return matching_round


async def request_automatic(session: AsyncSession, incident_id: uuid.UUID) -> None:
    """Debounced: one PENDING automatic round per incident, run DEBOUNCE after the change.
    A CLOSED incident gets none: its needs are no longer matched."""
    phase = await session.scalar(select(Incident.phase).where(Incident.id == incident_id))
    if phase in (None, IncidentPhase.CLOSED):
        return
    if await _pending_round(session, incident_id) is not None:
        return
    matching_round = MatchingRound(
        incident_id=incident_id,
        status=RoundStatus.PENDING,
        trigger=RoundTrigger.AUTOMATIC,
        stats={},
    )
    session.add(matching_round)
    await session.flush()
    emit(session, ROUND_REQUESTED, {"roundId": str(matching_round.id)}, delay=DEBOUNCE)


async def request_automatic_for_category(session: AsyncSession, category_code: str) -> None:
    """New capacity of a category: a round for every live incident with open needs of it."""
    has_open_need = exists().where(
        Need.incident_id == Incident.id,
        Need.category_code == category_code,
        Need.status.in_(OPEN_NEEDS),
    )
    incident_ids = (
        await session.scalars(
            select(Incident.id).where(Incident.phase != IncidentPhase.CLOSED, has_open_need)
        )
    ).all()
    for incident_id in incident_ids:
        await request_automatic(session, incident_id)


async def request_automatic_for_needs(session: AsyncSession, need_ids: Iterable[uuid.UUID]) -> None:
    """Capacity came back to these needs (a decline, a lapse, a cancel, a veto): a round
    for each of their incidents."""
    wanted = set(need_ids)
    if not wanted:
        return
    incident_ids = (
        await session.scalars(
            select(Need.incident_id)
            .where(Need.id.in_(wanted))
            .distinct()
            .order_by(Need.incident_id)
        )
    ).all()
    for incident_id in incident_ids:
        await request_automatic(session, incident_id)
