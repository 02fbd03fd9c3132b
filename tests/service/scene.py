"""The givens the service tests share: the Lu'an office, its flood, a need, a charity, an offer.

Each is made through the use cases themselves, in its own unit of work.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from domain.incidents.services import CreateIncident, create_incident
from domain.kernel.auth.principal import ANONYMOUS, Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import Hazard, OrganizationKind, ResponseLevel, ReviewDecision, Role
from domain.matching.model import Urgency
from domain.needs.model import Need
from domain.needs.services import NeedFields, PublishNeed, publish_need
from domain.offers.model import Offer
from domain.offers.services import OfferFields, PostOffer, post_offer
from domain.registry.model import Office
from domain.registry.offices import CreateOffice, create_office
from domain.registry.organizations import (
    RegisterOrganization,
    ReviewOrganization,
    register_organization,
    review_organization,
)
from tests.client import valid_uscc

ADMIN = Principal(account_id=uuid.uuid4(), role=Role.ADMIN)
NEEDED_BY = datetime(2020, 7, 22, 18, 0, tzinfo=UTC)
PASSWORD = "flood-relief-2020"


async def lu_an_office(db: Database) -> Principal:
    """The Lu'an prefecture office, as its staff acts."""
    office: Office = await db.run(
        lambda s: create_office(s, ADMIN, CreateOffice("六安市民政局", "341500"))
    )
    return Principal(
        account_id=uuid.uuid4(),
        role=Role.OFFICE_STAFF,
        office_id=office.id,
        office_region_code="341500",
    )


async def drinking_water_need(
    db: Database, staff: Principal, quantity: int = 500, category: str = "DRINKING_WATER"
) -> Need:
    """A flood in Yu'an district and one need there, for drinking water unless told."""
    incident = await db.run(
        lambda s: create_incident(
            s,
            staff,
            CreateIncident(
                name="2020年7月六安洪涝",
                hazard=Hazard.FLOOD,
                response_level=ResponseLevel.LEVEL_II,
                region_codes=["341503"],
                started_at=NEEDED_BY - timedelta(days=3),
            ),
        )
    )
    fields = NeedFields(quantity=quantity, urgency=Urgency.CRITICAL, needed_by=NEEDED_BY)
    need, _ = await db.run(
        lambda s: publish_need(
            s, staff, PublishNeed(incident.id, "341503", category, fields=fields)
        )
    )
    return need


async def charity(
    db: Database, staff: Principal, *, verified: bool = True, seed: int = 1
) -> Principal:
    """A Lu'an charity signed up and, unless told otherwise, approved by `staff`; its admin."""
    registration = RegisterOrganization(
        name=f"六安市慈善会{seed}",
        kind=OrganizationKind.CHARITY,
        uscc=valid_uscc(seed),
        region_code="341500",
        contact_name="联系人",
        contact_phone="13812345678",
        contact_email=f"contact{seed}@org.example.org",
        admin_email=f"admin{seed}@org.example.org",
        admin_password=PASSWORD,
    )
    organization, admin = await db.run(lambda s: register_organization(s, ANONYMOUS, registration))
    if verified:
        approval = ReviewOrganization(
            organization_id=organization.id, decision=ReviewDecision.APPROVE
        )
        await db.run(lambda s: review_organization(s, staff, approval))
    return Principal(account_id=admin.id, role=Role.ORG_ADMIN, organization_id=organization.id)


def window(quantity: int = 300) -> OfferFields:
    """`quantity` units available from yesterday for ten days, anywhere in Lu'an: a need
    past its needed-by time is due now, so these may still serve it."""
    now = datetime.now(UTC)
    return OfferFields(
        quantity=quantity,
        available_from=now - timedelta(days=1),
        available_until=now + timedelta(days=10),
        service_region_codes=["341500"],
    )


async def posted_offer(
    db: Database, provider: Principal, quantity: int = 300, category: str = "DRINKING_WATER"
) -> Offer:
    """An offer of `quantity` units of drinking water unless told, posted by `provider`."""
    return await db.run(lambda s: post_offer(s, provider, PostOffer(category, window(quantity))))
