"""The refusals of the help-request mutations: the codes their use cases can give."""

from api.kernel.user_errors import FeatureError


class HelpRequestError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_PHONE INVALID_ID UNKNOWN_REGION UNKNOWN_CATEGORY "
    "DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN OUT_OF_JURISDICTION INVALID_TRANSITION "
    "INSUFFICIENT_CAPACITY ALREADY_CLAIMED",
):
    """Why a help-request mutation was refused, and the input field at fault."""
