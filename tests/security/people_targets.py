"""Targets of the register and visit mutations for the permission matrix: persons of
Yu'an registered by Lu'an's office, through the public API."""

from __future__ import annotations

import base64
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.security.world import HOME, World, incident, matrix_volunteer, serial
from tests.steps.people import checks, id_number, person_input
from tests.steps.volunteers import with_code

SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()
LATER = (datetime.now(UTC) + timedelta(days=30)).isoformat()


async def world_person(world: World) -> None:
    """The read matrix's person: of Yu'an in Lu'an's register, every personal field
    filled, and assigned to the world's volunteer by a visit round. Registered once the
    incident and the volunteer's capacity are there: a person registered before the
    incident is given to the office's staff by the round its declaration plans."""
    incident_id = await visit_incident(world)
    values = person_input(HOME)
    made = await world.ok(
        "registerPerson", values, world.tokens["OFFICE_STAFF_IN"], "person { id }"
    )
    world.ids["PERSON"] = made["person"]["id"]
    world.values.update({f"PERSON_{key}": str(value) for key, value in values.items()})
    await world.ok("planVisitRound", {"incidentId": incident_id}, world.tokens["OFFICE_STAFF_IN"])


# Huoqiu county: in Lu'an's jurisdiction, in none of the world's other incidents, so no
# other round plans a visit to the other visitor's person.
ELSEWHERE = "341522"


async def world_other_visitor(world: World) -> None:
    """VISITOR_OTHER: a volunteer of the other organization with accepted CARE_VISITS
    capacity and a visit round giving it a person of Huoqiu: a visitor, but not of the
    read matrix's person."""
    values = matrix_volunteer(world.ids["ORG_OTHER"])
    made = await world.ok(
        "registerVolunteer", await with_code(world.api, values), None, "volunteer { id }"
    )
    await world.ok(
        "reviewVolunteerMembership",
        {"volunteerId": made["volunteer"]["id"], "decision": "APPROVE"},
        world.tokens["ORG_ADMIN_OTHER"],
    )
    world.tokens["VISITOR_OTHER"] = await world.sign_in(values["email"])
    staff = world.tokens["OFFICE_STAFF_IN"]
    opened = await world.ok(
        "createIncident",
        {
            "name": f"霍邱洪涝 {serial()}",
            "hazard": "FLOOD",
            "responseLevel": "LEVEL_III",
            "regionCodes": [ELSEWHERE],
            "startedAt": "2020-07-19T08:00:00+08:00",
        },
        staff,
        "incident { id }",
    )
    incident_id = opened["incident"]["id"]
    await _capacity(world, incident_id, ELSEWHERE, world.tokens["VISITOR_OTHER"])
    theirs = await world.ok(
        "registerPerson", person_input(ELSEWHERE, name="刘爷爷"), staff, "person { id }"
    )
    world.ids["OTHER_PERSON"] = theirs["person"]["id"]
    await world.ok("planVisitRound", {"incidentId": incident_id}, staff)


async def _capacity(world: World, incident_id: str, region_code: str, volunteer: str) -> None:
    """The volunteer's CARE_VISITS offer pledged to a need of the incident: accepted
    capacity its rounds give visits to."""
    need = await world.ok(
        "publishNeed",
        {
            "incidentId": incident_id,
            "regionCode": region_code,
            "categoryCode": "CARE_VISITS",
            "quantity": 50,
            "urgency": "HIGH",
            "neededBy": SOON,
        },
        world.tokens["OFFICE_STAFF_IN"],
        "need { id }",
    )
    offer = await world.ok(
        "postOffer",
        {
            "categoryCode": "CARE_VISITS",
            "quantity": 50,
            **_visiting_window(),
            "serviceRegionCodes": [region_code],
        },
        volunteer,
        "offer { id }",
    )
    await world.ok(
        "pledgeOffer",
        {"offerId": offer["offer"]["id"], "needId": need["need"]["id"], "quantity": 50},
        volunteer,
    )


async def person(world: World) -> str:
    """A person of Yu'an in Lu'an's register."""
    made = await world.ok(
        "registerPerson", person_input(HOME), world.tokens["OFFICE_STAFF_IN"], "person { id }"
    )
    return str(made["person"]["id"])


async def _register(world: World) -> dict[str, Any]:
    return person_input(HOME)


async def _edit(world: World) -> dict[str, Any]:
    return {"personId": await person(world), "notes": f"矩阵 {serial()}"}


async def _file(world: World) -> dict[str, Any]:
    text = f"区划代码,类别,姓名,身份证号\n{HOME},留守老人,矩阵老人,{id_number()}\n"
    return {"fileName": "台账.csv", "contentBase64": base64.b64encode(text.encode()).decode()}


_slots = itertools.count()


def _visiting_window() -> dict[str, str]:
    """From tomorrow (the volunteer's time until then is the assignment matrix's), 20
    minutes each: one person is never in two overlapping assignments."""
    starts = datetime.now(UTC) + timedelta(days=1, minutes=30 * next(_slots))
    ends = starts + timedelta(minutes=20)
    return {"availableFrom": starts.isoformat(), "availableUntil": ends.isoformat()}


async def visit_incident(world: World) -> str:
    """A fresh incident of Yu'an where the world's volunteer holds accepted CARE_VISITS
    capacity: the visits a round plans there are the volunteer's."""
    incident_id = await incident(world)
    await _capacity(world, incident_id, HOME, world.tokens["VOLUNTEER"])
    return incident_id


async def planned_visit(world: World, incident_id: str | None = None) -> str:
    """A visit of a fresh person, planned in a round of `incident_id` (a fresh visit
    incident if none), found through the office's list."""
    incident_id = incident_id or await visit_incident(world)
    await person(world)
    staff = world.tokens["OFFICE_STAFF_IN"]
    await world.ok("planVisitRound", {"incidentId": incident_id}, staff)
    found = await world.api.gql(
        "query V($f: VisitFilter) { visits(filter: $f, first: 100) { nodes { id status } } }",
        {"f": {"incidentId": incident_id, "status": "PLANNED"}},
        staff,
    )
    return str(found["visits"]["nodes"][-1]["id"])


async def _record(world: World) -> dict[str, Any]:
    return {
        "visitId": await planned_visit(world),
        "clientId": f"matrix-{serial()}",
        "outcome": "VISITED",
        "checks": checks(HOUSING="AT_RISK"),
    }


async def _finding(world: World) -> dict[str, Any]:
    target = await _record(world)
    await world.ok("recordVisit", target, world.tokens["OFFICE_STAFF_IN"])
    return {"visitId": target["visitId"], "item": "HOUSING"}


async def _department(world: World) -> dict[str, Any]:
    """A finding the office referred to a department."""
    target = await _finding(world)
    referred = await world.ok(
        "referFinding",
        {**target, "department": "住建局"},
        world.tokens["OFFICE_STAFF_IN"],
        "referral { id }",
    )
    return {"findingReferralId": referred["referral"]["id"], "answer": "已派人查看"}


async def _reassign(world: World) -> dict[str, Any]:
    """A planned visit, to be given to the office's other staff member."""
    visit = await planned_visit(world)
    staff = world.tokens["OFFICE_STAFF_IN"]
    read = "query R($id: ID!) { node(id: $id) { ... on Visit { visitorAccountId } } }"
    current = (await world.api.gql(read, {"id": visit}, staff))["node"]["visitorAccountId"]
    accounts = [
        (await world.api.gql("query { viewer { id } }", {}, world.tokens[who]))["viewer"]["id"]
        for who in ("OFFICE_ADMIN_IN", "OFFICE_STAFF_IN")
    ]
    [other] = [a for a in accounts if a != current][:1]
    return {"visitId": visit, "accountId": other}


async def _round(world: World) -> dict[str, Any]:
    return {"incidentId": await incident(world)}


PEOPLE_TARGETS = {
    "registerPerson": _register,
    "updatePerson": _edit,
    "importPeople": _file,
    "planVisitRound": _round,
    "recordVisit": _record,
    "referFinding": _finding,
    "closeFindingReferral": _department,
    "reassignVisit": _reassign,
}
