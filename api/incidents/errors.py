"""The refusals of the incident mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class IncidentError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID UNKNOWN_REGION DUPLICATE NOT_FOUND "
    "UNAUTHENTICATED FORBIDDEN OUT_OF_JURISDICTION INVALID_TRANSITION "
    "INSUFFICIENT_CAPACITY",
):
    """Why an incident mutation was refused, and the input field at fault."""
