"""The `answerHelpRequestReferral` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestOutcomeType, HelpRequestType
from api.kernel.mutations import mutation
from domain.helprequests import referrals


@strawberry.input
class AnswerHelpRequestReferralInput:
    help_request_outcome_id: strawberry.ID = strawberry.field(
        description="The REFERRAL outcome (HelpRequest.outcomes { id })."
    )
    answer: str = strawberry.field(description="What the department decided or said.")


@strawberry.type
class AnswerHelpRequestReferralPayload:
    help_request: HelpRequestType | None
    referral: HelpRequestOutcomeType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class AnswerHelpRequestReferral:
    answer_help_request_referral = mutation(
        AnswerHelpRequestReferralInput,
        AnswerHelpRequestReferralPayload,
        referrals.answer_referral,
        description="Record a department's answer on a referral; when every outcome of the "
        "request is settled (referrals answered, needs delivered) the request closes and "
        "the requester is told by SMS.",
    )
