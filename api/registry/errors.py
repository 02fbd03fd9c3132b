"""The refusals of the registry mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError
from api.volunteers.errors import VolunteerError

__all__ = ["AccountError", "OfficeError", "OrganizationError", "VolunteerError"]


class AccountError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_EMAIL INVALID_PHONE INVALID_ID WEAK_PASSWORD "
    "INVALID_CREDENTIALS DUPLICATE NOT_FOUND UNAUTHENTICATED FORBIDDEN INVALID_TRANSITION "
    "LINK_EXPIRED LINK_USED",
):
    """Why an account or token mutation was refused, and the input field at fault."""


class OfficeError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_ID UNKNOWN_REGION DUPLICATE NOT_FOUND UNAUTHENTICATED "
    "FORBIDDEN INVALID_TRANSITION",
):
    """Why an office mutation was refused, and the input field at fault."""


class OrganizationError(
    FeatureError,
    codes="REQUIRED INVALID TOO_LONG INVALID_USCC INVALID_PHONE INVALID_EMAIL INVALID_ID "
    "UNKNOWN_REGION UNKNOWN_CATEGORY WEAK_PASSWORD DUPLICATE NOT_FOUND UNAUTHENTICATED "
    "FORBIDDEN OUT_OF_JURISDICTION INVALID_TRANSITION INSUFFICIENT_CAPACITY",
):
    """Why an organization mutation was refused, and the input field at fault."""
