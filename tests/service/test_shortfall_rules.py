"""One definition of a gap: a need's shortfall in Python and in SQL agree in every state,
the gaps list every need still short, and shares never add units of different categories."""

from __future__ import annotations

from sqlalchemy import select, update

from domain.kernel.db.engine import Database
from domain.kernel.enums import NeedStatus
from domain.matching.model import Urgency
from domain.needs.model import Need
from domain.reports.coverage import URGENCY_WEIGHTS, incident_coverage
from domain.reports.gaps import gap_page
from tests.service.scene import drinking_water_need, lu_an_office

# (quantity, allocated, proposed, delivered, awaiting receipt, status) -> shortfall
STATES = [
    ((100, 0, 0, 0, 0, NeedStatus.OPEN), 100),
    ((100, 0, 30, 0, 0, NeedStatus.OPEN), 100),  # proposed units are still short
    ((100, 60, 0, 0, 0, NeedStatus.PARTIALLY_ALLOCATED), 40),  # 60 in flight
    ((100, 100, 0, 0, 40, NeedStatus.ALLOCATED), 40),  # delivered, not confirmed
    ((100, 100, 0, 70, 0, NeedStatus.ALLOCATED), 0),  # 70 confirmed, 30 in flight
    ((100, 100, 0, 100, 0, NeedStatus.FULFILLED), 0),
    ((100, 20, 0, 20, 0, NeedStatus.EXPIRED), 80),  # closing keeps the gap on record
    ((100, 20, 0, 0, 0, NeedStatus.CANCELLED), 0),  # a withdrawn need asks for nothing
]


async def test_python_and_sql_give_the_same_shortfall_in_every_state(db: Database) -> None:
    # given one need per state of its counters
    staff = await lu_an_office(db)
    template = await drinking_water_need(db, staff)
    ids = []
    async with db.transaction() as session:
        for (quantity, allocated, proposed, delivered, awaiting, status), _ in STATES:
            need = Need(
                incident_id=template.incident_id,
                office_id=template.office_id,
                region_code="341503",
                category_code="DRINKING_WATER",
                quantity=quantity,
                quantity_allocated=allocated,
                quantity_proposed=proposed,
                quantity_delivered=delivered,
                quantity_awaiting_receipt=awaiting,
                urgency=Urgency.HIGH,
                needed_by=template.needed_by,
                status=status,
            )
            session.add(need)
            await session.flush()
            ids.append(need.id)
    # when the shortfall is read by SQL and computed by Python
    async with db.transaction() as session:
        by_sql = dict((await session.execute(select(Need.id, Need.shortfall))).all())
        rows = {n.id: n for n in (await session.scalars(select(Need))).all()}
    # then both give the expected figure for each state
    for ident, (_, expected) in zip(ids, STATES, strict=True):
        assert (by_sql[ident], rows[ident].shortfall) == (expected, expected)


async def test_gaps_list_every_short_need_most_urgent_first_then_largest_share(
    db: Database,
) -> None:
    # given an incident's need of 500 litres (CRITICAL) and three more needs of it
    staff = await lu_an_office(db)
    first = await drinking_water_need(db, staff)
    async with db.transaction() as session:
        for quantity, allocated, urgency in ((100, 90, Urgency.HIGH), (100, 50, Urgency.HIGH)):
            session.add(
                Need(
                    incident_id=first.incident_id,
                    office_id=first.office_id,
                    region_code="341503",
                    category_code="TENTS",
                    quantity=quantity,
                    quantity_allocated=allocated,
                    urgency=urgency,
                    needed_by=first.needed_by,
                    status=NeedStatus.PARTIALLY_ALLOCATED,
                )
            )
        # the CRITICAL need is almost covered: 495 of 500 allocated
        await session.execute(
            update(Need).where(Need.id == first.id).values(quantity_allocated=495)
        )
    # when the gaps are read a page of one at a time
    seen = []
    after = None
    async with db.transaction() as session:
        for _ in range(4):
            page = await gap_page(session, first.incident_id, None, first=1, after=after)
            seen += [(n.urgency, n.shortfall) for n in page.items]
            if not page.has_next_page:
                break
            after = page.cursors[-1]
        total = page.total_count
    # then the critical need comes first though 1% short, then HIGH by share short
    assert seen == [(Urgency.CRITICAL, 5), (Urgency.HIGH, 50), (Urgency.HIGH, 10)]
    assert total == 3


async def test_shares_weigh_each_need_by_urgency_and_never_add_units(db: Database) -> None:
    # given a CRITICAL need of 500 litres fully allocated and a LOW need of 10 tents untouched
    staff = await lu_an_office(db)
    water = await drinking_water_need(db, staff)
    async with db.transaction() as session:
        await session.execute(
            update(Need)
            .where(Need.id == water.id)
            .values(quantity_allocated=500, status=NeedStatus.ALLOCATED)
        )
        session.add(
            Need(
                incident_id=water.incident_id,
                office_id=water.office_id,
                region_code="341503",
                category_code="TENTS",
                quantity=10,
                urgency=Urgency.LOW,
                needed_by=water.needed_by,
                status=NeedStatus.OPEN,
            )
        )
    # when the coverage is read
    async with db.transaction() as session:
        coverage = await incident_coverage(session, water.incident_id)
    # then each category keeps its unit, half the needs are covered, and the weighted
    # share is the critical need's weight over both weights
    assert {(c.category_code, c.unit, c.shortfall) for c in coverage.by_category} == {
        ("DRINKING_WATER", "litres", 0),
        ("TENTS", "pieces", 10),
    }
    assert coverage.shares.fully_covered_share == 0.5
    critical, low = URGENCY_WEIGHTS[Urgency.CRITICAL], URGENCY_WEIGHTS[Urgency.LOW]
    assert coverage.shares.weighted_covered_share == critical / (critical + low)
