"""Assignments called off: when the office cancels the dispatch of their allocation, or
rejects or suspends the volunteer, those not yet checked out become CANCELLED; the
volunteer is told, may not check in, and is free for other work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.matching.proposals import expire_proposals
from tests.client import ApiClient
from tests.integration.documents import ASSIGNMENTS, DISPATCH, LOOP, REGISTRY
from tests.steps.assignments import (
    accepted_allocation,
    act,
    deploy,
    deployment,
    dispatch_of,
    my_work,
    told_of_cancellation,
)
from tests.steps.registry import codes


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def _statuses(api: ApiClient, token: str) -> dict[str, str]:
    """assignment id -> status, as the volunteer's own page shows them."""
    work = await my_work(api, token)
    return {e["node"]["id"]: e["node"]["status"] for e in work["assignments"]["edges"]}


async def test_cancelling_the_dispatch_calls_off_its_deployment(api: ApiClient) -> None:
    # given the counsellor deployed on the organization's accepted allocation
    scene = await deployment(api)
    counsellor, token = scene.members["王芳"]
    deployed = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    (assignment,) = [a["id"] for a in deployed["assignments"]]

    # when the organization declines the allocation, or the office vetoes it, then both
    # are refused (only a proposal is declined or vetoed), and so nothing lapses either
    declined = await api.mutate(
        "declineAllocation",
        LOOP["DeclineAllocationWithReason"],
        {"allocationId": scene.allocation, "reason": "人手不足"},
        scene.organization.token,
    )
    assert codes(declined) == [(["allocationId"], "INVALID_TRANSITION")]
    vetoed = await api.mutate(
        "vetoAllocation",
        LOOP["VetoAllocation"],
        {"allocationId": scene.allocation, "reason": "另有安排"},
        scene.office.token,
    )
    assert codes(vetoed) == [(["allocationId"], "INVALID_TRANSITION")]
    async with api.db.transaction() as session:
        await expire_proposals(session, datetime.now(UTC) + timedelta(days=30))
    # then her assignment still stands
    assert await _statuses(api, token) == {assignment: "PLANNED"}

    # when the office cancels the allocation's dispatch
    dispatch = await dispatch_of(api, scene.allocation, scene.office.token)
    cancelled = await api.mutate(
        "updateDispatchStatus",
        DISPATCH["UpdateDispatchStatus"],
        {"dispatchId": dispatch, "status": "CANCELLED"},
        scene.office.token,
    )
    assert cancelled["userErrors"] == [], cancelled

    # then her assignment is CANCELLED, she is told, and she may not check in
    assert await _statuses(api, token) == {assignment: "CANCELLED"}
    (told,) = await told_of_cancellation(api, token)
    assert "已取消：办公室取消了这次调派" in told
    refused = await act(api, "checkIn", token, assignmentId=assignment)
    assert codes(refused) == [(["assignmentId"], "ASSIGNMENT_CANCELLED")]
    assert codes(await act(api, "checkOut", token, assignmentId=assignment)) == [
        (["assignmentId"], "ASSIGNMENT_CANCELLED")
    ]
    # and she is free: the organization deploys her at the same time on a new allocation
    again = await accepted_allocation(
        api, scene.organization.token, scene.need, "PSYCHOLOGICAL_SUPPORT"
    )
    redeployed = await deploy(api, scene.organization.token, again, counsellor)
    assert redeployed["userErrors"] == [], redeployed


async def _review(api: ApiClient, token: str, volunteer: str, decision: str) -> None:
    values = {"volunteerId": volunteer, "decision": decision, "reason": "身份信息不符"}
    reviewed = await api.mutate("reviewVolunteer", REGISTRY["ReviewVolunteer"], values, token)
    assert reviewed["userErrors"] == [], reviewed


async def test_suspending_a_volunteer_calls_off_what_they_have_not_served(
    api: ApiClient,
) -> None:
    # given a volunteer the office verified, who served one assignment (checked out, the
    # hours not yet confirmed) and is deployed on another next week
    scene = await deployment(api)
    counsellor, token = scene.members["王芳"]
    await _review(api, scene.office.token, counsellor, "APPROVE")
    served = (await deploy(api, scene.organization.token, scene.allocation, counsellor))[
        "assignments"
    ][0]["id"]
    assert (await act(api, "checkIn", token, assignmentId=served))["userErrors"] == []
    assert (await act(api, "checkOut", token, assignmentId=served))["userErrors"] == []
    later = await accepted_allocation(
        api, scene.organization.token, scene.need, "PSYCHOLOGICAL_SUPPORT"
    )
    window = {"startsAt": _in(8), "endsAt": _in(9)}
    planned = await api.mutate(
        "deployVolunteers",
        ASSIGNMENTS["DeployVolunteers"],
        {"allocationId": later, "volunteerIds": [counsellor]} | window,
        scene.organization.token,
    )
    assert planned["userErrors"] == [], planned
    coming = planned["assignments"][0]["id"]

    # when the office suspends her
    await _review(api, scene.office.token, counsellor, "SUSPEND")

    # then the coming assignment is CANCELLED and she is told; what she served stays
    assert await _statuses(api, token) == {served: "CHECKED_OUT", coming: "CANCELLED"}
    (told,) = await told_of_cancellation(api, token)
    assert "已取消：办公室暂停了您的志愿服务" in told
    refused = await act(api, "checkIn", token, assignmentId=coming)
    assert codes(refused) == [(["assignmentId"], "ASSIGNMENT_CANCELLED")]
    # and the organization still confirms the hours she served
    confirmed = await act(
        api, "confirmHours", scene.organization.token, assignmentId=served, minutes=30
    )
    assert confirmed["userErrors"] == [], confirmed


async def test_rejecting_a_volunteer_calls_off_their_deployment(api: ApiClient) -> None:
    # given a volunteer not yet reviewed (who serves meanwhile), deployed and checked in
    scene = await deployment(api)
    counsellor, token = scene.members["王芳"]
    deployed = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    (assignment,) = [a["id"] for a in deployed["assignments"]]
    assert (await act(api, "checkIn", token, assignmentId=assignment))["userErrors"] == []
    _, other_member = scene.members["李强"]

    # when the office rejects her
    await _review(api, scene.office.token, counsellor, "REJECT")

    # then her assignment is CANCELLED, she is told, and she may not check out
    assert await _statuses(api, token) == {assignment: "CANCELLED"}
    (told,) = await told_of_cancellation(api, token)
    assert "已取消：办公室未通过您的志愿者审核" in told
    assert codes(await act(api, "checkOut", token, assignmentId=assignment)) == [
        (["assignmentId"], "ASSIGNMENT_CANCELLED")
    ]
    # and another member of her organization heard nothing of it
    assert await told_of_cancellation(api, other_member) == []
