"""Reservation is safe under concurrency, and the database is the backstop.

Over a hundred accepts, declines and pledges race for a few offers and needs whose capacity
is deliberately smaller than what is asked; afterwards the books are read straight from
the database. Runs on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (row locks).
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from domain.dispatch.model import Dispatch
from domain.kernel.enums import AllocationSource, AllocationStatus, NeedStatus, OfferStatus
from domain.kernel.global_ids import from_global_id
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import Office, add_member, office_with_staff, verified_organization
from tests.steps.relief import flood_incident, published_need
from workers.embedded import EmbeddedWorkers

NOW = datetime.now(UTC)
WINDOW = {
    "availableFrom": NOW.isoformat(),
    "availableUntil": (NOW + timedelta(days=10)).isoformat(),
}
OFFER_QUANTITY = 30
REFUSALS = {"INSUFFICIENT_CAPACITY", "INVALID_TRANSITION"}
Request = tuple[str, dict[str, Any], str]
# Needs of drinking water due in two days; several alike are confirmed, not refused.
CRITICAL = {
    "urgency": "CRITICAL",
    "neededBy": (NOW + timedelta(days=2)).isoformat(),
    "confirmDuplicate": True,
}


async def four_charities_and_a_round(
    api: ApiClient, workers: EmbeddedWorkers, quantities: Sequence[int]
) -> tuple[Office, str, dict[str, list[str]], list[str], list[dict[str, Any]]]:
    """(office, incident, offer -> two of its charity's tokens, needs, the round's proposals):
    four charities offer 30 litres each; a round proposes them to needs of these quantities."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522", "341502"])
    offers: dict[str, list[str]] = {}
    for seed in range(4):
        charity = await verified_organization(
            api, office.token, 301 + seed, "341502", name=f"慈善会{seed}", kind="CHARITY"
        )
        values = {"categoryCode": "DRINKING_WATER", "quantity": OFFER_QUANTITY} | WINDOW
        values["serviceRegionCodes"] = ["341500"]
        posted = await api.mutate("postOffer", MATCHING["PostOffer"], values, charity.token)
        assert posted["userErrors"] == [], posted
        member = await add_member(api, charity.token, charity.id)
        offers[posted["offer"]["id"]] = [charity.token, member]
    regions = itertools.cycle(("341503", "341522", "341502"))
    needs = [
        await published_need(
            api, office.token, incident, regionCode=next(regions), quantity=q, **CRITICAL
        )
        for q in quantities
    ]
    run = {"input": {"incidentId": incident}}
    started = (await api.gql(MATCHING["RunMatching"], run, office.token))["runMatching"]
    await workers.drain()
    finished = (await api.gql(MATCHING["MatchingRound"], {"id": started["round"]["id"]}))["node"]
    proposals = [edge["node"] for edge in finished["allocations"]["edges"]]
    assert finished["status"] == "FINISHED" and len(proposals) >= len(needs), finished
    assert sum(p["quantity"] for p in proposals) == min(sum(quantities), 4 * OFFER_QUANTITY)
    return office, incident, offers, needs, proposals


async def storm(api: ApiClient, requests: list[Request]) -> tuple[Counter[str], list[Any]]:
    """Fire every request at once, in a shuffled but fixed order; each must be answered
    with success or a capacity or state refusal: never a server or GraphQL error."""
    random.Random(2020).shuffle(requests)

    async def send(name: str, values: dict[str, Any], token: str) -> dict[str, Any]:
        response = await api.post(MATCHING[name[0].upper() + name[1:]], {"input": values}, token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, (name, body["errors"])
        return body["data"][name]  # type: ignore[no-any-return]

    answers = await asyncio.gather(*(send(*request) for request in requests))
    outcomes: Counter[str] = Counter()
    for (name, _, _), answer in zip(requests, answers, strict=True):
        errors = {e["code"] for e in answer["userErrors"]}
        assert errors <= REFUSALS, (name, answer)
        outcomes[f"{name} {'refused' if errors else 'ok'}"] += 1
    return outcomes, answers


async def books_balance(api: ApiClient) -> list[Allocation]:
    """Straight from the database: no offer or need holds more than it has, every counter is
    the sum of its allocations, statuses follow the counters, one dispatch per acceptance."""
    async with api.db.transaction() as session:
        allocations = (await session.scalars(select(Allocation))).all()
        offers = (await session.scalars(select(Offer))).all()
        needs = (await session.scalars(select(Need))).all()
        dispatches = (await session.scalars(select(Dispatch))).all()

    def held(status: AllocationStatus, **side: Any) -> int:
        return sum(
            a.quantity
            for a in allocations
            if a.status is status and all(getattr(a, k) == v for k, v in side.items())
        )

    for offer in offers:
        assert offer.quantity_committed + offer.quantity_proposed <= offer.quantity
        assert (offer.quantity_committed, offer.quantity_proposed) == (
            held(AllocationStatus.ACCEPTED, offer_id=offer.id),
            held(AllocationStatus.PROPOSED, offer_id=offer.id),
        )
        if offer.status is not OfferStatus.WITHDRAWN:
            full = offer.quantity_committed >= offer.quantity
            assert offer.status is (OfferStatus.EXHAUSTED if full else OfferStatus.AVAILABLE)
    for need in needs:
        assert need.quantity_allocated + need.quantity_proposed <= need.quantity
        assert (need.quantity_allocated, need.quantity_proposed) == (
            held(AllocationStatus.ACCEPTED, need_id=need.id),
            held(AllocationStatus.PROPOSED, need_id=need.id),
        )
        if need.status is not NeedStatus.CANCELLED:
            assert need.status is (
                NeedStatus.ALLOCATED
                if need.quantity_allocated == need.quantity
                else NeedStatus.PARTIALLY_ALLOCATED
                if need.quantity_allocated
                else NeedStatus.OPEN
            )
    accepted = {a.id for a in allocations if a.status is AllocationStatus.ACCEPTED}
    assert sorted(d.allocation_id for d in dispatches) == sorted(accepted)
    return list(allocations)


async def test_concurrent_accepts_and_pledges_never_over_commit(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a round that proposed 90 of the four charities' 120 litres to six needs
    quantities = [20, 10] * 3
    office, incident, offers, round_needs, proposals = await four_charities_and_a_round(
        api, workers, quantities
    )
    # and two more needs (8 and 40 litres) that only pledges can fill: 30 litres are left
    small = await published_need(
        api, office.token, incident, regionCode="341503", quantity=8, **CRITICAL
    )
    large = await published_need(
        api, office.token, incident, regionCode="341522", quantity=40, **CRITICAL
    )

    # when every proposal is accepted three times and declined once, and every offer pledges
    # 2 litres twelve times to the large need, six times to the small one and once to each
    # need the round covered (36 litres asked of each offer's 30 at most), all at once
    requests: list[Request] = []
    for number, proposal in enumerate(proposals):
        tokens = offers[proposal["offer"]["id"]]
        verbs = ["acceptAllocation"] * 3 + ["declineAllocation"]
        answer = {"allocationId": proposal["id"]}
        # A decline says why; an accept takes the id alone.
        why = {"declineAllocation": {"reason": "车辆不足"}}
        requests += [
            (verb, answer | why.get(verb, {}), tokens[(number + i) % 2])
            for i, verb in enumerate(verbs)
        ]
    for offer, tokens in offers.items():
        for attempt, need in enumerate([large] * 12 + [small] * 6 + round_needs):
            pledge = {"offerId": offer, "needId": need, "quantity": 2}
            requests.append(("pledgeOffer", pledge, tokens[attempt % 2]))
    assert len(requests) >= 100
    outcomes, answers = await storm(api, requests)

    # then each proposal was answered exactly once, by one accept or by the decline
    answered = Counter(
        values["allocationId"]
        for (name, values, _), answer in zip(requests, answers, strict=True)
        if name != "pledgeOffer" and not answer["userErrors"]
    )
    assert answered == Counter(p["id"] for p in proposals)
    # and capacity really was scarcer than what was asked: some pledges won, some lost
    assert outcomes["pledgeOffer refused"] > 0 and outcomes["pledgeOffer ok"] > 0

    # and the books balance, and agree with the answers the API gave
    allocations = await books_balance(api)
    assert Counter((a.source, a.status) for a in allocations) == Counter(
        {
            (AllocationSource.ROUND, AllocationStatus.ACCEPTED): outcomes["acceptAllocation ok"],
            (AllocationSource.ROUND, AllocationStatus.DECLINED): outcomes["declineAllocation ok"],
            (AllocationSource.PLEDGE, AllocationStatus.ACCEPTED): outcomes["pledgeOffer ok"],
        }
    )


async def test_cancels_and_withdrawals_racing_accepts_and_pledges_leave_nothing_held(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a round that proposed 80 of the four charities' 120 litres to eight needs
    office, _, offers, needs, proposals = await four_charities_and_a_round(api, workers, [10] * 8)
    withdrawn = next(iter(offers))
    cancelled = needs[::2]

    # when every proposal is accepted, every offer pledges a litre to every need, half the
    # needs are cancelled and one offer is withdrawn, all at once
    requests: list[Request] = [
        ("acceptAllocation", {"allocationId": p["id"]}, offers[p["offer"]["id"]][0])
        for p in proposals
    ]
    for (offer, tokens), need in itertools.product(offers.items(), needs):
        requests.append(
            ("pledgeOffer", {"offerId": offer, "needId": need, "quantity": 1}, tokens[1])
        )
    requests += [("cancelNeed", {"needId": need}, office.token) for need in cancelled]
    requests.append(("withdrawOffer", {"offerId": withdrawn}, offers[withdrawn][0]))
    outcomes, _ = await storm(api, requests)

    # then every cancel and the withdrawal went through
    assert outcomes["cancelNeed ok"] == len(cancelled) and outcomes["withdrawOffer ok"] == 1

    # and the books balance, with nothing left proposed to a cancelled need or from the
    # withdrawn offer
    allocations = await books_balance(api)
    uuids = {from_global_id(i)[1] for i in [*cancelled, withdrawn]}  # type: ignore[index]
    assert not [
        a
        for a in allocations
        if a.status is AllocationStatus.PROPOSED and {a.need_id, a.offer_id} & uuids
    ]


async def test_the_database_refuses_over_commitment_on_its_own(api: ApiClient) -> None:
    # given an offer of 30 litres and a need of 40, written through the API
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await published_need(api, office.token, incident, regionCode="341503", quantity=40, **CRITICAL)
    charity = await verified_organization(
        api, office.token, 311, "341502", name="六安红十字会", kind="CHARITY"
    )
    values = {"categoryCode": "DRINKING_WATER", "quantity": 30, "serviceRegionCodes": ["341500"]}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], values | WINDOW, charity.token)
    assert posted["userErrors"] == [], posted

    # when code bypasses the services and over-commits either side directly
    for statement in (
        "UPDATE offers SET quantity_committed = quantity + 1",
        "UPDATE offers SET quantity_committed = quantity, quantity_proposed = 1",
        "UPDATE offers SET quantity_proposed = -1",
        "UPDATE needs SET quantity_allocated = quantity + 1",
        "UPDATE needs SET quantity_allocated = 1, quantity_proposed = quantity",
        "UPDATE needs SET quantity_delivered = quantity + 1",
        "UPDATE needs SET quantity_allocated = -1",
    ):
        # then the database's CHECK constraints refuse it
        with pytest.raises(IntegrityError):
            async with api.db.transaction() as session:
                await session.execute(text(statement))

    # and nothing changed
    async with api.db.transaction() as session:
        assert await session.scalar(select(func.sum(Offer.quantity_committed))) == 0
        assert await session.scalar(select(func.sum(Need.quantity_allocated))) == 0
        assert await session.scalar(select(func.sum(Need.quantity_proposed))) == 0
