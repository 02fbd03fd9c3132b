"""Help-request steps: operators, calls taken, requests worked, sent as documented."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import PEOPLE
from tests.steps.registry import Office, codes, create_staff, row_counts
from tests.steps.relief import lu_an_flood

CALLER_PHONE = "13912345678"
READ = """query Read($id: ID!) { node(id: $id) { ... on HelpRequest { id reference status
  channel urgency requesterName phone forWhom address receivedAt firstResponseAt outcomeAt
  closedAt closeNote minutesToFirstResponse minutesToOutcome claimedBy { id }
  callDownDueAt triageAlertedAt incident { id } office { id }
  outcomes { kind department note need { id status } } } } }"""


@dataclass
class Hotline:
    admin: str
    office: Office
    incident: str
    operator: str


def call(**overrides: Any) -> dict[str, Any]:
    """A call from Yu'an: an old man alone, water and food for two."""
    values = {
        "requesterName": "张大爷",
        "phone": CALLER_PHONE,
        "forWhom": "本人，独居老人",
        "regionCode": "341503",
        "address": "独山镇 新桥村 三组 12 号",
        "peopleCount": 2,
        "specialGroups": ["ELDERLY_ALONE"],
        "categoryCodes": ["DRINKING_WATER", "FOOD"],
        "description": "房子进水，缺饮用水和食物",
    }
    return values | overrides


async def hotline(api: ApiClient) -> Hotline:
    """Lu'an's office with a flood over Yu'an and Huoqiu, and a hotline operator of it."""
    admin, office, incident = await lu_an_flood(api)
    operator = await create_staff(api, admin, office.id, role="HOTLINE_OPERATOR")
    return Hotline(admin, office, incident, operator)


async def send(api: ApiClient, name: str, values: dict[str, Any], token: str | None) -> Any:
    """The payload of a documented help-request mutation."""
    document = PEOPLE[name[0].upper() + name[1:]]
    return await api.mutate(name, document, values, token)


async def done(api: ApiClient, name: str, values: dict[str, Any], token: str | None) -> Any:
    payload = await send(api, name, values, token)
    assert payload["userErrors"] == [], payload
    return payload


async def refused(
    api: ApiClient, name: str, values: dict[str, Any], token: str | None, expected: Any
) -> None:
    """Refused on exactly `expected` (field, code), and nothing written."""
    before = await row_counts(api)
    payload = await send(api, name, values, token)
    assert codes(payload) and all(c == expected for c in codes(payload)), (values, payload)
    assert await row_counts(api) == before


async def submitted(api: ApiClient, token: str | None, **overrides: Any) -> dict[str, Any]:
    made = await done(api, "submitHelpRequest", call(**overrides), token)
    return made["helpRequest"]  # type: ignore[no-any-return]


async def read(api: ApiClient, request_id: str, token: str) -> dict[str, Any]:
    return (await api.gql(READ, {"id": request_id}, token))["node"]  # type: ignore[no-any-return]


async def triaged(api: ApiClient, token: str, request_id: str, urgency: str = "HIGH") -> None:
    await done(api, "triageHelpRequest", {"helpRequestId": request_id, "urgency": urgency}, token)
