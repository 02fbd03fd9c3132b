"""A help request as offices read it, and as the requester reads its progress."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.incidents.types import IncidentType
from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.types import Node, RowBacked, row_type
from api.needs.types import NeedType, SpecialGroupEnum, UrgencyEnum
from api.registry.types import AccountType, OfficeType, RegionType
from domain.helprequests import services
from domain.helprequests.model import (
    CallDownAnswer,
    Department,
    HelpRequest,
    HelpRequestChannel,
    HelpRequestOutcome,
    HelpRequestStatus,
    HotlineTimes,
    OutcomeKind,
)
from domain.kernel import policy
from domain.kernel.personal_data import mask_phone

HelpRequestStatusEnum = strawberry.enum(HelpRequestStatus)
HelpRequestChannelEnum = strawberry.enum(HelpRequestChannel)
OutcomeKindEnum = strawberry.enum(
    OutcomeKind, name="HelpRequestOutcomeKind", description="What was done about a request."
)
DepartmentEnum = strawberry.enum(
    Department, name="ReferralDepartment", description="Where a request is referred."
)
CallDownAnswerEnum = strawberry.enum(CallDownAnswer)


def _minutes(start: datetime, end: datetime | None) -> int | None:
    return None if end is None else int((end - start).total_seconds() // 60)


async def _outcomes(info: Info, request: HelpRequest) -> list[HelpRequestOutcome]:
    """Every outcome of the requests a page shows, in one query."""
    loaded = info.context.loaders.setdefault("help_request_outcomes", {})
    if request.id not in loaded:
        async with info.context.reading() as session:
            loaded.update(await services.outcomes_of(session, [request.id]))
    found: list[HelpRequestOutcome] = loaded[request.id]
    return found


@row_type(
    HelpRequestOutcome,
    name="HelpRequestOutcome",
    description="One thing done about a request: a need, a referral, an answer, a duplicate.",
)
class HelpRequestOutcomeType(Node):
    kind: OutcomeKindEnum  # type: ignore[valid-type]
    department: DepartmentEnum | None  # type: ignore[valid-type]
    note: str | None
    created_at: datetime
    answer: str | None = strawberry.field(
        description="A referral's answer from its department; null while it is open."
    )
    answered_at: datetime | None
    need = loaders.related(NeedType, "need_id")


@row_type(HelpRequest, name="HelpRequest", description="A call for help (求助) and its handling.")
class HelpRequestType(Node):
    reference: str = strawberry.field(description="Read to the requester, e.g. QZ-7K3F9Q2M.")
    status: HelpRequestStatusEnum  # type: ignore[valid-type]
    channel: HelpRequestChannelEnum  # type: ignore[valid-type]
    urgency: UrgencyEnum | None = strawberry.field(  # type: ignore[valid-type]
        description="As given when submitted, then as triaged."
    )
    people_count: int
    special_groups: list[SpecialGroupEnum]  # type: ignore[valid-type]
    category_codes: list[str]
    description: str | None
    triage_note: str | None
    close_note: str | None = strawberry.field(description="The call-back: what they were told.")
    received_at: datetime
    first_response_at: datetime | None = strawberry.field(description="When it was triaged.")
    outcome_at: datetime | None = strawberry.field(description="Its first outcome.")
    closed_at: datetime | None
    claimed_at: datetime | None
    triage_alerted_at: datetime | None = strawberry.field(
        description="When its office was told it waits too long for triage."
    )
    call_down_due_at: datetime | None = strawberry.field(
        description="Set while a call-down (do you still need help?) is due."
    )
    updated_at: datetime

    office = loaders.related(OfficeType, "office_id", description="The office of jurisdiction.")
    incident = loaders.related(IncidentType, "incident_id")
    claimed_by = loaders.related(AccountType, "claimed_by_account_id")

    @strawberry.field
    def region(self, root: HelpRequest) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field(description="Null unless the viewer is the office of jurisdiction.")
    def requester_name(self, root: HelpRequest, info: Info) -> str | None:
        full = policy.may_see_help_requester(info.context.principal, region_code=root.region_code)
        return root.requester_name if full else None

    @strawberry.field(description="In full for the office of jurisdiction; masked for others.")
    def phone(self, root: HelpRequest, info: Info) -> str:
        full = policy.may_see_help_requester(info.context.principal, region_code=root.region_code)
        return root.phone if full else mask_phone(root.phone)

    @strawberry.field(description="Null unless the viewer is the office of jurisdiction.")
    def for_whom(self, root: HelpRequest, info: Info) -> str | None:
        full = policy.may_see_help_requester(info.context.principal, region_code=root.region_code)
        return root.for_whom if full else None

    @strawberry.field(
        description="Township, village, street: null unless the viewer is the office of "
        "jurisdiction."
    )
    def address(self, root: HelpRequest, info: Info) -> str | None:
        full = policy.may_see_help_requester(info.context.principal, region_code=root.region_code)
        return root.address if full else None

    @strawberry.field(description="From receipt to triage; null until triaged.")
    def minutes_to_first_response(self, root: HelpRequest) -> int | None:
        return _minutes(root.received_at, root.first_response_at)

    @strawberry.field(description="From receipt to its first outcome; null until then.")
    def minutes_to_outcome(self, root: HelpRequest) -> int | None:
        return _minutes(root.received_at, root.outcome_at)

    @strawberry.field(description="Oldest first.")
    async def outcomes(self, root: HelpRequest, info: Info) -> list[HelpRequestOutcomeType]:
        return [HelpRequestOutcomeType.of(o) for o in await _outcomes(info, root)]


@strawberry.type(description="One step of a request's handling, as the requester sees it.")
class HelpRequestStep:
    kind: OutcomeKindEnum  # type: ignore[valid-type]
    department: DepartmentEnum | None  # type: ignore[valid-type]
    created_at: datetime


@strawberry.type(description="What the requester may see of their request: no names, no notes.")
class HelpRequestProgress:
    reference: str
    status: HelpRequestStatusEnum  # type: ignore[valid-type]
    received_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    outcomes: list[HelpRequestStep]


@row_type(HotlineTimes, name="HotlineTimes", description="An office's own help-request limits.")
class HotlineTimesType(RowBacked):
    triage_minutes: int
    call_down_hours: int
    updated_at: datetime
    office = loaders.related(OfficeType, "office_id")
