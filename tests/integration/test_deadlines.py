"""Deadlines over GraphQL: overdue needs and what the office does with them, offers past
their window, dispatches past their deadline. The periodic jobs run on a clock the test
sets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.kernel.global_ids import from_global_id
from domain.matching.round_runner import execute_round
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP, MATCHING
from tests.steps.delivery import quick_retries
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import (
    SOON,
    dispatch_scene,
    lu_an_flood,
    ok,
    published_need,
    refused,
)
from workers import jobs
from workers.embedded import EmbeddedWorkers

__all__ = ["quick_retries"]
TIMINGS = jobs.Timings(late_escalate_after=timedelta(hours=2))
NEED = """query Need($id: ID!) { node(id: $id) { ... on Need { id status quantityProposed
  neededBy escalatedAt escalatedTo { name } allocations(first: 5) { edges { node { status
  offer { id } } } } } } }"""
GAPS = """query Gaps($id: ID!) { node(id: $id) { ... on Incident { coverage {
  gaps(first: 10) { nodes { id } } } } } }"""
OFFER = """query Offer($id: ID!) { node(id: $id) { ... on Offer { id status quantityProposed
  quantityFree } } }"""


async def need(api: ApiClient, need_id: str) -> dict[str, Any]:
    return (await api.gql(NEED, {"id": need_id}))["node"]  # type: ignore[no-any-return]


async def subjects(api: ApiClient, token: str) -> list[str]:
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 50}, token)
    return [e["node"]["subject"] for e in inbox["notifications"]["edges"]]


async def test_an_overdue_need_is_told_to_its_office_which_extends_it(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given a need for 500 litres of drinking water needed within two days
    _, office, incident = await lu_an_flood(api)
    water = await published_need(api, office.token, incident, neededBy=SOON)

    # when the periodic jobs run before and after its needed-by, twice after
    due = datetime.fromisoformat(SOON)
    for at in (due - timedelta(minutes=1), due + timedelta(minutes=1), due + timedelta(hours=1)):
        await jobs.run_once(api.db, TIMINGS, now=at)
    await workers.drain()

    # then it is OVERDUE, still asking for its 500 litres, and its office was told once
    assert (await need(api, water))["status"] == "OVERDUE"
    listed = await api.gql(MATCHING["Needs"], {"filter": {"status": "OVERDUE"}})
    assert [e["node"]["id"] for e in listed["needs"]["edges"]] == [water]
    assert len([s for s in await subjects(api, office.token) if s.startswith("需求逾期")]) == 1
    # and it still counts: in the coverage's needed litres, and among the gaps
    coverage = (await api.gql(MATCHING["IncidentCoverage"], {"id": incident}))["node"]
    assert coverage["coverage"]["needed"] == 500
    gaps = await api.gql(GAPS, {"id": incident})
    assert [n["id"] for n in gaps["node"]["coverage"]["gaps"]["nodes"]] == [water]

    # when the office extends it to a time already past, then the time is refused
    past = {"needId": water, "neededBy": "2020-07-25T18:00:00+08:00"}
    await refused(api, "extendNeed", past, office.token, (["neededBy"], "INVALID"))
    # when it extends it by a week, then it is OPEN again with the new time
    later = (due + timedelta(days=7)).isoformat()
    extended = await ok(api, "extendNeed", {"needId": water, "neededBy": later}, office.token)
    assert extended["need"]["status"] == "OPEN"
    assert datetime.fromisoformat(extended["need"]["neededBy"]) == datetime.fromisoformat(later)


async def test_an_overdue_need_escalated_reaches_the_province_office_and_its_filter(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given Anhui's province office, and an OVERDUE need of Lu'an's office
    admin, office, incident = await lu_an_flood(api)
    province = await office_with_staff(api, admin, "340000", "安徽省民政厅")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    water = await published_need(api, office.token, incident, neededBy=SOON)
    await jobs.run_once(api.db, TIMINGS, now=datetime.fromisoformat(SOON) + timedelta(minutes=1))

    # when Hefei's office escalates it, then it is refused: not its need
    escalate = {"needId": water, "note": "县内无供给"}
    await refused(api, "escalateNeed", escalate, hefei.token, (["needId"], "OUT_OF_JURISDICTION"))
    # when Lu'an's office escalates it
    escalated = await ok(api, "escalateNeed", escalate, office.token)
    await workers.drain()

    # then it went to the province office, still OVERDUE
    assert escalated["need"]["status"] == "OVERDUE"
    assert escalated["need"]["escalatedTo"]["name"] == "安徽省民政厅"
    # and the province's staff were told, with the note
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 10}, province.token)
    bodies = [e["node"]["body"] for e in inbox["notifications"]["edges"]]
    assert len(bodies) == 1 and "县内无供给" in bodies[0]
    # and the province finds it among the escalated needs of its jurisdiction, Hefei not
    found = await api.gql(LOOP["EscalatedNeeds"], {"regionCode": "340000"})
    assert [e["node"]["id"] for e in found["needs"]["edges"]] == [water]
    elsewhere = await api.gql(LOOP["EscalatedNeeds"], {"regionCode": "340100"})
    assert elsewhere["needs"]["totalCount"] == 0
    to_province = {"filter": {"escalatedToOfficeId": province.id}}
    handed = await api.gql(MATCHING["Needs"], to_province)
    assert [e["node"]["id"] for e in handed["needs"]["edges"]] == [water]

    # when the province escalates it further, then there is nobody above
    await refused(
        api, "escalateNeed", {"needId": water}, province.token, (["needId"], "INVALID_TRANSITION")
    )
    # and the office may still cancel it
    cancelled = await ok(api, "cancelNeed", {"needId": water}, office.token)
    assert cancelled["need"]["status"] == "CANCELLED"


async def test_an_offer_past_its_window_expires_and_its_proposal_lapses(api: ApiClient) -> None:
    # given a need for 40 generators and a charity's offer of 40 available for one more
    # hour, proposed to the need by a finished matching round
    _, office, incident = await lu_an_flood(api)
    generators = await published_need(
        api, office.token, incident, categoryCode="GENERATORS", quantity=40
    )
    charity = await verified_organization(api, office.token, 71, "341503", kind="CHARITY")
    now = datetime.now(UTC)
    window = {
        "availableFrom": now.isoformat(),
        "availableUntil": (now + timedelta(hours=1)).isoformat(),
    }
    posted = await ok(
        api,
        "postOffer",
        {"categoryCode": "GENERATORS", "quantity": 40, "serviceRegionCodes": ["341500"]} | window,
        charity.token,
    )
    offer = posted["offer"]["id"]
    started = await ok(api, "runMatching", {"incidentId": incident}, office.token)
    # the workers would run the round; the test runs the same domain function itself
    round_id = from_global_id(started["round"]["id"])
    assert round_id is not None
    await execute_round(api.db, round_id[1])
    proposed = (await api.gql(NEED, {"id": generators}, office.token))["node"]["allocations"]
    assert [(e["node"]["status"], e["node"]["offer"]["id"]) for e in proposed["edges"]] == [
        ("PROPOSED", offer)
    ]

    # when the periodic jobs run two hours on (the proposal itself would live 12 hours)
    await jobs.run_once(api.db, TIMINGS, now=now + timedelta(hours=2))

    # then the offer is EXPIRED, its proposal lapsed, and the need holds nothing proposed
    after = (await api.gql(OFFER, {"id": offer}, charity.token))["node"]
    assert (after["status"], after["quantityProposed"], after["quantityFree"]) == ("EXPIRED", 0, 0)
    lapsed = (await api.gql(NEED, {"id": generators}, office.token))["node"]
    assert [e["node"]["status"] for e in lapsed["allocations"]["edges"]] == ["EXPIRED"]
    assert lapsed["quantityProposed"] == 0
    # and it can no longer be pledged
    pledge = {"offerId": offer, "needId": generators, "quantity": 5}
    payload = await api.mutate("pledgeOffer", MATCHING["PledgeOffer"], pledge, charity.token)
    assert [e["code"] for e in payload["userErrors"]] == ["INSUFFICIENT_CAPACITY"]


async def test_a_late_dispatch_alerts_the_provider_then_the_office_once_each(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given an ISSUED dispatch of 40 tents whose deadline is the need's needed-by
    s = await dispatch_scene(api)
    deadline = datetime.fromisoformat(SOON)
    await workers.drain()

    # when the periodic jobs run at the deadline, an hour on, three hours on, and again
    for hours in (0, 1, 3, 4):
        await jobs.run_once(api.db, TIMINGS, now=deadline + timedelta(hours=hours, seconds=1))
    await workers.drain()

    # then the charity was told once that it is late, and the office alerted once
    late = [t for t in await subjects(api, s.charity.token) if "已过送达期限" in t]
    alerted = [t for t in await subjects(api, s.office.token) if "逾期未送达" in t]
    assert (len(late), len(alerted)) == (1, 1)
