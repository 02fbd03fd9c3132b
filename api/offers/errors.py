"""The refusals of the offer mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class OfferError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID UNKNOWN_REGION UNKNOWN_CATEGORY DUPLICATE "
    "NOT_FOUND UNAUTHENTICATED FORBIDDEN INVALID_TRANSITION INSUFFICIENT_CAPACITY",
):
    """Why an offer mutation was refused, and the input field at fault."""
