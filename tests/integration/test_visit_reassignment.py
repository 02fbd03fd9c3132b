"""The office moves a planned visit to another visitor: a colleague, or a provider of
CARE_VISITS reaching the county; the new visitor is told, the old one no longer sees the
visit nor the person."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING, PEOPLE
from tests.steps.delivery import running_app
from tests.steps.people import id_number, my_visits, plan_round, record, registered
from tests.steps.registry import (
    codes,
    create_staff,
    office_with_staff,
    register_organization,
    register_volunteer,
)
from tests.steps.relief import flood_incident
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers

CARE = ["CARE_VISITS"]
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}


@pytest.fixture
async def wired(
    db: Database, http_receiver: HttpReceiver
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """The app and its embedded workers with a real SMS gateway peer."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        sms_gateway_url=http_receiver.url + "/sms",
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    async with running_app(db, settings) as running:
        yield running


async def _viewer(api: ApiClient, token: str) -> str:
    return str((await api.gql("query { viewer { id } }", {}, token))["viewer"]["id"])


async def _subjects(api: ApiClient, token: str) -> list[str]:
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 20}, token)
    return [e["node"]["subject"] for e in inbox["notifications"]["edges"]]


async def _reassign(api: ApiClient, token: str, visit: str, **visitor: Any) -> dict[str, Any]:
    values = {"visitId": visit, **visitor}
    return await api.mutate("reassignVisit", PEOPLE["ReassignVisit"], values, token)


async def _care_visits(api: ApiClient, token: str, regions: list[str]) -> None:
    offer = {
        "categoryCode": "CARE_VISITS",
        "quantity": 20,
        "serviceRegionCodes": regions,
        "skills": ["CARE_VISITS"],
    }
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer | WINDOW, token)
    assert posted["userErrors"] == [], posted


async def test_a_visit_moved_to_a_volunteer_is_theirs_alone_and_they_are_told(
    wired: tuple[ApiClient, EmbeddedWorkers], http_receiver: HttpReceiver
) -> None:
    api, workers = wired
    # given a round whose one visit Lu'an's staff member was given
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await registered(api, office.token, name="周伯")
    await plan_round(api, office.token, incident)
    (visit,) = await my_visits(api, office.token)
    # and a volunteer of Yu'an offering CARE_VISITS there
    volunteer_id, volunteer = await register_volunteer(
        api, email="visitor@example.org", phone="13900001111", skills=CARE
    )
    await _care_visits(api, volunteer, ["341503"])
    await workers.drain()
    http_receiver.clear()

    # when the office gives the visit to the volunteer
    moved = await _reassign(api, office.token, visit["id"], volunteerId=volunteer_id)
    await workers.drain()

    # then the visit is the volunteer's, with the person to see, and no longer the staff's
    assert moved["userErrors"] == [], moved
    assert moved["visit"]["visitorAccountId"] is None
    assert [v["person"]["name"] for v in await my_visits(api, volunteer)] == ["周伯"]
    assert await my_visits(api, office.token) == []
    # and the volunteer is told in the inbox and by SMS
    assert "新的探访任务：1 人" in await _subjects(api, volunteer)
    sms = [r for r in http_receiver.received if r.path == "/sms"]
    assert len(sms) == 1 and sms[0].json()["phone"] == "+8613900001111"

    # when the office gives it back to a colleague
    colleague = await create_staff(api, admin, office.id)
    back = await _reassign(api, office.token, visit["id"], accountId=await _viewer(api, colleague))

    # then the volunteer sees neither the visit nor the person any more
    assert back["userErrors"] == [], back
    assert await my_visits(api, volunteer) == []
    listed = await api.gql(PEOPLE["People"], {"first": 10}, volunteer)
    assert listed["people"]["totalCount"] == 0
    assert [v["person"]["name"] for v in await my_visits(api, colleague)] == ["周伯"]


async def test_reassignments_are_refused_field_by_field(api: ApiClient) -> None:
    # given a round of two visits, one recorded, in Lu'an; Hefei's office; a volunteer
    # with no CARE_VISITS offer; one offering them only in Jin'an; an unverified agency
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await registered(api, office.token, name="周伯")
    await registered(api, office.token, name="李婆", idNumber=id_number("19450101"))
    await plan_round(api, office.token, incident)
    first, second = await my_visits(api, office.token)
    done = await record(api, office.token, second["id"], "moved-1")
    assert done["userErrors"] == []
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    idle, _ = await register_volunteer(api, email="idle@example.org", phone="13900002222")
    far, far_token = await register_volunteer(
        api, email="far@example.org", phone="13900003333", skills=CARE
    )
    await _care_visits(api, far_token, ["341502"])
    agency, _ = await register_organization(api, 91)
    me = await _viewer(api, office.token)

    # when each is sent, then each is refused on its field, and the visit stays
    mine, stranger = office.token, await _viewer(api, hefei.token)
    cases = [
        (hefei.token, first["id"], {"accountId": me}, ["visitId"], "NOT_FOUND"),
        (mine, second["id"], {"accountId": me}, ["visitId"], "INVALID_TRANSITION"),
        (mine, first["id"], {}, ["accountId"], "INVALID"),
        (mine, first["id"], {"accountId": me, "volunteerId": idle}, ["accountId"], "INVALID"),
        (mine, first["id"], {"accountId": me}, ["accountId"], "INVALID"),
        (mine, first["id"], {"volunteerId": idle}, ["volunteerId"], "INVALID"),
        (mine, first["id"], {"volunteerId": far}, ["volunteerId"], "INVALID"),
        (mine, first["id"], {"organizationId": agency}, ["organizationId"], "NOT_FOUND"),
        (mine, first["id"], {"accountId": stranger}, ["accountId"], "NOT_FOUND"),
    ]
    for token, visit, visitor, field, code in cases:
        refused = await _reassign(api, token, visit, **visitor)
        assert codes(refused) == [(field, code)], (visitor, refused)
    assert [v["id"] for v in await my_visits(api, office.token)] == [first["id"], second["id"]]


async def test_the_office_lists_whom_it_may_give_visits_to(api: ApiClient) -> None:
    # given Lu'an's office, a volunteer offering CARE_VISITS, and one offering none
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    visitor_id, visitor = await register_volunteer(api, email="visitor@example.org", skills=CARE)
    await _care_visits(api, visitor, ["341503"])
    await register_volunteer(api, email="idle@example.org", phone="13900002222")

    # when the office asks whom it may give visits to
    found = await api.gql(PEOPLE["VisitorChoices"], {}, office.token)

    # then its staff member, then the volunteer offering visits
    choices = found["visitorChoices"]
    assert [c["kind"] for c in choices] == ["ACCOUNT", "VOLUNTEER"]
    assert choices[0]["id"] == await _viewer(api, office.token)
    assert choices[1]["id"] == visitor_id
    # and a volunteer may not ask
    refused = await api.http.post(
        "/graphql",
        json={"query": PEOPLE["VisitorChoices"]},
        headers={"authorization": f"Bearer {visitor}"},
    )
    assert refused.json()["data"] is None or refused.json().get("errors")
