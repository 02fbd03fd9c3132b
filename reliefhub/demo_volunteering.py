"""The demo's volunteers at work: two organizations deploy members from their rosters.

The social-work centre accepts a proposal for psychological support and the rescue team
one for its boats; each deploys members who hold the need's skills. Two days ago they
served four hours: the organization confirmed all but one of those; and one more member
of each roster goes tomorrow. Every step goes through the same
domain functions as the portal; only the times of the past service are given. Skipped
when a former run deployed anyone.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments import attendance, roster, services
from domain.assignments.model import Assignment
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import AllocationStatus
from domain.matching import allocations
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Account, Volunteer
from reliefhub import demo_data as data
from reliefhub.demo_loop import sign_in_as

# (organization's email, the category of the proposal it accepts, how many it sends)
DEPLOYING = (
    ("social@demo.example.org", "PSYCHOLOGICAL_SUPPORT", 3),
    ("rescue@demo.example.org", "RESCUE_TEAM", 2),
)
SERVED = timedelta(hours=4)
# Four hours less the quarter-hour briefing nobody counts.
CONFIRMED_MINUTES = 225


async def _accepted(
    session: AsyncSession, provider: Principal, incident_id: uuid.UUID, category: str
) -> uuid.UUID | None:
    """The organization's accepted allocation of `category` for the incident; its first
    proposal of that category accepted when it has none."""
    mine = (
        select(Allocation)
        .join(Offer, Offer.id == Allocation.offer_id)
        .join(Need, Need.id == Allocation.need_id)
        .where(
            Need.incident_id == incident_id,
            Offer.organization_id == provider.organization_id,
            Need.category_code == category,
        )
        .order_by(Need.urgency, Allocation.created_at)
    )
    found = await session.scalar(mine.where(Allocation.status == AllocationStatus.ACCEPTED))
    if found is not None:
        return found.id
    proposal = await session.scalar(mine.where(Allocation.status == AllocationStatus.PROPOSED))
    if proposal is None:
        return None
    await allocations.accept_allocation(
        session, provider, allocations.AcceptAllocation(proposal.id)
    )
    return proposal.id


async def _serve(
    session: AsyncSession,
    admin: Principal,
    assignment: Assignment,
    started: datetime,
    confirm: bool,
) -> None:
    volunteer, _ = await sign_in_as(session, await _email(session, assignment))
    seat = data.SEATS.get(assignment.region_code)
    here = _Here(*seat) if seat else None
    at = started + timedelta(minutes=5)
    await attendance.check_in(
        session, volunteer, attendance.CheckIn(assignment.id, location=here, at=at)
    )
    await attendance.check_out(
        session, volunteer, attendance.CheckOut(assignment.id, location=here, at=started + SERVED)
    )
    if confirm:
        await attendance.confirm_hours(
            session, admin, attendance.ConfirmHours(assignment.id, CONFIRMED_MINUTES)
        )


class _Here:
    def __init__(self, latitude: float, longitude: float) -> None:
        self.latitude, self.longitude = latitude, longitude


async def _email(session: AsyncSession, assignment: Assignment) -> str:
    email = await session.scalar(
        select(Account.email)
        .join(Volunteer, Volunteer.account_id == Account.id)
        .where(Volunteer.id == assignment.volunteer_id)
    )
    assert email is not None
    return email


async def deploy_some(db: Database, incident_id: uuid.UUID) -> None:
    """Each of the two organizations deploys members who served two days ago (one of
    them awaiting confirmation), and another who goes tomorrow."""
    async with db.transaction() as session:
        if await session.scalar(select(func.count(Assignment.id))):
            return
        two_days_ago = (utcnow() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
        tomorrow = two_days_ago + timedelta(days=3)
        for email, category, sent in DEPLOYING:
            admin, _ = await sign_in_as(session, email)
            allocation_id = await _accepted(session, admin, incident_id, category)
            if allocation_id is None:
                continue
            members = await roster.roster(session, admin, allocation_id=allocation_id)
            eligible = [m.volunteer.id for m in members if m.eligible]
            chosen, going = eligible[:sent], eligible[sent : sent + 1]
            if not chosen:
                continue
            past = services.DeployVolunteers(
                allocation_id, chosen, two_days_ago, two_days_ago + SERVED
            )
            served = await services.deploy_volunteers(session, admin, past)
            for number, assignment in enumerate(served):
                await _serve(session, admin, assignment, two_days_ago, confirm=number > 0)
            if going:
                coming = services.DeployVolunteers(
                    allocation_id, going, tomorrow, tomorrow + SERVED
                )
                await services.deploy_volunteers(session, admin, coming)
