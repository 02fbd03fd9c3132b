"""Assignments, hours served, and an organization's roster as the deploy form reads it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.types import Connection, Node, row_type
from api.needs.types import NeedType
from api.registry.types import OrganizationType, RegionType
from api.volunteers.types import VolunteerType
from domain.assignments import attendance
from domain.assignments.hours import HoursSummary, VolunteerHours
from domain.assignments.model import Assignment, AssignmentStatus
from domain.kernel import policy
from domain.kernel.personal_data import mask_phone, masked_name
from domain.registry.model import Volunteer

AssignmentStatusEnum = strawberry.enum(
    AssignmentStatus,
    description="PLANNED → CHECKED_IN → CHECKED_OUT → CONFIRMED (hours confirmed), or CANCELLED.",
)


@strawberry.type(description="A position the browser gave, when the volunteer allowed it.")
class Position:
    latitude: float
    longitude: float


def _position(latitude: float | None, longitude: float | None) -> Position | None:
    if latitude is None or longitude is None:
        return None
    return Position(latitude=latitude, longitude=longitude)


async def _volunteer(root: Assignment, info: Info) -> Volunteer | None:
    return await loaders.loader(info.context, Volunteer).load(root.volunteer_id)


@row_type(
    Assignment, name="Assignment", description="A volunteer's part in an accepted allocation."
)
class AssignmentType(Node):
    status: AssignmentStatusEnum  # type: ignore[valid-type]
    starts_at: datetime
    ends_at: datetime
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    minutes: int | None = strawberry.field(description="Between check-in and check-out.")
    minutes_confirmed: int | None = strawberry.field(
        description="As the organization or the office confirmed them."
    )
    confirmed_at: datetime | None
    created_at: datetime

    need = loaders.related(NeedType, "need_id")
    organization = loaders.related(
        OrganizationType,
        "organization_id",
        description="The organization the volunteer serves with here: the one that deployed "
        "them, or the one they are a member of; null for a volunteer on their own.",
    )

    @strawberry.field
    def region(self, root: Assignment) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field(description="Null for a partner token without PERSONAL_DATA.")
    async def volunteer(self, root: Assignment, info: Info) -> VolunteerType | None:
        if not policy.may_see_people(info.context.principal):
            return None
        row = await _volunteer(root, info)
        return VolunteerType.of(row) if row else None

    @strawberry.field(
        description="In full for the volunteer, the deploying organization's admins and, "
        "while the assignment is active, the need's office; masked for others."
    )
    async def contact_phone(self, root: Assignment, info: Info) -> str | None:
        row = await _volunteer(root, info)
        if row is None:
            return None
        full = attendance.may_see_whereabouts(info.context.principal, root)
        return row.phone if full else mask_phone(row.phone)

    @strawberry.field(description="Null unless the viewer may see the volunteer's contacts.")
    async def contact_email(self, root: Assignment, info: Info) -> str | None:
        row = await _volunteer(root, info)
        if row is None or not attendance.may_see_whereabouts(info.context.principal, root):
            return None
        account = await loaders.account(info.context, row.account_id)
        return account.email if account else None

    @strawberry.field(description="Where the volunteer checked in; as contactPhone, or null.")
    def check_in_position(self, root: Assignment, info: Info) -> Position | None:
        if not attendance.may_see_whereabouts(info.context.principal, root):
            return None
        return _position(root.check_in_latitude, root.check_in_longitude)

    @strawberry.field(description="Where the volunteer checked out; as contactPhone, or null.")
    def check_out_position(self, root: Assignment, info: Info) -> Position | None:
        if not attendance.may_see_whereabouts(info.context.principal, root):
            return None
        return _position(root.check_out_latitude, root.check_out_longitude)


@strawberry.type(name="VolunteerHoursSummary", description="Minutes served, in all.")
class HoursSummaryType:
    confirmed_minutes: int
    pending_minutes: int = strawberry.field(description="Checked out, not yet confirmed.")

    @classmethod
    def of(cls, summary: HoursSummary) -> HoursSummaryType:
        return cls(
            confirmed_minutes=summary.confirmed_minutes, pending_minutes=summary.pending_minutes
        )


@strawberry.type(name="VolunteerHours", description="One volunteer's hours within a filter.")
class VolunteerHoursType:
    row: strawberry.Private[VolunteerHours]
    confirmed_minutes: int
    pending_minutes: int
    assignments: int = strawberry.field(description="How many assignments, of any status.")

    @classmethod
    def of(cls, row: VolunteerHours) -> VolunteerHoursType:
        return cls(
            row=row,
            confirmed_minutes=row.confirmed_minutes,
            pending_minutes=row.pending_minutes,
            assignments=row.assignments,
        )

    @strawberry.field(description="Null for a partner token without PERSONAL_DATA: counts only.")
    async def volunteer(self, info: Info) -> VolunteerType | None:
        if not policy.may_see_people(info.context.principal):
            return None
        row = await loaders.loader(info.context, Volunteer).load(self.row.volunteer_id)
        return VolunteerType.of(row) if row else None

    @strawberry.field(description="The name with all but its first character masked: 张**.")
    async def masked_name(self, info: Info) -> str:
        row = await loaders.loader(info.context, Volunteer).load(self.row.volunteer_id)
        return masked_name(row.display_name) if row else ""


@strawberry.type(name="RosterMember", description="An approved member, as the deploy form reads.")
class RosterMemberType:
    volunteer: VolunteerType
    hours: HoursSummaryType
    eligible: bool = strawberry.field(
        description="Holds the need's required skills and is free in its window (when an "
        "allocation is given)."
    )
    reason: str | None = strawberry.field(
        description="Why not eligible: PROVIDER_NOT_VERIFIED (rejected or suspended by the "
        "office), SKILLS_MISSING, OUTSIDE_AVAILABILITY, OVERLAPPING_ASSIGNMENT."
    )
    next_assignment: AssignmentType | None


@strawberry.type(description="A volunteer's assignments, a page at a time.")
class VolunteerAssignmentConnection(Connection[AssignmentType]):
    """The Volunteer type (a layer below) names this one lazily, by name."""
