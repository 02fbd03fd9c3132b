"""A referral's answer: the department to which a request was referred says what it
decided, and the office records it. An outcome is settled when it needs nothing more: a
referral once answered, a need once delivered, an answer or a duplicate at once. The
request closes by itself when the last of its outcomes is settled."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.dispatch.model import Dispatch
from domain.helprequests.claims import require_worker, take
from domain.helprequests.model import (
    HelpRequest,
    HelpRequestOutcome,
    HelpRequestStatus,
    OutcomeKind,
)
from domain.helprequests.outcomes import close
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import DispatchStatus, NeedStatus
from domain.kernel.errors import DomainError, ErrorCode, Errors, UserError
from domain.matching.records import Allocation
from domain.needs.model import Need

ANSWER_MAX = 2000


@dataclass(frozen=True, slots=True)
class AnswerHelpRequestReferral:
    help_request_outcome_id: uuid.UUID
    answer: str


def need_delivered(need_id: Any) -> ColumnElement[bool]:
    """The need has a COMPLETED dispatch, or is FULFILLED."""
    completed = select(Allocation.need_id).join(Dispatch, Dispatch.allocation_id == Allocation.id)
    completed = completed.where(Dispatch.status == DispatchStatus.COMPLETED)
    fulfilled = select(Need.id).where(Need.status == NeedStatus.FULFILLED)
    return or_(need_id.in_(completed), need_id.in_(fulfilled))


def open_referral_of(help_request_id: Any) -> ColumnElement[bool]:
    """The request has a referral the department has not answered (an alias: the outer
    query may join the outcomes already)."""
    referral = aliased(HelpRequestOutcome)
    return exists().where(
        referral.help_request_id == help_request_id,
        referral.kind == OutcomeKind.REFERRAL,
        referral.answered_at.is_(None),
    )


async def all_settled(session: AsyncSession, help_request_id: uuid.UUID) -> bool:
    """Every outcome of the request is settled (and it has one)."""
    unsettled = or_(
        and_(
            HelpRequestOutcome.kind == OutcomeKind.REFERRAL,
            HelpRequestOutcome.answered_at.is_(None),
        ),
        and_(
            HelpRequestOutcome.kind == OutcomeKind.NEED,
            ~need_delivered(HelpRequestOutcome.need_id),
        ),
    )
    outcomes = select(HelpRequestOutcome.id).where(
        HelpRequestOutcome.help_request_id == help_request_id
    )
    if await session.scalar(outcomes.limit(1)) is None:
        return False
    return await session.scalar(outcomes.where(unsettled).limit(1)) is None


async def answer_referral(
    session: AsyncSession, principal: Principal, command: AnswerHelpRequestReferral
) -> tuple[HelpRequest, HelpRequestOutcome]:
    """Record the department's answer on a referral: the office of jurisdiction or its
    operators, holding the request (claims.take) while it is open. When it was the last
    outcome still open the request closes, the answer being what the requester is told.
    A request closed already by a call-back still takes its referral's answer."""
    require_worker(principal)
    errors = Errors()
    answer = validation.text(errors, "answer", command.answer, max_length=ANSWER_MAX)
    referral = await session.get(
        HelpRequestOutcome, command.help_request_outcome_id, with_for_update=True
    )
    request = (
        await session.get(HelpRequest, referral.help_request_id) if referral is not None else None
    )
    if (
        referral is None
        or referral.kind is not OutcomeKind.REFERRAL
        or request is None
        or not principal.answers_calls_for(request.region_code)
    ):
        raise DomainError.single(
            "help_request_outcome_id", ErrorCode.NOT_FOUND, "No such referral."
        )
    if referral.answered_at is not None:
        errors.add(
            "help_request_outcome_id", ErrorCode.INVALID_TRANSITION, "This referral was answered."
        )
    errors.raise_if_any()
    assert answer is not None
    now = utcnow()
    if request.status is not HelpRequestStatus.CLOSED:
        try:
            request = await take(session, principal, request.id, now)
        except DomainError as refused:
            # The request is reached through the referral: its refusals name this input.
            raise DomainError(
                [UserError(("help_request_outcome_id",), e.message, e.code) for e in refused.errors]
            ) from refused
    referral.answer = answer
    referral.answered_at = now
    referral.answered_by_account_id = principal.account_id
    audit.record(
        session,
        principal,
        "help_request.referral_answered",
        request,
        region_code=request.region_code,
        details={"department": referral.department.value if referral.department else None},
    )
    await session.flush()
    if request.status is not HelpRequestStatus.CLOSED and await all_settled(session, request.id):
        await close(session, principal, request, answer, "OUTCOMES_SETTLED")
    return request, referral
