"""The visitor's list, and the visits of an office's jurisdiction."""

from __future__ import annotations

import enum

import strawberry

from api.kernel.connections import connection_field, equals, in_region, narrows, node_id
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import to_global_id
from api.kernel.nodes import register
from api.visits.types import FindingReferralType, VisitRoundType, VisitStatusEnum, VisitType
from domain.visits import reassign
from domain.visits.findings import visible_referrals
from domain.visits.model import Visit
from domain.visits.records import my_visits, visible_visits
from domain.visits.rounds import visible_rounds


@strawberry.input
class VisitFilter:
    incident_id: strawberry.ID | None = narrows(
        node_id(Visit.incident_id, "Incident", "incidentId")
    )
    round_id: strawberry.ID | None = narrows(node_id(Visit.round_id, "VisitRound", "roundId"))
    status: VisitStatusEnum | None = narrows(equals(Visit.status))  # type: ignore[valid-type]
    region_code: str | None = narrows(in_region(Visit.region_code))


class VisitorKind(enum.Enum):
    ACCOUNT = "ACCOUNT"
    ORGANIZATION = "ORGANIZATION"
    VOLUNTEER = "VOLUNTEER"


VisitorKindEnum = strawberry.enum(
    VisitorKind, description="Who visits: an office's staff member, an organization, a volunteer."
)


@strawberry.type(description="Someone a visit may be given to (reassignVisit).")
class VisitorChoice:
    kind: VisitorKindEnum  # type: ignore[valid-type]
    id: strawberry.ID = strawberry.field(description="An Account, Organization or Volunteer id.")
    label: str = strawberry.field(description="The organization's name, or the person's.")


NODE_TYPES = {"ACCOUNT": "Account", "ORGANIZATION": "Organization", "VOLUNTEER": "Volunteer"}


@strawberry.type
class VisitQueries:
    @strawberry.field(
        description="Whom the office may give its visits to: its staff, then the providers "
        "with an AVAILABLE CARE_VISITS offer. Office staff only."
    )
    async def visitor_choices(self, info: Info) -> list[VisitorChoice]:
        with refusals_as_graphql_errors():
            async with info.context.reading() as session:
                found = await reassign.visitor_choices(session, info.context.principal)
        return [
            VisitorChoice(
                kind=VisitorKind(c.kind),
                id=strawberry.ID(to_global_id(NODE_TYPES[c.kind], c.id)),
                label=c.label,
            )
            for c in found
        ]

    my_visits = connection_field(
        VisitType,
        scope=my_visits,
        filter=VisitFilter,
        description="The visits assigned to the viewer (office staff, an organization's "
        "members, a volunteer), most vulnerable first. filter: incidentId, roundId, status, "
        "regionCode.",
    )
    visits = connection_field(
        VisitType,
        scope=visible_visits,
        filter=VisitFilter,
        description="Visits of the office's jurisdiction, and the viewer's own.",
    )
    visit_rounds = connection_field(
        VisitRoundType, scope=visible_rounds, description="Visit rounds of the jurisdiction."
    )


register(VisitType, scope=visible_visits)
register(VisitRoundType, scope=visible_rounds)
register(FindingReferralType, scope=visible_referrals)
