"""The read benchmark's data set: a scratch PostgreSQL database of a realistic disaster.

Offices and incidents go through the domain services. The volume (10,000 needs, 20,000
offers, hundreds of organizations, allocations and dispatches on half the needs) is
bulk-inserted: the services take tens of milliseconds a row with their audit and outbox
writes, minutes at this size. The bulk rows are the ones the services write: statuses
from the services' own `derive_status`, counters that add up, dispatches with the
instructions `dispatches.issue` gives.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from stdnum.cn import uscc as uscc_number

from domain.dispatch.model import Dispatch
from domain.dispatch.services import new_code
from domain.incidents.services import CreateIncident, create_incident
from domain.kernel import regions
from domain.kernel.auth.passwords import hash_password
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    DispatchStatus,
    Hazard,
    MembershipStatus,
    NeedStatus,
    OfferStatus,
    OrganizationKind,
    OrganizationStatus,
    ResponseLevel,
    Role,
)
from domain.matching.allocations import PLEDGE_EXPLANATION
from domain.matching.model import Urgency
from domain.matching.records import Allocation
from domain.needs import services as need_rules
from domain.needs.model import Need
from domain.offers import services as offer_rules
from domain.offers.model import Offer
from domain.registry.model import Account, Organization, Volunteer
from domain.registry.offices import CreateOffice, create_office

# Provinces struck (GB/T 2260): Anhui, Henan, Jiangxi, Hunan, Hubei, Sichuan.
PROVINCES = ("340000", "410000", "360000", "430000", "420000", "510000")
CATEGORIES = ("DRINKING_WATER", "TENTS", "FOOD", "BEDDING", "MEDICINE", "HYGIENE_KITS")


@dataclass(frozen=True)
class Scale:
    """How much of everything; needs a multiple of 100 × the provinces (pages of 100)."""

    needs: int
    offers: int
    organizations: int
    volunteers: int


FULL = Scale(needs=10_000, offers=20_000, organizations=360, volunteers=200)
# A twentieth of it: every workload still has full pages (100 needs an incident, 50 a page).
QUICK = Scale(needs=600, offers=1_000, organizations=18, volunteers=10)


@dataclass(frozen=True)
class Seeded:
    incident_ids: list[uuid.UUID]
    need_ids: list[uuid.UUID]
    how: str


def _counties(province: str) -> list[str]:
    prefix = regions.subtree_prefix(province)
    return [
        r.code
        for r in regions.all_regions()
        if r.level is regions.RegionLevel.COUNTY and r.code.startswith(prefix)
    ]


def _name(code: str) -> str:
    region = regions.get(code)
    assert region is not None, code
    return region.name


def _uscc(serial: int) -> str:
    body = f"5134150{serial:010d}"[:17]
    return str(body + uscc_number.calc_check_digit(body))


async def _offices_and_incidents(db: Database) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(incident id, office id, province) for each province, through the services."""
    admin = Principal(account_id=uuid.uuid4(), role=Role.ADMIN)
    made = []
    async with db.transaction() as session:
        for province in PROVINCES:
            office = await create_office(
                session, admin, CreateOffice(f"{_name(province)}民政厅", province)
            )
            staff = Principal(
                account_id=admin.account_id,
                role=Role.OFFICE_STAFF,
                office_id=office.id,
                office_region_code=province,
            )
            incident = await create_incident(
                session,
                staff,
                CreateIncident(
                    name=f"2020年7月{_name(province)}洪涝",
                    hazard=Hazard.FLOOD,
                    response_level=ResponseLevel.LEVEL_II,
                    region_codes=[province],
                    started_at=datetime(2020, 7, 19, tzinfo=UTC),
                ),
            )
            made.append((incident.id, office.id, province))
    return made


def _providers(
    rng: random.Random, scale: Scale
) -> tuple[list[Any], list[Organization], list[Volunteer]]:
    password = hash_password("flood-relief-2020")  # one hash: hashing is slow by design
    organizations = [
        Organization(
            id=uuid.uuid4(),
            name=f"救援组织{i:04d}",
            kind=rng.choice(list(OrganizationKind)),
            uscc=_uscc(i + 1),
            region_code=rng.choice(_counties(rng.choice(PROVINCES))),
            status=OrganizationStatus.VERIFIED,
            contact_name="联系人",
            contact_phone=f"138{i:08d}",
            contact_email=f"contact{i}@org.example.org",
            service_category_codes=[],
        )
        for i in range(scale.organizations)
    ]
    accounts: list[Any] = []
    volunteers = []
    for i in range(scale.volunteers):
        account = Account(
            id=uuid.uuid4(),
            email=f"volunteer{i}@example.cn",
            password_hash=password,
            role=Role.VOLUNTEER,
            display_name=f"志愿者{i}",
        )
        accounts.append(account)
        volunteers.append(
            Volunteer(
                id=uuid.uuid4(),
                account_id=account.id,
                display_name=f"志愿者{i}",
                phone=f"139{i:08d}",
                region_code=rng.choice(_counties(rng.choice(PROVINCES))),
                skills=[],
                membership_status=MembershipStatus.NONE,
            )
        )
    return accounts, organizations, volunteers


async def seed(db: Database, scale: Scale, *, rng_seed: int = 2020) -> Seeded:
    """Fill a migrated, empty database; returns what the workloads address."""
    rng = random.Random(rng_seed)
    incidents = await _offices_and_incidents(db)
    counties = {province: _counties(province) for _i, _o, province in incidents}
    accounts, organizations, volunteers = _providers(rng, scale)
    now = datetime.now(UTC)
    start = now - timedelta(days=3)
    need_rows = []
    for i in range(scale.needs):
        incident_id, office_id, province = incidents[i % len(incidents)]
        need_rows.append(
            Need(
                id=uuid.uuid4(),
                incident_id=incident_id,
                office_id=office_id,
                region_code=rng.choice(counties[province]),
                category_code=rng.choice(CATEGORIES),
                quantity=rng.randint(50, 2000),
                quantity_allocated=0,
                quantity_proposed=0,
                quantity_delivered=0,
                urgency=rng.choice(list(Urgency)),
                needed_by=now + timedelta(hours=rng.randint(6, 240)),
                required_skills=[],
                special_groups=[],
                status=NeedStatus.OPEN,
                external_id=f"partner-{i:05d}",
                # Distinct creation times, as one by one publication gives them.
                created_at=start + timedelta(milliseconds=10 * i),
                updated_at=start + timedelta(milliseconds=10 * i),
            )
        )
    offer_rows = []
    for i in range(scale.offers):
        volunteer = volunteers[i % len(volunteers)] if i % 10 == 0 else None
        offer_rows.append(
            Offer(
                id=uuid.uuid4(),
                organization_id=None if volunteer else rng.choice(organizations).id,
                volunteer_id=volunteer.id if volunteer else None,
                category_code=rng.choice(CATEGORIES),
                quantity=rng.randint(100, 5000),
                quantity_committed=0,
                quantity_proposed=0,
                available_from=start,
                available_until=now + timedelta(days=10),
                service_region_codes=[rng.choice(PROVINCES)],
                skills=[],
                status=OfferStatus.AVAILABLE,
                created_at=start + timedelta(milliseconds=5 * i),
                updated_at=start + timedelta(milliseconds=5 * i),
            )
        )
    allocation_rows, dispatch_rows = [], []
    offices = {office_id: province for _i, office_id, province in incidents}
    for need in need_rows[::2]:  # half the needs: two providers pledged to each
        for _ in range(2):
            offer = rng.choice(offer_rows)
            quantity = min(rng.randint(1, need.quantity // 2), offer_rules.free_capacity(offer))
            if quantity <= 0:
                continue
            need.quantity_allocated += quantity
            offer.quantity_committed += quantity
            allocation = Allocation(
                id=uuid.uuid4(),
                need_id=need.id,
                offer_id=offer.id,
                quantity=quantity,
                status=AllocationStatus.ACCEPTED,
                source=AllocationSource.PLEDGE,
                explanation=dict(PLEDGE_EXPLANATION),
                decided_at=now,
            )
            allocation_rows.append(allocation)
            dispatch_rows.append(_dispatch(allocation, need, offices[need.office_id], now))
    for need in need_rows:
        need.status = need_rules.derive_status(need)
    for offer in offer_rows:
        offer.status = offer_rules.derive_status(offer)
    async with db.transaction() as session:
        for batch in (accounts, organizations, volunteers, need_rows, offer_rows):
            session.add_all(batch)
            await session.flush()
        session.add_all(allocation_rows)
        await session.flush()
        session.add_all(dispatch_rows)
    async with db.engine.connect() as connection:
        await connection.execute(text("COMMIT"))
        await connection.execute(text("ANALYZE"))
    how = (
        f"offices and incidents through the domain services; {len(need_rows)} needs, "
        f"{len(offer_rows)} offers, {len(organizations)} organizations, {len(volunteers)} "
        f"volunteers, {len(allocation_rows)} allocations and dispatches bulk-inserted as "
        "the services write them"
    )
    return Seeded([i for i, _o, _p in incidents], [n.id for n in need_rows], how)


def _dispatch(allocation: Allocation, need: Need, province: str, now: datetime) -> Dispatch:
    return Dispatch(
        id=uuid.uuid4(),
        allocation_id=allocation.id,
        code=new_code(),
        status=DispatchStatus.ISSUED,
        instructions={
            "categoryCode": need.category_code,
            "quantity": allocation.quantity,
            "destination": [
                {"code": r.code, "name": r.name} for r in regions.path(need.region_code)
            ],
            "point": None,
            "neededBy": need.needed_by.isoformat(),
            "officeName": f"{_name(province)}民政厅",
            "description": None,
        },
        deadline=need.needed_by,
        issued_at=now,
    )
