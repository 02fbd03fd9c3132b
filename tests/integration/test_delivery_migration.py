"""The migration to deliveries and receipts keeps what was recorded before it: a dispatch's
delivered quantity becomes a delivery, received as it was counted, and a dispatch that was
completed short hands its undelivered rest back, as completing one does now."""

from __future__ import annotations

import asyncio

from sqlalchemy import Integer, String, Uuid, column, select, table, update

from domain.dispatch.model import Delivery, Dispatch, Receipt
from domain.kernel.db.base import UtcDateTime, utcnow
from domain.kernel.db.engine import Database
from domain.kernel.db.migrate import downgrade, upgrade
from domain.kernel.enums import DispatchStatus, NeedStatus
from domain.matching.allocations import PledgeOffer, pledge_offer
from domain.needs.model import Need
from domain.offers.model import Offer
from tests.service.dispatching import en_route

# Only the columns that were there before the migration are written while it is undone,
# through bare tables: the models' own defaults would write later columns (a version).
DISPATCHES = table(
    "dispatches",
    column("id", Uuid()),
    column("status", String()),
    column("delivered_quantity", Integer()),
    column("delivered_at", UtcDateTime()),
)
NEEDS = table("needs", column("id", Uuid()), column("quantity_delivered", Integer()))


async def test_earlier_deliveries_are_kept_and_short_completions_hand_the_rest_back(
    db: Database,
) -> None:
    # given a need of 100 litres with a dispatch of 60 on its way and another of 30
    s = await en_route(db, pledge=60)
    more = PledgeOffer(offer_id=s.offer.id, need_id=s.need.id, quantity=30)
    _, second = await db.run(lambda session: pledge_offer(session, s.giver, more))
    try:
        # and the database as it was before deliveries were kept: the first dispatch
        # COMPLETED with 40 delivered, the second DELIVERED in full, 70 counted at once
        await asyncio.to_thread(downgrade, db.url, "0008")
        async with db.transaction() as session:
            for ident, status, delivered in (
                (s.dispatch.id, DispatchStatus.COMPLETED, 40),
                (second.id, DispatchStatus.DELIVERED, 30),
            ):
                await session.execute(
                    update(DISPATCHES)
                    .where(DISPATCHES.c.id == ident)
                    .values(
                        status=status.value, delivered_quantity=delivered, delivered_at=utcnow()
                    )
                )
            await session.execute(
                update(NEEDS).where(NEEDS.c.id == s.need.id).values(quantity_delivered=70)
            )

        # when it is migrated
        await asyncio.to_thread(upgrade, db.url)
    finally:
        await asyncio.to_thread(upgrade, db.url)

    # then each delivered quantity is one delivery with its receipt
    async with db.transaction() as session:
        deliveries = (await session.scalars(select(Delivery))).all()
        receipts = (await session.scalars(select(Receipt))).all()
        first = await session.get(Dispatch, s.dispatch.id)
        need = await session.get(Need, s.need.id)
        offer = await session.get(Offer, s.offer.id)
    assert sorted(d.quantity for d in deliveries) == [30, 40]
    assert sorted(r.quantity_received for r in receipts) == [30, 40]
    # and the dispatch completed short handed its 20 undelivered litres back to both sides
    assert first is not None and need is not None and offer is not None
    assert (first.received_quantity, first.returned_quantity, first.returned_to_offer) == (
        40,
        20,
        True,
    )
    assert (need.quantity_allocated, need.quantity_delivered, need.shortfall) == (70, 70, 30)
    assert need.status is NeedStatus.PARTIALLY_ALLOCATED
    assert offer.quantity_committed == 70
