"""One module per visit mutation."""

import strawberry

from api.visits.mutations.close_finding_referral import CloseFindingReferral
from api.visits.mutations.plan_visit_round import PlanVisitRound
from api.visits.mutations.reassign_visit import ReassignVisit
from api.visits.mutations.record_visit import RecordVisit
from api.visits.mutations.refer_finding import ReferFinding


@strawberry.type
class VisitsMutations(
    PlanVisitRound, RecordVisit, ReferFinding, CloseFindingReferral, ReassignVisit
):
    """Every visit mutation, composed into the schema's Mutation root."""
