"""Partner sync: a batch of needs keyed by the partner's external ids, all rows or none.

A provincial system sends the needs it knows; each external id names one need of the
incident as published by the caller's office. An unknown id publishes a need, a known
one updates it when something differs and is left alone otherwise, so sending the same
batch twice changes nothing. With `cancel_missing`, the batch is the partner's whole list
for the incident: its synced needs it no longer lists are cancelled.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.services import get_managed, require_office_role
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import IncidentPhase, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors, UserError
from domain.needs import services as needs
from domain.needs.imports import at_row
from domain.needs.model import Need

MAX_NEEDS = 1000
MAX_EXTERNAL_ID = 100  # the column's width


@dataclass(frozen=True)
class SyncedNeed:
    """One need as the partner knows it; every field of publishNeed, plus its id."""

    external_id: str
    region_code: str
    category_code: str
    fields: needs.NeedFields = field(default_factory=needs.NeedFields)


@dataclass(frozen=True, slots=True)
class SyncNeeds:
    """The partner's batch for one incident."""

    incident_id: uuid.UUID
    batch: Sequence[SyncedNeed]
    # Cancel the caller's office's needs of this incident synced under an external id
    # the batch no longer lists; needs published by hand (no external id) are never touched.
    cancel_missing: bool = False


@dataclass(frozen=True)
class SyncResult:
    needs: list[Need]  # in the order of the batch
    created: int
    updated: int
    unchanged: int
    cancelled: int = 0


def _unchanged(need: Need, row: SyncedNeed) -> bool:
    return all(
        getattr(need, name) == value for name, value in needs.column_values(row.fields).items()
    )


async def _sync_row(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    row: SyncedNeed,
    need: Need | None,
) -> tuple[Need, str]:
    """(the need, "created" | "updated" | "unchanged"), or DomainError for this row."""
    errors = Errors()
    needs.check_fields(errors, row.fields, creating=True)
    if need is not None and (need.region_code, need.category_code) != (
        row.region_code,
        row.category_code,
    ):
        moved = "region_code" if need.region_code != row.region_code else "category_code"
        errors.add(
            moved,
            ErrorCode.INVALID,
            "An external id keeps its region and category; cancel the need and sync a "
            "new id instead.",
        )
    errors.raise_if_any()
    if need is None:
        publish = needs.PublishNeed(
            incident_id=incident_id,
            region_code=row.region_code,
            category_code=row.category_code,
            fields=row.fields,
            # The partner's ids decide what is one need: two needs of one region and
            # category are the partner's call, not a likely duplicate.
            confirm_duplicate=True,
            external_id=row.external_id,
        )
        return (await needs.publish_need(session, principal, publish))[0], "created"
    if _unchanged(need, row):
        return need, "unchanged"
    try:
        update = needs.UpdateNeed(need.id, row.fields)
        return await needs.update_need(session, principal, update), "updated"
    except DomainError as refusal:
        # The caller named the need by its external id, not by its id.
        raise DomainError(
            [
                UserError(("external_id",), e.message, e.code) if e.field == ("need_id",) else e
                for e in refusal.errors
            ]
        ) from None


async def sync_needs(session: AsyncSession, principal: Principal, command: SyncNeeds) -> SyncResult:
    """Create, update or leave each need in the caller's unit of work, or refuse them all.

    Errors name `["needs", "<index in the batch>", "<field>"]`.
    """
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    batch = command.batch
    incident = await get_managed(session, principal, command.incident_id)
    # Two syncs of one incident take turns, so the second sees the first's needs instead
    # of racing it to insert them. NO KEY UPDATE leaves publishing (a key share) free.
    await session.refresh(incident, with_for_update={"key_share": True})
    if incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single("incident_id", ErrorCode.INVALID_TRANSITION, "It is CLOSED.")
    if not batch:
        raise DomainError.single("needs", ErrorCode.REQUIRED, "Send at least one need.")
    if len(batch) > MAX_NEEDS:
        raise DomainError.single("needs", ErrorCode.TOO_LONG, f"At most {MAX_NEEDS} needs.")
    office_id = principal.office_id or incident.office_id
    known = {
        need.external_id: need
        for need in await session.scalars(
            select(Need).where(
                Need.incident_id == incident.id,
                Need.office_id == office_id,
                Need.external_id.in_({row.external_id.strip() for row in batch}),
            )
        )
    }
    found: list[UserError] = []
    synced: list[Need] = []
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    first_at: dict[str, int] = {}
    for index, row in enumerate(batch):
        errors = Errors()
        external_id = validation.text(
            errors, "external_id", row.external_id, max_length=MAX_EXTERNAL_ID
        )
        if external_id is not None and external_id in first_at:
            errors.add(
                "external_id",
                ErrorCode.DUPLICATE,
                f"needs.{first_at[external_id]} has this external id already.",
            )
        problems = errors.items
        if external_id is not None and not problems:
            first_at[external_id] = index
            clean = SyncedNeed(external_id, row.region_code.strip(), row.category_code, row.fields)
            try:
                need, outcome = await _sync_row(
                    session, principal, incident.id, clean, known.get(external_id)
                )
                synced.append(need)
                outcomes[outcome] += 1
            except DomainError as refusal:
                problems = refusal.errors
        found.extend(at_row("needs", index, problem) for problem in problems)
    if found:
        raise DomainError(found)
    if command.cancel_missing:
        outcomes["cancelled"] = await _cancel_missing(
            session, principal, incident.id, office_id, set(first_at)
        )
    audit.record(
        session,
        principal,
        "needs.synced",
        incident,
        region_code=incident.region_codes[0],
        details=outcomes,
    )
    return SyncResult(synced, **outcomes)


MISSING = "No longer listed by the partner's sync."


async def _cancel_missing(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    office_id: uuid.UUID | None,
    listed: set[str],
) -> int:
    """Cancel the office's synced needs of the incident whose external id is not listed;
    needs already over (cancelled, expired, fulfilled) stay as they are."""
    missing = await session.scalars(
        select(Need)
        .where(
            Need.incident_id == incident_id,
            Need.office_id == office_id,
            Need.external_id.is_not(None),
            Need.external_id.not_in(listed),
            Need.status.in_(needs.ACTIVE),
        )
        .order_by(Need.id)
    )
    cancelled = 0
    for need in missing.all():
        await needs.cancel_need(session, principal, needs.CancelNeed(need.id, reason=MISSING))
        cancelled += 1
    return cancelled
