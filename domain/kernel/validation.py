"""Field checks shared by the use cases; each adds a UserError naming its field."""

from __future__ import annotations

from datetime import datetime

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

from domain.kernel import regions
from domain.kernel.errors import ErrorCode, Errors

# Units of one category in one need or offer; far above any real relief quantity.
MAX_QUANTITY = 10_000_000


def quantity(errors: Errors, field: str, value: int | None) -> None:
    """When given, a positive whole number up to MAX_QUANTITY."""
    if value is not None and not 0 < value <= MAX_QUANTITY:
        errors.add(
            field,
            ErrorCode.INVALID,
            f"A positive whole number up to {MAX_QUANTITY} in the category's unit.",
        )


def required(errors: Errors, **values: object) -> None:
    """Each field left out (None) is refused as REQUIRED, in the order given."""
    for field, value in values.items():
        if value is None:
            errors.add(field, ErrorCode.REQUIRED, "This field is required.")


def zoned(errors: Errors, field: str, moment: datetime | None) -> None:
    """When given, a moment with its time zone."""
    if moment is not None and moment.tzinfo is None:
        errors.add(field, ErrorCode.INVALID, "Give a time zone.")


def text(
    errors: Errors, field: str, value: str | None, *, max_length: int = 200, required: bool = True
) -> str | None:
    """Stripped text within max_length; required unless told otherwise."""
    value = (value or "").strip()
    if not value:
        if required:
            errors.add(field, ErrorCode.REQUIRED, "This field is required.")
        return None
    if len(value) > max_length:
        errors.add(field, ErrorCode.TOO_LONG, f"Use at most {max_length} characters.")
        return None
    return value


def uscc(errors: Errors, field: str, value: str) -> str | None:
    """A Unified Social Credit Code (GB 32100-2015), check character verified."""
    try:
        return str(stdnum_uscc.validate(value or ""))
    except ValidationError as exc:
        errors.add(field, ErrorCode.INVALID_USCC, f"Not a valid USCC: {exc}")
        return None


def phone(errors: Errors, field: str, value: str) -> str | None:
    """A phone number valid in China (or in international form), as E.164."""
    try:
        number = phonenumbers.parse(value or "", "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        errors.add(field, ErrorCode.INVALID_PHONE, "Not a valid phone number.")
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email(errors: Errors, field: str, value: str) -> str | None:
    """A syntactically valid address, lower-cased so it identifies one account."""
    try:
        valid = validate_email(value or "", check_deliverability=False)
    except EmailNotValidError as exc:
        errors.add(field, ErrorCode.INVALID_EMAIL, str(exc))
        return None
    return str(valid.normalized).lower()


def region(errors: Errors, field: str | tuple[str, ...], code: str) -> regions.Region | None:
    """A known GB/T 2260 code."""
    found = regions.get(code or "")
    if found is None:
        errors.add(field, ErrorCode.UNKNOWN_REGION, f"{code!r} is not a GB/T 2260 region code.")
    return found
