"""The refusals of the visit mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class VisitError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID NOT_FOUND UNAUTHENTICATED FORBIDDEN "
    "OUT_OF_JURISDICTION INVALID_TRANSITION DUPLICATE UNKNOWN_REGION UNKNOWN_CATEGORY "
    "INSUFFICIENT_CAPACITY",
):
    """Why a visit mutation was refused, and the input field at fault."""
