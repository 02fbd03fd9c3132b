"""The closed vocabularies of DESIGN.md's domain language."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    ADMIN = "ADMIN"
    OFFICE_ADMIN = "OFFICE_ADMIN"
    OFFICE_STAFF = "OFFICE_STAFF"
    ORG_ADMIN = "ORG_ADMIN"
    ORG_MEMBER = "ORG_MEMBER"
    VOLUNTEER = "VOLUNTEER"


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
