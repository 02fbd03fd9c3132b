"""The refusals of the volunteer mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class VolunteerError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_PHONE INVALID_EMAIL INVALID_ID UNKNOWN_REGION "
    "WEAK_PASSWORD DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN INVALID_TRANSITION "
    "RATE_LIMITED OUT_OF_JURISDICTION INSUFFICIENT_CAPACITY",
):
    """Why a volunteer mutation was refused, and the input field at fault."""
