"""One module per help-request mutation."""

import strawberry

from api.helprequests.mutations.answer_help_request import AnswerHelpRequest
from api.helprequests.mutations.answer_help_request_referral import AnswerHelpRequestReferral
from api.helprequests.mutations.claim_help_request import ClaimHelpRequest
from api.helprequests.mutations.close_help_request import CloseHelpRequest
from api.helprequests.mutations.convert_help_request_to_need import ConvertHelpRequestToNeed
from api.helprequests.mutations.mark_help_request_duplicate import MarkHelpRequestDuplicate
from api.helprequests.mutations.record_call_down import RecordCallDown
from api.helprequests.mutations.refer_help_request import ReferHelpRequest
from api.helprequests.mutations.release_help_request import ReleaseHelpRequest
from api.helprequests.mutations.set_hotline_times import SetHotlineTimes
from api.helprequests.mutations.submit_help_request import SubmitHelpRequest
from api.helprequests.mutations.triage_help_request import TriageHelpRequest


@strawberry.type
class HelpRequestsMutations(
    SubmitHelpRequest,
    ClaimHelpRequest,
    ReleaseHelpRequest,
    TriageHelpRequest,
    ConvertHelpRequestToNeed,
    ReferHelpRequest,
    AnswerHelpRequest,
    MarkHelpRequestDuplicate,
    CloseHelpRequest,
    AnswerHelpRequestReferral,
    RecordCallDown,
    SetHotlineTimes,
):
    """Every help-request mutation, composed into the schema's Mutation root."""
