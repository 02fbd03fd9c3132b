"""Every table, imported in one place for Alembic and the tests."""

from domain.db.categories import Category
from domain.db.notifications import Notification, WebhookSubscription
from domain.db.registry import Account, ApiToken, AuditEntry, Office, Organization, Volunteer
from domain.db.relief import (
    Allocation,
    Dispatch,
    Incident,
    MatchingRound,
    Need,
    Offer,
    OutboxEvent,
)

__all__ = [
    "Account",
    "Allocation",
    "ApiToken",
    "AuditEntry",
    "Category",
    "Dispatch",
    "Incident",
    "MatchingRound",
    "Need",
    "Notification",
    "Offer",
    "Office",
    "Organization",
    "OutboxEvent",
    "Volunteer",
    "WebhookSubscription",
]
