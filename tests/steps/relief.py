"""Relief steps: incidents, published needs, offers pledged, dispatches issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP, MATCHING
from tests.steps.registry import (
    Office,
    Provider,
    codes,
    office_with_staff,
    row_counts,
    verified_organization,
)

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
NEXT_WEEK = (datetime.now(UTC) + timedelta(days=7)).isoformat()
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}


# Relief mutations by name: the partner contract's, and a few it does not walk through.
DOCUMENTS = {
    **MATCHING,
    **LOOP,
    "AddCategory": """mutation AddCategory($input: AddCategoryInput!) { addCategory(input: $input) {
      category { code group unit nameEn nameZh } userErrors { field message code } } }""",
    "UpdateNeed": """mutation UpdateNeed($input: UpdateNeedInput!) { updateNeed(input: $input) {
      need { id quantity quantityAllocated urgency status } userErrors { field code } } }""",
    # PublishNeed, with the likely duplicate the payload flags
    "Flagged": """mutation Flagged($input: PublishNeedInput!) { publishNeed(input: $input) {
      need { id status } duplicateOf { id } userErrors { field message code } } }""",
}


async def call(
    api: ApiClient, name: str, values: dict[str, Any], token: str, document: str = ""
) -> dict[str, Any]:
    """The payload of the mutation `name`, sent as its document."""
    document = DOCUMENTS[document or name[0].upper() + name[1:]]
    return await api.mutate(name, document, values, token)


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
    assert codes(payload) and all(c == expected for c in codes(payload)), (values, payload)
    assert all(value is None for key, value in payload.items() if key != "userErrors")
    assert await row_counts(api) == before


async def flood_incident(api: ApiClient, office: Office, region_codes: list[str]) -> str:
    created = await api.mutate(
        "createIncident",
        MATCHING["CreateIncident"],
        {
            "name": "2020年7月六安洪涝",
            "hazard": "FLOOD",
            "responseLevel": "LEVEL_II",
            "regionCodes": region_codes,
            "startedAt": "2020-07-19T08:00:00+08:00",
        },
        office.token,
    )
    assert created["userErrors"] == [], created
    return str(created["incident"]["id"])


async def lu_an_flood(api: ApiClient) -> tuple[str, Office, str]:
    """(ADMIN token, the Lu'an office, a flood over Yu'an and Huoqiu)."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    return admin, office, await flood_incident(api, office, ["341503", "341522"])


def need_input(incident: str, **overrides: Any) -> dict[str, Any]:
    """A publishNeed input: 500 litres of drinking water for Yu'an, HIGH, within the week."""
    values = {"incidentId": incident, "regionCode": "341503", "categoryCode": "DRINKING_WATER"}
    return values | {"quantity": 500, "urgency": "HIGH", "neededBy": NEXT_WEEK} | overrides


async def published_need(api: ApiClient, token: str, incident: str, **overrides: Any) -> str:
    """The id of a need `token` publishes, which must be accepted."""
    values = need_input(incident, **overrides)
    published = await api.mutate("publishNeed", MATCHING["PublishNeed"], values, token)
    assert published["userErrors"] == [], published
    return str(published["need"]["id"])


async def pledged(
    api: ApiClient, token: str, need: str, category: str, pledge: int, **offer: Any
) -> str:
    """The id of an offer `token` posts (300 for Lu'an unless `offer` says otherwise)
    and pledges `pledge` of to `need`."""
    values = {"categoryCode": category, "quantity": 300, "serviceRegionCodes": ["341500"]}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], values | WINDOW | offer, token)
    assert posted["userErrors"] == [], posted
    offer_id = posted["offer"]["id"]
    pledging = {"offerId": offer_id, "needId": need, "quantity": pledge}
    pledged_ = await api.mutate("pledgeOffer", MATCHING["PledgeOffer"], pledging, token)
    assert pledged_["userErrors"] == [], pledged_
    return str(offer_id)


@dataclass
class DispatchScene:
    office: Office
    charity: Provider
    other: Provider
    need_id: str
    offer_id: str
    dispatch_id: str


async def dispatch_scene(api: ApiClient, pledge: int = 40) -> DispatchScene:
    """A need for 40 tents, a charity's pledge of `pledge` of them: one ISSUED dispatch."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    need = await published_need(
        api, office.token, incident, categoryCode="TENTS", quantity=40, neededBy=SOON
    )
    charity = await verified_organization(
        api, office.token, 31, "341502", name="红十字会", kind="CHARITY"
    )
    other = await verified_organization(
        api, office.token, 32, "341502", name="另一机构", kind="CHARITY"
    )
    offer = await pledged(api, charity.token, need, "TENTS", pledge, quantity=100)
    listed = await api.gql(DISPATCH["Dispatches"], {"first": 1}, charity.token)
    dispatch_id = listed["dispatches"]["edges"][0]["node"]["id"]
    return DispatchScene(office, charity, other, need, offer, dispatch_id)
