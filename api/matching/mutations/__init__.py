"""One module per matching mutation."""

import strawberry

from api.matching.mutations.accept_allocation import AcceptAllocation
from api.matching.mutations.assign_offer import AssignOffer
from api.matching.mutations.decline_allocation import DeclineAllocation
from api.matching.mutations.pledge_offer import PledgeOffer
from api.matching.mutations.reconsider_allocation import ReconsiderAllocation
from api.matching.mutations.run_matching import RunMatching
from api.matching.mutations.veto_allocation import VetoAllocation


@strawberry.type
class MatchingMutations(
    PledgeOffer,
    RunMatching,
    AcceptAllocation,
    DeclineAllocation,
    ReconsiderAllocation,
    VetoAllocation,
    AssignOffer,
):
    """Every matching mutation, composed into the schema's Mutation root."""
