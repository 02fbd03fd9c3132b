"""A batch's rows read together: the rows a batch of events is about, in a few queries
per batch rather than a few per event. What is read here waits in the unit of work's
cache, where `audience.get` and `audience.organization_members` find it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch.model import Dispatch
from domain.kernel import outbox
from domain.kernel.outbox import OutboxEvent
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.notify.audience import unit_of_work_cache
from domain.offers.model import Offer
from domain.registry.model import Account, Office, Organization

T = TypeVar("T", Dispatch, Allocation, Need, Offer, Organization, Office)
_ABOUT_A_DISPATCH = {
    outbox.DISPATCH_ISSUED,
    outbox.DISPATCH_STATUS_CHANGED,
    outbox.DISPATCH_REMINDER,
    outbox.DISPATCH_ESCALATION,
}


async def _load(session: AsyncSession, entity: type[T], ids: Iterable[uuid.UUID]) -> list[T]:
    held = unit_of_work_cache(session, "rows")
    wanted = {i for i in ids if (entity, i) not in held}
    if wanted:
        for row in await session.scalars(select(entity).where(entity.id.in_(wanted))):
            held[(entity, row.id)] = row
    return [held[(entity, i)] for i in ids if held.get((entity, i)) is not None]


def _ids(events: Sequence[OutboxEvent], topics: set[str], key: str) -> set[uuid.UUID]:
    payloads: list[dict[str, Any]] = [e.payload for e in events if e.topic in topics]
    return {uuid.UUID(p[key]) for p in payloads if p.get(key)}


async def prefetch(session: AsyncSession, events: Sequence[OutboxEvent]) -> None:
    """Read what these events are about: dispatches with their allocations, needs, offers
    and providers; needs and their offices; organizations and their members."""
    dispatches = await _load(session, Dispatch, _ids(events, _ABOUT_A_DISPATCH, "dispatchId"))
    allocations = await _load(session, Allocation, {d.allocation_id for d in dispatches})
    offers = await _load(session, Offer, {a.offer_id for a in allocations})
    need_ids = _ids(events, {outbox.NEED_PUBLISHED}, "needId") | {a.need_id for a in allocations}
    needs = await _load(session, Need, need_ids)
    await _load(session, Office, {n.office_id for n in needs})
    organization_ids = _ids(events, {outbox.ORGANIZATION_REVIEWED}, "organizationId") | {
        o.organization_id for o in offers if o.organization_id is not None
    }
    await _load(session, Organization, organization_ids)
    members = unit_of_work_cache(session, "members")
    wanted = organization_ids - members.keys()
    if wanted:
        for organization_id in wanted:
            members[organization_id] = []
        for account in await session.scalars(
            select(Account).where(Account.organization_id.in_(wanted))
        ):
            members[account.organization_id].append(account)
