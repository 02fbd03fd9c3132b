"""The refusals of the notify mutations: the codes their use cases can give, no other."""

from api.kernel.user_errors import FeatureError


class NotificationError(
    FeatureError, codes="INVALID INVALID_ID NOT_FOUND UNAUTHENTICATED FORBIDDEN INVALID_TRANSITION"
):
    """Why a notification mutation was refused, and the input field at fault."""


class WebhookError(
    FeatureError,
    codes="REQUIRED INVALID INVALID_ID NOT_FOUND UNAUTHENTICATED FORBIDDEN UNKNOWN_REGION",
):
    """Why a webhook subscription mutation was refused, and the input field at fault."""
