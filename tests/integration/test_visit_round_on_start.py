"""A visit round starts with the incident: declaring an incident over counties where the
register has persons plans a round for them at once (72 hours), and adding a county plans
one for the persons there; an incident over nobody's county plans none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from domain.kernel.audit import AuditEntry
from domain.visits.model import VisitRound
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.people import PEOPLE, my_visits, record, registered
from tests.steps.registry import office_with_staff
from tests.steps.relief import flood_incident


async def _visits(api: ApiClient, token: str, incident: str) -> list[dict[str, object]]:
    data = await api.gql(
        PEOPLE["Visits"], {"filter": {"incidentId": incident}, "first": 100}, token
    )
    return [edge["node"] for edge in data["visits"]["edges"]]


async def _rounds(api: ApiClient) -> list[tuple[int, dict[str, object]]]:
    """(persons planned, the audit's details) of every round, oldest first."""
    async with api.db.transaction() as session:
        rounds = (await session.scalars(select(VisitRound).order_by(VisitRound.created_at))).all()
        entries = {
            e.entity_id: e.details
            for e in await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "visit_round.planned")
            )
        }
    return [(r.planned, entries[r.id]) for r in rounds]


async def test_declaring_an_incident_plans_a_round_for_the_register_of_its_counties(
    api: ApiClient,
) -> None:
    # given Lu'an's office with two persons of Yu'an and one of Jin'an in its register
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    for name, region in (("甲", "341503"), ("乙", "341503"), ("丙", "341502")):
        await registered(api, office.token, name=name, regionCode=region)

    # when it declares a flood over Yu'an
    declared_at = datetime.now(UTC)
    incident = await flood_incident(api, office, ["341503"])

    # then the two of Yu'an are to be visited within 72 hours, by its staff, without
    # anyone planning a round
    visits = await _visits(api, office.token, incident)
    assert sorted(v["person"]["name"] for v in visits) == ["乙", "甲"]  # type: ignore[index]
    for visit in visits:
        due = datetime.fromisoformat(str(visit["dueAt"])) - declared_at
        assert visit["status"] == "PLANNED"
        assert timedelta(hours=71, minutes=59) < due < timedelta(hours=72, minutes=1)
    assert len(await my_visits(api, office.token)) == 2
    assert await _rounds(api) == [(2, {"planned": 2, "withinHours": 72, "startedWith": ["341503"]})]

    # when 甲 is visited, and the flood spreads to Jin'an
    await record(api, office.token, str(visits[0]["id"]), "c-1")
    spread = await api.mutate(
        "updateIncident",
        MATCHING["UpdateIncident"],
        {"incidentId": incident, "addRegionCodes": ["341502"]},
        office.token,
    )
    assert spread["userErrors"] == [], spread

    # then a round is planned for the person of Jin'an alone: those of Yu'an, visited or
    # awaiting their visit, are not planned again
    visits = await _visits(api, office.token, incident)
    assert sorted(v["person"]["name"] for v in visits) == ["丙", "乙", "甲"]  # type: ignore[index]
    rounds = await _rounds(api)
    assert rounds[-1] == (1, {"planned": 1, "withinHours": 72, "startedWith": ["341502"]})
    assert len(rounds) == 2


async def test_an_incident_where_nobody_is_registered_plans_no_round(api: ApiClient) -> None:
    # given Lu'an's office, with a person of Jin'an only
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    await registered(api, office.token, regionCode="341502")

    # when it declares a flood over Yu'an, then renames it
    incident = await flood_incident(api, office, ["341503"])
    renamed = await api.mutate(
        "updateIncident",
        MATCHING["UpdateIncident"],
        {"incidentId": incident, "name": "六安洪涝（更名）"},
        office.token,
    )

    # then no round is planned, and nobody is to be visited
    assert renamed["userErrors"] == []
    assert await _rounds(api) == []
    assert await _visits(api, office.token, incident) == []
