"""Register steps: valid ID numbers, persons registered through the documented operations."""

from __future__ import annotations

import itertools
from typing import Any

from stdnum.cn import ric

from reliefhub.operations import partner_operations
from tests.client import ApiClient

PEOPLE = partner_operations("people")
_serial = itertools.count(1)


def id_number(born: str = "19400101", region: str = "341503") -> str:
    """A valid resident ID number (GB 11643) of someone born on `born`, distinct each time."""
    body = f"{region}{born}{next(_serial) % 1000:03d}"
    # stdnum reads the number with its (placeholder) check digit and ignores it.
    return body + ric.calc_check_digit(body + "0")


def person_input(region_code: str = "341503", **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "regionCode": region_code,
        "category": "LEFT_BEHIND_ELDERLY",
        "name": "张奶奶",
        "idNumber": id_number(),
        "phone": "13812345678",
        "address": "裕安区城南镇双河村3组",
        "guardianName": "张小明",
        "guardianPhone": "13900002222",
        "notes": "独居，子女在外务工",
    }
    values.update(overrides)
    return values


async def register(api: ApiClient, token: str, **overrides: Any) -> dict[str, Any]:
    """The registerPerson payload."""
    return await api.mutate(
        "registerPerson", PEOPLE["RegisterPerson"], person_input(**overrides), token
    )


async def registered(api: ApiClient, token: str, **overrides: Any) -> str:
    """The id of a person registered by `token`'s office."""
    payload = await register(api, token, **overrides)
    assert payload["userErrors"] == [], payload
    return str(payload["person"]["id"])


CHECKLIST = ("LIVING", "HOUSING", "DRINKING_WATER", "ELECTRICITY", "HEALTH")


def checks(**found: str) -> list[dict[str, Any]]:
    """The five items, OK unless `found` says otherwise (HOUSING="AT_RISK")."""
    return [
        {
            "item": item,
            "status": found.get(item, "OK"),
            "note": "屋顶漏雨" if item in found else None,
        }
        for item in CHECKLIST
    ]


async def plan_round(api: ApiClient, token: str, incident: str, **extra: Any) -> dict[str, Any]:
    """The planVisitRound payload."""
    values = {"incidentId": incident, **extra}
    return await api.mutate("planVisitRound", PEOPLE["PlanVisitRound"], values, token)


async def my_visits(api: ApiClient, token: str, **filter: Any) -> list[dict[str, Any]]:
    """The viewer's visits, in their order."""
    variables = {"first": 100, "filter": filter or None}
    data = await api.gql(PEOPLE["MyVisits"], variables, token)
    return [edge["node"] for edge in data["myVisits"]["edges"]]


async def record(
    api: ApiClient, token: str, visit: str, client_id: str, **values: Any
) -> dict[str, Any]:
    """The recordVisit payload; VISITED with every item OK unless told otherwise."""
    input = {"visitId": visit, "clientId": client_id, "outcome": "VISITED", "checks": checks()}
    return await api.mutate("recordVisit", PEOPLE["RecordVisit"], input | values, token)


async def refer(api: ApiClient, token: str, visit: str, item: str, **values: Any) -> dict[str, Any]:
    input = {"visitId": visit, "item": item, **values}
    return await api.mutate("referFinding", PEOPLE["ReferFinding"], input, token)
