"""The refusals of the matching mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class AllocationError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN "
    "OUT_OF_JURISDICTION INVALID_TRANSITION INSUFFICIENT_CAPACITY CATEGORY_MISMATCH "
    "OUTSIDE_SERVICE_AREA OUTSIDE_TIME_WINDOW SKILLS_MISSING OUTSIDE_AVAILABILITY "
    "PROVIDER_NOT_VERIFIED OVERLAPPING_ASSIGNMENT",
):
    """Why a matching mutation was refused, and the input field at fault."""
