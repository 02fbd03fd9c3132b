"""Claims: one operator works a request at a time. Each step taken on it renews the claim;
one left untouched for CLAIM_LAPSES_AFTER lapses, so a request is never stuck with
someone who went off shift."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests.model import HelpRequest, HelpRequestStatus
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode

CLAIM_LAPSES_AFTER = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class ClaimHelpRequest:
    help_request_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class ReleaseHelpRequest:
    help_request_id: uuid.UUID


def require_worker(principal: Principal) -> None:
    """Office staff and hotline operators work requests (and ADMIN)."""
    principal.require(Scope.NEEDS)
    if not (principal.is_admin or principal.is_office or principal.is_hotline_operator):
        raise DomainError.single(
            None, ErrorCode.FORBIDDEN, "Only offices and their hotline operators do this."
        )


async def _reachable(
    session: AsyncSession, principal: Principal, help_request_id: uuid.UUID
) -> HelpRequest:
    require_worker(principal)
    request = await session.get(HelpRequest, help_request_id)
    if request is None:
        raise DomainError.single("help_request_id", ErrorCode.NOT_FOUND, "No such help request.")
    if not principal.answers_calls_for(request.region_code):
        raise DomainError.single(
            "help_request_id",
            ErrorCode.OUT_OF_JURISDICTION,
            "This request is outside your office's jurisdiction.",
        )
    if request.status is HelpRequestStatus.CLOSED:
        raise DomainError.single(
            "help_request_id", ErrorCode.INVALID_TRANSITION, "The request is CLOSED."
        )
    return request


async def take(
    session: AsyncSession, principal: Principal, help_request_id: uuid.UUID, now: datetime
) -> HelpRequest:
    """The request, claimed by the principal (or its claim renewed), locked for the step.

    One guarded UPDATE decides: of many operators claiming at once, PostgreSQL lets one
    write and re-reads the guard for the others, who then find it claimed."""
    await _reachable(session, principal, help_request_id)
    lapsed = now - CLAIM_LAPSES_AFTER
    taken = await session.execute(
        update(HelpRequest)
        .where(
            HelpRequest.id == help_request_id,
            HelpRequest.status != HelpRequestStatus.CLOSED,
            or_(
                HelpRequest.claimed_by_account_id.is_(None),
                HelpRequest.claimed_by_account_id == principal.account_id,
                HelpRequest.claimed_at <= lapsed,
            ),
        )
        .values(claimed_by_account_id=principal.account_id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    request = await session.scalar(
        select(HelpRequest)
        .where(HelpRequest.id == help_request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert request is not None
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        if request.status is HelpRequestStatus.CLOSED:
            raise DomainError.single(
                "help_request_id", ErrorCode.INVALID_TRANSITION, "The request is CLOSED."
            )
        raise DomainError.single(
            "help_request_id",
            ErrorCode.ALREADY_CLAIMED,
            "Another operator is working this request.",
        )
    return request


async def claim_help_request(
    session: AsyncSession, principal: Principal, command: ClaimHelpRequest
) -> HelpRequest:
    """Take a request before working it; refused while another operator holds it."""
    request = await take(session, principal, command.help_request_id, utcnow())
    audit.record(
        session, principal, "help_request.claimed", request, region_code=request.region_code
    )
    return request


async def release_help_request(
    session: AsyncSession, principal: Principal, command: ReleaseHelpRequest
) -> HelpRequest:
    """Hand a request back to the queue (for staff to turn into a need, say)."""
    request = await take(session, principal, command.help_request_id, utcnow())
    request.claimed_by_account_id = None
    request.claimed_at = None
    audit.record(
        session, principal, "help_request.released", request, region_code=request.region_code
    )
    return request
