"""Help requests over GraphQL: each step of the life cycle, and each refusal, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.client import ApiClient
from tests.integration.documents import PEOPLE, REGISTRY
from tests.steps.help_requests import (
    CALLER_PHONE,
    call,
    done,
    hotline,
    read,
    refused,
    submitted,
    triaged,
)
from tests.steps.registry import create_staff, office_staff
from tests.steps.relief import flood_incident

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()


async def test_a_call_is_taken_triaged_referred_and_closed_with_its_times_measured(
    api: ApiClient,
) -> None:
    # given Lu'an's hotline operator on the phone with a caller from Yu'an
    scene = await hotline(api)

    # when the operator takes the call
    taken = await submitted(api, scene.operator)

    # then it is RECEIVED, from the hotline, held by the operator, in the flood incident
    request = await read(api, taken["id"], scene.operator)
    assert taken["reference"].startswith("QZ-") and taken["status"] == "RECEIVED"
    assert request["channel"] == "HOTLINE" and request["claimedBy"] is not None
    assert request["incident"]["id"] == scene.incident
    assert request["requesterName"] == "张大爷" and request["phone"] == "+86" + CALLER_PHONE

    # when the operator triages it, refers it to the 临时救助 assessment and calls back
    await triaged(api, scene.operator, taken["id"], "CRITICAL")
    referred = await done(
        api,
        "referHelpRequest",
        {"helpRequestId": taken["id"], "department": "TEMPORARY_ASSISTANCE", "note": "已转乡镇"},
        scene.operator,
    )
    closing = {"helpRequestId": taken["id"], "note": "已告知临时救助申请流程。"}
    closed = await done(api, "closeHelpRequest", closing, scene.operator)

    # then each step shows, and the times to first response and to outcome are measured
    assert referred["helpRequest"]["outcomes"] == [
        {"kind": "REFERRAL", "department": "TEMPORARY_ASSISTANCE"}
    ]
    assert closed["helpRequest"]["status"] == "CLOSED"
    request = await read(api, taken["id"], scene.office.token)
    assert request["urgency"] == "CRITICAL" and request["closeNote"] == closing["note"]
    assert request["firstResponseAt"] and request["outcomeAt"] and request["closedAt"]
    assert request["minutesToFirstResponse"] == 0 and request["minutesToOutcome"] == 0
    assert request["claimedBy"] is None

    # and the requester reads the progress with the reference and the phone, not without
    progress = PEOPLE["HelpRequestProgress"]
    found = await api.gql(progress, {"reference": taken["reference"], "phone": CALLER_PHONE})
    assert found["helpRequestProgress"]["status"] == "CLOSED"
    assert [o["kind"] for o in found["helpRequestProgress"]["outcomes"]] == ["REFERRAL"]
    wrong = await api.gql(progress, {"reference": taken["reference"], "phone": "13900000000"})
    assert wrong["helpRequestProgress"] is None


async def test_the_public_asks_without_an_account_and_only_the_office_sees_who_asked(
    api: ApiClient,
) -> None:
    # given Lu'an's office, and Hefei's
    scene = await hotline(api)
    hefei = await office_staff(api, scene.admin, "340100")

    # when someone asks on the public page, with no account
    asked = await submitted(api, None, forWhom=None, urgency="HIGH")

    # then it is a PUBLIC request the anonymous caller cannot read back by id
    anonymous = await api.gql(
        "query Q($id: ID!) { node(id: $id) { id } }", {"id": asked["id"]}, None
    )
    assert anonymous["node"] is None
    # and Lu'an's staff and operator see it in full in their list; Hefei does not see it
    listed = await api.gql(
        PEOPLE["HelpRequests"], {"filter": {"status": "RECEIVED"}}, scene.office.token
    )
    nodes = [e["node"] for e in listed["helpRequests"]["edges"]]
    assert [(n["reference"], n["requesterName"]) for n in nodes] == [(asked["reference"], "张大爷")]
    mine = await api.gql(PEOPLE["HelpRequests"], {}, scene.operator)
    assert mine["helpRequests"]["totalCount"] == 1
    theirs = await api.gql(PEOPLE["HelpRequests"], {}, hefei)
    assert theirs["helpRequests"]["totalCount"] == 0


async def test_a_request_turned_into_a_need_is_linked_to_it(api: ApiClient) -> None:
    # given a triaged call
    scene = await hotline(api)
    taken = await submitted(api, scene.operator)
    await triaged(api, scene.operator, taken["id"])
    converting = {
        "helpRequestId": taken["id"],
        "incidentId": scene.incident,
        "categoryCode": "DRINKING_WATER",
        "quantity": 40,
        "neededBy": SOON,
    }

    # when the operator tries to turn it into a need, then hands it back to the queue
    await refused(api, "convertHelpRequestToNeed", converting, scene.operator, (None, "FORBIDDEN"))
    await done(api, "releaseHelpRequest", {"helpRequestId": taken["id"]}, scene.operator)
    # and office staff turn it into a need
    made = await done(api, "convertHelpRequestToNeed", converting, scene.office.token)

    # then the need is published for the caller's county, and the request links it
    assert made["need"]["quantity"] == 40 and made["need"]["status"] == "OPEN"
    assert made["helpRequest"]["status"] == "ACTIONED"
    request = await read(api, taken["id"], scene.office.token)
    assert [(o["kind"], o["need"]["id"]) for o in request["outcomes"]] == [
        ("NEED", made["need"]["id"])
    ]


async def test_answered_and_duplicate_are_outcomes_too(api: ApiClient) -> None:
    # given two calls about the same household, both triaged
    scene = await hotline(api)
    first = await submitted(api, scene.operator)
    second = await submitted(api, scene.operator, requesterName="张大爷的女儿")
    for request in (first, second):
        await triaged(api, scene.operator, request["id"])

    # when the first is answered and the second marked its duplicate
    answer = {"helpRequestId": first["id"], "note": "告知最近的安置点在镇中学。"}
    answered = await done(api, "answerHelpRequest", answer, scene.operator)
    marking = {"helpRequestId": second["id"], "duplicateOf": first["id"]}
    marked = await done(api, "markHelpRequestDuplicate", marking, scene.operator)

    # then each has its outcome, and may now be closed
    assert answered["helpRequest"]["outcomes"] == [{"kind": "ANSWERED", "note": answer["note"]}]
    assert marked["helpRequest"]["outcomes"] == [{"kind": "DUPLICATE"}]
    assert marked["helpRequest"]["status"] == "ACTIONED"


async def test_bad_input_and_forbidden_steps_are_refused_and_write_nothing(
    api: ApiClient,
) -> None:
    # given a call taken by Lu'an's operator, a second operator, and Hefei's staff
    scene = await hotline(api)
    other = await create_staff(api, scene.admin, scene.office.id, role="HOTLINE_OPERATOR")
    hefei = await office_staff(api, scene.admin, "340100")
    taken = await submitted(api, scene.operator)
    request_id = taken["id"]

    # then bad submissions are refused field by field (an operator: the public is rate-limited)
    submit = "submitHelpRequest"
    await refused(api, submit, call(phone="12345"), scene.operator, (["phone"], "INVALID_PHONE"))
    await refused(
        api, submit, call(regionCode="341500"), scene.operator, (["regionCode"], "INVALID")
    )
    await refused(
        api, submit, call(regionCode="999999"), scene.operator, (["regionCode"], "UNKNOWN_REGION")
    )
    await refused(
        api, submit, call(requesterName=" "), scene.operator, (["requesterName"], "REQUIRED")
    )
    await refused(api, submit, call(peopleCount=0), scene.operator, (["peopleCount"], "INVALID"))
    await refused(
        api,
        submit,
        call(categoryCodes=["NOPE"]),
        None,
        (["categoryCodes", "0"], "UNKNOWN_CATEGORY"),
    )
    await refused(
        api,
        submit,
        call(categoryCodes=[], description=""),
        scene.operator,
        (["description"], "REQUIRED"),
    )
    # and working it is refused to the anonymous, other offices, and while another holds it
    triage = {"helpRequestId": request_id, "urgency": "HIGH"}
    await refused(api, "triageHelpRequest", triage, None, (None, "UNAUTHENTICATED"))
    await refused(
        api, "triageHelpRequest", triage, hefei, (["helpRequestId"], "OUT_OF_JURISDICTION")
    )
    await refused(api, "triageHelpRequest", triage, other, (["helpRequestId"], "ALREADY_CLAIMED"))
    claim = {"helpRequestId": request_id}
    await refused(api, "claimHelpRequest", claim, other, (["helpRequestId"], "ALREADY_CLAIMED"))
    # and outcomes wait for triage, closing waits for an outcome
    answer = {"helpRequestId": request_id, "note": "已解答"}
    await refused(
        api, "answerHelpRequest", answer, scene.operator, (["helpRequestId"], "INVALID_TRANSITION")
    )
    await triaged(api, scene.operator, request_id)
    close = {"helpRequestId": request_id, "note": "回访完成"}
    await refused(
        api, "closeHelpRequest", close, scene.operator, (["helpRequestId"], "INVALID_TRANSITION")
    )
    itself = {"helpRequestId": request_id, "duplicateOf": request_id}
    await refused(
        api, "markHelpRequestDuplicate", itself, scene.operator, (["duplicateOf"], "INVALID")
    )
    await refused(
        api,
        "answerHelpRequest",
        {"helpRequestId": request_id, "note": ""},
        scene.operator,
        (["note"], "REQUIRED"),
    )
    # and a CLOSED request takes no more steps
    await done(api, "answerHelpRequest", answer, scene.operator)
    await done(api, "closeHelpRequest", close, scene.operator)
    await refused(
        api, "answerHelpRequest", answer, scene.operator, (["helpRequestId"], "INVALID_TRANSITION")
    )
    await refused(api, "claimHelpRequest", claim, other, (["helpRequestId"], "INVALID_TRANSITION"))


async def test_the_operator_finds_the_county_by_typing_a_place_name(api: ApiClient) -> None:
    # when the operator types 裕安 / then Yu'an district of Lu'an comes first
    found = await api.gql(REGISTRY["PlaceSearch"], {"search": "裕安"})
    first = found["regions"][0]
    assert first["code"] == "341503" and first["fullName"] == "安徽省六安市裕安区"


async def test_the_public_page_takes_a_few_requests_a_minute_from_one_address(
    api: ApiClient,
) -> None:
    # given Lu'an's office
    await hotline(api)
    # when one address submits five requests, then a sixth
    for _ in range(5):
        await submitted(api, None)
    response = await api.post(PEOPLE["SubmitHelpRequest"], {"input": call()})

    # then the sixth is refused with 429 and RATE_LIMITED, and was not written
    assert response.status_code == 429
    assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "retry-after" in response.headers


async def test_a_conversion_or_call_down_with_bad_input_is_refused_and_writes_nothing(
    api: ApiClient,
) -> None:
    # given a triaged call, and an incident of Lu'an that does not cover Yu'an
    scene = await hotline(api)
    taken = await submitted(api, scene.office.token)
    await triaged(api, scene.office.token, taken["id"])
    elsewhere = await flood_incident(api, scene.office, ["341522"])
    converting = {
        "helpRequestId": taken["id"],
        "incidentId": elsewhere,
        "categoryCode": "DRINKING_WATER",
        "quantity": 40,
        "neededBy": SOON,
    }

    # then a need in an incident not covering the caller's county is refused on the incident
    await refused(
        api,
        "convertHelpRequestToNeed",
        converting,
        scene.office.token,
        (["incidentId"], "OUT_OF_JURISDICTION"),
    )
    # and an unknown category, or no quantity, is refused on its field
    await refused(
        api,
        "convertHelpRequestToNeed",
        {**converting, "incidentId": scene.incident, "categoryCode": "NOPE"},
        scene.office.token,
        (["categoryCode"], "UNKNOWN_CATEGORY"),
    )
    await refused(
        api,
        "convertHelpRequestToNeed",
        {**converting, "incidentId": scene.incident, "quantity": 0},
        scene.office.token,
        (["quantity"], "INVALID"),
    )
    # and a call-down saying "changed" must say what changed, in known categories
    call_down = {"helpRequestId": taken["id"], "answer": "CHANGED"}
    await refused(api, "recordCallDown", call_down, scene.office.token, (["answer"], "REQUIRED"))
    await refused(
        api,
        "recordCallDown",
        {**call_down, "categoryCodes": ["NOPE"]},
        scene.office.token,
        (["categoryCodes", "0"], "UNKNOWN_CATEGORY"),
    )
