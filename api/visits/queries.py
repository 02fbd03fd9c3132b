"""The visitor's list, and the visits of an office's jurisdiction."""

from __future__ import annotations

import strawberry

from api.kernel.connections import connection_field, equals, in_region, narrows, node_id
from api.kernel.nodes import register
from api.visits.types import FindingReferralType, VisitRoundType, VisitStatusEnum, VisitType
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


@strawberry.type
class VisitQueries:
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
