"""The refusals of the assignment mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class AssignmentError(
    FeatureError,
    codes="REQUIRED INVALID INVALID_ID DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN "
    "INVALID_TRANSITION SKILLS_MISSING OUTSIDE_TIME_WINDOW OVERLAPPING_ASSIGNMENT "
    "INSUFFICIENT_CAPACITY PROVIDER_NOT_VERIFIED OUTSIDE_AVAILABILITY ASSIGNMENT_CANCELLED",
):
    """Why an assignment mutation was refused, and the input field at fault."""
