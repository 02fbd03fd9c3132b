"""Hours served: a volunteer's own, and per volunteer for an incident or an organization;
the rows of the CSV in the layout volunteer records use (志愿服务记录)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments.model import Assignment, AssignmentStatus
from domain.assignments.services import visible_assignments
from domain.categories.model import Category
from domain.incidents.model import Incident
from domain.kernel import policy
from domain.kernel.auth.principal import Principal
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import page_size
from domain.kernel.personal_data import mask_phone, masked_name
from domain.needs.model import Need
from domain.registry.model import Volunteer


@dataclass(frozen=True, slots=True)
class HoursSummary:
    confirmed_minutes: int
    pending_minutes: int


@dataclass(frozen=True, slots=True)
class VolunteerHours:
    """One volunteer's hours within the filter."""

    volunteer_id: uuid.UUID
    confirmed_minutes: int
    pending_minutes: int
    assignments: int


@dataclass(frozen=True, slots=True)
class HoursPage:
    """A page of per-volunteer hours, shaped as the kernel's Page of rows."""

    items: list[VolunteerHours]
    cursors: list[str]
    has_next_page: bool
    total_count: int


@dataclass(frozen=True, slots=True)
class HoursFilter:
    incident_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None


_CONFIRMED = func.coalesce(
    func.sum(case((Assignment.status == AssignmentStatus.CONFIRMED, Assignment.minutes_confirmed))),
    0,
)
_PENDING = func.coalesce(
    func.sum(case((Assignment.status == AssignmentStatus.CHECKED_OUT, Assignment.minutes))), 0
)


async def summary(
    session: AsyncSession, volunteer_id: uuid.UUID, principal: Principal | None = None
) -> HoursSummary:
    """Confirmed minutes, and minutes checked out still waiting for a confirmation; of
    the assignments `principal` may see, when given."""
    stmt = visible_assignments(principal) if principal is not None else select(Assignment)
    row = (
        await session.execute(
            stmt.with_only_columns(_CONFIRMED, _PENDING).where(
                Assignment.volunteer_id == volunteer_id
            )
        )
    ).one()
    return HoursSummary(int(row[0]), int(row[1]))


def volunteer_assignments(principal: Principal, volunteer_id: uuid.UUID) -> Select[Assignment]:
    """The volunteer's assignments that `principal` may see."""
    return visible_assignments(principal).where(Assignment.volunteer_id == volunteer_id)


def _filtered(principal: Principal, given: HoursFilter) -> Select[Assignment]:
    if (given.incident_id is None) == (given.organization_id is None):
        raise DomainError.single(
            "filter", ErrorCode.INVALID, "Give an incidentId or an organizationId."
        )
    stmt = visible_assignments(principal)
    if given.incident_id is not None:
        return stmt.where(Assignment.incident_id == given.incident_id)
    return stmt.where(Assignment.organization_id == given.organization_id)


def _cursor(volunteer_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps(["hours", str(volunteer_id)]).encode()).decode()


def _position(cursor: str) -> uuid.UUID:
    try:
        kind, ident = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        assert kind == "hours"
        return uuid.UUID(ident)
    except (ValueError, TypeError, AssertionError, binascii.Error) as exc:
        raise DomainError.single("after", ErrorCode.INVALID, "Not a cursor of this list.") from exc


async def volunteer_hours(
    session: AsyncSession,
    principal: Principal,
    given: HoursFilter,
    *,
    first: int | None,
    after: str | None,
) -> HoursPage:
    """Per volunteer, of the assignments the viewer may see: most confirmed first."""
    size = page_size(first)
    grouped = (
        await session.execute(
            _filtered(principal, given)
            .with_only_columns(Assignment.volunteer_id, _CONFIRMED, _PENDING, func.count())
            .group_by(Assignment.volunteer_id)
        )
    ).all()
    found = sorted(
        (VolunteerHours(v, int(c), int(p), int(n)) for v, c, p, n in grouped),
        key=lambda h: (-h.confirmed_minutes, -h.pending_minutes, str(h.volunteer_id)),
    )
    start = 0
    if after:
        ident = _position(after)
        start = next((i + 1 for i, h in enumerate(found) if h.volunteer_id == ident), len(found))
    items = found[start : start + size]
    return HoursPage(
        items, [_cursor(h.volunteer_id) for h in items], start + size < len(found), len(found)
    )


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One confirmed assignment as volunteer records list it."""

    volunteer: Volunteer
    organization_id: uuid.UUID | None
    activity: str
    activity_en: str
    region_code: str
    served_on: datetime
    minutes: int


async def service_lines(session: AsyncSession, stmt: Select[Assignment]) -> list[ServiceLine]:
    """The confirmed assignments of `stmt`, oldest first, with who and what."""
    found = await session.execute(
        select(Assignment, Volunteer, Need, Category, Incident)
        .join(Volunteer, Volunteer.id == Assignment.volunteer_id)
        .join(Need, Need.id == Assignment.need_id)
        .join(Incident, Incident.id == Assignment.incident_id)
        .outerjoin(Category, Category.code == Need.category_code)
        .where(
            Assignment.id.in_(stmt.with_only_columns(Assignment.id)),
            Assignment.status == AssignmentStatus.CONFIRMED,
        )
        .order_by(Assignment.checked_in_at, Assignment.id)
    )
    return [
        ServiceLine(
            volunteer=volunteer,
            organization_id=assignment.organization_id,
            activity=f"{incident.name}：{category.name_zh if category else need.category_code}",
            activity_en=f"{incident.name}: {category.name_en if category else need.category_code}",
            region_code=need.region_code,
            served_on=assignment.checked_in_at or assignment.starts_at,
            minutes=assignment.minutes_confirmed or 0,
        )
        for assignment, volunteer, need, category, incident in found
    ]


async def export_lines(
    session: AsyncSession, principal: Principal, given: HoursFilter
) -> list[ServiceLine]:
    return await service_lines(session, _filtered(principal, given))


async def own_lines(session: AsyncSession, principal: Principal) -> list[ServiceLine]:
    """The signed-in volunteer's own confirmed service."""
    if principal.volunteer_id is None:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only a volunteer has a record.")
    own = select(Assignment).where(Assignment.volunteer_id == principal.volunteer_id)
    return await service_lines(session, own)


async def own_volunteer(session: AsyncSession, principal: Principal) -> Volunteer:
    volunteer = (
        await session.get(Volunteer, principal.volunteer_id) if principal.volunteer_id else None
    )
    if volunteer is None:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only a volunteer has a record.")
    return volunteer


def shown_person(principal: Principal, line: ServiceLine) -> tuple[str, str]:
    """(name, phone) as the CSV shows them: the name in full inside the volunteer's
    organization (and to ADMIN), masked outside it and for a partner token without
    PERSONAL_DATA (counts, not people); the phone always masked."""
    inside = policy.may_see_people(principal) and (
        principal.is_admin
        or (line.organization_id is not None and principal.organization_id == line.organization_id)
    )
    name = line.volunteer.display_name
    return (name if inside else masked_name(name)), mask_phone(line.volunteer.phone)
