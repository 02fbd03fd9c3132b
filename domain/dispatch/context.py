"""What every change to a dispatch reads first: the dispatch, locked, with its allocation,
need and offer; who its provider is; and the statuses that follow the counters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch.model import Dispatch
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode
from domain.matching.records import Allocation
from domain.needs import changes as need_changes
from domain.needs import services as needs
from domain.needs.model import Need
from domain.offers import changes as offer_changes
from domain.offers import services as offers
from domain.offers.model import Offer


@dataclass(frozen=True, slots=True)
class DispatchContext:
    dispatch: Dispatch
    allocation: Allocation
    need: Need
    offer: Offer


def rows(result: object) -> int:
    """How many rows an UPDATE touched."""
    return int(result.rowcount)  # type: ignore[attr-defined]


async def load(session: AsyncSession, dispatch_id: uuid.UUID) -> DispatchContext:
    """The dispatch, locked so two changes to it queue, and what it carries out."""
    dispatch = await session.get(Dispatch, dispatch_id, with_for_update=True)
    if dispatch is None:
        raise DomainError.single("dispatch_id", ErrorCode.NOT_FOUND, "No such dispatch.")
    allocation = await session.get(Allocation, dispatch.allocation_id)
    assert allocation is not None
    need = await session.get(Need, allocation.need_id)
    offer = await session.get(Offer, allocation.offer_id)
    assert need is not None and offer is not None
    return DispatchContext(dispatch, allocation, need, offer)


def is_provider(principal: Principal, offer: Offer) -> bool:
    """The organization whose offer it is (its members), or the volunteer who posted it."""
    if offer.organization_id is not None:
        return principal.is_org_member and principal.organization_id == offer.organization_id
    return principal.volunteer_id is not None and principal.volunteer_id == offer.volunteer_id


def require_provider(principal: Principal, offer: Offer) -> None:
    if not is_provider(principal, offer):
        raise DomainError.single(
            "dispatch_id", ErrorCode.FORBIDDEN, "Only the dispatched provider does this."
        )


async def follow_counters(session: AsyncSession, ctx: DispatchContext) -> None:
    """Read the counters the UPDATEs moved and let both statuses follow them."""
    await statuses_follow(session, ctx.need, ctx.offer)


async def statuses_follow(session: AsyncSession, need: Need, offer: Offer) -> None:
    """Read the counters the UPDATEs moved and let both statuses follow them; a status
    that moves (a need ALLOCATED or FULFILLED, an offer EXHAUSTED) is a change partners
    hear of."""
    await session.refresh(need)
    await session.refresh(offer)
    need_was, offer_was = need.status, offer.status
    need.status = needs.derive_status(need)
    offer.status = offers.derive_status(offer)
    if need.status is not need_was:
        await need_changes.announce(session, need, WebhookEvent.NEED_UPDATED)
    if offer.status is not offer_was:
        await offer_changes.announce(session, offer, WebhookEvent.OFFER_UPDATED)
