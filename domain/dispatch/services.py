"""Dispatches: issued when an allocation is accepted, with a code, instructions and a deadline."""

from __future__ import annotations

import secrets

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch import changes as dispatch_changes
from domain.dispatch.context import DispatchContext
from domain.dispatch.model import Dispatch
from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import DispatchStatus, WebhookEvent
from domain.kernel.outbox import DISPATCH_ISSUED
from domain.matching.records import Allocation
from domain.matching.visibility import through_allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Office

# No 0/O, 1/I/L: codes are read out over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    """A short human-readable code, e.g. RH-7K3F9Q."""
    return "RH-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


async def issue(
    session: AsyncSession, allocation: Allocation, need: Need, offer: Offer
) -> Dispatch:
    """A dispatch for an accepted allocation, with what to bring, where, by when, whom to call."""
    office = await session.get(Office, need.office_id)
    destination = [{"code": r.code, "name": r.name} for r in regions.path(need.region_code)]
    instructions = {
        "categoryCode": need.category_code,
        "quantity": allocation.quantity,
        "destination": destination,
        "point": (
            None
            if need.latitude is None
            else {"latitude": need.latitude, "longitude": need.longitude}
        ),
        "neededBy": need.needed_by.isoformat(),
        "officeName": office.name if office else None,
        "description": need.description,
    }
    dispatch = Dispatch(
        allocation_id=allocation.id,
        code=new_code(),
        status=DispatchStatus.ISSUED,
        instructions=instructions,
        deadline=need.needed_by,
        issued_at=utcnow(),
    )
    session.add(dispatch)
    await session.flush()
    await dispatch_changes.announce(
        session,
        DispatchContext(dispatch, allocation, need, offer),
        WebhookEvent.DISPATCH_ISSUED,
        topic=DISPATCH_ISSUED,
        payload={
            "dispatchId": str(dispatch.id),
            "organizationId": str(offer.organization_id or ""),
            "needId": str(need.id),
        },
    )
    return dispatch


def visible_dispatches(principal: Principal) -> Select[Dispatch]:
    """Offices see dispatches into their jurisdiction; providers their own; ADMIN all."""
    stmt = select(Dispatch).join(Allocation, Allocation.id == Dispatch.allocation_id)
    return through_allocation(principal, stmt)
