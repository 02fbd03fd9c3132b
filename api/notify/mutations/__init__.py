"""One module per notification mutation."""

import strawberry

from api.notify.mutations.create_webhook_subscription import CreateWebhookSubscription
from api.notify.mutations.deactivate_webhook_subscription import DeactivateWebhookSubscription
from api.notify.mutations.mark_notification_read import MarkNotificationRead
from api.notify.mutations.redeliver_notification import RedeliverNotification


@strawberry.type
class NotifyMutations(
    MarkNotificationRead,
    RedeliverNotification,
    CreateWebhookSubscription,
    DeactivateWebhookSubscription,
):
    """Every notify mutation, composed into the schema's Mutation root."""
