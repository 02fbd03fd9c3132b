"""Who may see what: the one visibility rule every list applies, and the one rule for
personal data. Features pass their own columns; the rule is written here once.

- ADMIN sees everything.
- An office sees what lies in its jurisdiction (the region column, by subtree).
- A member of an organization sees what belongs to it (the organization column).
- A volunteer sees their own (the volunteer column).
- Everybody sees what the feature declares public (if anything)."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import Select, String, cast, false, or_
from sqlalchemy.sql.elements import ColumnElement

from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode

T = TypeVar("T", bound=Any)


def within(column: Any, code: str) -> ColumnElement[bool]:
    """The column's region code lies in the subtree of `code` (a known code)."""
    return column.startswith(regions.subtree_prefix(code), autoescape=True)


def in_subtree(column: Any, code: str, field: str = "region_code") -> ColumnElement[bool]:
    """`within`, for a code the caller sent: an unknown one is refused on `field`."""
    if regions.get(code) is None:
        raise DomainError.single(field, ErrorCode.UNKNOWN_REGION, f"Unknown region {code}.")
    return within(column, code)


def touching(column: Any, code: str, field: str = "region_code") -> ColumnElement[bool]:
    """A JSON list of region codes (an incident's) has one in the subtree of `code`, or
    one whose subtree holds `code`: the province, the prefecture or the county itself. A
    code in the list is quoted, so a quote before the digits anchors each match at the
    start of one code, on both databases. An unknown `code` is refused on `field`."""
    if regions.get(code) is None:
        raise DomainError.single(field, ErrorCode.UNKNOWN_REGION, f"Unknown region {code}.")
    text = cast(column, String)
    ancestors = {code[:2] + "0000", code[:4] + "00", code}
    return or_(
        text.contains(f'"{regions.subtree_prefix(code)}', autoescape=True),
        *(text.contains(f'"{ancestor}"', autoescape=True) for ancestor in sorted(ancestors)),
    )


def visible(
    principal: Principal,
    stmt: Select[T],
    *,
    region: Any = None,
    organization: Any = None,
    volunteer: Any = None,
    public: ColumnElement[bool] | None = None,
) -> Select[T]:
    """`stmt` narrowed to what the principal may see, by the columns the feature names."""
    if principal.is_admin:
        return stmt
    conditions: list[ColumnElement[bool]] = [] if public is None else [public]
    if region is not None and principal.is_office and principal.office_region_code:
        conditions.append(within(region, principal.office_region_code))
    if organization is not None and principal.organization_id:
        conditions.append(organization == principal.organization_id)
    if volunteer is not None and principal.volunteer_id:
        conditions.append(volunteer == principal.volunteer_id)
    return stmt.where(or_(false(), *conditions))


def owns(principal: Principal, row: Any) -> bool:
    """ADMIN, or the account a row belongs to (notifications, webhook subscriptions,
    tokens): what node(id) shows of rows that have an owner."""
    # A row of no account (an email, SMS or webhook delivery) is nobody's: an anonymous
    # caller has no account either, and None equal to None must not make it theirs.
    if principal.is_admin:
        return True
    return principal.account_id is not None and row.account_id == principal.account_id


def is_own_account(principal: Principal, account: Any) -> bool:
    """ADMIN, or the account itself."""
    return principal.is_admin or principal.account_id == account.id


def may_govern_incident(
    principal: Principal, *, office_id: uuid.UUID, region_codes: list[str]
) -> bool:
    """Changing an incident's phase or closing it (which ends the asking in every region):
    ADMIN; the office that opened it; or an office whose jurisdiction covers every one of
    its regions. An office covering only some of them (a county of a prefecture-wide
    incident) manages its own needs, not the incident."""
    if principal.is_admin:
        return True
    if not principal.is_office:
        return False
    return principal.office_id == office_id or (
        bool(region_codes) and all(principal.covers_region(code) for code in region_codes)
    )


def may_see_personal_data(
    principal: Principal,
    *,
    region_code: str | None = None,
    organization_id: uuid.UUID | None = None,
    volunteer_id: uuid.UUID | None = None,
    account_id: uuid.UUID | None = None,
) -> bool:
    """Phones, emails and names in full: the person themselves, the admins of the
    organization they belong to, offices covering their region; a partner token only with
    the PERSONAL_DATA scope. Each argument left out is a way that does not apply."""
    if not principal.has_scope(Scope.PERSONAL_DATA):
        return False
    if principal.is_admin:
        return True
    return (
        (account_id is not None and principal.account_id == account_id)
        or (volunteer_id is not None and principal.volunteer_id == volunteer_id)
        or (organization_id is not None and principal.administers_organization(organization_id))
        or (region_code is not None and principal.covers_region(region_code))
    )


def may_see_people(principal: Principal) -> bool:
    """Who a person is (a volunteer's name, the volunteer behind an assignment or an hours
    row): a partner token without the PERSONAL_DATA scope sees counts, not people. Sessions
    hold every scope; where a person is visible at all is each feature's own rule."""
    return principal.has_scope(Scope.PERSONAL_DATA)


def may_see_account_email(principal: Principal) -> bool:
    """Whoever may read an account (ADMIN, or its owner) reads its email in full; a partner
    token only with the PERSONAL_DATA scope."""
    return principal.has_scope(Scope.PERSONAL_DATA)


def may_see_account_phone(principal: Principal) -> bool:
    """An account's phone is read as its email is."""
    return may_see_account_email(principal)


def may_see_contacts(principal: Principal, *, region_code: str, organization_id: uuid.UUID) -> bool:
    """An organization's contacts: its admins and the offices covering it."""
    return may_see_personal_data(
        principal, region_code=region_code, organization_id=organization_id
    )


def may_see_help_requester(principal: Principal, *, region_code: str) -> bool:
    """Who asked for help, and how to call them back: the office of jurisdiction and its
    hotline operators (and ADMIN); a partner token only with the PERSONAL_DATA scope."""
    return principal.has_scope(Scope.PERSONAL_DATA) and principal.answers_calls_for(region_code)


def may_see_exact_location(
    principal: Principal,
    *,
    special_groups: list[str] | None,
    region_code: str | None = None,
    verified_provider: bool = False,
) -> bool:
    """A need's point, where it names special groups (elders alone, orphans, disabled
    people), leads to their door: ADMIN reads it; the office whose jurisdiction holds the
    need's county (`region_code`), and its hotline operators, who answer the calls from
    there; and providers the office verified (`verified_provider`: a member of a VERIFIED
    organization, a VERIFIED volunteer or an approved member of a VERIFIED organization,
    which the caller looks up), who may be sent there. Not a self-registered volunteer,
    a PENDING organization or an office elsewhere: they read the county only, as
    anonymous callers do. A partner token reads it only with the PERSONAL_DATA scope, and
    only as its account would. A need of no special group is public, point and all."""
    if not special_groups:
        return True
    if not principal.has_scope(Scope.PERSONAL_DATA) or principal.is_anonymous:
        return False
    if principal.is_admin:
        return True
    if principal.is_office or principal.is_hotline_operator:
        return region_code is not None and principal.answers_calls_for(region_code)
    return verified_provider
