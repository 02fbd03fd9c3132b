"""A round's proposals expire after the deployment's configured lifetime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from domain.kernel.settings import Settings
from domain.matching.records import Allocation
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident
from workers.embedded import EmbeddedWorkers


async def test_proposals_carry_the_configured_lifetime(api: ApiClient) -> None:
    # given workers configured to give providers 45 minutes to answer
    settings = Settings(database_url=api.db.url, proposal_lifetime_minutes=45)
    workers = EmbeddedWorkers(api.db, settings, relay_interval=3600)
    await workers.start()
    try:
        admin = await api.admin_token()
        office = await office_with_staff(api, admin, "341500", "六安市民政局")
        incident = await flood_incident(api, office, ["341503"])
        await api.mutate(
            "publishNeed",
            MATCHING["PublishNeed"],
            {
                "incidentId": incident,
                "regionCode": "341503",
                "categoryCode": "FOOD",
                "quantity": 100,
                "urgency": "HIGH",
                "neededBy": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
            },
            office.token,
        )
        charity = await verified_organization(
            api, office.token, 51, "341502", name="红十字会", kind="CHARITY"
        )
        await api.mutate(
            "postOffer",
            MATCHING["PostOffer"],
            {
                "categoryCode": "FOOD",
                "quantity": 60,
                "serviceRegionCodes": ["341500"],
                "availableFrom": datetime.now(UTC).isoformat(),
                "availableUntil": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            },
            charity.token,
        )

        # when a round runs
        before = datetime.now(UTC)
        await api.mutate(
            "runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token
        )
        await workers.drain()
    finally:
        await workers.stop()

    # then its proposal expires 45 minutes after the round
    async with api.db.transaction() as session:
        expires = (await session.scalars(select(Allocation.expires_at))).all()
    assert len(expires) == 1 and expires[0] is not None
    assert before + timedelta(minutes=44) < expires[0] < datetime.now(UTC) + timedelta(minutes=46)
