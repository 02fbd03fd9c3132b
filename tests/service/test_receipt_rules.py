"""Receipts, called as use cases on a real database: who may confirm, what a missing unit
does, and bad input refused on its field with nothing written."""

from __future__ import annotations

import uuid

import pytest

from domain.dispatch.deliveries import RecordDelivery, record_delivery
from domain.dispatch.receipts import NameReceiver, name_receiver
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import Role
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry.model import Account
from tests.service.dispatching import counters, deliver, en_route, receive, refusals, rows
from tests.service.scene import ADMIN, charity


async def test_missing_units_are_handed_back_to_the_need_with_a_note(db: Database) -> None:
    # given 100 litres delivered
    s = await en_route(db)
    await deliver(db, s, 100)
    # when the office confirms only 90 without saying why
    with pytest.raises(DomainError) as silent:
        await receive(db, s, 90)
    assert refusals(silent) == [(("note",), ErrorCode.REQUIRED)]
    # when it says why
    await receive(db, s, 90, note="10 bottles burst on the road")
    # then 90 count, 10 are short again and held by nobody; the offer keeps all 100
    need, offer, dispatch = await counters(db, s)
    assert (dispatch.received_quantity, dispatch.missing_quantity) == (90, 10)
    assert (need.quantity_delivered, need.quantity_allocated, need.shortfall) == (90, 90, 10)
    assert offer.quantity_committed == 100


async def test_over_delivery_and_receipts_above_delivered_are_refused_writing_nothing(
    db: Database,
) -> None:
    # given 60 of a need of 100 dispatched, 50 delivered
    s = await en_route(db, pledge=60)
    await deliver(db, s, 50)
    before = await rows(db)
    # when the charity records 11 more, or nothing, and the office confirms 51 or -1
    with pytest.raises(DomainError) as over:
        await deliver(db, s, 11)
    with pytest.raises(DomainError) as nothing:
        await deliver(db, s, 0)
    with pytest.raises(DomainError) as above:
        await receive(db, s, 51)
    with pytest.raises(DomainError) as negative:
        await receive(db, s, -1)
    # then each names its field, and no row or counter moved
    assert refusals(over) == [(("quantity",), ErrorCode.INVALID)]
    assert refusals(nothing) == [(("quantity",), ErrorCode.REQUIRED)]
    assert refusals(above) == [(("quantity_received",), ErrorCode.INVALID)]
    assert refusals(negative) == [(("quantity_received",), ErrorCode.INVALID)]
    assert await rows(db) == before
    need, _, dispatch = await counters(db, s)
    assert (dispatch.delivered_quantity, dispatch.received_quantity) == (50, 0)
    assert (need.quantity_awaiting_receipt, need.quantity_delivered) == (50, 0)


async def test_only_the_provider_delivers_and_only_the_receiving_side_confirms(
    db: Database,
) -> None:
    # given a dispatch en route, and a second charity
    s = await en_route(db)
    stranger = await charity(db, s.staff, seed=2)
    # when the stranger records a delivery, or the provider confirms its own, or ADMIN does
    with pytest.raises(DomainError) as foreign:
        await db.run(
            lambda session: record_delivery(
                session, stranger, RecordDelivery(dispatch_id=s.dispatch.id, quantity=5)
            )
        )
    await deliver(db, s, 10)
    with pytest.raises(DomainError) as own:
        await receive(db, s, 10, by=s.giver)
    with pytest.raises(DomainError) as admin:
        await receive(db, s, 10, by=ADMIN)
    # then each is FORBIDDEN on the dispatch
    for refused in (foreign, own, admin):
        assert refusals(refused) == [(("dispatch_id",), ErrorCode.FORBIDDEN)]


async def test_the_receiver_the_office_names_may_confirm(db: Database) -> None:
    # given 10 litres delivered, and someone on the ground (a volunteer's account)
    s = await en_route(db)
    await deliver(db, s, 10)
    village = Principal(account_id=(await _account(db)), role=Role.VOLUNTEER)
    # when the office names the charity's own admin as receiver
    with pytest.raises(DomainError) as own:
        await db.run(
            lambda session: name_receiver(
                session,
                s.staff,
                NameReceiver(dispatch_id=s.dispatch.id, account_id=s.giver.account_id),
            )
        )
    assert refusals(own) == [(("account_id",), ErrorCode.INVALID)]
    # and before it names anyone, the villager may not confirm
    with pytest.raises(DomainError):
        await receive(db, s, 10, by=village)
    # when it names the villager, who confirms
    await db.run(
        lambda session: name_receiver(
            session, s.staff, NameReceiver(dispatch_id=s.dispatch.id, account_id=village.account_id)
        )
    )
    await receive(db, s, 10, by=village)
    # then the 10 count
    need, _, _ = await counters(db, s)
    assert need.quantity_delivered == 10


async def _account(db: Database) -> uuid.UUID:
    """An account of someone on the ground, a villager with a volunteer's role."""
    async with db.transaction() as session:
        account = Account(email="village@example.org", password_hash="x", role=Role.VOLUNTEER)
        session.add(account)
        await session.flush()
        return account.id
