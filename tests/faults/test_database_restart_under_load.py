"""PostgreSQL restarted under load, as real processes: `reliefhub serve` (production mode)
and `reliefhub worker` on a private cluster. While it is down every request gets a clear
503; after, requests succeed again in the same processes; every need is wholly there
(with its outbox event and audit row) or wholly absent; the worker delivers them all."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from domain.kernel.audit import AuditEntry
from domain.kernel.global_ids import to_global_id
from domain.kernel.outbox import NEED_PUBLISHED, OutboxEvent
from domain.needs.model import Need
from tests.client import ApiClient
from tests.conftest import require_service
from tests.faults.postgres import PostgresServer, assert_unavailable
from tests.faults.processes import Production, eventually, production_mode, redis_available
from tests.integration.documents import MATCHING, REGISTRY
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import office_with_staff
from tests.steps.relief import flood_incident
from tests.support.receivers import HttpReceiver

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
CLIENTS = 4  # concurrent clients: the machine is shared, load is modest on purpose
OUTAGE = 3.0  # seconds PostgreSQL stays down while the clients keep going
SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()


@pytest.fixture
async def production(private_postgres: PostgresServer, tmp_path: Path) -> AsyncIterator[Production]:
    require_service("redis-server", redis_available())
    try:
        async with production_mode(private_postgres.url, tmp_path, SECRET_KEY, 4) as running:
            yield running
    finally:
        if not private_postgres.running:
            await asyncio.to_thread(private_postgres.start)


@dataclass
class Load:
    """Clients publishing needs (each a distinct quantity) and reading, until told to stop."""

    api: ApiClient
    token: str
    incident: str
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    committed: set[int] = field(default_factory=set)  # quantities answered as published
    refused: set[int] = field(default_factory=set)  # quantities answered with a 503
    # (sent, answered, status): a request is judged by when it was sent and answered, since
    # on a busy machine an answer read from the database before the cut may arrive after it
    statuses: list[tuple[float, float, int]] = field(default_factory=list)
    _next: int = 0

    async def _publish(self) -> None:
        self._next += 1
        quantity = self._next
        variables = {
            "input": {
                "incidentId": self.incident,
                "regionCode": "341503",
                "categoryCode": "TENTS",
                "quantity": quantity,
                "urgency": "HIGH",
                "neededBy": SOON,
                "confirmDuplicate": True,
            }
        }
        sent = time.monotonic()
        response = await self.api.post(MATCHING["PublishNeed"], variables, self.token)
        self._record(sent, response)
        if response.status_code == 200:
            payload = response.json()["data"]["publishNeed"]
            assert payload["userErrors"] == [], payload
            self.committed.add(quantity)
        else:
            self.refused.add(quantity)

    async def _read(self) -> None:
        listing = {"first": 5, "filter": {"regionCode": "340000"}}
        sent = time.monotonic()
        self._record(sent, await self.api.post(REGISTRY["Organizations"], listing, self.token))

    def _record(self, sent: float, response: httpx.Response) -> None:
        self.statuses.append((sent, time.monotonic(), response.status_code))
        if response.status_code != 200:
            assert_unavailable(response)
        else:
            assert "errors" not in response.json(), response.text

    async def client(self) -> None:
        while not self.stop.is_set():
            await self._publish()
            await self._read()
            if self.statuses[-1][2] == 503:
                await asyncio.sleep(0.05)  # a real client would honour Retry-After

    def successes_since(self, moment: float) -> int:
        return sum(1 for sent, _, status in self.statuses if sent >= moment and status == 200)


async def _needs_wholly_there_or_absent(production: Production) -> dict[str, int]:
    """Every need has its NEED_PUBLISHED event and its audit row, and no event or audit
    row names a need that is not there. Returns need id -> quantity."""
    async with production.db.sessions() as session:
        needs = {str(i): q for i, q in (await session.execute(select(Need.id, Need.quantity)))}
        events = (
            await session.scalars(select(OutboxEvent).where(OutboxEvent.topic == NEED_PUBLISHED))
        ).all()
        audited = set(
            (
                await session.scalars(
                    select(AuditEntry.entity_id).where(AuditEntry.entity_type == "Need")
                )
            ).all()
        )
    announced = [e.payload["needId"] for e in events]
    assert sorted(announced) == sorted(needs), "an event without its need, or the reverse"
    assert {str(i) for i in audited} == set(needs), "an audit row without its need, or the reverse"
    return needs


async def test_postgresql_restarted_under_load_answers_503_then_recovers_whole(
    production: Production, private_postgres: PostgresServer, http_receiver: HttpReceiver
) -> None:
    api = production.api
    # given the API and a worker on the private cluster, and a partner told of new needs
    admin = await production.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await subscribe_webhook(api, admin, http_receiver.url + "/hooks", ["NEED_PUBLISHED"])
    worker = production.start_worker()
    await eventually(lambda: _true("worker started" in worker.log()), 60, "the worker up")

    # and clients publishing needs and reading the registry
    load = Load(api, office.token, incident)
    clients = [asyncio.create_task(load.client()) for _ in range(CLIENTS)]
    try:
        await eventually(lambda: _true(load.successes_since(0) >= 20), 60, "load running")

        # when PostgreSQL is stopped (fast: sessions cut mid-request) and, after a
        # while, started again on the same port
        await asyncio.to_thread(private_postgres.stop)
        down_at = time.monotonic()
        await asyncio.sleep(OUTAGE)
        starting_at = time.monotonic()
        await asyncio.to_thread(private_postgres.start)
        up_at = time.monotonic()

        # then requests succeed again in the same server process
        await eventually(
            lambda: _true(load.successes_since(up_at) >= 20), 60, "requests succeeding again"
        )
    finally:
        load.stop.set()
        outcome = await asyncio.gather(*clients, return_exceptions=True)
    failures = [o for o in outcome if isinstance(o, BaseException)]
    assert failures == [], failures  # a 500, a transport error, an unexpected body
    # sent once the stop had returned and answered before the start began
    during = [s for sent, done, s in load.statuses if down_at <= sent and done < starting_at]
    assert during and set(during) == {503}, "while it was down, every request got a 503"
    recovered = min(a for sent, a, s in load.statuses if sent >= up_at and s == 200) - up_at
    print(
        f"\nrestart: {len(load.statuses)} requests, {len(during)} answered 503 while down,"
        f" first success {recovered:.2f}s after the restart;"
        f" {len(load.committed)} needs published, {len(load.refused)} refused"
    )

    # and every need is wholly there with its event and audit row, or wholly absent:
    # all that were answered as published, none that was never attempted, and of those
    # answered 503 only the ones whose commit went through before the answer was lost
    needs = await _needs_wholly_there_or_absent(production)
    stored = set(needs.values())
    assert load.committed <= stored
    assert stored <= load.committed | load.refused
    print(f"of the refused, {len(stored & load.refused)} had committed before the cut")

    # and the same worker process carries on: the partner hears of every stored need
    def unheard() -> set[str]:
        heard = {json.loads(r.body)["data"]["needId"] for r in http_receiver.received}
        return {i for i in needs if to_global_id("Need", uuid.UUID(i)) not in heard}

    async def explain() -> str:
        return f"unheard: {unheard()}; " + await production.explain()

    await eventually(lambda: _true(not unheard()), 240, "every need delivered", explain)
    await eventually(production.quiescent, 120, "the outbox drained", production.explain)
    assert worker.alive and production.serve.alive and len(production.workers) == 1
    assert "Exception in ASGI application" not in production.serve.log()


async def _true(value: bool) -> bool:
    return value
