"""The refusals of the category mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class CategoryError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN "
    "INVALID_TRANSITION",
):
    """Why a category mutation was refused, and the input field at fault."""
