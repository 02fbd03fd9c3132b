"""Referrals answered: a department's answer settles a help request's referral, and the
request closes by itself once every outcome is settled; a finding's referral to a
department closes with its answer the same way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import MATCHING, PEOPLE
from tests.steps.help_requests import READ, Hotline, done, hotline, read, send, submitted, triaged
from tests.steps.loop import matched
from tests.steps.people import checks, my_visits, plan_round, record, refer, registered
from tests.steps.registry import codes, office_with_staff, verified_organization
from tests.steps.reports import deliver
from workers import jobs

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
OUTCOMES = READ.replace("outcomes { kind", "outcomes { id answer answeredAt kind")


async def _outcomes(api: ApiClient, request_id: str, token: str) -> list[dict[str, Any]]:
    node = (await api.gql(OUTCOMES, {"id": request_id}, token))["node"]
    return node["outcomes"]  # type: ignore[no-any-return]


async def _referred(api: ApiClient, scene: Hotline, *departments: str) -> tuple[str, list[str]]:
    """A call the operator triaged and referred to each department: (request, referrals)."""
    taken = await submitted(api, scene.operator)
    await triaged(api, scene.operator, taken["id"])
    for department in departments:
        values = {"helpRequestId": taken["id"], "department": department, "note": "请评估"}
        await done(api, "referHelpRequest", values, scene.operator)
    found = await _outcomes(api, taken["id"], scene.operator)
    return taken["id"], [o["id"] for o in found if o["kind"] == "REFERRAL"]


async def _answer(api: ApiClient, token: str, referral: str, answer: str) -> dict[str, Any]:
    values = {"helpRequestOutcomeId": referral, "answer": answer}
    return await send(api, "answerHelpRequestReferral", values, token)  # type: ignore[no-any-return]


async def test_the_last_referral_answered_closes_the_request_with_the_answer(
    api: ApiClient,
) -> None:
    # given a call referred to two departments
    scene = await hotline(api)
    request, (allowance, housing) = await _referred(
        api, scene, "MINIMUM_LIVING_ALLOWANCE", "HOUSING"
    )

    # when the first department answers
    first = await _answer(api, scene.operator, allowance, "乡镇已受理低保申请")

    # then the referral holds the answer, and the request waits for the other
    assert first["userErrors"] == []
    assert first["referral"]["answer"] == "乡镇已受理低保申请"
    assert first["referral"]["answeredAt"] is not None
    assert first["helpRequest"]["status"] == "ACTIONED"

    # when staff record the second while the operator holds the request, it is refused
    held = await _answer(api, scene.office.token, housing, "住建部门明天上门鉴定")
    assert codes(held) == [(["helpRequestOutcomeId"], "ALREADY_CLAIMED")]

    # when the operator records the second answer
    second = await _answer(api, scene.operator, housing, "住建部门明天上门鉴定")

    # then every outcome is settled: the request is closed, the answer what they are told
    assert second["userErrors"] == []
    closed = second["helpRequest"]
    assert closed["status"] == "CLOSED" and closed["closedAt"]
    assert closed["closeNote"] == "住建部门明天上门鉴定"
    # and answering again is refused, the first answer kept
    again = await _answer(api, scene.office.token, housing, "又一次")
    assert codes(again) == [(["helpRequestOutcomeId"], "INVALID_TRANSITION")]
    kept = await _outcomes(api, request, scene.office.token)
    assert [o["answer"] for o in kept] == ["乡镇已受理低保申请", "住建部门明天上门鉴定"]


async def test_a_request_closed_by_its_call_back_still_takes_the_answer(api: ApiClient) -> None:
    # given a referral whose request the operator closed after the call-back
    scene = await hotline(api)
    request, (referral,) = await _referred(api, scene, "TEMPORARY_ASSISTANCE")
    back = {"helpRequestId": request, "note": "已告知转介临时救助"}
    await done(api, "closeHelpRequest", back, scene.operator)

    # when the department answers later
    answered = await _answer(api, scene.operator, referral, "已发放临时救助金")

    # then the answer is recorded and the request stays closed with its call-back note
    assert answered["userErrors"] == []
    assert answered["referral"]["answer"] == "已发放临时救助金"
    assert answered["helpRequest"]["status"] == "CLOSED"
    assert answered["helpRequest"]["closeNote"] == "已告知转介临时救助"


async def test_answers_are_refused_for_what_is_no_referral_of_yours(api: ApiClient) -> None:
    # given a referral and an answered outcome of Lu'an, and Hefei's office
    scene = await hotline(api)
    request, (referral,) = await _referred(api, scene, "HEALTH")
    answer = {"helpRequestId": request, "note": "已告知就近医院"}
    await done(api, "answerHelpRequest", answer, scene.operator)
    [answered] = [
        o["id"] for o in await _outcomes(api, request, scene.operator) if o["kind"] == "ANSWERED"
    ]
    hefei = await office_with_staff(api, scene.admin, "340100", "合肥市民政局")

    # when each is sent wrong
    # then each is refused on its field, and nothing is answered
    refusals = [
        (await _answer(api, scene.operator, referral, " "), "answer", "REQUIRED"),
        (await _answer(api, scene.operator, answered, "答复"), "helpRequestOutcomeId", "NOT_FOUND"),
        (await _answer(api, hefei.token, referral, "答复"), "helpRequestOutcomeId", "NOT_FOUND"),
        (await _answer(api, scene.operator, request, "答复"), "helpRequestOutcomeId", "INVALID_ID"),
    ]
    for payload, field, code in refusals:
        assert codes(payload) == [([field], code)], payload
        assert payload["helpRequest"] is None
    assert all(o["answer"] is None for o in await _outcomes(api, request, scene.operator))


async def test_a_delivered_need_waits_for_the_open_referral_before_closing(
    api: ApiClient,
) -> None:
    # given a call turned into a need and referred, and a charity with water
    scene = await hotline(api)
    request, (referral,) = await _referred(api, scene, "TEMPORARY_ASSISTANCE")
    await done(api, "releaseHelpRequest", {"helpRequestId": request}, scene.operator)
    convert = {
        "helpRequestId": request,
        "incidentId": scene.incident,
        "categoryCode": "DRINKING_WATER",
        "quantity": 40,
        "neededBy": SOON,
    }
    await done(api, "convertHelpRequestToNeed", convert, scene.office.token)
    await done(api, "releaseHelpRequest", {"helpRequestId": request}, scene.office.token)
    charity = await verified_organization(
        api, scene.office.token, 43, "341502", name="六安红十字会", kind="CHARITY"
    )
    offer = {
        "categoryCode": "DRINKING_WATER",
        "quantity": 100,
        "serviceRegionCodes": ["341500"],
        "availableFrom": datetime.now(UTC).isoformat(),
        "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
    }
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer, charity.token)
    assert posted["userErrors"] == [], posted

    # when the water is matched, accepted, delivered and received, and the checks run
    (proposal,) = await matched(api, scene.incident, scene.office.token)
    accept = {"allocationId": proposal["id"]}
    accepted = await api.mutate(
        "acceptAllocation", MATCHING["AcceptAllocation"], accept, charity.token
    )
    assert accepted["userErrors"] == [], accepted
    await deliver(api, charity, 40, receiver=scene.office)
    await jobs.run_once(api.db, jobs.Timings())

    # then the request stays open: its referral is not answered
    assert (await read(api, request, scene.office.token))["status"] == "ACTIONED"

    # when the department answers
    answered = await _answer(api, scene.operator, referral, "临时救助已审批")

    # then every outcome is settled and the request closes
    assert answered["helpRequest"]["status"] == "CLOSED"
    assert answered["helpRequest"]["closeNote"] == "临时救助已审批"


CLOSE_FINDING = PEOPLE["CloseFindingReferral"]
COVERAGE = PEOPLE["VisitCoverage"]


async def test_a_findings_referral_closes_with_the_departments_answer(api: ApiClient) -> None:
    # given a visit whose housing became a need and whose health went to a department
    scene = await hotline(api)
    office = scene.office
    await registered(api, office.token, category="LEFT_BEHIND_ELDERLY")
    await plan_round(api, office.token, scene.incident)
    (visit,) = await my_visits(api, office.token)
    found = checks(HOUSING="NOT_OK", HEALTH="AT_RISK")
    await record(api, office.token, visit["id"], "answer-1", checks=found)
    need = (await refer(api, office.token, visit["id"], "HOUSING"))["referral"]["id"]
    health = (await refer(api, office.token, visit["id"], "HEALTH", department="卫健委"))[
        "referral"
    ]["id"]
    before = await api.gql(COVERAGE, {"id": scene.incident}, office.token)
    assert before["node"]["visitCoverage"]["referralsOpen"] == 2
    hefei = await office_with_staff(api, scene.admin, "340100", "合肥市民政局")

    async def close(token: str, referral: str, answer: str) -> dict[str, Any]:
        values = {"findingReferralId": referral, "answer": answer}
        return await api.mutate("closeFindingReferral", CLOSE_FINDING, values, token)

    # when another office, an empty answer, or the need's referral is sent
    # then each is refused
    assert codes(await close(hefei.token, health, "答复")) == [(["findingReferralId"], "NOT_FOUND")]
    assert codes(await close(office.token, health, "")) == [(["answer"], "REQUIRED")]
    assert codes(await close(office.token, need, "答复")) == [(["findingReferralId"], "INVALID")]

    # when the office records the health department's answer
    closed = await close(office.token, health, "乡医已上门，血压平稳")

    # then the referral is closed with it, and no longer counted open
    assert closed["userErrors"] == []
    assert closed["referral"]["answer"] == "乡医已上门，血压平稳"
    assert closed["referral"]["closedAt"] is not None
    after = await api.gql(COVERAGE, {"id": scene.incident}, office.token)
    assert after["node"]["visitCoverage"]["referralsOpen"] == 1
    # and it is not closed twice
    assert codes(await close(office.token, health, "再答复")) == [
        (["findingReferralId"], "INVALID_TRANSITION")
    ]
