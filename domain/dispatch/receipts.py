"""Receipts: the receiving side confirms what arrived, and only that counts as delivered.

Who confirms: the staff of an office whose jurisdiction holds the need's region, or the
one account that office named as the dispatch's receiver on the ground. ADMIN does not:
a receipt is what someone there saw. A receipt settles every delivery recorded and not
yet settled: what it does not confirm is reported missing (with a note saying why), goes
back to the need as still short, and the offer keeps it (it left the provider).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch import changes as dispatch_changes
from domain.dispatch import context
from domain.dispatch.context import DispatchContext
from domain.dispatch.deliveries import NOTE_LENGTH, rematch_if_short
from domain.dispatch.model import Dispatch, Receipt
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db import counters
from domain.kernel.db.base import utcnow
from domain.kernel.enums import DispatchStatus, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.needs.model import Need
from domain.registry.model import Account, Volunteer


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmReceipt:
    """Of the delivered units not yet settled, `quantity_received` arrived."""

    dispatch_id: uuid.UUID
    quantity_received: int
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NameReceiver:
    """The account on the ground that may confirm the dispatch's receipt (None: nobody
    besides the office's staff)."""

    dispatch_id: uuid.UUID
    account_id: uuid.UUID | None


def _receiving_office(principal: Principal, ctx: DispatchContext) -> bool:
    return principal.is_office and principal.covers_region(ctx.need.region_code)


async def confirm_receipt(
    session: AsyncSession, principal: Principal, command: ConfirmReceipt
) -> Dispatch:
    """Count what arrived towards the need; hand back what the receiver says did not."""
    principal.require(Scope.DISPATCH)
    ctx = await context.load(session, command.dispatch_id)
    dispatch = ctx.dispatch
    named = dispatch.receiver_account_id is not None and (
        principal.account_id == dispatch.receiver_account_id
    )
    if not (_receiving_office(principal, ctx) or named):
        raise DomainError.single(
            "dispatch_id",
            ErrorCode.FORBIDDEN,
            "Only the receiving office's staff, or the receiver it named, confirm receipt.",
        )
    awaiting = dispatch.awaiting_receipt
    if awaiting <= 0:
        raise DomainError.single(
            "dispatch_id", ErrorCode.INVALID_TRANSITION, "No delivery of it awaits receipt."
        )
    received = command.quantity_received
    if not 0 <= received <= awaiting:
        raise DomainError.single(
            "quantity_received",
            ErrorCode.INVALID,
            f"Between 0 and the {awaiting} units delivered and not confirmed yet.",
        )
    missing = awaiting - received
    errors = Errors()
    note = validation.text(errors, "note", command.note, max_length=NOTE_LENGTH, required=False)
    errors.raise_if_any()
    if missing > 0 and note is None:
        raise DomainError.single(
            "note", ErrorCode.REQUIRED, f"Say what became of the {missing} units not received."
        )
    receipt = Receipt(
        dispatch_id=dispatch.id,
        quantity_received=received,
        quantity_missing=missing,
        note=note,
        confirmed_at=utcnow(),
        confirmed_by_id=principal.account_id,
    )
    session.add(receipt)
    await counters.change(
        session,
        ctx.need.id,
        {
            Need.quantity_delivered: received,
            Need.quantity_awaiting_receipt: -awaiting,
            Need.quantity_allocated: -missing,
        },
    )
    dispatch.received_quantity += received
    dispatch.missing_quantity += missing
    await session.flush()
    if missing > 0:
        await rematch_if_short(session, ctx.need)
    await context.follow_counters(session, ctx)
    dispatch_changes.delivery_confirmed(session, ctx, receipt)
    audit.record(
        session,
        principal,
        "dispatch.receipt_confirmed",
        dispatch,
        region_code=ctx.need.region_code,
        details={"received": received, "missing": missing},
    )
    return dispatch


async def _provider_account(session: AsyncSession, ctx: DispatchContext, account: Account) -> bool:
    """Whether the account speaks for the dispatched provider (who cannot confirm itself)."""
    offer = ctx.offer
    if offer.organization_id is not None and account.organization_id == offer.organization_id:
        return True
    if offer.volunteer_id is None:
        return False
    volunteer = await session.get(Volunteer, offer.volunteer_id)
    return volunteer is not None and volunteer.account_id == account.id


async def name_receiver(
    session: AsyncSession, principal: Principal, command: NameReceiver
) -> Dispatch:
    """The receiving office names who on the ground may confirm receipt of a dispatch."""
    principal.require(Scope.DISPATCH)
    ctx = await context.load(session, command.dispatch_id)
    if not _receiving_office(principal, ctx):
        raise DomainError.single(
            "dispatch_id", ErrorCode.FORBIDDEN, "Only the receiving office names its receiver."
        )
    if ctx.dispatch.status is DispatchStatus.CANCELLED:
        raise DomainError.single(
            "dispatch_id", ErrorCode.INVALID_TRANSITION, "The dispatch is CANCELLED."
        )
    if command.account_id is not None:
        account = await session.get(Account, command.account_id)
        if account is None:
            raise DomainError.single("account_id", ErrorCode.NOT_FOUND, "No such account.")
        if await _provider_account(session, ctx, account):
            raise DomainError.single(
                "account_id",
                ErrorCode.INVALID,
                "The provider cannot confirm receipt of its own delivery.",
            )
    ctx.dispatch.receiver_account_id = command.account_id
    audit.record(
        session,
        principal,
        "dispatch.receiver_named",
        ctx.dispatch,
        region_code=ctx.need.region_code,
        details={"accountId": str(command.account_id) if command.account_id else None},
    )
    return ctx.dispatch
