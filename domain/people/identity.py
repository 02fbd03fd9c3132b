"""ID numbers and phones of the register: checked, sealed, masked, fingerprinted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidFormat, ValidationError

from domain.kernel import validation
from domain.kernel.errors import ErrorCode, Errors
from domain.kernel.personal_data import mask_phone
from domain.kernel.secrets_box import SecretBox
from domain.people.model import KNOWN_CATEGORIES, OTHER_CATEGORY_RANK

CATEGORY_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")


@dataclass(frozen=True, slots=True)
class Sealed:
    """A value as stored: encrypted, and masked for lists."""

    encrypted: str
    masked: str


def id_number(errors: Errors, field: str, value: str | None) -> str | None:
    """A resident identity card number (GB 11643), check digit and birth date verified."""
    if not (value or "").strip():
        errors.add(field, ErrorCode.REQUIRED, "This field is required.")
        return None
    try:
        return _ric((value or "").strip().upper())
    except ValidationError as exc:
        errors.add(field, ErrorCode.INVALID_ID_NUMBER, f"Not a valid ID card number: {exc}")
        return None


def _ric(value: str) -> str:
    """`ric.validate` without its birth-place check: stdnum's table of places predates
    many of today's county codes (Yu'an district's 341503 among them), and a card issued
    there is valid. Format, birth date and check digit are verified."""
    number = ric.compact(value)
    if len(number) != 18 or not number[:-1].isdigit():
        raise InvalidFormat()
    ric.get_birth_date(number)  # an impossible date is refused here
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    return str(number)


def category(errors: Errors, field: str, value: str | None) -> str | None:
    """One of the known categories, or a SCREAMING_CASE code an office adds."""
    code = (value or "").strip().upper()
    if not code:
        errors.add(field, ErrorCode.REQUIRED, "This field is required.")
        return None
    if not CATEGORY_CODE.match(code):
        errors.add(field, ErrorCode.INVALID, "A code in capitals, e.g. LEFT_BEHIND_ELDERLY.")
        return None
    return code


def optional_phone(errors: Errors, field: str, value: str | None) -> str | None:
    """A phone when given ('' clears it on an update: the caller tells them apart)."""
    if not (value or "").strip():
        return None
    return validation.phone(errors, field, value or "")


def mask_id_number(number: str) -> str:
    """'34150219400101002X' -> '341***********002X': the region of birth and the last
    four, enough for a caseworker to recognise a card, not to use it."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def seal_id_number(box: SecretBox, number: str) -> Sealed:
    return Sealed(box.encrypt(number), mask_id_number(number))


def seal_phone(box: SecretBox, e164: str) -> Sealed:
    return Sealed(box.encrypt(e164), mask_phone(e164))


def priority(category_code: str, number: str, today: date) -> int:
    """The visit order, lower first: the category's rank, then age (the very old and the
    very young before the rest of their category)."""
    rank = KNOWN_CATEGORIES.get(category_code, OTHER_CATEGORY_RANK)
    born = ric.get_birth_date(number)
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    fragile = age >= 80 or age < 6
    return rank * 10 + (0 if fragile else 5)
