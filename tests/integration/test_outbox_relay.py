"""The relay re-sends what the broker lost: relayed long ago and never consumed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from domain.kernel.db.base import utcnow
from domain.kernel.outbox import NEED_PUBLISHED, ROUND_REQUESTED, OutboxEvent
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff
from tests.steps.relief import flood_incident
from workers.embedded import EmbeddedWorkers
from workers.relay import MAX_RELAYS, RETRY_AFTER


async def test_an_event_the_broker_lost_is_relayed_again_and_then_consumed(
    api: ApiClient,
    workers: EmbeddedWorkers,
) -> None:
    # given a round requested and relayed long ago, whose message the broker then lost
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    started = await api.mutate(
        "runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token
    )
    long_ago = utcnow() - RETRY_AFTER - timedelta(minutes=1)
    async with api.db.transaction() as session:
        event = await session.scalar(
            select(OutboxEvent).where(OutboxEvent.topic == ROUND_REQUESTED)
        )
        assert event is not None
        event.relayed_at, event.attempts = long_ago, 1

    # when the relay and the workers run
    await workers.drain()

    # then the event went out again, the round ran, and the event is consumed
    round_ = (await api.gql(MATCHING["MatchingRound"], {"id": started["round"]["id"]}))["node"]
    assert round_["status"] == "FINISHED"
    async with api.db.transaction() as session:
        event = await session.get(OutboxEvent, event.id, populate_existing=True)
        assert event is not None
        assert event.attempts == 2 and event.consumed_at is not None


async def test_consumed_events_and_exhausted_ones_stay_put(
    api: ApiClient,
    workers: EmbeddedWorkers,
) -> None:
    # given one event consumed long ago and one relayed MAX_RELAYS times, never consumed
    long_ago = utcnow() - RETRY_AFTER - timedelta(minutes=1)
    async with api.db.transaction() as session:
        session.add_all(
            [
                OutboxEvent(
                    topic=NEED_PUBLISHED,
                    payload={},
                    available_at=long_ago,
                    relayed_at=long_ago,
                    consumed_at=long_ago,
                    attempts=1,
                ),
                OutboxEvent(
                    topic=NEED_PUBLISHED,
                    payload={},
                    available_at=long_ago,
                    relayed_at=long_ago,
                    attempts=MAX_RELAYS,
                ),
            ]
        )

    # when the relay runs / then neither goes out again
    await workers.drain()
    async with api.db.transaction() as session:
        attempts = sorted((await session.scalars(select(OutboxEvent.attempts))).all())
    assert attempts == [1, MAX_RELAYS]
