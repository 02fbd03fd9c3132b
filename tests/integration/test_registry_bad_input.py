"""Bad input comes back as a userError naming its field, with a code; nothing is written."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import (
    PASSWORD,
    codes,
    create_office,
    create_staff,
    organization_input,
    register_organization,
    register_volunteer,
    review,
    row_counts,
    verified_organization,
    volunteer_input,
)
from tests.steps.volunteers import phone_code, unique_phone

KNOWN_USCC = "91110000600037341L"
WRONG_CHECK = "91110000600037341M"


async def _register(api: ApiClient, values: dict[str, Any]) -> dict[str, Any]:
    return await api.mutate("registerOrganization", REGISTRY["RegisterOrganization"], values)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"uscc": WRONG_CHECK}, [(["uscc"], "INVALID_USCC")]),
        ({"uscc": KNOWN_USCC[:-1]}, [(["uscc"], "INVALID_USCC")]),
        ({"regionCode": "341599"}, [(["regionCode"], "UNKNOWN_REGION")]),
        ({"contactPhone": "138-not-a-phone"}, [(["contactPhone"], "INVALID_PHONE")]),
        ({"contactPhone": "12345"}, [(["contactPhone"], "INVALID_PHONE")]),
        ({"contactEmail": "team-at-example.org"}, [(["contactEmail"], "INVALID_EMAIL")]),
        ({"adminEmail": "captain@"}, [(["adminEmail"], "INVALID_EMAIL")]),
        ({"adminPassword": "short1"}, [(["adminPassword"], "WEAK_PASSWORD")]),
        ({"adminPassword": "onlyletters"}, [(["adminPassword"], "WEAK_PASSWORD")]),
        ({"name": "  "}, [(["name"], "REQUIRED")]),
        ({"name": "救" * 201}, [(["name"], "TOO_LONG")]),
        (
            {"serviceCategoryCodes": ["RESCUE_TEAM", "UNICORNS"]},
            [(["serviceCategoryCodes"], "UNKNOWN_CATEGORY")],
        ),
    ],
)
async def test_one_bad_field_of_an_organization_is_named_and_nothing_is_written(
    api: ApiClient, overrides: dict[str, Any], expected: list[tuple[list[str], str]]
) -> None:
    # given an empty registry
    before = await row_counts(api)

    # when an organization signs up with one bad field
    payload = await _register(api, organization_input(1, **overrides))

    # then that field is named with its code, and no row was written
    assert payload["organization"] is None
    assert codes(payload) == expected
    assert all(e["message"] for e in payload["userErrors"])
    assert await row_counts(api) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uscc": KNOWN_USCC}, "uscc"),
        ({"uscc": " " + KNOWN_USCC.lower()}, "uscc"),
        ({"adminEmail": "Captain1@Example.ORG"}, "adminEmail"),
    ],
)
async def test_a_taken_uscc_or_admin_email_is_a_duplicate(
    api: ApiClient, overrides: dict[str, str], field: str
) -> None:
    # given a registered organization whose admin is captain1@example.org
    await register_organization(api, 1, uscc=KNOWN_USCC)
    before = await row_counts(api)

    # when another signs up with its code or admin email, however it is typed
    payload = await _register(api, organization_input(2, **overrides))

    # then it is a DUPLICATE on that field and nothing is written
    assert codes(payload) == [([field], "DUPLICATE")]
    assert await row_counts(api) == before


async def test_every_bad_field_is_reported_at_once(api: ApiClient) -> None:
    # given
    before = await row_counts(api)

    # when everything that can be wrong is
    payload = await _register(
        api,
        organization_input(
            1,
            uscc=WRONG_CHECK,
            regionCode="000000",
            contactPhone="phone",
            contactEmail="mail",
            adminEmail="admin",
            adminPassword="123",
            serviceCategoryCodes=["NOPE"],
        ),
    )

    # then each field is named
    assert sorted(codes(payload)) == sorted(
        [
            (["uscc"], "INVALID_USCC"),
            (["regionCode"], "UNKNOWN_REGION"),
            (["contactPhone"], "INVALID_PHONE"),
            (["contactEmail"], "INVALID_EMAIL"),
            (["adminEmail"], "INVALID_EMAIL"),
            (["adminPassword"], "WEAK_PASSWORD"),
            (["serviceCategoryCodes"], "UNKNOWN_CATEGORY"),
        ]
    )
    assert await row_counts(api) == before


async def test_bad_volunteer_sign_ups_are_refused(api: ApiClient) -> None:
    # given one pending organization and one volunteer already signed up
    admin = await api.admin_token()
    pending_id, _ = await register_organization(api, 1)
    office_id = await create_office(api, admin, "341500")
    await register_volunteer(api, email="taken@example.org")
    phone = unique_phone()
    code = await phone_code(api, phone)
    before = await row_counts(api)
    cases: list[tuple[dict[str, Any], list[tuple[list[str], str]]]] = [
        ({"phone": "0000"}, [(["phone"], "INVALID_PHONE")]),
        ({"regionCode": "34150"}, [(["regionCode"], "UNKNOWN_REGION")]),
        ({"email": "nobody"}, [(["email"], "INVALID_EMAIL")]),
        ({"email": "TAKEN@example.org"}, [(["email"], "DUPLICATE")]),
        ({"password": "abcdefgh"}, [(["password"], "WEAK_PASSWORD")]),
        ({"organizationId": pending_id}, [(["organizationId"], "NOT_FOUND")]),
        ({"organizationId": "bm90LWFuLWlk"}, [(["organizationId"], "INVALID_ID")]),
        ({"organizationId": office_id}, [(["organizationId"], "INVALID_ID")]),
    ]

    for overrides, expected in cases:
        # when
        values = volunteer_input(**{"phone": phone, "phoneCode": code, **overrides})
        payload = await api.mutate("registerVolunteer", REGISTRY["RegisterVolunteer"], values)

        # then
        assert payload["volunteer"] is None, overrides
        assert codes(payload) == expected, overrides
    assert await row_counts(api) == before


async def test_offices_are_created_by_admin_in_known_regions_only(api: ApiClient) -> None:
    # given ADMIN and the staff of an office
    admin = await api.admin_token()
    office_id = await create_office(api, admin, "341500")
    office_admin = await create_staff(api, admin, office_id, "OFFICE_ADMIN")
    before = await row_counts(api)

    async def create(token: str, region_code: str) -> dict[str, Any]:
        values = {"name": "某民政局", "regionCode": region_code}
        return await api.mutate("createOffice", REGISTRY["CreateOffice"], values, token)

    # when ADMIN names an unknown region, and office staff or nobody try at all
    unknown = await create(admin, "349900")
    by_office = await create(office_admin, "341500")
    by_nobody = await create("", "341500")

    # then
    assert codes(unknown) == [(["regionCode"], "UNKNOWN_REGION")]
    assert codes(by_office) == [(None, "FORBIDDEN")]
    assert codes(by_nobody) == [(None, "UNAUTHENTICATED")]
    assert await row_counts(api) == before


async def test_office_admins_create_accounts_for_their_own_office_only(api: ApiClient) -> None:
    # given the admins of two offices
    admin = await api.admin_token()
    luan = await create_office(api, admin, "341500")
    hefei = await create_office(api, admin, "340100")
    luan_admin = await create_staff(api, admin, luan, "OFFICE_ADMIN")
    luan_staff = await create_staff(api, admin, luan, "OFFICE_STAFF")
    before = await row_counts(api)

    async def create(token: str, office_id: str | None, role: str) -> dict[str, Any]:
        values = {"email": "new@luan.gov.cn", "password": PASSWORD, "role": role}
        return await api.mutate(
            "createAccount", REGISTRY["CreateAccount"], {**values, "officeId": office_id}, token
        )

    # when the Lu'an admin reaches beyond its office, and its staff tries at all
    refused = [
        await create(luan_admin, hefei, "OFFICE_STAFF"),
        await create(luan_admin, luan, "ADMIN"),
        await create(luan_staff, luan, "OFFICE_STAFF"),
    ]
    malformed = await create(luan_admin, "garbage", "OFFICE_STAFF")
    wrong_role = await create(admin, luan, "ORG_ADMIN")

    # then each is refused and nothing is written
    assert [codes(p) for p in refused] == [[(None, "FORBIDDEN")]] * 3
    assert codes(malformed) == [(["officeId"], "INVALID_ID")]
    assert codes(wrong_role) == [(["role"], "INVALID")]
    assert await row_counts(api) == before

    # and for its own office it is allowed
    allowed = await create(luan_admin, luan, "OFFICE_STAFF")
    assert allowed["userErrors"] == []
    assert allowed["account"]["role"] == "OFFICE_STAFF"


async def test_a_wrong_password_gets_no_token(api: ApiClient) -> None:
    # given an organization admin
    await register_organization(api, 1)
    before = await row_counts(api)

    for email, password in [
        ("captain1@example.org", "not-the-password-1"),
        ("nobody@example.org", PASSWORD),
        ("", ""),
    ]:
        # when
        payload = await api.mutate(
            "signIn", REGISTRY["SignIn"], {"email": email, "password": password}
        )

        # then one vague error, no token, no session written
        assert payload == {
            "token": None,
            "account": None,
            "userErrors": [
                {
                    "field": ["password"],
                    "message": "Email or password is wrong.",
                    "code": "INVALID_CREDENTIALS",
                }
            ],
        }
    assert await row_counts(api) == before


@pytest.mark.parametrize("global_id", ["", "garbage", "组织", "T2ZmaWNlOjEyMw"])
async def test_malformed_global_ids_are_invalid_ids(api: ApiClient, global_id: str) -> None:
    # given
    admin = await api.admin_token()
    before = await row_counts(api)

    # when an id is not an organization's
    payload = await review(api, admin, global_id, "APPROVE")
    node = await api.gql(REGISTRY["Node"], {"id": global_id}, admin)

    # then the mutation names the field and node() finds nothing
    assert codes(payload) == [(["organizationId"], "INVALID_ID")]
    assert node == {"node": None}
    assert await row_counts(api) == before


async def test_reviews_need_a_reason_and_a_legal_transition(api: ApiClient) -> None:
    # given a pending and a verified organization
    admin = await api.admin_token()
    pending_id, _ = await register_organization(api, 1)
    verified_id = (await verified_organization(api, admin, 2)).id
    before = await row_counts(api)

    # when the reviews make no sense
    no_reason = await review(api, admin, pending_id, "REJECT")
    blank_reason = await review(api, admin, pending_id, "REJECT", "   ")
    suspend_pending = await review(api, admin, pending_id, "SUSPEND", "fraud")
    reinstate_verified = await review(api, admin, verified_id, "REINSTATE")
    approve_verified = await review(api, admin, verified_id, "APPROVE")
    reject_verified = await review(api, admin, verified_id, "REJECT", "late")

    # then each is refused on its field and neither organization changed
    assert codes(no_reason) == [(["reason"], "REQUIRED")]
    assert codes(blank_reason) == [(["reason"], "REQUIRED")]
    assert codes(suspend_pending) == [(["decision"], "INVALID_TRANSITION")]
    assert codes(reinstate_verified) == [(["decision"], "INVALID_TRANSITION")]
    assert codes(approve_verified) == [(["decision"], "INVALID_TRANSITION")]
    assert codes(reject_verified) == [(["decision"], "INVALID_TRANSITION")]
    assert await row_counts(api) == before
    statuses = await api.gql(REGISTRY["Organizations"], {"filter": {"regionCode": "341503"}}, admin)
    assert {e["node"]["id"]: e["node"]["status"] for e in statuses["organizations"]["edges"]} == {
        pending_id: "PENDING",
        verified_id: "VERIFIED",
    }


async def test_a_bad_bearer_token_is_401_not_a_server_error(api: ApiClient) -> None:
    for header in ["Bearer rh_not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "rh_token"]:
        # when
        response = await api.http.post(
            "/graphql",
            json={"query": "{ viewer { id } }"},
            headers={"authorization": header},
        )

        # then
        assert response.status_code == 401, header


def _cursor(raw: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"first": 101}, "INVALID", "first"),
        ({"first": -1}, "INVALID", "first"),
        ({"after": "not-a-cursor"}, "INVALID", "after"),
        ({"after": _cursor(["2020-07-01T08:30:00", "0" * 32])}, "INVALID", "after"),
        ({"after": _cursor(["2020-07-01T08:30:00+00:00", 42])}, "INVALID", "after"),
        ({"after": _cursor(["0001-01-01T00:00:00+05:00", "0" * 32])}, "INVALID", "after"),
        ({"filter": {"regionCode": "999999"}}, "UNKNOWN_REGION", "regionCode"),
    ],
)
async def test_bad_list_arguments_are_graphql_errors(
    api: ApiClient, variables: dict[str, Any], code: str, field: str
) -> None:
    # when a list is asked for with a bad page argument
    response = await api.post(REGISTRY["Organizations"], variables)

    # then it is a GraphQL error naming the argument, not a server error
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [{"code": code, "field": [field]}]
