"""Recording a visit from a phone: once, whatever the network does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, policy
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.people.access import assigned_to
from domain.people.model import Person
from domain.visits.model import CheckItem, CheckStatus, Visit, VisitStatus

NOTE_MAX, ACTIONS_MAX = 1000, 4000


@dataclass(frozen=True, slots=True)
class Check:
    item: CheckItem
    status: CheckStatus
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RecordVisit:
    visit_id: uuid.UUID
    client_id: str
    outcome: VisitStatus
    checks: list[Check] = field(default_factory=list)
    actions: str | None = None
    not_found_reason: str | None = None
    visited_at: datetime | None = None


def visible_visits(principal: Principal) -> Select[Any]:
    """The visits the principal makes, and those of the office's jurisdiction."""
    if principal.is_anonymous:
        raise DomainError.single(None, ErrorCode.UNAUTHENTICATED, "Sign in first.")
    own = assigned_to(principal)
    return policy.visible(principal, select(Visit), region=Visit.region_code, public=own)


def my_visits(principal: Principal) -> Select[Any]:
    """The visits assigned to the principal, in the visit order."""
    if principal.is_anonymous:
        raise DomainError.single(None, ErrorCode.UNAUTHENTICATED, "Sign in first.")
    return select(Visit).where(assigned_to(principal))


async def _own_visit(session: AsyncSession, principal: Principal, visit_id: uuid.UUID) -> Visit:
    """The visit, locked, if the principal makes it or its office of jurisdiction asks."""
    visit = await session.get(Visit, visit_id, with_for_update=True)
    mine = visit is not None and (
        principal.covers_region(visit.region_code)
        or (principal.account_id is not None and visit.visitor_account_id == principal.account_id)
        or (
            principal.organization_id is not None
            and visit.organization_id == principal.organization_id
        )
        or (principal.volunteer_id is not None and visit.volunteer_id == principal.volunteer_id)
    )
    if visit is None or not mine:
        raise DomainError.single("visit_id", ErrorCode.NOT_FOUND, "No such visit of yours.")
    return visit


def _check(errors: Errors, command: RecordVisit) -> None:
    if not 1 <= len(command.client_id.strip()) <= 80:
        errors.add("client_id", ErrorCode.INVALID, "1 to 80 characters, made by the form.")
    if command.visited_at is not None and command.visited_at.tzinfo is None:
        errors.add("visited_at", ErrorCode.INVALID, "Give a time zone.")
    if command.outcome is VisitStatus.PLANNED:
        errors.add("outcome", ErrorCode.INVALID, "VISITED or NOT_FOUND.")
    elif command.outcome is VisitStatus.NOT_FOUND:
        if not (command.not_found_reason or "").strip():
            errors.add("not_found_reason", ErrorCode.REQUIRED, "Say why nobody was found.")
    else:
        given = [check.item for check in command.checks]
        if len(set(given)) != len(given):
            errors.add("checks", ErrorCode.DUPLICATE, "Each item once.")
        elif set(given) != set(CheckItem):
            errors.add("checks", ErrorCode.REQUIRED, "Check every item of the list.")
    for number, check in enumerate(command.checks):
        if len(check.note or "") > NOTE_MAX:
            errors.add(("checks", str(number), "note"), ErrorCode.TOO_LONG, "Too long.")
    if len(command.actions or "") > ACTIONS_MAX:
        errors.add("actions", ErrorCode.TOO_LONG, f"Use at most {ACTIONS_MAX} characters.")


async def record_visit(session: AsyncSession, principal: Principal, command: RecordVisit) -> Visit:
    """The visitor records what they found. The same `client_id` again (a phone retrying
    after the network dropped) answers the visit as recorded and writes nothing."""
    principal.require(Scope.DISPATCH)
    visit = await _own_visit(session, principal, command.visit_id)
    if visit.client_id is not None and visit.client_id == command.client_id.strip():
        return visit
    errors = Errors()
    _check(errors, command)
    if visit.status is not VisitStatus.PLANNED:
        errors.add("visit_id", ErrorCode.INVALID_TRANSITION, "This visit is recorded already.")
    errors.raise_if_any()
    taken = await session.scalar(
        select(Visit.id).where(Visit.client_id == command.client_id.strip()).limit(1)
    )
    if taken is not None:
        raise DomainError.single("client_id", ErrorCode.DUPLICATE, "Already used for a visit.")
    now = utcnow()
    visit.status = command.outcome
    visit.client_id = command.client_id.strip()
    visit.visited_at = min(command.visited_at or now, now)
    visit.recorded_by_id = principal.account_id
    visit.actions = (command.actions or "").strip() or None
    if command.outcome is VisitStatus.NOT_FOUND:
        visit.not_found_reason = (command.not_found_reason or "").strip()
        visit.checks = []
    else:
        visit.checks = [
            {"item": c.item.value, "status": c.status.value, "note": (c.note or "").strip() or None}
            for c in sorted(command.checks, key=lambda c: list(CheckItem).index(c.item))
        ]
        person = await session.get(Person, visit.person_id, with_for_update=True)
        if person is not None:
            person.last_visited_at = max(
                person.last_visited_at or visit.visited_at, visit.visited_at
            )
    audit.record(
        session,
        principal,
        "visit.recorded",
        visit,
        region_code=visit.region_code,
        details={"outcome": visit.status.value, "findings": findings_of(visit)},
    )
    return visit


def findings_of(visit: Visit) -> list[str]:
    """The items found AT_RISK or NOT_OK."""
    return [c["item"] for c in visit.checks if c["status"] != CheckStatus.OK.value]
