"""One module per offer mutation."""

import strawberry

from api.offers.mutations.post_offer import PostOffer
from api.offers.mutations.sync_offers import SyncOffers
from api.offers.mutations.update_offer import UpdateOffer
from api.offers.mutations.withdraw_offer import WithdrawOffer


@strawberry.type
class OffersMutations(PostOffer, UpdateOffer, WithdrawOffer, SyncOffers):
    """Every offers mutation, composed into the schema's Mutation root."""
