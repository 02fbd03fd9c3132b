"""User errors: bad input answered field by field, never as a server error."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ErrorCode(enum.Enum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    TOO_LONG = "TOO_LONG"
    INVALID_USCC = "INVALID_USCC"
    INVALID_PHONE = "INVALID_PHONE"
    # A resident identity card number (GB 11643) whose check digit or birth date is wrong.
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_ID = "INVALID_ID"
    UNKNOWN_REGION = "UNKNOWN_REGION"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    DUPLICATE = "DUPLICATE"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    OUT_OF_JURISDICTION = "OUT_OF_JURISDICTION"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    # The one code for a quantity that conflicts with what is already promised: more than
    # an offer has free, more than a need still lacks, less than already committed.
    INSUFFICIENT_CAPACITY = "INSUFFICIENT_CAPACITY"
    # Why an offer cannot serve a need: the matching engine's own compatibility checks.
    CATEGORY_MISMATCH = "CATEGORY_MISMATCH"
    OUTSIDE_SERVICE_AREA = "OUTSIDE_SERVICE_AREA"
    OUTSIDE_TIME_WINDOW = "OUTSIDE_TIME_WINDOW"
    SKILLS_MISSING = "SKILLS_MISSING"
    # A volunteer's own availability (weekly slots, date ranges) misses the need's window.
    OUTSIDE_AVAILABILITY = "OUTSIDE_AVAILABILITY"
    # The offer's organization is not VERIFIED (pending, rejected or suspended).
    PROVIDER_NOT_VERIFIED = "PROVIDER_NOT_VERIFIED"
    # Another operator holds the claim on this help request and is working it.
    ALREADY_CLAIMED = "ALREADY_CLAIMED"
    # A volunteer already holds an assignment whose time overlaps this one.
    OVERLAPPING_ASSIGNMENT = "OVERLAPPING_ASSIGNMENT"
    # The assignment was called off (its allocation cancelled, or the volunteer barred).
    ASSIGNMENT_CANCELLED = "ASSIGNMENT_CANCELLED"
    # Asked too often: a phone code again within a minute, or too many wrong tries.
    RATE_LIMITED = "RATE_LIMITED"
    # A one-time account link (invitation, password reset) past its time, or used already.
    LINK_EXPIRED = "LINK_EXPIRED"
    LINK_USED = "LINK_USED"


@dataclass(frozen=True, slots=True)
class UserError:
    field: tuple[str, ...]
    message: str
    code: ErrorCode


class DomainError(Exception):
    """Raised by a use case to refuse its input; the unit of work rolls back."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @classmethod
    def single(cls, field: str | None, code: ErrorCode, message: str) -> DomainError:
        return cls([UserError((field,) if field else (), message, code)])

    @classmethod
    def quantity_conflict(cls, field: str, message: str) -> DomainError:
        """A quantity that conflicts with what is already promised."""
        return cls.single(field, ErrorCode.INSUFFICIENT_CAPACITY, message)


class Errors:
    """Collects every field's error before refusing, so a form shows them all at once."""

    def __init__(self) -> None:
        self.items: list[UserError] = []

    def add(self, field: str | tuple[str, ...] | None, code: ErrorCode, message: str) -> None:
        path = () if field is None else (field,) if isinstance(field, str) else field
        self.items.append(UserError(path, message, code))

    def has(self, field: str) -> bool:
        return any(e.field[:1] == (field,) for e in self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DomainError(self.items)
