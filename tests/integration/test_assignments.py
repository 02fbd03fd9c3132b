"""Organizations deploy their approved members on an accepted allocation; volunteers
check in and out; the organization or the office confirms the hours served."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import ASSIGNMENTS, REGISTRY, VOLUNTEERS
from tests.steps.assignments import (
    accepted_allocation,
    act,
    deploy,
    deployment,
    member,
    my_work,
)
from tests.steps.registry import codes, row_counts, verified_organization


async def test_an_organization_deploys_members_who_hold_the_skills(api: ApiClient) -> None:
    # given an accepted allocation for a need requiring counselling, and two members
    scene = await deployment(api)
    counsellor, counsellor_token = scene.members["王芳"]
    driver, _ = scene.members["李强"]

    # when the organization deploys the driver, then SKILLS_MISSING and nothing is written
    before = await row_counts(api)
    refused = await deploy(api, scene.organization.token, scene.allocation, driver)
    assert codes(refused) == [(["volunteerIds", "0"], "SKILLS_MISSING")]
    assert await row_counts(api) == before

    # when it deploys the counsellor
    deployed = await deploy(api, scene.organization.token, scene.allocation, counsellor)

    # then one PLANNED assignment names her, and her own page shows it
    assert deployed["userErrors"] == [], deployed
    (assignment,) = deployed["assignments"]
    assert assignment["status"] == "PLANNED"
    assert assignment["volunteer"] == {"id": counsellor, "displayName": "王芳"}
    work = await my_work(api, counsellor_token)
    node = work["assignments"]["edges"][0]["node"]
    assert node["need"]["category"]["code"] == "PSYCHOLOGICAL_SUPPORT"
    assert work["hours"] == {"confirmedMinutes": 0, "pendingMinutes": 0}

    # and deploying her again is a DUPLICATE
    again = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    assert codes(again) == [(["volunteerIds", "0"], "DUPLICATE")]


async def test_only_approved_members_of_the_allocations_organization(api: ApiClient) -> None:
    # given a member still pending, another organization and its admin
    scene = await deployment(api)
    pending, _ = await member(
        api, scene.organization, "赵敏", ["PSYCHOLOGICAL_COUNSELING"], approve=False
    )
    other = await verified_organization(api, scene.office.token, 42, name="另一协会")
    counsellor, _ = scene.members["王芳"]

    # when the pending member is named, then NOT_FOUND on that volunteer
    refused = await deploy(api, scene.organization.token, scene.allocation, pending)
    assert codes(refused) == [(["volunteerIds", "0"], "NOT_FOUND")]
    # when another organization's admin or the office deploys, then FORBIDDEN
    for token in (other.token, scene.office.token):
        refused = await deploy(api, token, scene.allocation, counsellor)
        assert codes(refused) == [(None, "FORBIDDEN")] or codes(refused) == [
            (["allocationId"], "FORBIDDEN")
        ]
    # when nobody is named, then REQUIRED
    assert codes(await deploy(api, scene.organization.token, scene.allocation)) == [
        (["volunteerIds"], "REQUIRED")
    ]


async def test_one_person_is_never_in_two_overlapping_assignments(api: ApiClient) -> None:
    # given the counsellor deployed on one accepted allocation
    scene = await deployment(api)
    counsellor, _ = scene.members["王芳"]
    assert (await deploy(api, scene.organization.token, scene.allocation, counsellor))[
        "userErrors"
    ] == []
    # and a second accepted allocation of the same window
    second = await accepted_allocation(
        api, scene.organization.token, scene.need, "PSYCHOLOGICAL_SUPPORT"
    )

    # when she is deployed on it too, then OVERLAPPING_ASSIGNMENT
    refused = await deploy(api, scene.organization.token, second, counsellor)
    assert codes(refused) == [(["volunteerIds", "0"], "OVERLAPPING_ASSIGNMENT")]


async def test_check_in_out_and_confirmed_hours(api: ApiClient) -> None:
    # given the counsellor deployed
    scene = await deployment(api)
    counsellor, token = scene.members["王芳"]
    deployed = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    assignment = deployed["assignments"][0]["id"]

    # when someone else checks her in, then NOT_FOUND; an impossible position is INVALID
    other = scene.members["李强"][1]
    assert codes(await act(api, "checkIn", other, assignmentId=assignment)) == [
        (["assignmentId"], "NOT_FOUND")
    ]
    far = {"latitude": 95, "longitude": 116.5}
    assert codes(await act(api, "checkIn", token, assignmentId=assignment, location=far)) == [
        (["location", "latitude"], "INVALID")
    ]
    # when hours are confirmed before she checks out, then INVALID_TRANSITION
    early = await act(
        api, "confirmHours", scene.organization.token, assignmentId=assignment, minutes=5
    )
    assert codes(early) == [(["assignmentId"], "INVALID_TRANSITION")]

    # when she checks in with her position and out again
    here = {"latitude": 31.75, "longitude": 116.5}
    checked_in = await act(api, "checkIn", token, assignmentId=assignment, location=here)
    assert checked_in["assignment"]["status"] == "CHECKED_IN", checked_in
    twice = await act(api, "checkIn", token, assignmentId=assignment)
    assert codes(twice) == [(["assignmentId"], "INVALID_TRANSITION")]
    out = await act(api, "checkOut", token, assignmentId=assignment)
    assert out["assignment"]["status"] == "CHECKED_OUT"
    assert out["assignment"]["minutes"] == 0

    # then more than the span checked plus an hour is INVALID, and so is a negative count
    for minutes in (61, -1):
        refused = await act(
            api, "confirmHours", scene.organization.token, assignmentId=assignment, minutes=minutes
        )
        assert codes(refused) == [(["minutes"], "INVALID")]
    # and a member who is not its admin may not confirm
    assert codes(await act(api, "confirmHours", token, assignmentId=assignment, minutes=30)) == [
        (["assignmentId"], "FORBIDDEN")
    ]
    assert (await my_work(api, token))["hours"] == {"confirmedMinutes": 0, "pendingMinutes": 0}

    # when the organization's admin confirms 45 minutes
    confirmed = await act(
        api, "confirmHours", scene.organization.token, assignmentId=assignment, minutes=45
    )

    # then the assignment is CONFIRMED and her hours count them
    assert confirmed["assignment"] == {
        "id": assignment,
        "status": "CONFIRMED",
        "minutesConfirmed": 45,
    }
    assert (await my_work(api, token))["hours"] == {"confirmedMinutes": 45, "pendingMinutes": 0}
    again = await act(api, "confirmHours", scene.office.token, assignmentId=assignment, minutes=40)
    assert codes(again) == [(["assignmentId"], "INVALID_TRANSITION")]


async def test_the_roster_says_who_may_go_on_an_allocation(api: ApiClient) -> None:
    # given the counsellor already deployed elsewhere at the time, and a new counsellor
    scene = await deployment(api)
    counsellor, _ = scene.members["王芳"]
    await deploy(api, scene.organization.token, scene.allocation, counsellor)
    newcomer, _ = await member(api, scene.organization, "周婷", ["PSYCHOLOGICAL_COUNSELING"])
    second = await accepted_allocation(
        api, scene.organization.token, scene.need, "PSYCHOLOGICAL_SUPPORT"
    )

    # when the organization reads its roster for the second allocation
    found = await api.gql(ASSIGNMENTS["Roster"], {"allocationId": second}, scene.organization.token)

    # then the newcomer may go; the busy counsellor and the driver may not, and say why
    members = {m["volunteer"]["displayName"]: m for m in found["roster"]}
    assert {name: (m["eligible"], m["reason"]) for name, m in members.items()} == {
        "周婷": (True, None),
        "李强": (False, "SKILLS_MISSING"),
        "王芳": (False, "OVERLAPPING_ASSIGNMENT"),
    }
    assert found["roster"][0]["volunteer"]["displayName"] == "周婷"  # the eligible first
    assert members["王芳"]["nextAssignment"]["id"]
    assert members["周婷"]["volunteer"]["id"] == newcomer
    # and a volunteer, or another organization's admin, may not read it
    other = await verified_organization(api, scene.office.token, 43, name="第三协会")
    refused = await api.http.post(
        "/graphql",
        json={"query": ASSIGNMENTS["Roster"], "variables": {"allocationId": second}},
        headers={"authorization": f"Bearer {other.token}"},
    )
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_volunteer_the_office_turned_down_is_not_deployed(api: ApiClient) -> None:
    # given the office rejects the counsellor (whose organization approved her as a member)
    scene = await deployment(api)
    counsellor, _ = scene.members["王芳"]
    rejected = await api.mutate(
        "reviewVolunteer",
        REGISTRY["ReviewVolunteer"],
        {"volunteerId": counsellor, "decision": "REJECT", "reason": "身份信息不符"},
        scene.office.token,
    )
    assert rejected["userErrors"] == [], rejected

    # when her organization deploys her, then PROVIDER_NOT_VERIFIED, and the roster says so
    refused = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    assert codes(refused) == [(["volunteerIds", "0"], "PROVIDER_NOT_VERIFIED")]
    found = await api.gql(
        ASSIGNMENTS["Roster"], {"allocationId": scene.allocation}, scene.organization.token
    )
    reasons = {m["volunteer"]["displayName"]: m["reason"] for m in found["roster"]}
    assert reasons["王芳"] == "PROVIDER_NOT_VERIFIED"


async def test_a_member_not_available_then_is_not_deployed(api: ApiClient) -> None:
    # given the counsellor says she serves on one day of last year only
    scene = await deployment(api)
    counsellor, token = scene.members["王芳"]
    said = {"ranges": [{"from": "2025-01-01T08:00:00+08:00", "until": "2025-01-01T18:00:00+08:00"}]}
    set_availability = await api.mutate(
        "setAvailability", VOLUNTEERS["SetAvailability"], said, token
    )
    assert set_availability["userErrors"] == [], set_availability

    # when her organization deploys her now, then OUTSIDE_AVAILABILITY, and the roster says so
    refused = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    assert codes(refused) == [(["volunteerIds", "0"], "OUTSIDE_AVAILABILITY")]
    found = await api.gql(
        ASSIGNMENTS["Roster"], {"allocationId": scene.allocation}, scene.organization.token
    )
    reasons = {m["volunteer"]["displayName"]: m["reason"] for m in found["roster"]}
    assert reasons["王芳"] == "OUTSIDE_AVAILABILITY"
