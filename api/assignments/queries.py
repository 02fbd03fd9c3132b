"""The viewer's assignments, an organization's roster, hours per volunteer."""

from __future__ import annotations

from typing import cast

import strawberry

from api.assignments.types import (
    AssignmentStatusEnum,
    AssignmentType,
    HoursSummaryType,
    RosterMemberType,
    VolunteerHoursType,
)
from api.kernel.connections import connection_field, equals, narrows, node_id
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import optional_id, to_global_id
from api.kernel.nodes import register
from api.kernel.types import Connection, connection_of, row_type
from api.registry.types import SkillEnum
from api.volunteers.types import VolunteerType
from domain.assignments import hours, roster
from domain.assignments.model import Assignment
from domain.assignments.services import assignments_of, visible_assignments
from domain.registry.model import Volunteer


@strawberry.input
class AssignmentFilter:
    incident_id: strawberry.ID | None = narrows(
        node_id(Assignment.incident_id, "Incident", "incidentId")
    )
    organization_id: strawberry.ID | None = narrows(
        node_id(Assignment.organization_id, "Organization", "organizationId")
    )
    status: AssignmentStatusEnum | None = narrows(equals(Assignment.status))  # type: ignore[valid-type]


@strawberry.input
class VolunteerHoursFilter:
    incident_id: strawberry.ID | None = None
    organization_id: strawberry.ID | None = None


@strawberry.type
class VolunteerWorkFields:
    """A volunteer's assignments and hours: the fields a volunteer's type takes on."""

    assignments = connection_field(
        AssignmentType,
        of_parent=lambda volunteer: assignments_of(volunteer.id),
        filter=AssignmentFilter,
        description="The volunteer's assignments, in the order they were made.",
    )

    @strawberry.field(description="Minutes confirmed, and minutes checked out awaiting it.")
    async def hours(self, root: Volunteer, info: Info) -> HoursSummaryType:
        async with info.context.reading() as session:
            return HoursSummaryType.of(await hours.summary(session, root.id))


@row_type(Volunteer, name="VolunteerWork", description="The signed-in volunteer's work.")
class VolunteerWorkType(VolunteerWorkFields):
    skills: list[SkillEnum]  # type: ignore[valid-type]

    @strawberry.field(description="The Volunteer's id.")
    def id(self, root: Volunteer) -> strawberry.ID:
        return strawberry.ID(to_global_id("Volunteer", root.id))


async def _hours_page(
    info: Info, filter: VolunteerHoursFilter, first: int | None, after: str | None
) -> Connection[VolunteerHoursType]:
    with refusals_as_graphql_errors():
        given = hours.HoursFilter(
            incident_id=optional_id(filter.incident_id, "Incident", "incidentId"),
            organization_id=optional_id(filter.organization_id, "Organization", "organizationId"),
        )
        async with info.context.reading() as session:
            page = await hours.volunteer_hours(
                session, info.context.principal, given, first=first, after=after
            )
    shown = connection_of(page, after=after)  # type: ignore[arg-type]
    for edge in shown.edges:
        edge.node = VolunteerHoursType.of(edge.node)
    return shown


@strawberry.type
class AssignmentQueries:
    @strawberry.field(description="The signed-in volunteer's assignments and hours, or null.")
    async def my_volunteer_work(self, info: Info) -> VolunteerWorkType | None:
        ident = info.context.principal.volunteer_id
        if ident is None:
            return None
        async with info.context.reading() as session:
            row = await session.get(Volunteer, ident)
        return cast(VolunteerWorkType, row) if row else None

    assignments = connection_field(
        AssignmentType,
        scope=visible_assignments,
        filter=AssignmentFilter,
        description="The viewer's own, the viewer's organization's deployments, and those "
        "of the office's jurisdiction. filter: incidentId, organizationId, status.",
    )

    @strawberry.field(
        description="Hours per volunteer of an incident or an organization, most confirmed "
        "first; of the assignments the viewer may see. filter: incidentId or organizationId."
    )
    async def volunteer_hours(
        self,
        info: Info,
        filter: VolunteerHoursFilter,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[VolunteerHoursType]:
        return await _hours_page(info, filter, first, after)

    @strawberry.field(
        description="The organization's approved members with their hours and next "
        "assignment; with allocationId (an accepted allocation of the organization), whether "
        "each may be deployed on it (skills held, free in its window), the eligible first."
    )
    async def roster(
        self,
        info: Info,
        organization_id: strawberry.ID | None = None,
        allocation_id: strawberry.ID | None = None,
        skill: SkillEnum | None = None,  # type: ignore[valid-type]
    ) -> list[RosterMemberType]:
        with refusals_as_graphql_errors():
            async with info.context.reading() as session:
                members = await roster.roster(
                    session,
                    info.context.principal,
                    organization_id=optional_id(organization_id, "Organization", "organizationId"),
                    allocation_id=optional_id(allocation_id, "Allocation", "allocationId"),
                    skill=skill,
                )
        return [
            RosterMemberType(
                volunteer=VolunteerType.of(m.volunteer),
                hours=HoursSummaryType.of(m.hours),
                eligible=m.eligible,
                reason=m.reason,
                next_assignment=AssignmentType.of(m.next_assignment) if m.next_assignment else None,
            )
            for m in members
        ]


register(AssignmentType, scope=visible_assignments)
