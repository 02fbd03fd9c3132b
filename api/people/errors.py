"""The refusals of the register's mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class PersonError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID INVALID_PHONE INVALID_ID_NUMBER UNKNOWN_REGION "
    "DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN OUT_OF_JURISDICTION",
):
    """Why a register mutation was refused, and the input field at fault."""
