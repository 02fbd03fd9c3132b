"""The registry's value objects and rules, without a database or the API."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from domain.kernel import regions, validation
from domain.kernel.auth.principal import ANONYMOUS, Principal
from domain.kernel.enums import MembershipStatus, Role, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.pagination import MAX_PAGE, decode_cursor, encode_cursor, page_size
from domain.kernel.personal_data import mask_email, mask_phone
from domain.kernel.policy import may_see_contacts
from domain.registry.model import Organization, Volunteer
from domain.registry.volunteers import may_see_personal_data
from tests.client import valid_uscc

# The example code of python-stdnum's documentation.
KNOWN_USCC = "91110000600037341L"


def _check(
    check: Callable[[Errors, str, str], object], value: str
) -> tuple[object, list[tuple[tuple[str, ...], ErrorCode]]]:
    """What a field check returns, and the (field, code) of each error it added."""
    errors = Errors()
    result = check(errors, "field", value)
    return result, [(e.field, e.code) for e in errors.items]


# --- USCC -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [KNOWN_USCC, valid_uscc(7), valid_uscc(123456)])
def test_a_uscc_with_its_check_character_is_accepted(code: str) -> None:
    assert _check(validation.uscc, code) == (code, [])


def test_a_uscc_with_a_wrong_check_character_is_refused() -> None:
    # given a valid code with its last character changed
    wrong = KNOWN_USCC[:-1] + ("M" if KNOWN_USCC[-1] != "M" else "N")

    # then the field carries INVALID_USCC
    assert _check(validation.uscc, wrong) == (None, [(("field",), ErrorCode.INVALID_USCC)])


@pytest.mark.parametrize(
    "code", ["", KNOWN_USCC[:-1], KNOWN_USCC + "1", "X" * 18, "91110000600037341"]
)
def test_a_uscc_of_the_wrong_length_or_form_is_refused(code: str) -> None:
    assert _check(validation.uscc, code) == (None, [(("field",), ErrorCode.INVALID_USCC)])


@pytest.mark.parametrize(
    "typed", ["91110000600037341l", " 9111 0000 6000 3734 1L ", "9111-0000-6000-37341l"]
)
def test_a_uscc_typed_in_lower_case_or_with_spaces_is_stored_compact(typed: str) -> None:
    assert _check(validation.uscc, typed) == (KNOWN_USCC, [])


# --- phone and email -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13812345678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("010-65529988", "+861065529988"),
        ("0551-62345678", "+8655162345678"),
    ],
)
def test_mobile_and_landline_numbers_become_e164(typed: str, e164: str) -> None:
    assert _check(validation.phone, typed) == (e164, [])


@pytest.mark.parametrize("typed", ["", "abc", "call me", "12345", "1381234567", "62345678"])
def test_garbage_and_short_numbers_are_refused(typed: str) -> None:
    assert _check(validation.phone, typed) == (None, [(("field",), ErrorCode.INVALID_PHONE)])


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Zhang@Example.ORG", "zhang@example.org"),
        ("ZHANG.san@example.org", "zhang.san@example.org"),
        ("张三@例子.中国", "张三@例子.中国"),
    ],
)
def test_emails_are_normalised_to_one_spelling(typed: str, normalised: str) -> None:
    assert _check(validation.email, typed) == (normalised, [])


@pytest.mark.parametrize("typed", ["", "zhang", "zhang@", "@example.org", "a@@example.org", "a@b"])
def test_malformed_emails_are_refused(typed: str) -> None:
    assert _check(validation.email, typed) == (None, [(("field",), ErrorCode.INVALID_EMAIL)])


# --- regions --------------------------------------------------------------------------


def test_regions_have_six_digit_codes_a_level_and_a_parent() -> None:
    # given Yu'an district of Lu'an, Anhui
    county = regions.get("341503")

    # then its chain is province -> prefecture -> county
    assert county is not None
    assert (county.name, county.level, county.parent_code) == (
        "裕安区",
        regions.RegionLevel.COUNTY,
        "341500",
    )
    assert [(r.code, r.level) for r in regions.path("341503")] == [
        ("340000", regions.RegionLevel.PROVINCE),
        ("341500", regions.RegionLevel.PREFECTURE),
        ("341503", regions.RegionLevel.COUNTY),
    ]
    assert all(len(r.code) == 6 and r.code.isdigit() for r in regions.all_regions())


def test_unknown_codes_are_not_regions() -> None:
    assert regions.get("341599") is None
    assert regions.get("34") is None
    assert _check(validation.region, "999999") == (
        None,
        [(("field",), ErrorCode.UNKNOWN_REGION)],
    )


def test_the_children_of_nothing_are_the_34_provincial_divisions() -> None:
    provinces = regions.children(None)

    assert len(provinces) == 34
    assert {p.level for p in provinces} == {regions.RegionLevel.PROVINCE}
    assert {"110000", "340000", "420000", "710000", "810000", "820000"} <= {
        p.code for p in provinces
    }


def test_taiwan_has_its_gb_t_2260_code() -> None:
    taiwan = regions.get("710000")

    assert taiwan is not None
    assert taiwan.level is regions.RegionLevel.PROVINCE
    assert taiwan.parent_code is None


@pytest.mark.parametrize(
    ("ancestor", "code"),
    [
        ("340000", "341503"),  # province -> county
        ("340000", "341500"),  # province -> prefecture
        ("341500", "341503"),  # prefecture -> county
        ("341503", "341503"),  # a region covers itself
        ("420000", "429004"),  # Xiantao: a county-level city directly under Hubei
        ("110000", "110101"),  # Beijing's Dongcheng district
        ("500000", "500235"),  # Chongqing's Yunyang county
    ],
)
def test_a_region_covers_its_subtree(ancestor: str, code: str) -> None:
    assert regions.covers(ancestor, code)
    # and the data agrees: the ancestor is on the region's path
    assert ancestor in {r.code for r in regions.path(code)}


@pytest.mark.parametrize(
    ("ancestor", "code"),
    [
        ("340100", "341503"),  # Hefei does not cover a Lu'an district
        ("341502", "341503"),  # nor does a sibling county
        ("341503", "341500"),  # a county does not cover its prefecture
        ("420000", "340000"),  # nor one province another
        ("421300", "429004"),  # a Hubei prefecture does not cover Xiantao
    ],
)
def test_a_region_does_not_cover_what_lies_outside_it(ancestor: str, code: str) -> None:
    assert not regions.covers(ancestor, code)


def test_xiantao_and_beijing_districts_hang_directly_under_their_province() -> None:
    xiantao = regions.get("429004")
    dongcheng = regions.get("110101")

    assert xiantao is not None and dongcheng is not None
    assert (xiantao.level, xiantao.parent_code) == (regions.RegionLevel.COUNTY, "420000")
    assert (dongcheng.level, dongcheng.parent_code) == (regions.RegionLevel.COUNTY, "110000")
    assert "429004" in {r.code for r in regions.children("420000")}


# --- masking --------------------------------------------------------------------------


def test_a_masked_phone_keeps_enough_to_recognise_it() -> None:
    assert mask_phone("+8613812345678") == "+86 138****5678"
    assert mask_phone("+12025550143") == "+12*****0143"
    assert "5550" not in mask_phone("+12025550143")


def test_a_masked_email_keeps_the_first_letter_and_the_domain() -> None:
    assert mask_email("zhang@example.org") == "z***@example.org"
    assert "hang" not in mask_email("zhang@example.org")


# --- pagination cursors -----------------------------------------------------------------


def _cursor(raw: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()


def test_a_cursor_round_trips_to_its_keyset_position() -> None:
    # given an organization created at a known time
    row = Organization(id=uuid.uuid4(), created_at=datetime(2020, 7, 1, 8, 30, tzinfo=UTC))

    # then its cursor decodes to (created_at, id)
    assert decode_cursor(encode_cursor(row)) == (row.created_at, row.id)


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "组织",
        _cursor({"a": 1}),
        _cursor(["2020-07-01T08:30:00+00:00"]),
        _cursor(["yesterday", str(uuid.uuid4())]),
        _cursor(["2020-07-01T08:30:00+00:00", "not-a-uuid"]),
        _cursor(["2020-07-01T08:30:00+00:00", 5]),
        _cursor(["2020-07-01T08:30:00+00:00", [1]]),
        _cursor(["2020-07-01T08:30:00", str(uuid.uuid4())]),  # no zone
        _cursor(["0001-01-01T00:00:00+05:00", str(uuid.uuid4())]),  # before year 1 in UTC
        _cursor(["9999-12-31T23:59:59-05:00", str(uuid.uuid4())]),  # after year 9999 in UTC
    ],
)
def test_a_malformed_cursor_is_refused_on_after(cursor: str) -> None:
    with pytest.raises(DomainError) as refused:
        decode_cursor(cursor)
    assert [(e.field, e.code) for e in refused.value.errors] == [(("after",), ErrorCode.INVALID)]


@pytest.mark.parametrize("first", [MAX_PAGE + 1, -1, 10_000])
def test_first_beyond_the_cap_is_refused_on_first(first: int) -> None:
    with pytest.raises(DomainError) as refused:
        page_size(first)
    assert [(e.field, e.code) for e in refused.value.errors] == [(("first",), ErrorCode.INVALID)]


def test_first_within_the_cap_is_the_page_size() -> None:
    assert page_size(0) == 0
    assert page_size(MAX_PAGE) == MAX_PAGE
    assert page_size(None) > 0


# --- principals -------------------------------------------------------------------------


def _office(region_code: str, scopes: frozenset[Scope] | None = None) -> Principal:
    return Principal(
        account_id=uuid.uuid4(),
        role=Role.OFFICE_STAFF,
        office_id=uuid.uuid4(),
        office_region_code=region_code,
        scopes=scopes,
    )


def test_an_office_covers_its_jurisdiction_only() -> None:
    luan = _office("341500")

    assert luan.covers_region("341503")
    assert not luan.covers_region("340100")
    assert not luan.covers_region("340000")


def test_admin_covers_everything_and_others_nothing() -> None:
    admin = Principal(account_id=uuid.uuid4(), role=Role.ADMIN)
    org_admin = Principal(account_id=uuid.uuid4(), role=Role.ORG_ADMIN)

    assert admin.covers_region("710000")
    assert not org_admin.covers_region("341503")
    assert not ANONYMOUS.covers_region("341503")


def test_only_the_personal_data_scope_shows_contacts_to_a_partner_token() -> None:
    # given an organization and a volunteer in Yu'an district
    organization = Organization(id=uuid.uuid4(), region_code="341503")
    volunteer = Volunteer(
        id=uuid.uuid4(), region_code="341503", membership_status=MembershipStatus.NONE
    )

    # then the covering office's session sees the organization's contacts, as does a
    # token with PERSONAL_DATA; a volunteer's it reads on an active assignment only
    for principal in (
        _office("341500"),
        _office("341500", frozenset({Scope.PERSONAL_DATA, Scope.REGISTRY})),
    ):
        assert may_see_contacts(
            principal, region_code=organization.region_code, organization_id=organization.id
        )
        assert not may_see_personal_data(principal, volunteer)

    # and the volunteer's own session sees theirs, as does their token with PERSONAL_DATA
    for scopes in (None, frozenset({Scope.PERSONAL_DATA})):
        own = Principal(
            account_id=uuid.uuid4(), role=Role.VOLUNTEER, volunteer_id=volunteer.id, scopes=scopes
        )
        assert may_see_personal_data(own, volunteer)

    # and a token without PERSONAL_DATA never does, the office's or the volunteer's
    partner = _office("341500", frozenset(Scope) - {Scope.PERSONAL_DATA})
    assert not may_see_contacts(
        partner, region_code=organization.region_code, organization_id=organization.id
    )
    own_partner = Principal(
        account_id=uuid.uuid4(),
        role=Role.VOLUNTEER,
        volunteer_id=volunteer.id,
        scopes=frozenset(Scope) - {Scope.PERSONAL_DATA},
    )
    assert not may_see_personal_data(own_partner, volunteer)


def test_scopes_narrow_a_token_and_a_session_holds_them_all() -> None:
    session = _office("341500")
    partner = _office("341500", frozenset({Scope.NEEDS}))

    assert all(session.has_scope(s) for s in Scope)
    assert partner.has_scope(Scope.NEEDS)
    assert not partner.has_scope(Scope.REGISTRY)
    with pytest.raises(DomainError) as refused:
        partner.require(Scope.REGISTRY)
    assert refused.value.errors[0].code is ErrorCode.FORBIDDEN
    with pytest.raises(DomainError) as refused:
        ANONYMOUS.require(Scope.REGISTRY)
    assert refused.value.errors[0].code is ErrorCode.UNAUTHENTICATED
