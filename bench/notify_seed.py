"""bench-notify's data and load: the needs and organizations events are about, and the
events, committed as a backlog or at a fixed rate."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bench.common import SECRET_KEY
from domain.incidents.model import Incident
from domain.kernel import changes
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    Hazard,
    IncidentPhase,
    NeedStatus,
    OrganizationKind,
    OrganizationStatus,
    ResponseLevel,
    Role,
    WebhookEvent,
)
from domain.kernel.global_ids import to_global_id
from domain.kernel.outbox import NEED_PUBLISHED, ORGANIZATION_REVIEWED, emit
from domain.kernel.secrets_box import SecretBox
from domain.matching.model import Urgency
from domain.needs.model import Need
from domain.notify.model import WebhookSubscription
from domain.notify.webhooks import new_secret
from domain.registry.model import Account, Office, Organization

# -- the data: one need, one organization, partners' subscriptions ----------------------


@dataclass(frozen=True)
class Seed:
    need_ids: list[uuid.UUID]
    organization_ids: list[uuid.UUID]
    fan_out: int


SUBJECTS = 200  # distinct needs and organizations the events are about


async def seed(db: Database, receiver_url: str, fan_out: int) -> Seed:
    """SUBJECTS needs, each publication reaching `fan_out` webhook subscriptions, and
    SUBJECTS verified organizations, each review reaching its `fan_out` admins' inboxes.
    Events about distinct rows, as in a real burst: no batch reads one row twice."""
    box = SecretBox(SECRET_KEY)
    now = utcnow()
    async with db.transaction() as session:
        office = Office(name="六安市民政局", region_code="341500")
        partner = Account(email="partner@example.org", password_hash="-", role=Role.ADMIN)
        session.add_all([office, partner])
        await session.flush()
        incident = Incident(
            name="2020年7月六安洪涝",
            hazard=Hazard.FLOOD,
            response_level=ResponseLevel.LEVEL_II,
            phase=IncidentPhase.EMERGENCY_RESCUE,
            region_codes=["341503"],
            started_at=now,
            office_id=office.id,
        )
        session.add(incident)
        await session.flush()
        needs = [
            Need(
                incident_id=incident.id,
                office_id=office.id,
                region_code="341503",
                category_code="TENTS",
                quantity=50 + n,
                urgency=Urgency.HIGH,
                needed_by=now + timedelta(days=2),
                status=NeedStatus.OPEN,
            )
            for n in range(SUBJECTS)
        ]
        organizations = [
            Organization(
                name=f"六安红十字会{n}",
                kind=OrganizationKind.CHARITY,
                uscc=f"51341500MJ{n:07d}X",
                region_code="341503",
                status=OrganizationStatus.VERIFIED,
                contact_name="联系人",
                contact_phone="+8613812345678",
                contact_email=f"contact{n}@org.example.org",
                reviewed_at=now,
            )
            for n in range(SUBJECTS)
        ]
        session.add_all([*needs, *organizations])
        await session.flush()
        for n, organization in enumerate(organizations):
            for i in range(fan_out):
                session.add(
                    Account(
                        email=f"admin{i}@org{n}.example.org",
                        password_hash="-",
                        role=Role.ORG_ADMIN,
                        organization_id=organization.id,
                    )
                )
        for i in range(fan_out):
            session.add(
                WebhookSubscription(
                    account_id=partner.id,
                    url=f"{receiver_url}/hooks/{i}",
                    events=[WebhookEvent.NEED_PUBLISHED.value],
                    secret_encrypted=box.encrypt(new_secret()),
                    active=True,
                )
            )
        await session.flush()
        return Seed([n.id for n in needs], [o.id for o in organizations], fan_out)


def _emit_one(session: Any, seed: Seed, i: int) -> None:
    # Alternate: a published need (webhooks) and a reviewed organization (inboxes).
    subject = (i // 2) % SUBJECTS
    if i % 2 == 0:
        # As the service announces it: the change (what partners get) rides on the topic.
        need_id = seed.need_ids[subject]
        change = changes.Change(
            event=WebhookEvent.NEED_PUBLISHED,
            kind="Need",
            object_id=need_id,
            version=i + 1,
            status=NeedStatus.OPEN.value,
            data={"needId": to_global_id("Need", need_id), "regionCode": "341503"},
            region_codes=("341503",),
            public=True,
        )
        changes.announce(session, change, topic=NEED_PUBLISHED, payload={"needId": str(need_id)})
    else:
        emit(
            session,
            ORGANIZATION_REVIEWED,
            {"organizationId": str(seed.organization_ids[subject])},
        )


async def commit_backlog(db: Database, seed: Seed, events: int) -> float:
    """All events in one transaction; returns the commit's wall-clock time."""
    async with db.transaction() as session:
        for i in range(events):
            _emit_one(session, seed, i)
    return time.time()


async def offer_at_rate(db: Database, seed: Seed, rate: float, seconds: float) -> int:
    """One event per transaction, paced so notifications are offered at `rate`/s."""
    interval = seed.fan_out / rate
    events = int(seconds / interval)
    start = time.monotonic()
    for i in range(events):
        delay = start + i * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        async with db.transaction() as session:
            _emit_one(session, seed, i)
    return events
