"""Notifications in production mode, as real processes: `reliefhub serve` with REDIS_URL set,
`reliefhub worker` beside it, a private redis-server, PostgreSQL. Workers get SIGKILLed
and Redis is stopped; every notification must still arrive."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.outbox import DISPATCH_ISSUED, NEED_PUBLISHED
from domain.kernel.settings import Settings
from tests.conftest import require_service
from tests.faults.processes import Production, eventually, production_mode, redis_available
from tests.integration.documents import DISPATCH, MATCHING
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import SOON, flood_incident, published_need
from tests.support.receivers import HttpReceiver, ReceivedRequest, Reply

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
THREADS = 8  # `reliefhub worker --threads`
# A worker claims a batch's notifications a slice at a time: at most this many are claimed
# (in flight) at once in one process.
IN_FLIGHT = Settings.from_env({}).delivery_concurrency
BURST = 240
QUIET = 3.0  # seconds the partner must hear nothing while no worker runs
# A killed worker's claimed rows come back when their lease (20 s, no longer renewed)
# lapses and the relay's next scan for lost work (every 5 s) releases them; the rest of
# its batch when the batch's send event falls due (30 s). test_recovery.py holds the
# default settings to a minute; this bound leaves a loaded machine room.
RECOVERY = 300.0
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}
S = NotificationStatus
# Several alike needs, each confirmed rather than refused as a likely duplicate.
ALIKE = {"categoryCode": "TENTS", "neededBy": SOON, "confirmDuplicate": True}


@pytest.fixture
async def production(postgres_url: str, tmp_path: Path) -> AsyncIterator[Production]:
    """`reliefhub migrate`, then `reliefhub serve --no-migrate` with REDIS_URL on a private
    redis-server (so it runs no workers). Workers are the test's to start."""
    require_service("redis-server", redis_available())
    async with production_mode(postgres_url, tmp_path, SECRET_KEY, THREADS) as running:
        yield running


def _hooks(receiver: HttpReceiver) -> list[ReceivedRequest]:
    """Webhook requests received whole: a POST cut off by a SIGKILL is no delivery (a
    real server's read fails and it never acts on it)."""
    return [
        r
        for r in receiver.received
        if r.path == "/hooks" and len(r.body) == int(r.headers.get("content-length", -1))
    ]


def _ids(requests: list[ReceivedRequest]) -> Counter[str]:
    return Counter(r.headers["webhook-id"] for r in requests)


async def test_the_api_only_writes_the_outbox_and_a_worker_sends_the_signed_webhook(
    production: Production, http_receiver: HttpReceiver
) -> None:
    api = production.api
    # given the API in production mode, no worker running, and a partner's subscription
    admin = await production.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    secret = await subscribe_webhook(
        api, admin, http_receiver.url + "/hooks", ["DISPATCH_ISSUED", "NEED_PUBLISHED"]
    )

    # when the office publishes a need
    need = await published_need(api, office.token, incident, quantity=50, **ALIKE)

    # then, while no worker runs, the event waits in the outbox and nothing is sent
    await asyncio.sleep(QUIET)
    assert _hooks(http_receiver) == []
    assert await production.unrelayed(NEED_PUBLISHED) == 1
    assert await production.notifications() == {}

    # when a worker starts (relay, dramatiq consumer, periodic jobs)
    production.start_worker()

    # then the partner receives the need, signed per Standard Webhooks
    received = await http_receiver.await_for(1, within=60)
    Webhook(secret).verify(received[0].body, received[0].headers)
    body = json.loads(received[0].body)
    assert (body["type"], body["data"]["needId"]) == ("NEED_PUBLISHED", need)
    await eventually(
        production.quiescent, 60, "the NEED_PUBLISHED delivery SENT", production.explain
    )

    # when a charity pledges tents to the need
    charity = await verified_organization(
        api, office.token, 41, "341502", name="六安红十字会", kind="CHARITY"
    )
    offer = await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {"categoryCode": "TENTS", "quantity": 80, "serviceRegionCodes": ["341500"], **WINDOW},
        charity.token,
    )
    pledged = await api.mutate(
        "pledgeOffer",
        MATCHING["PledgeOffer"],
        {"offerId": offer["offer"]["id"], "needId": need, "quantity": 30},
        charity.token,
    )
    assert pledged["userErrors"] == [], pledged

    # then the partner is told of the dispatch, and the charity's inbox too, each once
    await eventually(production.quiescent, 60, "the dispatch notifications", production.explain)
    hooks = _hooks(http_receiver)
    assert [json.loads(h.body)["type"] for h in hooks] == ["NEED_PUBLISHED", "DISPATCH_ISSUED"]
    Webhook(secret).verify(hooks[1].body, hooks[1].headers)
    dispatches = await api.gql(DISPATCH["Dispatches"], {"first": 5}, office.token)
    dispatch = dispatches["dispatches"]["edges"][0]["node"]
    assert json.loads(hooks[1].body)["data"]["code"] == dispatch["code"]
    assert {(n["channel"], n["status"]) for n in dispatch["notifications"]} == {
        ("INBOX", "SENT"),
        ("WEBHOOK", "SENT"),
    }
    assert max(_ids(hooks).values()) == 1


async def test_a_worker_killed_mid_burst_loses_no_webhook(
    production: Production, http_receiver: HttpReceiver
) -> None:
    api = production.api
    # given a partner subscribed to published needs, and a burst of them in the outbox
    admin = await production.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    secret = await subscribe_webhook(api, admin, http_receiver.url + "/hooks", ["NEED_PUBLISHED"])
    parallel = asyncio.Semaphore(8)

    async def publish(i: int) -> str:
        async with parallel:
            return await published_need(api, office.token, incident, quantity=i + 1, **ALIKE)

    needs = set(await asyncio.gather(*(publish(i) for i in range(BURST))))
    assert await production.unrelayed(NEED_PUBLISHED) == BURST
    # a partner that takes a moment to answer, so the kill finds sends in flight
    http_receiver.respond_always(Reply(delay=0.05))

    # when a worker starts and is SIGKILLed once the partner has heard some of the needs
    first = production.start_worker()

    async def sending_after_a_quarter() -> bool:
        if len(_ids(_hooks(http_receiver))) < BURST // 4:
            return False
        rows = await production.notifications(Channel.WEBHOOK)
        return S.SENDING in rows.values()

    await eventually(
        sending_after_a_quarter, 120, "a quarter heard, sends in flight", production.explain, 0.01
    )
    first.kill()
    heard_before_kill = set(_ids(_hooks(http_receiver)))
    at_kill = await production.notifications(Channel.WEBHOOK)
    in_flight = {ident for ident, status in at_kill.items() if status is S.SENDING}
    assert len(heard_before_kill) < BURST, "the kill came after the burst, not in it"
    assert len(in_flight) <= IN_FLIGHT

    # and another worker starts
    production.start_worker()

    # then every need reaches the partner and every notification ends SENT
    async def all_sent() -> bool:
        rows = await production.notifications(Channel.WEBHOOK)
        heard = set(_ids(_hooks(http_receiver)))
        return len(rows) == BURST and set(rows.values()) == {S.SENT} and heard >= set(rows)

    await eventually(all_sent, RECOVERY, f"all {BURST} webhooks SENT", production.explain)
    hooks = _hooks(http_receiver)
    rows = await production.notifications(Channel.WEBHOOK)
    seen = _ids(hooks)
    assert set(seen) == set(rows)
    assert {json.loads(h.body)["data"]["needId"] for h in hooks} == needs

    # and a re-send is only ever a row that was being sent when the worker died,
    # identical to the first (same webhook-id, same body, a valid signature)
    duplicates = {ident for ident, n in seen.items() if n > 1}
    print(
        f"\nkill test: {len(duplicates)} of {BURST} webhook-ids arrived twice,"
        f" {len(in_flight)} rows were in flight at the kill"
    )
    assert duplicates <= in_flight
    assert max(seen.values()) <= 2
    first_body: dict[str, bytes] = {}
    for hook in hooks:
        Webhook(secret).verify(hook.body, hook.headers)
        ident = hook.headers["webhook-id"]
        assert first_body.setdefault(ident, hook.body) == hook.body

    # and a receiver that deduplicates by webhook-id, as Standard Webhooks prescribes,
    # processes each need exactly once
    processed: Counter[str] = Counter()  # need -> times the partner acted on it
    handled: set[str] = set()
    for hook in hooks:
        if hook.headers["webhook-id"] not in handled:
            handled.add(hook.headers["webhook-id"])
            processed[json.loads(hook.body)["data"]["needId"]] += 1
    assert set(processed) == needs and set(processed.values()) == {1}


async def test_stopping_redis_holds_dispatches_in_the_outbox_until_it_is_back(
    production: Production, http_receiver: HttpReceiver
) -> None:
    api = production.api
    # given an incident with five needs, a charity with tents, a partner subscribed to
    # dispatches, and a worker that has delivered everything so far
    admin = await production.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    needs = [
        await published_need(api, office.token, incident, quantity=10, **ALIKE) for _ in range(5)
    ]
    charity = await verified_organization(
        api, office.token, 42, "341502", name="六安红十字会", kind="CHARITY"
    )
    offer = await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {"categoryCode": "TENTS", "quantity": 100, "serviceRegionCodes": ["341500"], **WINDOW},
        charity.token,
    )
    secret = await subscribe_webhook(api, admin, http_receiver.url + "/hooks", ["DISPATCH_ISSUED"])
    worker = production.start_worker()
    await eventually(production.quiescent, 60, "the set-up delivered", production.explain)

    # when Redis stops
    await asyncio.to_thread(production.redis.stop)
    served_before = len(production.serve.log())

    # and the charity pledges tents to every need (each pledge issues a dispatch)
    for need in needs:
        pledged = await api.mutate(
            "pledgeOffer",
            MATCHING["PledgeOffer"],
            {"offerId": offer["offer"]["id"], "needId": need, "quantity": 10},
            charity.token,
        )
        # then the API keeps accepting
        assert pledged["userErrors"] == [], pledged
        assert pledged["allocation"]["status"] == "ACCEPTED"
    dispatches = await api.gql(DISPATCH["Dispatches"], {"first": 10}, office.token)
    assert [e["node"]["status"] for e in dispatches["dispatches"]["edges"]] == ["ISSUED"] * 5

    # and the relay keeps trying while the outbox holds every dispatch event
    failures = worker.log().count("outbox relay pass failed")

    async def relay_failed_twice() -> bool:
        return worker.log().count("outbox relay pass failed") >= failures + 2

    await eventually(relay_failed_twice, 120, "relay warnings", production.explain)
    assert await production.unrelayed(DISPATCH_ISSUED) == 5
    assert worker.alive and _hooks(http_receiver) == []
    # and the outage is warned about, its traceback once; the API logs no error at all
    assert worker.log().count("outbox relay pass failed (1 in a row)") == 1
    outage = production.serve.log()[served_before:]
    assert "ERROR" not in outage and "Traceback" not in outage, outage

    # when Redis is back on the same port
    await asyncio.to_thread(production.redis.start)

    # then every dispatch reaches the partner, signed, once, and every row is SENT
    await eventually(production.quiescent, 120, "delivery after Redis is back", production.explain)
    hooks = _hooks(http_receiver)
    for hook in hooks:
        Webhook(secret).verify(hook.body, hook.headers)
    codes = sorted(json.loads(h.body)["data"]["code"] for h in hooks)
    assert codes == sorted(e["node"]["code"] for e in dispatches["dispatches"]["edges"])
    assert max(_ids(hooks).values()) == 1
    # and the same worker process rode out the outage, and said so
    assert worker.alive and len(production.workers) == 1
    assert "outbox relay recovered after" in worker.log()
