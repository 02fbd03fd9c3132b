"""The closed vocabularies of the domain language (docs/architecture.md)."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    ADMIN = "ADMIN"
    OFFICE_ADMIN = "OFFICE_ADMIN"
    OFFICE_STAFF = "OFFICE_STAFF"
    ORG_ADMIN = "ORG_ADMIN"
    ORG_MEMBER = "ORG_MEMBER"
    VOLUNTEER = "VOLUNTEER"
    # Takes calls for help for one office: works help requests, nothing else of the office.
    HOTLINE_OPERATOR = "HOTLINE_OPERATOR"


OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})
ORG_ROLES = frozenset({Role.ORG_ADMIN, Role.ORG_MEMBER})


class Scope(enum.Enum):
    """What a partner API token may do; a signed-in session holds every scope."""

    PERSONAL_DATA = "PERSONAL_DATA"
    REGISTRY = "REGISTRY"
    NEEDS = "NEEDS"
    OFFERS = "OFFERS"
    MATCHING = "MATCHING"
    DISPATCH = "DISPATCH"
    WEBHOOKS = "WEBHOOKS"


class TokenKind(enum.Enum):
    SESSION = "SESSION"
    API = "API"


class LinkPurpose(enum.Enum):
    """What a one-time link sent to an account's email is for."""

    INVITATION = "INVITATION"
    PASSWORD_RESET = "PASSWORD_RESET"


class OrganizationKind(enum.Enum):
    CHARITY = "CHARITY"
    SOCIAL_WORK_AGENCY = "SOCIAL_WORK_AGENCY"
    VOLUNTEER_SERVICE_ORGANIZATION = "VOLUNTEER_SERVICE_ORGANIZATION"
    EMERGENCY_RESCUE_TEAM = "EMERGENCY_RESCUE_TEAM"
    OTHER = "OTHER"


class OrganizationStatus(enum.Enum):
    PENDING = "PENDING"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


class NotifyBy(enum.Enum):
    """The channels a volunteer chose to be told by, beside the portal's inbox (always)."""

    EMAIL = "EMAIL"
    SMS = "SMS"


class VolunteerStatus(enum.Enum):
    """The office's verification of a volunteer, decided as an organization's is."""

    PENDING = "PENDING"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


class ReviewDecision(enum.Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    SUSPEND = "SUSPEND"
    REINSTATE = "REINSTATE"


class Skill(enum.Enum):
    PSYCHOLOGICAL_COUNSELING = "PSYCHOLOGICAL_COUNSELING"
    SOCIAL_WORK = "SOCIAL_WORK"
    MEDICAL = "MEDICAL"
    RESCUE = "RESCUE"
    CONSTRUCTION = "CONSTRUCTION"
    DRIVING = "DRIVING"
    LOGISTICS = "LOGISTICS"
    CARE_VISITS = "CARE_VISITS"


class MembershipStatus(enum.Enum):
    NONE = "NONE"
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class MembershipDecision(enum.Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


class Locale(enum.Enum):
    ZH_CN = "zh-CN"
    EN = "en"


class Hazard(enum.Enum):
    FLOOD = "FLOOD"
    EARTHQUAKE = "EARTHQUAKE"
    TYPHOON = "TYPHOON"
    LANDSLIDE = "LANDSLIDE"
    DROUGHT = "DROUGHT"
    WILDFIRE = "WILDFIRE"
    EPIDEMIC = "EPIDEMIC"
    OTHER = "OTHER"


class ResponseLevel(enum.Enum):
    LEVEL_I = "LEVEL_I"
    LEVEL_II = "LEVEL_II"
    LEVEL_III = "LEVEL_III"
    LEVEL_IV = "LEVEL_IV"


class IncidentPhase(enum.Enum):
    EMERGENCY_RESCUE = "EMERGENCY_RESCUE"
    TRANSITIONAL_RESETTLEMENT = "TRANSITIONAL_RESETTLEMENT"
    RECOVERY = "RECOVERY"
    CLOSED = "CLOSED"


class NeedStatus(enum.Enum):
    OPEN = "OPEN"
    PARTIALLY_ALLOCATED = "PARTIALLY_ALLOCATED"
    ALLOCATED = "ALLOCATED"
    FULFILLED = "FULFILLED"
    # Past its needed-by and still short: the office extends, cancels or escalates it.
    OVERDUE = "OVERDUE"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


class SpecialGroup(enum.Enum):
    ELDERLY_ALONE = "ELDERLY_ALONE"
    LEFT_BEHIND_CHILDREN = "LEFT_BEHIND_CHILDREN"
    LEFT_BEHIND_ELDERLY = "LEFT_BEHIND_ELDERLY"
    DISABLED = "DISABLED"
    PREGNANT_WOMEN = "PREGNANT_WOMEN"
    CHRONICALLY_ILL = "CHRONICALLY_ILL"
    LOW_INCOME = "LOW_INCOME"
    # The register's categories a need may name (LEFT_BEHIND_ELDERLY and DISABLED above).
    SCATTERED_DESTITUTE = "SCATTERED_DESTITUTE"
    SCATTERED_ORPHAN = "SCATTERED_ORPHAN"
    CHILD_IN_DIFFICULTY = "CHILD_IN_DIFFICULTY"


class OfferStatus(enum.Enum):
    AVAILABLE = "AVAILABLE"
    EXHAUSTED = "EXHAUSTED"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"


class AllocationStatus(enum.Enum):
    PROPOSED = "PROPOSED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"  # its dispatch was cancelled by the office
    VETOED = "VETOED"  # the office responsible for the need turned the proposal down


class AllocationSource(enum.Enum):
    ROUND = "ROUND"
    PLEDGE = "PLEDGE"
    OFFICE = "OFFICE"  # an office assigned the offer to the need itself


class RoundStatus(enum.Enum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    FINISHED = "FINISHED"
    FAILED = "FAILED"


class RoundTrigger(enum.Enum):
    MANUAL = "MANUAL"
    AUTOMATIC = "AUTOMATIC"


class DispatchStatus(enum.Enum):
    ISSUED = "ISSUED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    EN_ROUTE = "EN_ROUTE"
    DELIVERED = "DELIVERED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class Channel(enum.Enum):
    EMAIL = "EMAIL"
    SMS = "SMS"
    WEBHOOK = "WEBHOOK"
    INBOX = "INBOX"


class NotificationStatus(enum.Enum):
    PENDING = "PENDING"
    SENDING = "SENDING"
    SENT = "SENT"
    FAILED = "FAILED"  # a try failed; another follows
    DEAD = "DEAD"  # the last try failed; an admin may re-deliver


class WebhookEvent(enum.Enum):
    """The events partners subscribe to; docs/partners/README.md has each one's payload."""

    DISPATCH_ISSUED = "DISPATCH_ISSUED"
    DISPATCH_STATUS_CHANGED = "DISPATCH_STATUS_CHANGED"
    NEED_PUBLISHED = "NEED_PUBLISHED"
    MATCHING_ROUND_FINISHED = "MATCHING_ROUND_FINISHED"
    ORGANIZATION_REVIEWED = "ORGANIZATION_REVIEWED"
    NEED_UPDATED = "NEED_UPDATED"
    NEED_CANCELLED = "NEED_CANCELLED"
    NEED_OVERDUE = "NEED_OVERDUE"
    OFFER_POSTED = "OFFER_POSTED"
    OFFER_UPDATED = "OFFER_UPDATED"
    OFFER_WITHDRAWN = "OFFER_WITHDRAWN"
    ALLOCATION_PROPOSED = "ALLOCATION_PROPOSED"
    ALLOCATION_ACCEPTED = "ALLOCATION_ACCEPTED"
    ALLOCATION_DECLINED = "ALLOCATION_DECLINED"
    ALLOCATION_EXPIRED = "ALLOCATION_EXPIRED"
    ALLOCATION_VETOED = "ALLOCATION_VETOED"
    ALLOCATION_ASSIGNED = "ALLOCATION_ASSIGNED"
    DELIVERY_RECORDED = "DELIVERY_RECORDED"
    DELIVERY_CONFIRMED = "DELIVERY_CONFIRMED"
    HELP_REQUEST_RECEIVED = "HELP_REQUEST_RECEIVED"
    HELP_REQUEST_CLOSED = "HELP_REQUEST_CLOSED"
