"""The `withdrawOffer` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.offers.inputs import OfferPayload
from domain.offers import services as offers


@strawberry.input
class WithdrawOfferInput:
    offer_id: strawberry.ID


@strawberry.type
class WithdrawOfferPayload(OfferPayload):
    pass


@strawberry.type
class WithdrawOffer:
    withdraw_offer = mutation(WithdrawOfferInput, WithdrawOfferPayload, offers.withdraw_offer)
