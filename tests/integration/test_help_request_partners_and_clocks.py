"""Help requests a partner submits, and the clocks of a request: the minutes to first
response and to outcome as measured, and what a call-down's STILL_NEEDED does to the
call-down clock. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from domain.helprequests.model import HelpRequest
from domain.kernel.global_ids import from_global_id
from tests.client import ApiClient
from tests.integration.documents import PEOPLE, REGISTRY
from tests.steps.help_requests import CALLER_PHONE, done, hotline, read, submitted, triaged
from tests.steps.registry import verified_organization
from workers import jobs

TIMINGS = jobs.Timings(triage_within=timedelta(minutes=30), call_down_after=timedelta(hours=72))


async def _back(api: ApiClient, request_id: str, minutes: int, *columns: str) -> None:
    """Move the request's `columns` `minutes` into the past, as if that time had passed."""
    decoded = from_global_id(request_id)
    assert decoded is not None
    shift = timedelta(minutes=minutes)
    async with api.db.transaction() as session:
        row = await session.get(HelpRequest, decoded[1])
        assert row is not None
        values = {name: getattr(row, name) - shift for name in columns}
        await session.execute(update(HelpRequest).where(HelpRequest.id == row.id).values(values))


async def test_a_partner_submits_a_request_and_reads_back_its_own_masked(
    api: ApiClient,
) -> None:
    # given Lu'an's hotline, and a verified charity's platform holding a partner token
    # with the PERSONAL_DATA scope
    scene = await hotline(api)
    charity = await verified_organization(api, scene.office.token, 43, "341503")
    made = await api.mutate(
        "createApiToken",
        REGISTRY["CreateApiToken"],
        {"name": "慈善平台", "scopes": ["PERSONAL_DATA", "NEEDS"]},
        charity.token,
    )
    partner = made["token"]
    # and a call the hotline took itself
    await submitted(api, scene.operator, requesterName="李阿姨")

    # when the platform submits a request it received for a caller of Yu'an
    sent = await submitted(api, partner, urgency="HIGH")

    # then the office reads it in full, recorded as coming from a PARTNER, unclaimed
    request = await read(api, sent["id"], scene.office.token)
    assert request["channel"] == "PARTNER" and request["claimedBy"] is None
    assert request["requesterName"] == "张大爷" and request["phone"] == "+86" + CALLER_PHONE
    # and the platform lists its own request only, without who asked or where, the
    # phone masked (it does not answer the calls of Yu'an, whatever its scopes)
    listed = await api.gql(PEOPLE["HelpRequests"], {}, partner)
    nodes = [e["node"] for e in listed["helpRequests"]["edges"]]
    assert [(n["reference"], n["status"]) for n in nodes] == [(sent["reference"], "RECEIVED")]
    assert nodes[0]["requesterName"] is None
    assert nodes[0]["phone"] == "+86 139****5678"
    own = await read(api, sent["id"], partner)
    assert own["forWhom"] is None and own["address"] is None and own["channel"] == "PARTNER"
    # and the hotline's own call stays hidden from it
    assert listed["helpRequests"]["totalCount"] == 1


async def test_the_times_to_first_response_and_to_outcome_are_the_minutes_that_passed(
    api: ApiClient,
) -> None:
    # given a call taken 47 minutes ago
    scene = await hotline(api)
    taken = await submitted(api, scene.operator)
    await _back(api, taken["id"], 47, "received_at")

    # when it is triaged now, and answered 13 minutes after the triage
    await triaged(api, scene.operator, taken["id"])
    await _back(api, taken["id"], 13, "received_at", "first_response_at")
    answer = {"helpRequestId": taken["id"], "note": "告知最近的安置点在镇中学。"}
    await done(api, "answerHelpRequest", answer, scene.operator)

    # then 47 minutes passed to the first response, and 60 to the outcome
    request = await read(api, taken["id"], scene.office.token)
    assert request["minutesToFirstResponse"] == 47
    assert request["minutesToOutcome"] == 60
    # and the list partners read says the same
    listed = await api.gql(PEOPLE["HelpRequests"], {}, scene.office.token)
    (node,) = [e["node"] for e in listed["helpRequests"]["edges"]]
    assert (node["minutesToFirstResponse"], node["minutesToOutcome"]) == (47, 60)


async def test_a_call_down_answered_still_needed_keeps_it_open_and_restarts_the_clock(
    api: ApiClient,
) -> None:
    # given a triaged call received 73 hours ago, so a call-down is due
    scene = await hotline(api)
    taken = await submitted(api, scene.operator)
    await triaged(api, scene.operator, taken["id"])
    await _back(api, taken["id"], 73 * 60, "received_at")
    await jobs.run_once(api.db, TIMINGS)
    assert (await read(api, taken["id"], scene.operator))["callDownDueAt"] is not None

    # when the requester says they still need help
    answered_at = datetime.now(UTC)
    kept = await done(
        api,
        "recordCallDown",
        {"helpRequestId": taken["id"], "answer": "STILL_NEEDED", "note": "仍缺饮用水。"},
        scene.operator,
    )

    # then the request stays open as it was, no longer due a call-down
    assert kept["helpRequest"]["status"] == "TRIAGED"
    assert kept["helpRequest"]["callDownDueAt"] is None
    request = await read(api, taken["id"], scene.office.token)
    assert request["closedAt"] is None and request["outcomes"] == []
    # and the next call-down counts from the answer, not from the receipt: not due 71
    # hours after it, due 73 hours after it
    await jobs.run_once(api.db, TIMINGS, now=answered_at + timedelta(hours=71))
    assert (await read(api, taken["id"], scene.operator))["callDownDueAt"] is None
    await jobs.run_once(api.db, TIMINGS, now=answered_at + timedelta(hours=73))
    assert (await read(api, taken["id"], scene.operator))["callDownDueAt"] is not None
