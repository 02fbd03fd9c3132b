"""Working a request: triage, then one or more outcomes (a need, a referral, an answer, a
duplicate), then the call-back that closes it. Each step needs the claim (claims.take)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests.changes import change_of
from domain.helprequests.claims import take
from domain.helprequests.model import (
    Department,
    HelpRequest,
    HelpRequestOutcome,
    HelpRequestStatus,
    OutcomeKind,
)
from domain.incidents.model import Incident
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors, UserError
from domain.kernel.outbox import HELP_REQUEST_CLOSED, emit
from domain.matching.model import Urgency
from domain.needs import services as needs
from domain.needs.model import Need


@dataclass(frozen=True, slots=True)
class TriageHelpRequest:
    help_request_id: uuid.UUID
    urgency: Urgency
    note: str | None = None
    incident_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ConvertHelpRequestToNeed:
    help_request_id: uuid.UUID
    incident_id: uuid.UUID
    category_code: str
    quantity: int
    needed_by: datetime


@dataclass(frozen=True, slots=True)
class ReferHelpRequest:
    help_request_id: uuid.UUID
    department: Department
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerHelpRequest:
    help_request_id: uuid.UUID
    note: str


@dataclass(frozen=True, slots=True)
class MarkHelpRequestDuplicate:
    help_request_id: uuid.UUID
    duplicate_of_id: uuid.UUID
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CloseHelpRequest:
    help_request_id: uuid.UUID
    note: str


def _note(errors: Errors, value: str | None, *, required: bool = False) -> str | None:
    return validation.text(errors, "note", value, max_length=2000, required=required)


async def triage_help_request(
    session: AsyncSession, principal: Principal, command: TriageHelpRequest
) -> HelpRequest:
    """Judge how urgent it is: the first response, timed. Triaging again re-judges it."""
    now = utcnow()
    request = await take(session, principal, command.help_request_id, now)
    errors = Errors()
    note = _note(errors, command.note)
    if command.incident_id is not None and await session.get(Incident, command.incident_id) is None:
        errors.add("incident_id", ErrorCode.NOT_FOUND, "No such incident.")
    errors.raise_if_any()
    request.urgency = command.urgency
    request.triage_note = note or request.triage_note
    request.incident_id = command.incident_id or request.incident_id
    if request.status is HelpRequestStatus.RECEIVED:
        request.status = HelpRequestStatus.TRIAGED
        request.first_response_at = now
    audit.record(
        session,
        principal,
        "help_request.triaged",
        request,
        region_code=request.region_code,
        details={"urgency": command.urgency.value},
    )
    return request


async def _workable(
    session: AsyncSession, principal: Principal, help_request_id: uuid.UUID, now: datetime
) -> HelpRequest:
    request = await take(session, principal, help_request_id, now)
    if request.status is HelpRequestStatus.RECEIVED:
        raise DomainError.single(
            "help_request_id", ErrorCode.INVALID_TRANSITION, "Triage the request first."
        )
    return request


def _record(
    session: AsyncSession,
    principal: Principal,
    request: HelpRequest,
    now: datetime,
    kind: OutcomeKind,
    **values: object,
) -> HelpRequestOutcome:
    outcome = HelpRequestOutcome(
        help_request_id=request.id, kind=kind, account_id=principal.account_id, **values
    )
    session.add(outcome)
    request.status = HelpRequestStatus.ACTIONED
    request.outcome_at = request.outcome_at or now
    audit.record(
        session,
        principal,
        f"help_request.{kind.value.lower()}",
        request,
        region_code=request.region_code,
        details={k: str(v) for k, v in values.items() if v is not None},
    )
    return outcome


async def convert_to_need(
    session: AsyncSession, principal: Principal, command: ConvertHelpRequestToNeed
) -> tuple[HelpRequest, Need]:
    """Publish a need for the request's county (the office's act: operators hand the
    request to staff), linked, so that its delivery closes the request."""
    now = utcnow()
    request = await _workable(session, principal, command.help_request_id, now)
    fields = needs.NeedFields(
        quantity=command.quantity,
        urgency=request.urgency,
        needed_by=command.needed_by,
        description=request.description,
        beneficiary_count=request.people_count,
    )
    publish = needs.PublishNeed(
        incident_id=command.incident_id,
        region_code=request.region_code,
        category_code=command.category_code,
        fields=fields,
        confirm_duplicate=True,
    )
    try:
        need, _ = await needs.publish_need(session, principal, publish)
    except DomainError as refused:
        # The need's region is the request's: a region outside the incident is the
        # incident's fault, as far as this input goes.
        raise DomainError(
            [
                UserError(("incident_id",), e.message, e.code) if e.field == ("region_code",) else e
                for e in refused.errors
            ]
        ) from refused
    need.special_groups = list(request.special_groups)
    request.incident_id = command.incident_id
    _record(session, principal, request, now, OutcomeKind.NEED, need_id=need.id)
    return request, need


async def refer_help_request(
    session: AsyncSession, principal: Principal, command: ReferHelpRequest
) -> HelpRequest:
    """Hand it to a department: a 低保/特困/临时救助 assessment, housing, health…"""
    now = utcnow()
    request = await _workable(session, principal, command.help_request_id, now)
    errors = Errors()
    note = _note(errors, command.note)
    errors.raise_if_any()
    _record(
        session,
        principal,
        request,
        now,
        OutcomeKind.REFERRAL,
        department=command.department,
        note=note,
    )
    return request


async def answer_help_request(
    session: AsyncSession, principal: Principal, command: AnswerHelpRequest
) -> HelpRequest:
    """Answered on the spot: information, advice, where to go."""
    now = utcnow()
    request = await _workable(session, principal, command.help_request_id, now)
    errors = Errors()
    note = _note(errors, command.note, required=True)
    errors.raise_if_any()
    _record(session, principal, request, now, OutcomeKind.ANSWERED, note=note)
    return request


async def mark_duplicate(
    session: AsyncSession, principal: Principal, command: MarkHelpRequestDuplicate
) -> HelpRequest:
    """The same call as another request: the other one is worked."""
    now = utcnow()
    request = await _workable(session, principal, command.help_request_id, now)
    errors = Errors()
    note = _note(errors, command.note)
    original = await session.get(HelpRequest, command.duplicate_of_id)
    if original is None or not principal.answers_calls_for(original.region_code):
        errors.add("duplicate_of", ErrorCode.NOT_FOUND, "No such help request.")
    elif original.id == request.id:
        errors.add("duplicate_of", ErrorCode.INVALID, "A request does not duplicate itself.")
    errors.raise_if_any()
    _record(
        session,
        principal,
        request,
        now,
        OutcomeKind.DUPLICATE,
        duplicate_of_id=command.duplicate_of_id,
        note=note,
    )
    return request


async def close(
    session: AsyncSession, principal: Principal, request: HelpRequest, note: str, reason: str
) -> None:
    """CLOSED, with what the requester was told; they and the operator hear of it."""
    now = utcnow()
    request.status = HelpRequestStatus.CLOSED
    request.closed_at = now
    request.close_note = note
    request.claimed_by_account_id = None
    request.claimed_at = None
    request.call_down_due_at = None
    told = await change_of(session, request, WebhookEvent.HELP_REQUEST_CLOSED)
    emit(
        session,
        HELP_REQUEST_CLOSED,
        {"helpRequestId": str(request.id), "reason": reason, **told},
    )
    audit.record(
        session,
        principal,
        "help_request.closed",
        request,
        region_code=request.region_code,
        details={"reason": reason},
    )


async def close_help_request(
    session: AsyncSession, principal: Principal, command: CloseHelpRequest
) -> HelpRequest:
    """Close after an outcome, logging the call-back: what the requester was told."""
    request = await take(session, principal, command.help_request_id, utcnow())
    errors = Errors()
    note = _note(errors, command.note, required=True)
    if request.status is not HelpRequestStatus.ACTIONED:
        errors.add(
            "help_request_id",
            ErrorCode.INVALID_TRANSITION,
            "Record an outcome (a need, a referral, an answer or a duplicate) first.",
        )
    errors.raise_if_any()
    assert note is not None
    await close(session, principal, request, note, "CALL_BACK")
    return request
