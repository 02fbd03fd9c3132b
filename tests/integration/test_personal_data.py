"""Point 8: phones and emails in full only for the person, their organization's admins and
the offices covering them; masked or null for everyone else — per role, through HTTP."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import (
    add_member,
    office_staff,
    register_organization,
    register_volunteer,
    verified_organization,
)
from tests.steps.registry_documents import (
    ORGANIZATION_CONTACTS,
    REVIEW_MEMBERSHIP,
    VOLUNTEER_CONTACTS,
    VOLUNTEERS,
)

ORG_PHONE, ORG_PHONE_MASKED = "+8613812345678", "+86 138****5678"
ORG_EMAIL, ORG_EMAIL_MASKED = "team1@example.org", "t***@example.org"
VOLUNTEER_PHONE, VOLUNTEER_PHONE_MASKED = "+8613900001111", "+86 139****1111"
VOLUNTEER_EMAIL = "li@example.org"


@dataclass
class World:
    """Organization 1 and its volunteer in Yu'an district (341503), and their viewers."""

    organization_id: str
    volunteer_id: str
    tokens: dict[str, str]


async def _world(api: ApiClient) -> World:
    admin = await api.admin_token()
    verified = await verified_organization(api, admin, 1)
    organization_id, org_admin = verified.id, verified.token
    other_org_admin = (await verified_organization(api, admin, 2, region_code="340102")).token
    volunteer_id, volunteer = await register_volunteer(
        api, email=VOLUNTEER_EMAIL, organizationId=organization_id, phone="13900001111"
    )
    await api.mutate(
        "reviewVolunteerMembership",
        REVIEW_MEMBERSHIP,
        {"volunteerId": volunteer_id, "decision": "APPROVE"},
        org_admin,
    )
    covering = await office_staff(api, admin, "341500")

    async def partner(scopes: list[str]) -> str:
        created = await api.mutate(
            "createApiToken",
            REGISTRY["CreateApiToken"],
            {"name": "partner", "scopes": scopes},
            covering,
        )
        return str(created["token"])

    tokens = {
        "anonymous": "",
        "another organization's admin": other_org_admin,
        "the organization's admin": org_admin,
        "a member of the organization": await add_member(api, org_admin, organization_id),
        "the covering office": covering,
        "an office not covering": await office_staff(api, admin, "340100"),
        "ADMIN": admin,
        "the volunteer": volunteer,
        "a partner token with PERSONAL_DATA": await partner(["PERSONAL_DATA", "REGISTRY"]),
        "a partner token without PERSONAL_DATA": await partner(["REGISTRY"]),
    }
    return World(organization_id, volunteer_id, tokens)


FULL, MASKED, HIDDEN = "full", "masked", "hidden"

# viewer -> (organization contacts, volunteer contacts)
RULES = {
    "anonymous": (MASKED, HIDDEN),
    "another organization's admin": (MASKED, HIDDEN),
    "the organization's admin": (FULL, FULL),
    # a member is not an admin: the organization's people are listed, their data masked
    "a member of the organization": (MASKED, MASKED),
    # an office reads a volunteer's contacts only on an active assignment of its incident
    "the covering office": (FULL, MASKED),
    "an office not covering": (MASKED, HIDDEN),
    "ADMIN": (FULL, FULL),
    # the volunteer is nobody's admin: their own data in full, the organization's masked
    "the volunteer": (MASKED, FULL),
    # the covering office's token: what the office reads, no more
    "a partner token with PERSONAL_DATA": (FULL, MASKED),
    "a partner token without PERSONAL_DATA": (MASKED, MASKED),
}


async def test_each_viewer_sees_what_the_rule_allows(api: ApiClient) -> None:
    # given an organization, its volunteer and one viewer of every kind
    world = await _world(api)

    for viewer, (organization_rule, volunteer_rule) in RULES.items():
        token = world.tokens[viewer]

        # when the viewer looks at both
        organization = (await api.gql(ORGANIZATION_CONTACTS, {"id": world.organization_id}, token))[
            "node"
        ]
        volunteer = (await api.gql(VOLUNTEER_CONTACTS, {"id": world.volunteer_id}, token))["node"]

        # then they see exactly what the rule allows
        seen_organization = (organization["contactPhone"], organization["contactEmail"])
        assert (
            seen_organization
            == {
                FULL: (ORG_PHONE, ORG_EMAIL),
                MASKED: (ORG_PHONE_MASKED, ORG_EMAIL_MASKED),
            }[organization_rule]
        ), viewer
        seen_volunteer = None if volunteer is None else (volunteer["phone"], volunteer["email"])
        assert (
            seen_volunteer
            == {
                FULL: (VOLUNTEER_PHONE, VOLUNTEER_EMAIL),
                MASKED: (VOLUNTEER_PHONE_MASKED, None),
                HIDDEN: None,
            }[volunteer_rule]
        ), viewer


async def test_lists_apply_the_same_rule_as_nodes(api: ApiClient) -> None:
    # given the same world
    world = await _world(api)

    for viewer, (_, volunteer_rule) in RULES.items():
        # when the viewer lists volunteers
        listed = (await api.gql(VOLUNTEERS, {"first": 50}, world.tokens[viewer]))["volunteers"]

        # then the volunteer is there unless hidden, with the same masking
        phones = [e["node"]["phone"] for e in listed["edges"]]
        expected = {FULL: [VOLUNTEER_PHONE], MASKED: [VOLUNTEER_PHONE_MASKED], HIDDEN: []}
        assert phones == expected[volunteer_rule], viewer
        assert listed["totalCount"] == len(phones), viewer


async def test_volunteers_are_never_listed_publicly(api: ApiClient) -> None:
    # given volunteers with and without an organization
    admin = await api.admin_token()
    organization_id = (await verified_organization(api, admin, 1)).id
    await register_volunteer(api)
    await register_volunteer(api, organizationId=organization_id)

    # when nobody in particular lists them / then there is nothing to see
    listed = await api.gql(VOLUNTEERS, {"first": 50})
    assert listed["volunteers"] == {"totalCount": 0, "edges": []}
    # while ADMIN sees both
    assert (await api.gql(VOLUNTEERS, {"first": 50}, admin))["volunteers"]["totalCount"] == 2


@pytest.mark.parametrize(("decision", "rule"), [(None, FULL), ("REJECT", MASKED)])
async def test_an_organization_admin_sees_applicants_but_not_rejected_ones(
    api: ApiClient, decision: str | None, rule: str
) -> None:
    # given a volunteer asking to join, and the organization's answer (if any)
    admin = await api.admin_token()
    verified = await verified_organization(api, admin, 1)
    organization_id, org_admin = verified.id, verified.token
    volunteer_id, _ = await register_volunteer(
        api, email=VOLUNTEER_EMAIL, organizationId=organization_id, phone="13900001111"
    )
    if decision:
        answered = await api.mutate(
            "reviewVolunteerMembership",
            REVIEW_MEMBERSHIP,
            {"volunteerId": volunteer_id, "decision": decision},
            org_admin,
        )
        assert answered["userErrors"] == []

    # when the organization's admin lists its volunteers
    listed = await api.gql(VOLUNTEERS, {"first": 50}, org_admin)
    node = listed["volunteers"]["edges"][0]["node"]

    # then a pending applicant is shown in full, to decide; a rejected one is not theirs
    assert (node["phone"], node["email"]) == {
        FULL: (VOLUNTEER_PHONE, VOLUNTEER_EMAIL),
        MASKED: (VOLUNTEER_PHONE_MASKED, None),
    }[rule]


async def test_pending_organizations_are_shown_to_the_covering_office_only(
    api: ApiClient,
) -> None:
    # given one verified and one pending organization in Yu'an district
    admin = await api.admin_token()
    verified_id = (await verified_organization(api, admin, 1)).id
    pending_id, pending_admin = await register_organization(api, 2)
    covering = await office_staff(api, admin, "340000")
    elsewhere = await office_staff(api, admin, "340100")

    async def listed(token: str) -> set[str]:
        page = await api.gql(REGISTRY["Organizations"], {"first": 50}, token)
        return {e["node"]["id"] for e in page["organizations"]["edges"]}

    # when each lists organizations / then the pending one shows to its office and itself
    assert await listed("") == {verified_id}
    assert await listed(elsewhere) == {verified_id}
    assert await listed(covering) == {verified_id, pending_id}
    assert await listed(admin) == {verified_id, pending_id}
    assert await listed(pending_admin) == {verified_id, pending_id}
    node = await api.gql(REGISTRY["Node"], {"id": pending_id})
    assert node == {"node": None}
