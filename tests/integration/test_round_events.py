"""A matching round's proposals reach partners one event each, fanned out in batches whose
cost in SQL statements does not grow with their size."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from standardwebhooks import Webhook

from domain.kernel.db.base import utcnow
from domain.kernel.enums import NeedStatus
from domain.kernel.global_ids import from_global_id
from domain.kernel.outbox import OBJECT_CHANGED, OutboxEvent
from domain.matching.model import Urgency
from domain.needs.model import Need
from domain.notify import fanout
from tests.client import ApiClient
from tests.integration.test_statement_counts import counted
from tests.steps.loop import run_waiting, send
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import WINDOW, flood_incident
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers

PROPOSALS = 300


def _raw(global_id: str):  # type: ignore[no-untyped-def]
    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def _round_of_many_proposals(api: ApiClient, receiver: HttpReceiver) -> tuple[str, str]:
    """A partner hearing of proposals; an incident with PROPOSALS small needs and one
    offer covering them all, its round run. Returns (the secret, the incident)."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    charity = await verified_organization(api, office.token, 23, "341502", kind="CHARITY")
    secret = await subscribe_webhook(api, admin, receiver.url + "/hooks", ["ALLOCATION_PROPOSED"])
    async with api.db.transaction() as session:
        session.add_all(
            Need(
                incident_id=_raw(incident),
                office_id=_raw(office.id),
                region_code="341503",
                category_code="TENTS",
                quantity=2,
                urgency=Urgency.HIGH,
                needed_by=utcnow() + timedelta(days=3),
                status=NeedStatus.OPEN,
            )
            for _ in range(PROPOSALS)
        )
    offer = {"categoryCode": "TENTS", "quantity": 2 * PROPOSALS, "serviceRegionCodes": ["341500"]}
    await send(api, "PostOffer", offer | WINDOW, charity.token)
    await send(api, "RunMatching", {"incidentId": incident}, office.token)
    await run_waiting(api, incident)
    return secret, incident


async def test_a_round_of_hundreds_of_proposals_reaches_the_partner_once_each(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given a round that proposed an allocation for each of hundreds of needs
    secret, _ = await _round_of_many_proposals(api, http_receiver)
    async with api.db.transaction() as session:
        changes = await session.scalars(
            select(OutboxEvent).where(OutboxEvent.topic == OBJECT_CHANGED).order_by(OutboxEvent.id)
        )
        ids = [e.id for e in changes if e.payload["change"]["event"] == "ALLOCATION_PROPOSED"]
    assert len(ids) == PROPOSALS

    # when batches of 10 and of 50 of its events are fanned out
    costs = []
    for batch in (ids[:10], ids[10:60]):
        with counted(api.db) as statements:
            async with api.db.transaction() as session:
                written = await fanout.fan_out(session, batch)
        assert len(written.notification_ids) == len(batch)
        costs.append(len(statements))
    # and the workers take the rest
    await workers.drain()

    # then the larger batch cost no more statements than the smaller one
    assert costs[1] <= costs[0], costs
    # and the partner heard of every proposal once, signed, each at its first version
    hooks = [r for r in http_receiver.received if r.path == "/hooks"]
    for hook in hooks:
        Webhook(secret).verify(hook.body, hook.headers)
    bodies = [json.loads(h.body) for h in hooks]
    heard = Counter(b["data"]["id"] for b in bodies)
    assert len(heard) == PROPOSALS and set(heard.values()) == {1}
    assert {(b["type"], b["data"]["status"], b["data"]["version"]) for b in bodies} == {
        ("ALLOCATION_PROPOSED", "PROPOSED", 1)
    }
