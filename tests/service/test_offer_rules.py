"""The offers' business rules, called as use cases on a real database: no HTTP, no GraphQL."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from domain.kernel.db.engine import Database
from domain.kernel.enums import OfferStatus
from domain.kernel.errors import DomainError, ErrorCode
from domain.offers.model import Offer
from domain.offers.services import (
    OfferFields,
    PostOffer,
    UpdateOffer,
    WithdrawOffer,
    post_offer,
    update_offer,
    withdraw_offer,
)
from tests.service.scene import charity, lu_an_office, posted_offer, window


def refusals(refused: pytest.ExceptionInfo[DomainError]) -> list[tuple[object, ErrorCode]]:
    return [(e.field, e.code) for e in refused.value.errors]


async def test_a_verified_charity_posts_an_offer_available_in_full(db: Database) -> None:
    # given a charity the Lu'an office approved
    giver = await charity(db, await lu_an_office(db))
    # when it offers 300 units of drinking water
    offer = await posted_offer(db, giver)
    # then the offer is AVAILABLE for all of them, nothing held yet
    assert (offer.status, offer.quantity, offer.quantity_committed) == (
        OfferStatus.AVAILABLE,
        300,
        0,
    )


async def test_a_charity_still_under_review_may_not_offer(db: Database) -> None:
    # given a charity whose registration nobody has reviewed yet
    giver = await charity(db, await lu_an_office(db), verified=False)
    # when it offers capacity, then it is forbidden
    with pytest.raises(DomainError) as refused:
        await posted_offer(db, giver)
    assert refusals(refused) == [((), ErrorCode.FORBIDDEN)]


async def test_an_offer_of_an_unknown_category_is_refused_with_its_field(db: Database) -> None:
    # given a verified charity
    giver = await charity(db, await lu_an_office(db))
    # when it offers something the taxonomy does not know
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: post_offer(s, giver, PostOffer("UNICORNS", window())))
    # then the refusal names the category, spelled as Python spells it
    assert refusals(refused) == [(("category_code",), ErrorCode.UNKNOWN_CATEGORY)]


async def test_an_offer_reaches_somewhere(db: Database) -> None:
    # given a verified charity
    giver = await charity(db, await lu_an_office(db))
    # when it offers without service regions or a base and radius
    nowhere = OfferFields(
        quantity=10,
        available_from=window().available_from,
        available_until=window().available_until,
    )
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: post_offer(s, giver, PostOffer("TENTS", nowhere)))
    # then the service regions are asked for
    assert refusals(refused) == [(("service_region_codes",), ErrorCode.REQUIRED)]


async def test_an_offer_is_never_lowered_below_what_it_holds(db: Database) -> None:
    # given an offer of 300 units of which 120 are committed
    giver = await charity(db, await lu_an_office(db))
    offer = await posted_offer(db, giver)
    await db.run(
        lambda s: s.execute(
            update(Offer).where(Offer.id == offer.id).values(quantity_committed=120)
        )
    )
    # when the charity lowers it to 119
    with pytest.raises(DomainError) as refused:
        await db.run(
            lambda s: update_offer(s, giver, UpdateOffer(offer.id, OfferFields(quantity=119)))
        )
    # then the one code for a quantity conflict answers, on the quantity
    assert refusals(refused) == [(("quantity",), ErrorCode.INSUFFICIENT_CAPACITY)]
    # and down to exactly what it holds is fine
    lowered = await db.run(
        lambda s: update_offer(s, giver, UpdateOffer(offer.id, OfferFields(quantity=120)))
    )
    assert (lowered.quantity, lowered.status) == (120, OfferStatus.EXHAUSTED)


async def test_a_withdrawn_offer_is_final(db: Database) -> None:
    # given an offer its charity withdrew
    giver = await charity(db, await lu_an_office(db))
    offer = await posted_offer(db, giver)
    withdrawn = await db.run(lambda s: withdraw_offer(s, giver, WithdrawOffer(offer.id)))
    assert withdrawn.status is OfferStatus.WITHDRAWN
    # when it is withdrawn again, or changed, then both transitions are refused
    with pytest.raises(DomainError) as again:
        await db.run(lambda s: withdraw_offer(s, giver, WithdrawOffer(offer.id)))
    with pytest.raises(DomainError) as changed:
        await db.run(
            lambda s: update_offer(s, giver, UpdateOffer(offer.id, OfferFields(quantity=50)))
        )
    assert refusals(again) == [(("offer_id",), ErrorCode.INVALID_TRANSITION)]
    assert refusals(changed) == [(("offer_id",), ErrorCode.INVALID_TRANSITION)]


async def test_another_providers_offer_is_not_found(db: Database) -> None:
    # given two verified charities, the first with an offer
    staff = await lu_an_office(db)
    first = await charity(db, staff, seed=1)
    second = await charity(db, staff, seed=2)
    offer = await posted_offer(db, first)
    # when the second withdraws it, then it is told no such offer of its own exists
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: withdraw_offer(s, second, WithdrawOffer(offer.id)))
    assert refusals(refused) == [(("offer_id",), ErrorCode.NOT_FOUND)]
