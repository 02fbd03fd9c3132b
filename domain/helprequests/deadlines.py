"""The periodic checks of help requests, and the call-down's answer.

- A request not triaged within its office's triage time (the office's own, or the
  deployment's default) alerts its office; at twice that, the office above.
- A request still open after the call-down period becomes a call-down task ("do you still
  need help?") for its office; the answer keeps it, changes it or closes it.
- A request turned into a need closes when that need is delivered: a completed dispatch
  for it, or the need FULFILLED.
Each mark is set by one guarded UPDATE, so however many workers run, each is told once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories import services as categories
from domain.helprequests import times
from domain.helprequests.claims import take
from domain.helprequests.model import (
    OPEN_STATUSES,
    CallDownAnswer,
    HelpRequest,
    HelpRequestOutcome,
    HelpRequestStatus,
    OutcomeKind,
)
from domain.helprequests.outcomes import close
from domain.helprequests.referrals import need_delivered, open_referral_of
from domain.kernel import audit, validation
from domain.kernel.auth.principal import ANONYMOUS, Principal
from domain.kernel.db.base import utcnow
from domain.kernel.errors import ErrorCode, Errors
from domain.kernel.outbox import (
    HELP_REQUEST_CALL_DOWN,
    HELP_REQUEST_TRIAGE_ESCALATION,
    HELP_REQUEST_TRIAGE_LATE,
    emit,
)
from domain.matching.model import Urgency

DELIVERED_NOTE = "所需物资已送达。"


@dataclass(frozen=True, slots=True)
class RecordCallDown:
    help_request_id: uuid.UUID
    answer: CallDownAnswer
    note: str | None = None
    urgency: Urgency | None = None
    description: str | None = None
    category_codes: list[str] = field(default_factory=list)


def _by_office(
    own: dict[uuid.UUID, timedelta], default: timedelta
) -> list[tuple[ColumnElement[bool], timedelta]]:
    """(which requests, their limit): each office with its own, then all the others."""
    groups: list[tuple[ColumnElement[bool], timedelta]] = [
        (HelpRequest.office_id == office_id, limit) for office_id, limit in own.items()
    ]
    others = or_(HelpRequest.office_id.is_(None), HelpRequest.office_id.not_in(list(own)))
    return [*groups, (others if own else true(), default)]


async def alert_untriaged(session: AsyncSession, within: timedelta, now: datetime) -> int:
    """RECEIVED requests older than their office's triage time alert their office; older
    than twice that, the office above."""
    own = {office: limits[0] for office, limits in (await times.own_times(session)).items()}
    told = 0
    for which, limit in _by_office(own, within):
        for column, topic, age in (
            (HelpRequest.triage_alerted_at, HELP_REQUEST_TRIAGE_LATE, limit),
            (HelpRequest.triage_escalated_at, HELP_REQUEST_TRIAGE_ESCALATION, limit * 2),
        ):
            ids = (
                await session.scalars(
                    update(HelpRequest)
                    .where(
                        which,
                        HelpRequest.status == HelpRequestStatus.RECEIVED,
                        HelpRequest.received_at <= now - age,
                        column.is_(None),
                    )
                    .values({column.key: now})
                    .returning(HelpRequest.id)
                    .execution_options(synchronize_session=False)
                )
            ).all()
            for ident in ids:
                minutes = int(age.total_seconds() // 60)
                emit(session, topic, {"helpRequestId": str(ident), "minutes": minutes})
            told += len(ids)
    return told


async def ask_call_downs(session: AsyncSession, after: timedelta, now: datetime) -> int:
    """Requests open past their office's call-down time since their receipt (or their
    last call-down) become call-down tasks of their office."""
    own = {office: limits[1] for office, limits in (await times.own_times(session)).items()}
    since = func.coalesce(HelpRequest.last_call_down_at, HelpRequest.received_at)
    asked = 0
    for which, limit in _by_office(own, after):
        ids = (
            await session.scalars(
                update(HelpRequest)
                .where(
                    which,
                    HelpRequest.status.in_(OPEN_STATUSES),
                    HelpRequest.call_down_due_at.is_(None),
                    since <= now - limit,
                )
                .values(call_down_due_at=now)
                .returning(HelpRequest.id)
                .execution_options(synchronize_session=False)
            )
        ).all()
        for ident in ids:
            emit(session, HELP_REQUEST_CALL_DOWN, {"helpRequestId": str(ident)})
        asked += len(ids)
    return asked


async def close_delivered(session: AsyncSession, now: datetime | None = None) -> int:
    """Open requests whose need was delivered (a COMPLETED dispatch, or FULFILLED) close,
    unless a referral of theirs still waits for its department's answer."""
    delivered = (
        (
            await session.scalars(
                select(HelpRequest)
                .join(HelpRequestOutcome, HelpRequestOutcome.help_request_id == HelpRequest.id)
                .where(
                    HelpRequest.status.in_(OPEN_STATUSES),
                    HelpRequestOutcome.kind == OutcomeKind.NEED,
                    need_delivered(HelpRequestOutcome.need_id),
                    ~open_referral_of(HelpRequest.id),
                )
                .order_by(HelpRequest.id)
                .with_for_update(of=HelpRequest)
                .execution_options(populate_existing=True)
            )
        )
        .unique()
        .all()
    )
    for request in delivered:
        if request.status in OPEN_STATUSES:
            await close(session, ANONYMOUS, request, DELIVERED_NOTE, "NEED_DELIVERED")
    return len(delivered)


async def record_call_down(
    session: AsyncSession, principal: Principal, command: RecordCallDown
) -> HelpRequest:
    """The requester's answer to "do you still need help?": kept, changed, or closed."""
    now = utcnow()
    request = await take(session, principal, command.help_request_id, now)
    errors = Errors()
    note = validation.text(errors, "note", command.note, max_length=2000, required=False)
    if command.answer is CallDownAnswer.CHANGED and not (
        command.urgency or command.description or command.category_codes
    ):
        errors.add(
            "answer", ErrorCode.REQUIRED, "Say what changed: urgency, description or categories."
        )
    validation.text(errors, "description", command.description, max_length=2000, required=False)
    for index, code in enumerate(command.category_codes):
        if await categories.by_code(session, code) is None:
            errors.add(
                ("category_codes", str(index)), ErrorCode.UNKNOWN_CATEGORY, "No such category."
            )
    errors.raise_if_any()
    request.call_down_due_at = None
    request.last_call_down_at = now
    if command.answer is CallDownAnswer.CHANGED:
        request.urgency = command.urgency or request.urgency
        request.description = (command.description or "").strip() or request.description
        request.category_codes = sorted(set(command.category_codes)) or request.category_codes
    audit.record(
        session,
        principal,
        "help_request.called_down",
        request,
        region_code=request.region_code,
        details={"answer": command.answer.value},
    )
    if command.answer is CallDownAnswer.NO_LONGER_NEEDED:
        await close(session, principal, request, note or "回访：已不需要帮助。", "NO_LONGER_NEEDED")
    return request
