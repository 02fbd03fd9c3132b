"""Through the API: re-matching by itself, why a need is still short, one compatibility
rule, and the office's hand on the wheel (the partner documents of loop.graphql)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.loop import matched, proposals, run_waiting, send, standing, waiting
from tests.steps.registry import (
    Office,
    Provider,
    codes,
    office_with_staff,
    review,
    row_counts,
    verified_organization,
)
from tests.steps.relief import flood_incident, published_need
from workers.embedded import EmbeddedWorkers

NOW = datetime.now(UTC)
WINDOW = {
    "availableFrom": NOW.isoformat(),
    "availableUntil": (NOW + timedelta(days=10)).isoformat(),
}
CRITICAL = {"urgency": "CRITICAL", "neededBy": (NOW + timedelta(days=2)).isoformat()}
ALLOCATION = """query A($id: ID!) { node(id: $id) { ... on Allocation { id status } } }"""


async def lu_an(api: ApiClient) -> tuple[Office, str, Provider, Provider]:
    """The Lu'an office, a flood over Yu'an and Huoqiu, two verified charities."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522"])
    red_cross = await verified_organization(
        api, office.token, 301, "341502", name="六安红十字会", kind="CHARITY"
    )
    blue_sky = await verified_organization(
        api, office.token, 302, "341503", name="蓝天救援队", kind="CHARITY"
    )
    return office, incident, red_cross, blue_sky


async def offer(api: ApiClient, token: str, **overrides: Any) -> str:
    values = {"categoryCode": "DRINKING_WATER", "quantity": 300, "serviceRegionCodes": ["341500"]}
    posted = await send(api, "PostOffer", values | WINDOW | overrides, token)
    assert posted["userErrors"] == [], posted
    return str(posted["offer"]["id"])


async def refused(
    api: ApiClient, name: str, values: dict[str, Any], token: str, expected: list[Any]
) -> None:
    """The operation is refused with exactly `expected` (field, code), writing nothing."""
    before = await row_counts(api)
    payload = await send(api, name, values, token)
    assert codes(payload) == expected, (values, payload)
    assert await row_counts(api) == before


async def test_a_decline_says_why_and_the_next_round_leaves_the_pair_out(
    api: ApiClient,
) -> None:
    # given a round proposed the Red Cross's water for a need of Yu'an
    office, incident, red_cross, _ = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    await offer(api, red_cross.token)
    [proposal] = await matched(api, incident, office.token)
    values = {"allocationId": proposal["id"]}

    # when the Red Cross declines without a reason, then the reason is required
    await refused(
        api, "DeclineAllocationWithReason", values, red_cross.token, [(["reason"], "REQUIRED")]
    )
    # when it declines saying why
    declined = await send(
        api, "DeclineAllocationWithReason", values | {"reason": "车辆不足"}, red_cross.token
    )
    assert declined["allocation"]["status"] == "DECLINED", declined
    assert declined["allocation"]["declineReason"] == "车辆不足"
    # then an automatic round waits, and when it runs it proposes nothing
    assert await waiting(api, incident, office.token) == ["AUTOMATIC"]
    assert await matched(api, incident, office.token) == []
    # and the need says why, in English and in Chinese
    [(code, english)] = await standing(api, need, "EN")
    assert code == "PROVIDER_DECLINED" and "declined" in english
    [(_, chinese)] = await standing(api, need, "ZH_CN")
    assert "拒绝" in chinese

    # when the Red Cross asks for the pair again
    asked = await send(api, "ReconsiderAllocation", values, red_cross.token)
    assert asked["allocation"]["reconsideredAt"] is not None, asked
    # then the next round proposes its water anew
    [again] = await matched(api, incident, office.token)
    assert (again["offer"]["id"], again["quantity"]) == (proposal["offer"]["id"], 300)


async def test_what_frees_capacity_requests_a_round_that_places_it(api: ApiClient) -> None:
    # given the Red Cross accepted a proposal of 300 litres: a dispatch is issued
    office, incident, red_cross, _ = await lu_an(api)
    await published_need(api, office.token, incident, **CRITICAL)
    await offer(api, red_cross.token)
    [proposal] = await matched(api, incident, office.token)
    accepted = await send(
        api, "AcceptAllocation", {"allocationId": proposal["id"]}, red_cross.token
    )
    assert accepted["userErrors"] == [], accepted
    assert await waiting(api, incident, office.token) == []
    # when the office cancels the dispatch
    cancel = """mutation C($input: UpdateDispatchStatusInput!) { updateDispatchStatus(input: $input)
      { dispatch { status } userErrors { field code } } }"""
    values = {"dispatchId": accepted["dispatch"]["id"], "status": "CANCELLED"}
    cancelled = await api.mutate("updateDispatchStatus", cancel, values, office.token)
    assert cancelled["dispatch"]["status"] == "CANCELLED", cancelled
    # then a round waits, and it proposes the same 300 litres again
    assert await waiting(api, incident, office.token) == ["AUTOMATIC"]
    [again] = await matched(api, incident, office.token)
    assert again["quantity"] == 300


async def test_every_short_need_says_why_in_the_readers_language(api: ApiClient) -> None:
    # given needs of water (at a point of Yu'an) and of tents
    office, incident, red_cross, blue_sky = await lu_an(api)
    yu_an = {"latitude": 31.75, "longitude": 116.49}
    water = await published_need(api, office.token, incident, location=yu_an, **CRITICAL)
    tents = await published_need(api, office.token, incident, categoryCode="TENTS", **CRITICAL)
    # and water offered only in Hefei, by a base 120 km away with a 20 km radius
    await offer(
        api,
        red_cross.token,
        serviceRegionCodes=["340100"],
        baseLocation={"latitude": 31.82, "longitude": 117.23},
        maxTravelKm=20,
    )
    # when a round runs
    assert await matched(api, incident, office.token) == []
    # then the water says its offer does not reach Yu'an, and how far the nearest is
    [(code, message)] = await standing(api, water)
    assert code == "OUTSIDE_SERVICE_AREA"
    assert "1 offer(s)" in message and "km away" in message
    # and the tents say, asked in Chinese, that no offer of tents is there
    [(code, message)] = await standing(api, tents, "ZH_CN")
    assert code == "NO_OFFER_IN_CATEGORY" and "征集" in message

    # when Blue Sky posts 500 litres for all of Lu'an and a round runs
    await offer(api, blue_sky.token, quantity=500)
    assert len(await matched(api, incident, office.token)) == 1
    # then nothing of the water is left unplaced: its one reason is Blue Sky's answer
    [(code, message)] = await standing(api, water)
    assert code == "AWAITING_PROVIDER" and "await the provider" in message


async def test_pledges_are_judged_by_the_engines_rule(api: ApiClient) -> None:
    # given a need of Yu'an requiring drivers, and the Red Cross's water for Hefei only
    office, incident, red_cross, _ = await lu_an(api)
    need = await published_need(api, office.token, incident, requiredSkills=["DRIVING"], **CRITICAL)
    hefei = await offer(api, red_cross.token, serviceRegionCodes=["340100"])
    # when the Red Cross pledges it, then each failed check is named on the need
    await refused(
        api,
        "PledgeOffer",
        {"offerId": hefei, "needId": need, "quantity": 10},
        red_cross.token,
        [(["needId"], "OUTSIDE_SERVICE_AREA"), (["needId"], "SKILLS_MISSING")],
    )


async def test_suspending_a_provider_releases_its_proposals(api: ApiClient) -> None:
    # given a round proposed the Red Cross's water
    office, incident, red_cross, _ = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    await offer(api, red_cross.token)
    [proposal] = await matched(api, incident, office.token)
    # when the office suspends the Red Cross
    halted = await review(api, office.token, red_cross.id, "SUSPEND", "核查中")
    assert halted["userErrors"] == [], halted
    # then the proposal lapsed, a round waits, and it proposes nothing of the Red Cross
    lapsed = await api.gql(ALLOCATION, {"id": proposal["id"]}, office.token)
    assert lapsed["node"]["status"] == "EXPIRED"
    assert await waiting(api, incident, office.token) == ["AUTOMATIC"]
    assert await matched(api, incident, office.token) == []
    assert [code for code, _ in await standing(api, need)] == ["NO_OFFER_IN_CATEGORY"]


async def test_the_office_vetoes_a_proposal_and_assigns_another_offer(api: ApiClient) -> None:
    # given a round proposed the Red Cross's water for a need of 500 litres
    office, incident, red_cross, blue_sky = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    await offer(api, red_cross.token)
    [proposal] = await matched(api, incident, office.token)

    # when the provider tries to veto, then it is forbidden; the office must say why
    values = {"allocationId": proposal["id"]}
    await refused(
        api, "VetoAllocation", values | {"reason": "x"}, red_cross.token, [(None, "FORBIDDEN")]
    )
    await refused(api, "VetoAllocation", values, office.token, [(["reason"], "REQUIRED")])
    # when the office vetoes it, saying why
    vetoed = await send(api, "VetoAllocation", values | {"reason": "道路中断"}, office.token)
    # then it is VETOED, a round follows, and it does not propose the pair again
    assert vetoed["allocation"] == {
        "id": proposal["id"],
        "status": "VETOED",
        "vetoReason": "道路中断",
    }
    assert await waiting(api, incident, office.token) == ["AUTOMATIC"]
    assert await matched(api, incident, office.token) == []
    assert [code for code, _ in await standing(api, need)] == ["OFFICE_VETOED"]

    # when the office assigns 200 of Blue Sky's water itself
    blue = await offer(api, blue_sky.token, quantity=200)
    assign = {"offerId": blue, "needId": need, "quantity": 200}
    assigned = await send(api, "AssignOffer", assign, office.token)
    # then Blue Sky finds a PROPOSED allocation from the office, explained, to answer
    allocation = assigned["allocation"]
    assert (allocation["status"], allocation["source"], allocation["quantity"]) == (
        "PROPOSED",
        "OFFICE",
        200,
    ), assigned
    assert allocation["explanation"].startswith("由民政部门指派")
    [theirs] = await proposals(api, incident, blue_sky.token)
    assert theirs["id"] == allocation["id"]
    accepted = await send(api, "AcceptAllocation", {"allocationId": theirs["id"]}, blue_sky.token)
    assert accepted["allocation"]["status"] == "ACCEPTED", accepted

    # and an assignment a round could not propose is refused, naming why
    hefei = await offer(api, blue_sky.token, serviceRegionCodes=["340100"])
    await refused(
        api,
        "AssignOffer",
        {"offerId": hefei, "needId": need, "quantity": 10},
        office.token,
        [(["offerId"], "OUTSIDE_SERVICE_AREA")],
    )
    await run_waiting(api, incident)


async def test_the_provider_hears_of_a_veto_and_of_an_assignment(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a round proposed the Red Cross's water for a need
    office, incident, red_cross, _ = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    water = await offer(api, red_cross.token, quantity=500)
    [proposal] = await matched(api, incident, office.token)
    # when the office vetoes it, then assigns 100 of the same offer itself
    why = {"allocationId": proposal["id"], "reason": "道路中断，改由乡镇转运"}
    assert (await send(api, "VetoAllocation", why, office.token))["userErrors"] == []
    assign = {"offerId": water, "needId": need, "quantity": 100}
    assert (await send(api, "AssignOffer", assign, office.token))["userErrors"] == []
    await workers.drain()
    # then the Red Cross's inbox holds both, the veto with its reason
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 20}, red_cross.token)
    bodies = {n["subject"]: n["body"] for n in (e["node"] for e in inbox["notifications"]["edges"])}
    vetoed = [body for subject, body in bodies.items() if "否决" in subject]
    assert len(vetoed) == 1 and "道路中断" in vetoed[0], bodies
    assert any("指派" in subject for subject in bodies), bodies
