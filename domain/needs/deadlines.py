"""A need's deadline: past its needed-by and still short, it becomes OVERDUE and its office
is told; the office then extends it, cancels it (`cancel_need`) or escalates it to the
office above, which sees it among the escalated needs of its jurisdiction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, regions
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import NeedStatus, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import NEED_ESCALATED, NEED_OVERDUE, emit
from domain.matching import rounds
from domain.needs import changes as need_changes
from domain.needs.model import Need
from domain.needs.services import ACTIVE, derive_status, get_managed_need
from domain.registry.model import Office

# Statuses of a need whose units are not all committed yet.
SHORT_STATUSES = (NeedStatus.OPEN, NeedStatus.PARTIALLY_ALLOCATED, NeedStatus.OVERDUE)


def still_short() -> ColumnElement[bool]:
    """A need that still lacks units: live, and fewer units committed than asked for.

    The one place deadlines ask "is it still short?"; when the shortfall gets its shared
    definition (confirmed deliveries, units in flight), this is what points at it."""
    return and_(Need.status.in_(SHORT_STATUSES), Need.quantity_allocated < Need.quantity)


def is_short(need: Need) -> bool:
    """`still_short`, for a row in hand."""
    return need.status in SHORT_STATUSES and need.quantity_allocated < need.quantity


@dataclass(frozen=True, slots=True)
class ExtendNeed:
    need_id: uuid.UUID
    needed_by: datetime


@dataclass(frozen=True, slots=True)
class EscalateNeed:
    need_id: uuid.UUID
    note: str | None = None


async def mark_overdue(session: AsyncSession, now: datetime | None = None) -> int:
    """The periodic job: needs past their needed-by and still short become OVERDUE, and
    their office is told. The status moves under a guard, so each need is told once
    however many workers run the job."""
    now = now or utcnow()
    due = (
        await session.scalars(
            select(Need.id)
            .where(
                Need.status.in_((NeedStatus.OPEN, NeedStatus.PARTIALLY_ALLOCATED)),
                still_short(),
                Need.needed_by <= now,
            )
            .order_by(Need.id)
        )
    ).all()
    marked = 0
    for need_id in due:
        changed = await session.execute(
            update(Need)
            .where(
                Need.id == need_id,
                Need.status.in_((NeedStatus.OPEN, NeedStatus.PARTIALLY_ALLOCATED)),
                still_short(),
                Need.needed_by <= now,
            )
            .values(status=NeedStatus.OVERDUE)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount == 1:  # type: ignore[attr-defined]
            need = await session.get(Need, need_id)
            assert need is not None
            await need_changes.announce(
                session,
                need,
                WebhookEvent.NEED_OVERDUE,
                topic=NEED_OVERDUE,
                payload={"needId": str(need_id)},
            )
            marked += 1
    return marked


async def extend_need(session: AsyncSession, principal: Principal, command: ExtendNeed) -> Need:
    """The office gives a need more time: OVERDUE becomes OPEN (or PARTIALLY_ALLOCATED)
    again and it goes back into matching."""
    need = await get_managed_need(session, principal, command.need_id)
    errors = Errors()
    if need.status not in ACTIVE:
        errors.add("need_id", ErrorCode.INVALID_TRANSITION, f"The need is {need.status.value}.")
    now = utcnow()
    if command.needed_by.tzinfo is None:
        errors.add("needed_by", ErrorCode.INVALID, "Give a time zone.")
    elif command.needed_by <= max(now, need.needed_by):
        errors.add(
            "needed_by",
            ErrorCode.INVALID,
            "Extend to a time later than both now and the present needed-by.",
        )
    errors.raise_if_any()
    previous = need.needed_by
    need.needed_by = command.needed_by
    need.status = derive_status(need, now)
    audit.record(
        session,
        principal,
        "need.extended",
        need,
        region_code=need.region_code,
        details={"from": previous.isoformat(), "to": command.needed_by.isoformat()},
    )
    await need_changes.announce(session, need, WebhookEvent.NEED_UPDATED)
    await rounds.request_automatic(session, need.incident_id)
    return need


async def _office_above(session: AsyncSession, region_code: str) -> Office | None:
    """The nearest office whose jurisdiction strictly contains `region_code`'s."""
    ancestors = [r.code for r in regions.path(region_code)[:-1]]
    if not ancestors:
        return None
    offices = (
        await session.scalars(
            select(Office).where(Office.region_code.in_(ancestors)).order_by(Office.created_at)
        )
    ).all()
    depth = {code: index for index, code in enumerate(ancestors)}
    return max(offices, key=lambda o: depth[o.region_code], default=None)


async def escalate_need(session: AsyncSession, principal: Principal, command: EscalateNeed) -> Need:
    """Hand a need still short to the office above the one holding it now (its publisher,
    or the office it was last escalated to); that office's staff are told."""
    need = await get_managed_need(session, principal, command.need_id)
    if not is_short(need):
        raise DomainError.single(
            "need_id",
            ErrorCode.INVALID_TRANSITION,
            f"Only a need still short is escalated; this one is {need.status.value}.",
        )
    holder = await session.get(Office, need.escalated_to_office_id or need.office_id)
    assert holder is not None
    if not principal.covers_region(holder.region_code):
        raise DomainError.single(
            "need_id",
            ErrorCode.INVALID_TRANSITION,
            f"The need is already escalated to {holder.name}.",
        )
    above = await _office_above(session, holder.region_code)
    if above is None:
        raise DomainError.single(
            "need_id",
            ErrorCode.INVALID_TRANSITION,
            f"There is no office above {holder.name} to escalate to.",
        )
    note = (command.note or "").strip()[:2000] or None
    need.escalated_at = utcnow()
    need.escalated_to_office_id = above.id
    emit(
        session,
        NEED_ESCALATED,
        {"needId": str(need.id), "officeId": str(above.id), "note": note or ""},
    )
    audit.record(
        session,
        principal,
        "need.escalated",
        need,
        region_code=need.region_code,
        details={"from": str(holder.id), "to": str(above.id), "note": note},
    )
    await need_changes.announce(session, need, WebhookEvent.NEED_UPDATED)
    return need
