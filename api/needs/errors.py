"""The refusals of the need mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class NeedError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID UNKNOWN_REGION UNKNOWN_CATEGORY DUPLICATE "
    "NOT_FOUND UNAUTHENTICATED FORBIDDEN OUT_OF_JURISDICTION INVALID_TRANSITION "
    "INSUFFICIENT_CAPACITY",
):
    """Why a need mutation was refused, and the input field at fault."""
