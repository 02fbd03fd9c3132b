"""Patrol visits through GraphQL: a round planned most vulnerable first and assigned to
CARE_VISITS providers or the office's staff, visits recorded once from a phone, and a
finding turned into a need linked to the person."""

from __future__ import annotations

from sqlalchemy import func, select

from domain.kernel.audit import AuditEntry
from domain.needs.model import Need
from tests.client import ApiClient
from tests.steps.people import (
    PEOPLE,
    checks,
    id_number,
    my_visits,
    plan_round,
    record,
    refer,
    registered,
)
from tests.steps.registry import Office, codes, office_staff, office_with_staff, register_volunteer
from tests.steps.relief import flood_incident, pledged, published_need


async def _scene(api: ApiClient) -> tuple[Office, str]:
    """Lu'an's office and a flood over Yu'an."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    return office, await flood_incident(api, office, ["341503"])


async def _register_four(api: ApiClient, token: str) -> None:
    """Three persons of Yu'an, in an order unlike the visit order, and one of Jin'an."""
    await registered(
        api, token, category="LEFT_BEHIND_CHILD", name="小明", idNumber=id_number("20120101")
    )
    await registered(
        api, token, category="SCATTERED_DESTITUTE", name="周伯", idNumber=id_number("19500101")
    )
    await registered(
        api, token, category="LEFT_BEHIND_CHILD", name="乐乐", idNumber=id_number("20230101")
    )
    await registered(api, token, regionCode="341502", name="金安的人")


async def test_a_round_plans_everyone_of_the_incident_most_vulnerable_first(api: ApiClient) -> None:
    # given four registered persons, three of them in the flooded county
    office, incident = await _scene(api)
    await _register_four(api, office.token)

    # when the office plans a round within 48 hours
    planned = await plan_round(api, office.token, incident, withinHours=48)

    # then the three are planned, assigned to its staff in the visit order
    assert planned["userErrors"] == []
    assert planned["visitRound"]["planned"] == 3
    visits = await my_visits(api, office.token)
    assert [v["person"]["name"] for v in visits] == ["周伯", "乐乐", "小明"]
    assert {v["status"] for v in visits} == {"PLANNED"}
    # and a second round plans nobody already awaiting a visit
    again = await plan_round(api, office.token, incident)
    assert again["visitRound"]["planned"] == 0


async def test_care_visits_capacity_serving_the_county_takes_visits_before_staff(
    api: ApiClient,
) -> None:
    # given three persons, and a volunteer's two accepted CARE_VISITS units for Yu'an
    office, incident = await _scene(api)
    await _register_four(api, office.token)
    need = await published_need(
        api, office.token, incident, categoryCode="CARE_VISITS", quantity=10
    )
    _, volunteer = await register_volunteer(api, email="visitor@example.org")
    await pledged(api, volunteer, need, "CARE_VISITS", 2)

    # when the office plans a round
    await plan_round(api, office.token, incident)

    # then the volunteer visits the two most vulnerable, with their phones in full
    visiting = await my_visits(api, volunteer)
    assert [v["person"]["name"] for v in visiting] == ["周伯", "乐乐"]
    assert visiting[0]["person"]["phoneInFull"] == "+8613812345678"
    # and the office's staff visit the rest
    assert [v["person"]["name"] for v in await my_visits(api, office.token)] == ["小明"]
    # and the volunteer identifies nobody else of the register
    listed = await api.gql(PEOPLE["People"], {"first": 50}, volunteer)
    assert listed["people"]["totalCount"] == 2


async def test_a_visit_recorded_twice_with_one_client_id_is_recorded_once(api: ApiClient) -> None:
    # given a planned visit
    office, incident = await _scene(api)
    await registered(api, office.token)
    await plan_round(api, office.token, incident)
    (visit,) = await my_visits(api, office.token)

    # when the phone sends the record, the network drops, and it sends it again
    first = await record(
        api, office.token, visit["id"], "phone-1", checks=checks(HOUSING="AT_RISK")
    )
    retried = await record(
        api, office.token, visit["id"], "phone-1", checks=checks(HOUSING="AT_RISK")
    )
    # and another record of the same visit comes with another client id
    other = await record(api, office.token, visit["id"], "phone-2")

    # then the retry answers the same visit, the other is refused, and one is audited
    assert first["userErrors"] == [] and retried["userErrors"] == []
    assert retried["visit"] == first["visit"]
    assert first["visit"]["status"] == "VISITED"
    assert {c["item"]: c["status"] for c in first["visit"]["checks"]}["HOUSING"] == "AT_RISK"
    assert codes(other) == [(["visitId"], "INVALID_TRANSITION")]
    async with api.db.transaction() as session:
        recorded = await session.scalar(
            select(func.count()).where(AuditEntry.action == "visit.recorded")
        )
    assert recorded == 1


async def test_bad_records_and_plans_are_refused_field_by_field(api: ApiClient) -> None:
    # given a planned visit, and another office
    office, incident = await _scene(api)
    await registered(api, office.token)
    await plan_round(api, office.token, incident)
    (visit,) = await my_visits(api, office.token)
    hefei = await office_staff(api, await api.admin_token(), "340100")

    # when records leave out an item, a reason, and a stranger records the visit
    missing = await record(api, office.token, visit["id"], "a", checks=checks()[:4])
    no_reason = await record(api, office.token, visit["id"], "b", outcome="NOT_FOUND", checks=[])
    stranger = await record(api, hefei, visit["id"], "c")
    # and rounds are asked of the wrong office and for no time at all
    outside = await plan_round(api, hefei, incident)
    no_time = await plan_round(api, office.token, incident, withinHours=0)

    # then each is refused on its field
    assert codes(missing) == [(["checks"], "REQUIRED")]
    assert codes(no_reason) == [(["notFoundReason"], "REQUIRED")]
    assert codes(stranger) == [(["visitId"], "NOT_FOUND")]
    assert codes(outside) == [(["incidentId"], "OUT_OF_JURISDICTION")]
    assert codes(no_time) == [(["withinHours"], "INVALID")]


async def test_a_person_not_found_is_recorded_with_the_reason(api: ApiClient) -> None:
    # given a planned visit
    office, incident = await _scene(api)
    await registered(api, office.token)
    await plan_round(api, office.token, incident)
    (visit,) = await my_visits(api, office.token)

    # when the visitor finds nobody
    payload = await record(
        api,
        office.token,
        visit["id"],
        "nf-1",
        outcome="NOT_FOUND",
        checks=[],
        notFoundReason="已随子女转移至县城",
    )

    # then the visit is NOT_FOUND, with why
    assert payload["visit"]["status"] == "NOT_FOUND"
    assert payload["visit"]["notFoundReason"] == "已随子女转移至县城"


async def test_a_housing_finding_becomes_one_house_repair_need_linked_to_the_person(
    api: ApiClient,
) -> None:
    # given a visit that found the housing AT_RISK and the health NOT_OK
    office, incident = await _scene(api)
    person = await registered(api, office.token, category="LEFT_BEHIND_ELDERLY")
    await plan_round(api, office.token, incident)
    (visit,) = await my_visits(api, office.token)
    found = checks(HOUSING="AT_RISK", HEALTH="NOT_OK")
    await record(api, office.token, visit["id"], "h-1", checks=found)

    # when the office turns the housing into a need, twice, and the health into a referral
    need = await refer(api, office.token, visit["id"], "HOUSING")
    twice = await refer(api, office.token, visit["id"], "HOUSING")
    referral = await refer(api, office.token, visit["id"], "HEALTH", department="卫健委")
    fine = await refer(api, office.token, visit["id"], "LIVING")

    # then one HOUSE_REPAIR need for the person's county, one beneficiary of the group
    assert need["userErrors"] == []
    assert need["need"]["category"]["code"] == "HOUSE_REPAIR"
    assert (need["need"]["quantity"], need["need"]["region"]["code"]) == (1, "341503")
    assert need["need"]["beneficiaries"] == {"count": 1, "specialGroups": ["LEFT_BEHIND_ELDERLY"]}
    assert codes(twice) == [(["item"], "DUPLICATE")]
    assert referral["referral"]["kind"] == "DEPARTMENT" and referral["need"] is None
    assert codes(fine) == [(["item"], "INVALID")]
    async with api.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Need)) == 1
    # and the person's page shows the visit, the need and the referral
    history = await api.gql(PEOPLE["PersonHistory"], {"id": person}, office.token)
    (seen,) = history["node"]["visits"]
    assert history["node"]["lastVisitedAt"] is not None
    assert [(r["kind"], r["item"]) for r in seen["referrals"]] == [
        ("NEED", "HOUSING"),
        ("DEPARTMENT", "HEALTH"),
    ]
    assert seen["referrals"][0]["need"]["id"] == need["need"]["id"]


async def test_a_later_round_draws_only_on_the_units_former_rounds_left(api: ApiClient) -> None:
    # given a volunteer's two accepted CARE_VISITS units, both used by a first round
    office, incident = await _scene(api)
    await registered(api, office.token, name="周伯", idNumber=id_number("19400101"))
    await registered(api, office.token, name="李婆", idNumber=id_number("19410101"))
    need = await published_need(
        api, office.token, incident, categoryCode="CARE_VISITS", quantity=10
    )
    _, volunteer = await register_volunteer(api, email="visitor@example.org")
    await pledged(api, volunteer, need, "CARE_VISITS", 2)
    await plan_round(api, office.token, incident)
    assert len(await my_visits(api, volunteer)) == 2

    # when a third person is registered and a second round planned
    await registered(api, office.token, name="王爷爷", idNumber=id_number("19350101"))
    await plan_round(api, office.token, incident)

    # then the new visit goes to the office's staff: the volunteer's units are spent
    assert [v["person"]["name"] for v in await my_visits(api, office.token)] == ["王爷爷"]
    assert len(await my_visits(api, volunteer)) == 2
