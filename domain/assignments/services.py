"""Assignments planned: from a volunteer's own accepted offer, or deployed by an organization
on an allocation it accepted. One person is never in two overlapping assignments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments.model import HOLDING, Assignment, AssignmentStatus
from domain.kernel import audit, policy
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import AllocationStatus, MembershipStatus, Scope, VolunteerStatus
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import VOLUNTEERS_DEPLOYED, emit
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Volunteer
from domain.volunteers.availability import Availability

# Volunteers the office turned down or suspended serve nowhere until reinstated.
BARRED = (VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED)
# At most this many volunteers named in one deployment.
MOST_DEPLOYED = 50
# A window that would end before it starts (a need due before the offer opens) is this long.
SHORTEST_WINDOW = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class DeployVolunteers:
    """The organization names which of its approved members go on an accepted allocation;
    the window defaults to the offer's, ending by the need's needed-by."""

    allocation_id: uuid.UUID
    volunteers: list[uuid.UUID]
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def available(volunteer: Volunteer, starts_at: datetime, ends_at: datetime) -> bool:
    """Within the availability the volunteer gave (weekly slots, date ranges); anyone who
    gave none is available whenever asked."""
    said = Availability.from_json(volunteer.availability)
    return said is None or said.overlaps(starts_at, ends_at)


def default_window(offer: Offer, need: Need) -> tuple[datetime, datetime]:
    starts = offer.available_from
    ends = min(offer.available_until, need.needed_by)
    return (starts, ends) if ends > starts else (starts, starts + SHORTEST_WINDOW)


async def overlapping(
    session: AsyncSession,
    volunteer_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    *,
    besides_offer: uuid.UUID | None = None,
) -> Assignment | None:
    """The volunteer's assignment (not cancelled) whose time meets [starts_at, ends_at).
    Units of one offer of their own are one commitment the engine already sized: those
    (`besides_offer`) do not count against each other."""
    stmt = select(Assignment).where(
        Assignment.volunteer_id == volunteer_id,
        Assignment.status.in_(HOLDING),
        Assignment.starts_at < ends_at,
        Assignment.ends_at > starts_at,
    )
    if besides_offer is not None:
        same = select(Allocation.id).where(Allocation.offer_id == besides_offer)
        stmt = stmt.where(Assignment.allocation_id.not_in(same))
    found: Assignment | None = await session.scalar(stmt.limit(1))
    return found


def _planned(
    volunteer: Volunteer,
    allocation: Allocation,
    need: Need,
    window: tuple[datetime, datetime],
    organization_id: uuid.UUID | None,
) -> Assignment:
    return Assignment(
        volunteer_id=volunteer.id,
        allocation_id=allocation.id,
        need_id=need.id,
        incident_id=need.incident_id,
        organization_id=organization_id,
        office_id=need.office_id,
        region_code=need.region_code,
        starts_at=window[0],
        ends_at=window[1],
        status=AssignmentStatus.PLANNED,
    )


async def plan_own_offer(
    session: AsyncSession,
    principal: Principal,
    allocation: Allocation,
    need: Need,
    offer: Offer,
    field: str = "allocation_id",
) -> Assignment | None:
    """A volunteer accepted a proposal for their own offer: they hold the assignment.
    Refused, with nothing written, when it overlaps one they already hold."""
    if offer.volunteer_id is None:
        return None
    volunteer = await session.get(Volunteer, offer.volunteer_id)
    assert volunteer is not None
    window = default_window(offer, need)
    if await overlapping(session, volunteer.id, *window, besides_offer=offer.id) is not None:
        raise DomainError.single(
            field, ErrorCode.OVERLAPPING_ASSIGNMENT, "You already hold an assignment at that time."
        )
    # A member serves with their organization: it sees them there and confirms the hours.
    serving_with = (
        volunteer.organization_id
        if volunteer.membership_status is MembershipStatus.APPROVED
        else None
    )
    assignment = _planned(volunteer, allocation, need, window, serving_with)
    session.add(assignment)
    await session.flush()
    audit.record(session, principal, "assignment.planned", assignment, region_code=need.region_code)
    return assignment


async def deployable(
    session: AsyncSession, principal: Principal, allocation_id: uuid.UUID
) -> tuple[Allocation, Need, Offer]:
    principal.require(Scope.MATCHING)
    allocation = await session.get(Allocation, allocation_id)
    offer = await session.get(Offer, allocation.offer_id) if allocation else None
    if allocation is None or offer is None or offer.organization_id is None:
        raise DomainError.single("allocation_id", ErrorCode.NOT_FOUND, "No such allocation.")
    if not principal.administers_organization(offer.organization_id):
        raise DomainError.single(
            "allocation_id", ErrorCode.FORBIDDEN, "Only the offering organization's admins."
        )
    if allocation.status is not AllocationStatus.ACCEPTED:
        raise DomainError.single(
            "allocation_id",
            ErrorCode.INVALID_TRANSITION,
            f"The allocation is {allocation.status.value}; accept it first.",
        )
    need = await session.get(Need, allocation.need_id)
    assert need is not None
    return allocation, need, offer


def _window(
    errors: Errors, command: DeployVolunteers, offer: Offer, need: Need
) -> tuple[datetime, datetime]:
    starts, ends = default_window(offer, need)
    starts, ends = command.starts_at or starts, command.ends_at or ends
    for field, moment in (("starts_at", command.starts_at), ("ends_at", command.ends_at)):
        if moment is not None and moment.tzinfo is None:
            errors.add(field, ErrorCode.INVALID, "Give the time with its offset.")
    if not errors.items and ends <= starts:
        errors.add("ends_at", ErrorCode.INVALID, "The end comes after the start.")
    return starts, ends


async def deploy_volunteers(
    session: AsyncSession, principal: Principal, command: DeployVolunteers
) -> list[Assignment]:
    """The organization's admin names approved members, holding the need's required skills
    and free at that time, for an allocation it accepted. All or none; they are told."""
    allocation, need, offer = await deployable(session, principal, command.allocation_id)
    errors = Errors()
    window = _window(errors, command, offer, need)
    ids = list(dict.fromkeys(command.volunteers))
    if not ids:
        errors.add("volunteer_ids", ErrorCode.REQUIRED, "Name at least one volunteer.")
    elif len(ids) > MOST_DEPLOYED:
        errors.add("volunteer_ids", ErrorCode.INVALID, f"At most {MOST_DEPLOYED} at once.")
    errors.raise_if_any()
    required = set(need.required_skills)
    chosen: list[Volunteer] = []
    for index, ident in enumerate(ids):
        field = ("volunteer_ids", str(index))
        volunteer = await session.get(Volunteer, ident)
        if (
            volunteer is None
            or volunteer.organization_id != offer.organization_id
            or volunteer.membership_status is not MembershipStatus.APPROVED
        ):
            errors.add(field, ErrorCode.NOT_FOUND, "Not an approved member of the organization.")
        elif volunteer.status in BARRED:
            errors.add(
                field, ErrorCode.PROVIDER_NOT_VERIFIED, "Rejected or suspended by the office."
            )
        elif missing := required - set(volunteer.skills):
            errors.add(field, ErrorCode.SKILLS_MISSING, f"Lacks {', '.join(sorted(missing))}.")
        elif not available(volunteer, *window):
            errors.add(field, ErrorCode.OUTSIDE_AVAILABILITY, "Not available then, as they said.")
        elif await _already_on(session, volunteer.id, allocation.id):
            errors.add(field, ErrorCode.DUPLICATE, "Already assigned to this allocation.")
        elif await overlapping(session, volunteer.id, *window) is not None:
            errors.add(
                field,
                ErrorCode.OVERLAPPING_ASSIGNMENT,
                f"{volunteer.display_name} already holds an assignment at that time.",
            )
        else:
            chosen.append(volunteer)
    errors.raise_if_any()
    planned = [_planned(v, allocation, need, window, offer.organization_id) for v in chosen]
    session.add_all(planned)
    await session.flush()
    emit(
        session,
        VOLUNTEERS_DEPLOYED,
        {"assignmentIds": [str(a.id) for a in planned], "needId": str(need.id)},
    )
    audit.record(
        session,
        principal,
        "assignment.deployed",
        allocation,
        region_code=need.region_code,
        details={"volunteerIds": [str(v.id) for v in chosen]},
    )
    return planned


async def _already_on(
    session: AsyncSession, volunteer_id: uuid.UUID, allocation_id: uuid.UUID
) -> bool:
    return (
        await session.scalar(
            select(Assignment.id).where(
                Assignment.volunteer_id == volunteer_id,
                Assignment.allocation_id == allocation_id,
            )
        )
        is not None
    )


def visible_assignments(principal: Principal) -> Select[Assignment]:
    """The volunteer's own; the deploying organization's; the offices of the need's region."""
    return policy.visible(
        principal,
        select(Assignment),
        region=Assignment.region_code,
        organization=Assignment.organization_id,
        volunteer=Assignment.volunteer_id,
    )


def assignments_of(volunteer_id: uuid.UUID) -> Select[Assignment]:
    """A volunteer's assignments (shown under their own volunteer only)."""
    return select(Assignment).where(Assignment.volunteer_id == volunteer_id)
