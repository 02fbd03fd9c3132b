"""No N+1: a nested page costs the same number of SQL statements at 10 rows as at 100."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from api.server import completion
from api.server.execution import ReliefHubExecutionContext
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.global_ids import from_global_id
from domain.matching import allocations
from domain.matching.model import Urgency
from domain.needs import services as needs
from domain.needs.services import NeedFields, PublishNeed
from domain.offers import services as offers
from domain.offers.services import OfferFields
from domain.registry import accounts, volunteers
from domain.volunteers import phone_codes
from tests.client import ApiClient
from tests.integration.documents import MATCHING, REGISTRY
from tests.steps.registry import PASSWORD, office_with_staff, verified_organization
from tests.steps.relief import flood_incident
from tests.support import executor_check

PAGE_SIZES = (10, 100)


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    """Every statement sent to the database while the block runs."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engines = {db.engine.sync_engine, db.write_engine.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def _principal(db: Database, token: str) -> Principal:
    async with db.transaction() as session:
        principal = await accounts.authenticate(session, token)
    assert principal is not None
    return principal


async def _volunteer_token(api: ApiClient, db: Database) -> str:
    async with db.transaction() as session:
        await volunteers.register_volunteer(
            session,
            Principal(),
            volunteers.RegisterVolunteer(
                display_name="李志愿",
                phone="13912345678",
                email="li@volunteer.example.cn",
                password=PASSWORD,
                region_code="341503",
                skills=[],
                phone_code=await phone_codes.issue(session, "+8613912345678"),
                consent_to_personal_data=True,
                birth_date=date(1990, 5, 1),
            ),
        )
    signed = await api.mutate(
        "signIn",
        REGISTRY["SignIn"],
        {"email": "li@volunteer.example.cn", "password": PASSWORD},
    )
    return str(signed["token"])


async def _populate(api: ApiClient, db: Database, count: int) -> tuple[str, str]:
    """`count` needs, each given two allocations: one from a charity, one from a volunteer."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    charity = await verified_organization(
        api, office.token, 71, "341503", name="蓝天", kind="CHARITY"
    )
    volunteer = await _volunteer_token(api, db)
    staff = await _principal(db, office.token)
    givers = [await _principal(db, charity.token), await _principal(db, volunteer)]
    now = datetime.now(UTC)
    window = OfferFields(
        quantity=10 * count,
        available_from=now,
        available_until=now + timedelta(days=5),
        service_region_codes=["341500"],
    )
    async with db.transaction() as session:
        posting = offers.PostOffer("DRINKING_WATER", window)
        given = [await offers.post_offer(session, g, posting) for g in givers]
        for _ in range(count):
            need, _duplicate = await needs.publish_need(
                session,
                staff,
                PublishNeed(
                    incident_id=_id(incident),
                    region_code="341503",
                    category_code="DRINKING_WATER",
                    fields=NeedFields(
                        quantity=10, urgency=Urgency.HIGH, needed_by=now + timedelta(days=2)
                    ),
                    confirm_duplicate=True,
                ),
            )
            for giver, offer in zip(givers, given, strict=True):
                await allocations.pledge_offer(
                    session,
                    giver,
                    allocations.PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=2),
                )
    return incident, office.token


def _id(global_id: str) -> uuid.UUID:
    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def test_the_nested_needs_query_costs_the_same_at_any_page_size(
    api: ApiClient, db: Database
) -> None:
    # given 100 needs, each with allocations → offer → provider (an organization, a volunteer)
    incident, office_token = await _populate(api, db, max(PAGE_SIZES))

    # when the contract's Needs query reads pages of 10 and of 100, anonymously and as
    # the office (who may see the volunteers)
    for token in (None, office_token):
        costs = {}
        for size in PAGE_SIZES:
            with counted(db) as statements:
                data = await api.gql(
                    MATCHING["Needs"], {"filter": {"incidentId": incident}, "first": size}, token
                )
            edges = data["needs"]["edges"]
            assert len(edges) == size
            assert all(len(e["node"]["allocations"]["edges"]) == 2 for e in edges)
            # (and the batched volunteer check still hides the person from the anonymous)
            providers = {
                str((a["node"]["offer"]["provider"] or {}).get("__typename"))
                for e in edges
                for a in e["node"]["allocations"]["edges"]
            }
            assert providers == (
                {"Organization", "Volunteer"} if token else {"Organization", "None"}
            )
            costs[size] = len(statements)

        # then the statements per request do not grow with the page
        assert costs[10] == costs[100], (token is not None, costs)


async def test_a_list_is_counted_only_when_totalcount_is_asked(
    api: ApiClient, db: Database
) -> None:
    # given three needs
    incident, _office_token = await _populate(api, db, 3)
    variables = {"filter": {"incidentId": incident}}
    plain = "query($filter: NeedFilter) { needs(filter: $filter) { edges { node { id } } } }"
    spread = """query($filter: NeedFilter) { needs(filter: $filter) { ...Counted } }
      fragment Counted on NeedConnection { ... on NeedConnection { totalCount } }"""

    # when a sync pages without totalCount, and a dashboard asks it through fragments
    with counted(db) as uncounted:
        await api.gql(plain, variables)
    with counted(db) as with_total:
        data = await api.gql(spread, variables)

    # then only the dashboard's request counts the list, and the count is right
    assert len(with_total) == len(uncounted) + 1
    assert data["needs"]["totalCount"] == 3


async def test_a_nested_page_is_read_ahead_and_answers_as_its_resolvers_would(
    api: ApiClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given 10 needs, each with allocations → offer → provider (an organization, a volunteer)
    incident, office_token = await _populate(api, db, 10)
    read: Counter[str] = Counter()
    reading = ReliefHubExecutionContext.read_ahead

    def counting(self: ReliefHubExecutionContext, parent: Any, source: Any, fields: Any) -> Any:
        found = reading(self, parent, source, fields)
        if found is not None:
            read[f"{parent.name}.{fields[0].node.name.value}"] += 1
        return found

    monkeypatch.setattr(ReliefHubExecutionContext, "read_ahead", counting)

    # when the contract's Needs query reads them anonymously and as the office
    for token in (None, office_token):
        read.clear()
        compared = executor_check.COMPARISON.compared
        one_pass = executor_check.COMPARISON.one_pass
        await api.gql(MATCHING["Needs"], {"filter": {"incidentId": incident}}, token)

        # then every need's category, region and allocations, every allocation's offer
        # and every offer's provider came from the levels loaded ahead, no resolver
        # waiting on a loader...
        loaded = {
            "Need.category": 10,
            "Need.region": 10,
            "Need.allocations": 10,
            "Allocation.offer": 20,
            "Offer.provider": 20,
        }
        assert {name: read[name] for name in loaded} == loaded, (token is not None, read)
        # ...and the suite's check held each beside its resolver's own answer, equal
        assert executor_check.COMPARISON.compared - compared >= sum(read.values())
        assert executor_check.COMPARISON.differences == []
        # ...and the page's edges, down to the providers, were completed in one pass,
        # held whole beside graphql-core's completion of them, equal
        assert executor_check.COMPARISON.one_pass > one_pass


async def test_a_wrong_one_pass_is_caught_by_the_suite_wide_check(
    api: ApiClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given needs with allocations, and a one pass that serialises every string wrongly
    incident, _office_token = await _populate(api, db, 2)
    honest = completion._steps

    def wrong(serialise: Any) -> Any:
        def lie(raw: Any) -> Any:
            found = serialise(raw)
            return "not what the general path says" if isinstance(found, str) else found

        return lie

    def lying(ctx: Any, kind: Any, details: Any) -> Any:
        steps = honest(ctx, kind, details)
        if steps is None:
            return None
        return [(*step[:6], step[6] and wrong(step[6]), step[7]) for step in steps]

    monkeypatch.setattr(completion, "_steps", lying)

    # when the contract's Needs query reads the page
    data = await api.gql(MATCHING["Needs"], {"filter": {"incidentId": incident}})

    # then the check recorded the difference, and the response carried what the one
    # pass said (what production would have served)
    differences = list(executor_check.COMPARISON.differences)
    executor_check.COMPARISON.differences.clear()  # this test's differences were wanted
    assert differences and "one pass" in differences[0]
    assert data["needs"]["edges"][0]["node"]["id"] == "not what the general path says"
