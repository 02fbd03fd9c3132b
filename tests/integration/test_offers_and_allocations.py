"""Through the API: offers, proposals, acceptance and pledges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from domain.dispatch.model import Dispatch
from domain.kernel.db.base import utcnow
from domain.kernel.global_ids import from_global_id
from domain.matching.proposals import expire_proposals
from domain.matching.records import Allocation
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import (
    Office,
    Provider,
    codes,
    office_with_staff,
    register_organization,
    register_volunteer,
    review,
    row_counts,
    verified_organization,
)
from tests.steps.relief import flood_incident, published_need
from workers.embedded import EmbeddedWorkers

NOW = datetime.now(UTC)
NEEDED_BY = (NOW + timedelta(days=2)).isoformat()
WINDOW = {
    "availableFrom": NOW.isoformat(),
    "availableUntil": (NOW + timedelta(days=10)).isoformat(),
}
# The needs these stories publish: critical, and due in two days.
CRITICAL = {"urgency": "CRITICAL", "neededBy": NEEDED_BY}

DOCUMENTS = {
    **MATCHING,
    "Counters": """query Counters($id: ID!) { node(id: $id) {
      ... on Need { quantityAllocated quantityProposed status }
      ... on Offer { quantityCommitted quantityProposed offerStatus: status }
      ... on Allocation { allocationStatus: status } } }""",
    "OfferProvider": """query OfferProvider($id: ID!) { node(id: $id) { ... on Offer {
      provider { __typename ... on Volunteer { id } ... on Organization { id } } } } }""",
    "UpdateOffer": """mutation UpdateOffer($input: UpdateOfferInput!) { updateOffer(input: $input) {
      offer { quantity quantityCommitted status } userErrors { field message code } } }""",
    "UpdateNeed": """mutation UpdateNeed($input: UpdateNeedInput!) {
      updateNeed(input: $input) { userErrors { field message code } } }""",
    "MatchingRounds": """query MatchingRounds($incidentId: ID!) {
      matchingRounds(incidentId: $incidentId) { edges { node { status trigger } } } }""",
}


async def call(api: ApiClient, name: str, values: dict[str, Any], token: str) -> dict[str, Any]:
    """The payload of the mutation `name`, sent as its document."""
    return await api.mutate(name, DOCUMENTS[name[0].upper() + name[1:]], values, token)


async def ok(api: ApiClient, name: str, values: dict[str, Any], token: str) -> dict[str, Any]:
    payload = await call(api, name, values, token)
    assert payload["userErrors"] == [], payload
    return payload


async def refused(
    api: ApiClient, name: str, values: dict[str, Any], token: str, expected: Any
) -> None:
    """The mutation is refused on exactly `expected` (field, code), and writes nothing."""
    before = await row_counts(api)
    payload = await call(api, name, values, token)
    assert codes(payload) == [expected], (values, payload)
    assert all(value is None for key, value in payload.items() if key != "userErrors")
    assert await row_counts(api) == before


def offer_input(**overrides: Any) -> dict[str, Any]:
    values = {"categoryCode": "DRINKING_WATER", "quantity": 300, "serviceRegionCodes": ["341500"]}
    return values | WINDOW | overrides


async def post(api: ApiClient, token: str, **overrides: Any) -> str:
    return str((await ok(api, "postOffer", offer_input(**overrides), token))["offer"]["id"])


async def state(api: ApiClient, node_id: str) -> tuple[Any, ...]:
    """(allocated or committed, proposed, status) of a need or an offer; (status,) of a proposal."""
    return tuple((await api.gql(DOCUMENTS["Counters"], {"id": node_id}))["node"].values())


async def lu_an(api: ApiClient) -> tuple[str, Office, str, Provider, Provider]:
    """(ADMIN, the Lu'an office, a flood over Yu'an and Huoqiu, two verified charities)."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522"])
    red_cross = await verified_organization(
        api, office.token, 201, "341502", name="六安红十字会", kind="CHARITY"
    )
    blue_sky = await verified_organization(
        api, office.token, 202, "341503", name="蓝天救援队", kind="CHARITY"
    )
    return admin, office, incident, red_cross, blue_sky


async def round_proposals(
    api: ApiClient, workers: EmbeddedWorkers, office: Office, incident: str
) -> dict[str, str]:
    """Offer id -> the id of the allocation a finished round proposed from it."""
    started = await ok(api, "runMatching", {"incidentId": incident}, office.token)
    await workers.drain()
    finished = (await api.gql(MATCHING["MatchingRound"], {"id": started["round"]["id"]}))["node"]
    assert finished["status"] == "FINISHED", finished
    return {e["node"]["offer"]["id"]: e["node"]["id"] for e in finished["allocations"]["edges"]}


async def test_only_verified_organizations_and_volunteers_post_offers(api: ApiClient) -> None:
    # given a pending charity, a suspended one, a verified one, and office staff
    admin, office, _, red_cross, _ = await lu_an(api)
    _, pending = await register_organization(api, seed=211)
    suspended = await verified_organization(
        api, office.token, 212, "341503", name="暂停的基金会", kind="CHARITY"
    )
    halted = await review(api, office.token, suspended.id, "SUSPEND", "材料造假")
    assert halted["userErrors"] == [], halted

    # when the pending, the suspended and the office post, then FORBIDDEN and nothing written
    for token in (pending, suspended.token, office.token):
        await refused(api, "postOffer", offer_input(), token, (None, "FORBIDDEN"))

    # when the verified charity posts, then the offer is AVAILABLE with nothing committed
    offer = (await ok(api, "postOffer", offer_input(), red_cross.token))["offer"]
    assert (offer["status"], offer["quantity"], offer["quantityCommitted"]) == ("AVAILABLE", 300, 0)
    assert offer["category"] == {"code": "DRINKING_WATER"}

    # when a volunteer offers their own time
    volunteer, own = await register_volunteer(api, "341503", skills=["PSYCHOLOGICAL_COUNSELING"])
    overrides = {"categoryCode": "PSYCHOLOGICAL_SUPPORT", "serviceRegionCodes": ["341503"]}
    offer_id = await post(api, own, quantity=5, **overrides)

    # then they, ADMIN and the office over their home see them as its provider; no one else
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    shown = {"__typename": "Volunteer", "id": volunteer}
    viewers = {own: shown, office.token: shown, admin: shown, red_cross.token: None}
    for viewer, provider in [*viewers.items(), (hefei.token, None), (None, None)]:
        node = (await api.gql(DOCUMENTS["OfferProvider"], {"id": offer_id}, viewer))["node"]
        assert node["provider"] == provider, viewer


async def test_bad_offers_are_refused_field_by_field_and_nothing_is_written(
    api: ApiClient,
) -> None:
    # given a verified charity
    _, _, _, red_cross, _ = await lu_an(api)
    base = {"latitude": 31.75, "longitude": 116.5}
    earlier = (NOW - timedelta(days=1)).isoformat()
    no_regions = {"serviceRegionCodes": None}

    for overrides, expected in (
        ({"availableUntil": earlier}, (["availableUntil"], "INVALID")),
        ({"availableUntil": WINDOW["availableFrom"]}, (["availableUntil"], "INVALID")),
        ({"serviceRegionCodes": ["999999"]}, (["serviceRegionCodes"], "UNKNOWN_REGION")),
        ({"serviceRegionCodes": []}, (["serviceRegionCodes"], "REQUIRED")),
        (no_regions | {"baseLocation": base}, (["serviceRegionCodes"], "REQUIRED")),
        (no_regions | {"maxTravelKm": 50}, (["serviceRegionCodes"], "REQUIRED")),
        ({"baseLocation": base, "maxTravelKm": 0}, (["maxTravelKm"], "INVALID")),
        ({"baseLocation": base, "maxTravelKm": -20}, (["maxTravelKm"], "INVALID")),
        ({"baseLocation": base | {"latitude": 95}}, (["baseLocation", "latitude"], "INVALID")),
        ({"categoryCode": "UNICORNS"}, (["categoryCode"], "UNKNOWN_CATEGORY")),
        ({"quantity": 0}, (["quantity"], "INVALID")),
        ({"quantity": -1}, (["quantity"], "INVALID")),
    ):
        # when the offer is posted, then it is refused on that field and nothing is written
        await refused(api, "postOffer", offer_input(**overrides), red_cross.token, expected)

    # and a base point with a travel radius is reach enough
    await post(api, red_cross.token, baseLocation=base, maxTravelKm=80, **no_regions)


async def test_an_offer_is_never_updated_below_what_it_committed(api: ApiClient) -> None:
    # given 300 litres offered and 120 of them pledged to a need
    _, office, incident, red_cross, blue_sky = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    offer = await post(api, red_cross.token)
    pledge = {"offerId": offer, "needId": need, "quantity": 120}
    await ok(api, "pledgeOffer", pledge, red_cross.token)

    # when it is lowered below its commitment, left without reach, or is someone else's: refused
    for token, fields, expected in (
        (red_cross.token, {"quantity": 119}, (["quantity"], "INSUFFICIENT_CAPACITY")),
        (red_cross.token, {"serviceRegionCodes": []}, (["serviceRegionCodes"], "REQUIRED")),
        (blue_sky.token, {"quantity": 500}, (["offerId"], "NOT_FOUND")),
    ):
        await refused(api, "updateOffer", {"offerId": offer} | fields, token, expected)

    # when it is lowered to exactly its commitment, then it is EXHAUSTED; raised, AVAILABLE
    for quantity, status in ((120, "EXHAUSTED"), (200, "AVAILABLE")):
        changed = await ok(
            api, "updateOffer", {"offerId": offer, "quantity": quantity}, red_cross.token
        )
        assert changed["offer"] == {
            "quantity": quantity,
            "quantityCommitted": 120,
            "status": status,
        }


async def test_withdrawing_an_offer_lets_its_pending_proposals_lapse(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a round that proposed 300 litres of an offer to a need
    _, office, incident, red_cross, _ = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    offer = await post(api, red_cross.token)
    proposal = (await round_proposals(api, workers, office, incident))[offer]
    assert await state(api, need) == (0, 300, "OPEN")

    # when the charity withdraws the offer
    withdrawn = await ok(api, "withdrawOffer", {"offerId": offer}, red_cross.token)

    # then the offer is WITHDRAWN, the proposal lapsed and neither side holds anything
    assert withdrawn["offer"] == {"id": offer, "status": "WITHDRAWN"}
    assert await state(api, proposal) == ("EXPIRED",)
    assert await state(api, need) == (0, 0, "OPEN")
    assert await state(api, offer) == (0, 0, "WITHDRAWN")

    # and the lapsed proposal cannot be accepted, nor the offer withdrawn twice
    expected = (["allocationId"], "INVALID_TRANSITION")
    await refused(api, "acceptAllocation", {"allocationId": proposal}, red_cross.token, expected)
    expected = (["offerId"], "INVALID_TRANSITION")
    await refused(api, "withdrawOffer", {"offerId": offer}, red_cross.token, expected)


async def test_providers_answer_their_own_proposals_once(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a round proposing 200 litres from each of two charities to one need of 500
    _, office, incident, red_cross, blue_sky = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    red_offer = await post(api, red_cross.token, quantity=200)
    blue_offer = await post(api, blue_sky.token, quantity=200)
    proposals = await round_proposals(api, workers, office, incident)
    red, blue = {"allocationId": proposals[red_offer]}, {"allocationId": proposals[blue_offer]}
    assert await state(api, need) == (0, 400, "OPEN")

    # when one charity answers the other's proposal, then FORBIDDEN and nothing is written
    for verb in ("acceptAllocation", "declineAllocation"):
        await refused(api, verb, red, blue_sky.token, (["allocationId"], "FORBIDDEN"))

    # when the Red Cross declines, then both sides get its 200 units back
    reason = {"reason": "没有车辆"}
    declined = await ok(api, "declineAllocation", red | reason, red_cross.token)
    assert declined["allocation"] == {"id": red["allocationId"], "status": "DECLINED"}
    assert await state(api, need) == (0, 200, "OPEN")
    assert await state(api, red_offer) == (0, 0, "AVAILABLE")

    # when Blue Sky accepts, then a dispatch is issued and the need is partly allocated
    accepted = await ok(api, "acceptAllocation", blue, blue_sky.token)
    assert accepted["allocation"]["status"] == "ACCEPTED"
    assert accepted["dispatch"]["status"] == "ISSUED"
    assert await state(api, need) == (200, 0, "PARTIALLY_ALLOCATED")
    assert await state(api, blue_offer) == (200, 0, "EXHAUSTED")

    # and no answer can be given twice or changed afterwards
    for verb, allocation, owner in (
        ("acceptAllocation", blue, blue_sky),
        ("declineAllocation", blue | reason, blue_sky),
        ("acceptAllocation", red, red_cross),
    ):
        await refused(api, verb, allocation, owner.token, (["allocationId"], "INVALID_TRANSITION"))


async def test_pledges_stay_within_the_offer_and_the_need(api: ApiClient) -> None:
    # given a need for 500 litres, one for tents, and two offers of water
    _, office, incident, red_cross, blue_sky = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    tents = await published_need(
        api, office.token, incident, categoryCode="TENTS", quantity=50, **CRITICAL
    )
    red_offer = await post(api, red_cross.token)
    blue_offer = await post(api, blue_sky.token, quantity=1000)

    # when the Red Cross pledges 200 of its 300, then a dispatch is issued for it
    values = {"offerId": red_offer, "needId": need, "quantity": 200}
    pledged = (await ok(api, "pledgeOffer", values, red_cross.token))["allocation"]
    assert (pledged["status"], pledged["quantity"]) == ("ACCEPTED", 200)
    async with api.db.transaction() as session:
        issued = (await session.scalars(select(Dispatch))).all()
    assert [(d.allocation_id, d.status.value) for d in issued] == [
        (uuid_of(pledged["id"]), "ISSUED")
    ]
    assert await state(api, need) == (200, 0, "PARTIALLY_ALLOCATED")

    # when pledges ask beyond the offer's or the need's free units, for another category,
    # or from someone else's offer, then each is refused and nothing is written
    for owner, offer, to, quantity, expected in (
        (red_cross, red_offer, need, 101, (["quantity"], "INSUFFICIENT_CAPACITY")),
        (blue_sky, blue_offer, need, 301, (["quantity"], "INSUFFICIENT_CAPACITY")),
        (blue_sky, blue_offer, tents, 10, (["needId"], "CATEGORY_MISMATCH")),
        (blue_sky, blue_offer, need, 0, (["quantity"], "INVALID")),
        (blue_sky, red_offer, need, 50, (["offerId"], "NOT_FOUND")),
    ):
        values = {"offerId": offer, "needId": to, "quantity": quantity}
        await refused(api, "pledgeOffer", values, owner.token, expected)

    # when Blue Sky pledges exactly what is still missing, then the need is ALLOCATED
    values = {"offerId": blue_offer, "needId": need, "quantity": 300}
    await ok(api, "pledgeOffer", values, blue_sky.token)
    assert await state(api, need) == (500, 0, "ALLOCATED")
    assert await state(api, blue_offer) == (300, 0, "AVAILABLE")


def uuid_of(global_id: str) -> Any:
    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def test_an_expired_proposal_cannot_be_accepted_and_the_job_hands_it_back(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a round proposing from two offers, one proposal already past its expiry
    _, office, incident, red_cross, blue_sky = await lu_an(api)
    need = await published_need(api, office.token, incident, **CRITICAL)
    red_offer = await post(api, red_cross.token, quantity=200)
    blue_offer = await post(api, blue_sky.token, quantity=200)
    proposals = await round_proposals(api, workers, office, incident)
    stale, fresh = proposals[red_offer], proposals[blue_offer]
    async with api.db.transaction() as session:
        past = utcnow() - timedelta(minutes=1)
        await session.execute(
            update(Allocation).where(Allocation.id == uuid_of(stale)).values(expires_at=past)
        )

    # when the Red Cross accepts the stale proposal, then it is refused and nothing written
    expected = (["allocationId"], "INVALID_TRANSITION")
    await refused(api, "acceptAllocation", {"allocationId": stale}, red_cross.token, expected)
    assert await state(api, need) == (0, 400, "OPEN")

    # when the periodic job runs, then only the stale proposal lapses and hands its units back
    async with api.db.transaction() as session:
        assert await expire_proposals(session) == 1
    assert (await state(api, stale), await state(api, fresh)) == (("EXPIRED",), ("PROPOSED",))
    assert await state(api, need) == (0, 200, "OPEN")
    assert await state(api, red_offer) == (0, 0, "AVAILABLE")
    assert await state(api, blue_offer) == (0, 200, "AVAILABLE")
    async with api.db.transaction() as session:
        assert await expire_proposals(session) == 0

    # and the fresh one is still accepted, the stale one never
    await ok(api, "acceptAllocation", {"allocationId": fresh}, blue_sky.token)
    await refused(api, "acceptAllocation", {"allocationId": stale}, red_cross.token, expected)


async def test_changes_fold_into_one_pending_automatic_round(api: ApiClient) -> None:
    # given a flood with no need yet
    _, office, incident, red_cross, _ = await lu_an(api)

    async def rounds(of: str = incident) -> list[tuple[str, str]]:
        listed = (await api.gql(DOCUMENTS["MatchingRounds"], {"incidentId": of}))["matchingRounds"]
        return [(e["node"]["status"], e["node"]["trigger"]) for e in listed["edges"]]

    assert await rounds() == []

    # when a need is published, then one PENDING AUTOMATIC round waits out the debounce
    need = await published_need(api, office.token, incident, **CRITICAL)
    assert await rounds() == [("PENDING", "AUTOMATIC")]

    # when more needs, updates and offers of the category follow, then still only that one
    await published_need(api, office.token, incident, regionCode="341522", **CRITICAL)
    await published_need(api, office.token, incident, categoryCode="TENTS", quantity=40, **CRITICAL)
    await ok(api, "updateNeed", {"needId": need, "quantity": 800}, office.token)
    offer = await post(api, red_cross.token)
    await ok(api, "updateOffer", {"offerId": offer, "quantity": 400}, red_cross.token)
    assert await rounds() == [("PENDING", "AUTOMATIC")]

    # and another incident gets a round of its own
    other = await flood_incident(api, office, ["341502"])
    await published_need(api, office.token, other, regionCode="341502", **CRITICAL)
    assert await rounds(other) == [("PENDING", "AUTOMATIC")]
    assert await rounds() == [("PENDING", "AUTOMATIC")]
