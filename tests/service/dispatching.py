"""The givens of the dispatch rules: a need, a charity's pledge and its dispatch on its
way, and the steps taken on it, each through its use case in its own unit of work."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from domain.dispatch.deliveries import RecordDelivery, record_delivery
from domain.dispatch.model import Delivery, Dispatch, Receipt
from domain.dispatch.receipts import ConfirmReceipt, confirm_receipt
from domain.dispatch.status import UpdateDispatchStatus, update_dispatch_status
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import DispatchStatus
from domain.kernel.errors import DomainError, ErrorCode
from domain.matching.allocations import PledgeOffer, pledge_offer
from domain.needs.model import Need
from domain.offers.model import Offer
from tests.service.scene import charity, drinking_water_need, lu_an_office, posted_offer


@dataclass
class Scene:
    staff: Principal
    giver: Principal
    need: Need
    offer: Offer
    dispatch: Dispatch


def refusals(refused: pytest.ExceptionInfo[DomainError]) -> list[tuple[object, ErrorCode]]:
    return [(e.field, e.code) for e in refused.value.errors]


async def en_route(db: Database, need_quantity: int = 100, pledge: int = 100) -> Scene:
    """A need of `need_quantity` litres, a charity's pledge of `pledge`, its dispatch EN_ROUTE."""
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff, quantity=need_quantity)
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver, quantity=300)
    command = PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=pledge)
    _, dispatch = await db.run(lambda s: pledge_offer(s, giver, command))
    for status in (DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE):
        move = UpdateDispatchStatus(dispatch_id=dispatch.id, status=status)
        await db.run(lambda s, move=move: update_dispatch_status(s, giver, move))
    return Scene(staff, giver, need, offer, dispatch)


async def deliver(db: Database, s: Scene, quantity: int, note: str | None = None) -> Dispatch:
    command = RecordDelivery(dispatch_id=s.dispatch.id, quantity=quantity, note=note)
    return await db.run(lambda session: record_delivery(session, s.giver, command))


async def receive(
    db: Database, s: Scene, quantity: int, note: str | None = None, by: Principal | None = None
) -> Dispatch:
    command = ConfirmReceipt(dispatch_id=s.dispatch.id, quantity_received=quantity, note=note)
    return await db.run(lambda session: confirm_receipt(session, by or s.staff, command))


async def complete(db: Database, s: Scene, *, capacity_gone: bool = False) -> Dispatch:
    command = UpdateDispatchStatus(
        dispatch_id=s.dispatch.id, status=DispatchStatus.COMPLETED, capacity_gone=capacity_gone
    )
    return await db.run(lambda session: update_dispatch_status(session, s.giver, command))


async def counters(db: Database, s: Scene) -> tuple[Need, Offer, Dispatch]:
    async with db.transaction() as session:
        need = await session.get(Need, s.need.id)
        offer = await session.get(Offer, s.offer.id)
        dispatch = await session.get(Dispatch, s.dispatch.id)
        assert need is not None and offer is not None and dispatch is not None
        return need, offer, dispatch


async def rows(db: Database) -> tuple[int, int]:
    async with db.transaction() as session:
        deliveries = await session.scalar(select(func.count()).select_from(Delivery))
        receipts = await session.scalar(select(func.count()).select_from(Receipt))
        return int(deliveries or 0), int(receipts or 0)
