"""The refusals of the dispatch mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class DispatchError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN "
    "INVALID_TRANSITION INSUFFICIENT_CAPACITY",
):
    """Why a dispatch mutation was refused, and the input field at fault."""
