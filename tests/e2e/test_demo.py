"""`reliefhub demo`, run as a newcomer runs it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.assignments.model import Assignment, AssignmentStatus
from domain.dispatch.model import Dispatch
from domain.incidents.model import Incident
from domain.kernel.auth.principal import ANONYMOUS
from domain.kernel.db.engine import Database
from domain.kernel.enums import OrganizationStatus, Role, RoundStatus
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.accounts import authenticate
from domain.registry.model import Organization, Volunteer
from domain.registry.volunteers import RegisterVolunteer, register_volunteer
from domain.volunteers import phone_codes
from tests.client import ApiClient

pytestmark = pytest.mark.e2e

RELIEFHUB = Path(sys.executable).with_name("reliefhub")


HOURS = """query DemoHours($filter: VolunteerHoursFilter!) {
  volunteerHours(filter: $filter, first: 20) { edges { node { confirmedMinutes assignments } } }
}"""

LOOP = """query DemoLoop {
  incidents(first: 5) { nodes { id name
    coverage {
      gapCount
      blindSpots { region { code name } }
      byCategory { categoryCode unit needed delivered shortfall }
      gaps(first: 100) { nodes { id status shortfall quantityDelivered
        category { code } region { code } shortfallReasons { code offers } } }
    } } }
  dispatches(first: 50) { nodes { code status deliveredQuantity receivedQuantity
    returnedQuantity returnedToOffer allocation { quantity } } }
}"""


PEOPLE = """query DemoPeople {
  peopleCounts(regionCode: "341500") { category count }
  visits(first: 100) { totalCount edges { node { status region { code } } } }
  helpRequests(first: 50) { totalCount edges { node { status channel
    outcomes { kind department need { id category { code } } } } } }
  incidents(first: 5) { nodes { visitCoverage {
    registered planned visited notFound atRisk referralsOpen } } }
}"""


def _run_demo(database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = database_url
    return subprocess.run(
        [str(RELIEFHUB), "demo"], env=env, capture_output=True, text=True, timeout=240, check=False
    )


def _demo(database_url: str) -> str:
    done = _run_demo(database_url)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


async def _books(db: Database) -> dict[str, int]:
    """What the demo leaves behind, counted straight from the database."""
    async with db.transaction() as session:

        async def count(entity: type, *where: object) -> int:
            statement = select(func.count()).select_from(entity).where(*where)  # type: ignore[arg-type]
            return int(await session.scalar(statement) or 0)

        return {
            "incidents": await count(Incident),
            "verified": await count(
                Organization, Organization.status == OrganizationStatus.VERIFIED
            ),
            "organizations": await count(Organization),
            "volunteers": await count(Volunteer),
            "offers": await count(Offer),
            "needs": await count(Need),
            "synced needs": await count(Need, Need.external_id.is_not(None)),
            "categories needed": int(
                await session.scalar(select(func.count(func.distinct(Need.category_code)))) or 0
            ),
            "regions": int(
                await session.scalar(select(func.count(func.distinct(Need.region_code)))) or 0
            ),
            "allocations": await count(Allocation),
            "dispatches": await count(Dispatch),
            "rounds pending": await count(
                MatchingRound, MatchingRound.status == RoundStatus.PENDING
            ),
            "assignments": await count(Assignment),
            "hours confirmed": await count(
                Assignment, Assignment.status == AssignmentStatus.CONFIRMED
            ),
            "hours pending": await count(
                Assignment, Assignment.status == AssignmentStatus.CHECKED_OUT
            ),
        }


async def test_the_demo_loads_a_living_incident_once(db: Database, api: ApiClient) -> None:
    # given an empty database
    # when a newcomer runs `reliefhub demo`
    first = await asyncio.to_thread(_demo, db.url)

    # then the Lu'an floods are there: counties, dozens of needs, verified providers,
    # and a finished matching round whose proposals the charity partly accepted
    books = await _books(db)
    assert books == {
        "incidents": 1,
        "verified": 6,
        "organizations": 7,
        "volunteers": 12,
        "offers": 21,
        "needs": 35,
        "synced needs": 33,
        "categories needed": 18,
        "regions": 6,
        "allocations": books["allocations"],
        "dispatches": 5,
        "rounds pending": 0,
        # two rosters deployed: three and two served two days ago, one of each goes tomorrow
        "assignments": 7,
        "hours confirmed": 3,
        "hours pending": 2,
    }
    assert books["allocations"] >= 20
    assert first.startswith("Loaded the demo")
    # and the tokens it printed sign in as who they say
    tokens = dict(re.findall(r"^  (\S+) +(rh_\S+)$", first, re.MULTILINE))
    async with db.transaction() as session:
        roles = {who: await authenticate(session, token) for who, token in tokens.items()}
    assert {who: p.role if p else None for who, p in roles.items()} == {
        "ADMIN": Role.ADMIN,
        "office@luan.demo.example.cn": Role.OFFICE_STAFF,
        "charity@demo.example.org": Role.ORG_ADMIN,
    }

    # and the office reads the loop's every stage through GraphQL
    office = tokens["office@luan.demo.example.cn"]
    loop = await api.gql(LOOP, {}, office)
    [incident] = loop["incidents"]["nodes"]
    coverage = incident["coverage"]
    gaps = coverage["gaps"]["nodes"]
    # a dispatch delivered short: received what was delivered, the rest back to the need
    [short] = [d for d in loop["dispatches"]["nodes"] if d["returnedQuantity"] > 0]
    assert short["status"] == "COMPLETED" and short["returnedToOffer"] is False
    assert 0 < short["receivedQuantity"] == short["deliveredQuantity"]
    assert short["receivedQuantity"] < short["allocation"]["quantity"]
    assert short["deliveredQuantity"] + short["returnedQuantity"] == short["allocation"]["quantity"]
    # and its need counts only what arrived, the rest being a gap again
    received = [g for g in gaps if g["quantityDelivered"] == short["receivedQuantity"]]
    assert received and all(g["shortfall"] > 0 for g in received)
    # the shortfall per category, in that category's unit, sums the gaps
    by_category = {row["categoryCode"]: row for row in coverage["byCategory"]}
    assert by_category["DRINKING_WATER"]["unit"] == "litres"
    assert by_category["GENERATORS"]["shortfall"] == by_category["GENERATORS"]["needed"] == 15
    for code, row in by_category.items():
        assert row["shortfall"] == sum(
            g["shortfall"] for g in gaps if g["category"]["code"] == code
        )
    assert coverage["gapCount"] == len(gaps) > 0
    # the need whose deadline passed is OVERDUE, and nobody offers its category
    [overdue] = [g for g in gaps if g["status"] == "OVERDUE"]
    assert overdue["category"]["code"] == "GENERATORS"
    assert [r["code"] for r in overdue["shortfallReasons"]] == [
        "PAST_NEEDED_BY",
        "NO_OFFER_IN_CATEGORY",
    ]
    # the shelter asked for in 金寨 is beyond the only shelter offer's service area
    [far] = [
        g for g in gaps if g["category"]["code"] == "SHELTER" and g["region"]["code"] == "341524"
    ]
    assert [r["code"] for r in far["shortfallReasons"]] == ["OUTSIDE_SERVICE_AREA"]
    assert sum(1 for g in gaps if g["shortfallReasons"]) > len(gaps) // 2
    # and 霍山县, affected but with no need and no assessment, is a blind spot
    assert coverage["blindSpots"] == [{"region": {"code": "341525", "name": "霍山县"}}]
    assert "OVERDUE need: GENERATORS" in first and "blind spot: 霍山县" in first
    assert f"dispatch {short['code']} delivered" in first
    # and the hours the two rosters served are on record for the incident
    hours = await api.gql(HOURS, {"filter": {"incidentId": incident["id"]}}, office)
    served = [e["node"] for e in hours["volunteerHours"]["edges"]]
    assert sorted(n["confirmedMinutes"] for n in served) == [0, 0, 0, 0, 225, 225, 225]

    # and the people are there: a register of sixty in two counties, counted by category
    people = await api.gql(PEOPLE, {}, office)
    counts = {row["category"]: row["count"] for row in people["peopleCounts"]}
    assert sum(counts.values()) == 60 and counts["LEFT_BEHIND_ELDERLY"] >= 20
    assert len(counts) == 6
    # a visit round half done: every person planned, the first half recorded
    visits = [edge["node"] for edge in people["visits"]["edges"]]
    assert people["visits"]["totalCount"] == 60
    assert {v["region"]["code"] for v in visits} == {"341522", "341503"}
    statuses = Counter(v["status"] for v in visits)
    assert statuses == {"PLANNED": 30, "VISITED": 28, "NOT_FOUND": 2}
    [covered] = [i["visitCoverage"] for i in people["incidents"]["nodes"]]
    # five items found AT_RISK or NOT_OK, two of them referred (a need, a department)
    assert covered == {
        "registered": 60,
        "planned": 60,
        "visited": 28,
        "notFound": 2,
        "atRisk": 3,
        "referralsOpen": 2,
    }
    # and a dozen help requests in every state, with every kind of outcome
    requests = [edge["node"] for edge in people["helpRequests"]["edges"]]
    assert Counter(r["status"] for r in requests) == {
        "RECEIVED": 3,
        "TRIAGED": 2,
        "ACTIONED": 4,
        "CLOSED": 3,
    }
    kinds = Counter(o["kind"] for r in requests for o in r["outcomes"])
    assert kinds == {"NEED": 1, "REFERRAL": 2, "ANSWERED": 3, "DUPLICATE": 1}
    [need] = [o["need"] for r in requests for o in r["outcomes"] if o["kind"] == "NEED"]
    assert need["category"]["code"] == "DRINKING_WATER"
    assert {r["channel"] for r in requests} == {"HOTLINE"}
    assert "hotline@luan.demo.example.cn" in first and "HOTLINE_OPERATOR" in first

    # when it is run a second time
    second = await asyncio.to_thread(_demo, db.url)

    # then it says so and adds nothing
    assert second.startswith("The demo is there already")
    assert await _books(db) == books


async def test_the_demo_refuses_a_database_where_its_accounts_are_taken(db: Database) -> None:
    # given someone signed up by hand with an email the demo uses for its charity
    async with db.transaction() as session:
        code = await phone_codes.issue(session, "+8613955100099")
        signup = RegisterVolunteer(
            "周先生",
            "13955100099",
            "charity@demo.example.org",
            "flood-relief-2020",
            "341503",
            [],
            phone_code=code,
            consent_to_personal_data=True,
            birth_date=date(1980, 1, 1),
        )
        await register_volunteer(session, ANONYMOUS, signup)
    before = await _books(db)

    # when the demo is run
    done = await asyncio.to_thread(_run_demo, db.url)

    # then it stops with a reason, not a traceback, and writes nothing
    assert done.returncode == 1
    assert "refuses the demo" in done.stderr and "Traceback" not in done.stderr
    assert await _books(db) == before
