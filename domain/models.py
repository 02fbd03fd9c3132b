"""Every table, imported in one place for Alembic and the tests."""

from domain.assignments.model import Assignment
from domain.categories.model import Category
from domain.dispatch.model import Dispatch
from domain.helprequests.model import HelpRequest, HelpRequestOutcome, HotlineTimes
from domain.incidents.model import Incident, RegionAssessment
from domain.kernel.audit import AuditEntry
from domain.kernel.outbox import OutboxEvent
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need
from domain.notify.model import Notification, WebhookSubscription
from domain.offers.model import Offer
from domain.people.model import Person
from domain.registry.documents import TrustedDocument
from domain.registry.model import Account, ApiToken, Office, Organization, Volunteer
from domain.visits.model import FindingReferral, Visit, VisitRound
from domain.volunteers.model import PhoneCode

__all__ = [
    "Account",
    "Allocation",
    "ApiToken",
    "Assignment",
    "AuditEntry",
    "Category",
    "Dispatch",
    "FindingReferral",
    "HelpRequest",
    "HelpRequestOutcome",
    "HotlineTimes",
    "Incident",
    "MatchingRound",
    "Need",
    "Notification",
    "Offer",
    "Office",
    "Organization",
    "OutboxEvent",
    "Person",
    "PhoneCode",
    "RegionAssessment",
    "TrustedDocument",
    "Visit",
    "VisitRound",
    "Volunteer",
    "WebhookSubscription",
]
