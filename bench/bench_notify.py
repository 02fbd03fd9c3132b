"""Benchmark notifications: outbox -> relay -> Redis -> `reliefhub worker` -> INBOX / WEBHOOK.

    python -m bench.bench_notify                      # 2 worker processes x 8 threads
    python -m bench.bench_notify --processes 1 --threads 16 --notifications 5000

It makes a scratch PostgreSQL database (dropped afterwards), a private redis-server, a
local webhook receiver (uvicorn, its own process) and N `reliefhub worker` processes, then
measures, on this machine:

1. throughput: a backlog of --notifications notifications (events that fan out to
   --fan-out webhooks or inboxes each, half of each kind) is committed at once; the rate
   from the first delivery to the last (and from the commit, ramp-up included);
2. latency at a fixed offered rate (--rate notifications/s for --seconds): p50/p99 from
   the event's commit (its outbox row's created_at) to delivery (webhook: arrival at the
   receiver; inbox: the row's sent_at);
3. bare dramatiq: a no-op actor on the same Redis with the same processes and threads,
   the ceiling the ratio compares against.

Targets (issue 4): >= 1,000 notifications/s sustained, p99 <= 1 s at 200/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import redis
from sqlalchemy import func, select

from domain.db.base import utcnow
from domain.db.engine import Database
from domain.db.migrate import upgrade
from domain.db.notifications import Notification, WebhookSubscription
from domain.db.registry import Account, Office, Organization
from domain.db.relief import Incident, Need, OutboxEvent
from domain.enums import (
    Channel,
    Hazard,
    IncidentPhase,
    NeedStatus,
    NotificationStatus,
    OrganizationKind,
    OrganizationStatus,
    ResponseLevel,
    Role,
    WebhookEvent,
)
from domain.matching.model import Urgency
from domain.notify.webhooks import new_secret
from domain.outbox import NEED_PUBLISHED, ORGANIZATION_REVIEWED, emit
from domain.secrets_box import SecretBox

TARGET_RATE, TARGET_P99 = 1000.0, 1.0
SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
NOOP_QUEUE = "bench-noop"
LIMIT = 600.0  # seconds any one wait may take before the run is declared failed


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(condition: Any, what: str, within: float = LIMIT, interval: float = 0.05) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {within:.0f}s")
        time.sleep(interval)


@contextmanager
def _process(args: list[str], log: Path, env: dict[str, str] | None = None) -> Iterator[Any]:
    """A subprocess for the block's duration; SIGTERM, then SIGKILL if it lingers."""
    with log.open("ab") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A private redis-server without persistence; yields its URL."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    args += ["--save", "", "--appendonly", "no", "--dir", str(directory)]
    with _process(args, directory / "redis.log"):
        client = redis.Redis.from_url(url)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        _wait(answers, "redis-server", 30)
        client.close()
        yield url


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A new PostgreSQL database, migrated; dropped afterwards."""
    name = f"reliefhub_bench_{os.getpid()}"
    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")

    async def run(sql: str) -> None:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        url = dsn.rsplit("/", 1)[0] + "/" + name
        upgrade(url)
        yield url
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# -- the webhook receiver (its own process, so its CPU is not the bench's) -------------


def serve_receiver(port: int) -> None:
    """Answer every POST 200 at once, remembering each webhook-id's first arrival."""
    import uvicorn

    arrivals: dict[str, float] = {}
    seen = {"requests": 0}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        if scope["method"] == "POST":
            now = time.time()
            seen["requests"] += 1
            for name, value in scope["headers"]:
                if name == b"webhook-id":
                    arrivals.setdefault(value.decode(), now)
            body = b""
        else:
            body = json.dumps({"requests": seen["requests"], "arrivals": arrivals}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


def receiver_stats(url: str) -> tuple[int, dict[str, float]]:
    body = httpx.get(url + "/stats", timeout=60).json()
    return int(body["requests"]), {k: float(v) for k, v in body["arrivals"].items()}


# -- bare dramatiq: a no-op actor, the ceiling ------------------------------------------


def noop_broker(url: str) -> Any:
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    broker = RedisBroker(url=url)
    dramatiq.set_broker(broker)

    @dramatiq.actor(actor_name="bench.noop", queue_name=NOOP_QUEUE, broker=broker)
    def noop() -> None:
        """Nothing: what remains is dramatiq and Redis."""

    return noop


def serve_noop(url: str, threads: int) -> None:
    import dramatiq

    noop_broker(url)
    worker = dramatiq.Worker(dramatiq.get_broker(), worker_threads=threads)
    worker.start()
    stopped = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stopped.update(now=True))
    while not stopped["now"]:
        time.sleep(0.1)
    worker.stop()


def bench_noop(url: str, directory: Path, processes: int, threads: int, count: int) -> float:
    """Messages per second through bare dramatiq: enqueue `count`, start the workers,
    time from the first ack to the last (HLEN of the message hash drops to zero)."""
    noop = noop_broker(url)
    for _ in range(count):
        noop.send()
    client = redis.Redis.from_url(url)
    left = f"dramatiq:{NOOP_QUEUE}.msgs"
    with ExitStack() as stack:
        for i in range(processes):
            args = [sys.executable, "-m", "bench.bench_notify", "--noop-worker", url]
            args += ["--threads", str(threads)]
            stack.enter_context(_process(args, directory / f"noop{i}.log"))
        _wait(lambda: client.hlen(left) < count, "the first no-op", interval=0.002)
        first_time, first_left = time.monotonic(), client.hlen(left)
        _wait(lambda: client.hlen(left) == 0, "every no-op", interval=0.002)
        rate = first_left / (time.monotonic() - first_time)
    client.close()
    return float(rate)


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
        emit(session, NEED_PUBLISHED, {"needId": str(seed.need_ids[subject])})
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


async def sent_count(db: Database) -> int:
    async with db.sessions() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.status == NotificationStatus.SENT)
            )
            or 0
        )


async def wait_sent(db: Database, expected: int) -> None:
    deadline = time.monotonic() + LIMIT
    while await sent_count(db) < expected:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {await sent_count(db)} of {expected} notifications SENT")
        await asyncio.sleep(0.25)  # a light poll: the figures come from timestamps


async def deliveries(
    db: Database, arrivals: dict[str, float], since: datetime
) -> list[tuple[float, float]]:
    """(committed, delivered) epoch seconds of every notification of events since `since`."""
    async with db.sessions() as session:
        rows = (
            await session.execute(
                select(
                    Notification.id,
                    Notification.channel,
                    Notification.sent_at,
                    OutboxEvent.created_at,
                )
                .join(OutboxEvent, OutboxEvent.id == Notification.event_id)
                .where(OutboxEvent.created_at >= since)
            )
        ).all()
    found = []
    for ident, channel, sent_at, created_at in rows:
        if channel is Channel.WEBHOOK:
            delivered = arrivals[str(ident)]
        else:
            assert sent_at is not None
            delivered = sent_at.timestamp()
        found.append((created_at.timestamp(), delivered))
    return found


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Figures:
    processes: int
    threads: int
    notifications: int
    sustained: float = 0.0
    from_commit: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    worst: float = 0.0
    offered: int = 0
    noop: float = 0.0
    duplicates: int = 0


def bench_notify(args: argparse.Namespace, directory: Path) -> Figures:
    """Set up (outside any event loop: migrations run their own), measure, tear down."""
    figures = Figures(args.processes, args.threads, args.notifications)
    receiver_port = _free_port()
    receiver_url = f"http://127.0.0.1:{receiver_port}"
    with ExitStack() as stack:
        database_url = stack.enter_context(scratch_database(args.postgres))
        redis_url = stack.enter_context(redis_server(directory))
        receiver = [sys.executable, "-m", "bench.bench_notify", "--receiver", str(receiver_port)]
        stack.enter_context(_process(receiver, directory / "receiver.log"))
        _wait(lambda: _answers(receiver_url + "/stats"), "the receiver", 30)
        asyncio.run(_run(args, figures, database_url, redis_url, receiver_url, directory))
        figures.noop = bench_noop(
            redis_url, directory, args.processes, args.threads, args.noop_messages
        )
    return figures


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


async def _run(
    args: argparse.Namespace,
    figures: Figures,
    database_url: str,
    redis_url: str,
    receiver_url: str,
    directory: Path,
) -> None:
    db = Database.from_url(database_url)
    try:
        await _measure(args, figures, db, database_url, redis_url, receiver_url, directory)
    finally:
        await db.dispose()


async def _measure(
    args: argparse.Namespace,
    figures: Figures,
    db: Database,
    database_url: str,
    redis_url: str,
    receiver_url: str,
    directory: Path,
) -> None:
    fan_out = args.fan_out
    data = await seed(db, receiver_url, fan_out)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "SMS_"))},
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "RELIEFHUB_SECRET_KEY": SECRET_KEY,
        "RELIEFHUB_ENV": "production",
    }
    if args.poll_ms:
        # dramatiq's own variable: the most an idle consumer waits between Redis polls.
        env["dramatiq_worker_timeout"] = str(args.poll_ms)
    with ExitStack() as stack:
        for i in range(args.processes):
            command = [sys.executable, "-m", "reliefhub.cli", "worker"]
            command += ["--threads", str(args.threads)]
            stack.enter_context(_process(command, directory / f"worker{i}.log", env))
        # Warm up: connections, pools, imports; then the measured runs start from idle.
        await commit_backlog(db, data, 2 * args.processes)
        expected = 2 * args.processes * fan_out
        await wait_sent(db, expected)

        # 1. throughput: a backlog, drained
        events = args.notifications // fan_out
        since = utcnow()
        committed = await commit_backlog(db, data, events)
        await wait_sent(db, expected + events * fan_out)
        requests, arrivals = receiver_stats(receiver_url)
        done = [d for _, d in await deliveries(db, arrivals, since)]
        total = events * fan_out
        figures.notifications = total
        figures.sustained = (total - 1) / (max(done) - min(done))
        figures.from_commit = total / (max(done) - committed)
        expected += total

        # 2. latency at a fixed offered rate
        since = utcnow()
        offered = await offer_at_rate(db, data, args.rate, args.seconds)
        await wait_sent(db, expected + offered * fan_out)
        requests, arrivals = receiver_stats(receiver_url)
        latencies = [d - c for c, d in await deliveries(db, arrivals, since)]
        figures.offered = len(latencies)
        figures.p50 = _percentile(latencies, 50)
        figures.p99 = _percentile(latencies, 99)
        figures.worst = max(latencies)
        figures.duplicates = requests - len(arrivals)


def report(figures: Figures) -> None:
    ratio = figures.sustained / figures.noop if figures.noop else 0.0
    verdict_rate = "met" if figures.sustained >= TARGET_RATE else "MISSED"
    verdict_p99 = "met" if figures.p99 <= TARGET_P99 else "MISSED"
    print(f"workers: {figures.processes} process(es) x {figures.threads} threads")
    print(
        f"throughput: {figures.notifications} notifications, {figures.sustained:,.0f}/s sustained"
        f" (first to last delivery), {figures.from_commit:,.0f}/s from the commit"
        f" — target >= {TARGET_RATE:,.0f}/s: {verdict_rate}"
    )
    print(
        f"latency at the offered rate: {figures.offered} notifications,"
        f" p50 {figures.p50 * 1000:.0f} ms, p99 {figures.p99 * 1000:.0f} ms,"
        f" max {figures.worst * 1000:.0f} ms — target p99 <= {TARGET_P99:.0f} s: {verdict_p99}"
    )
    print(
        f"bare dramatiq no-op on the same Redis: {figures.noop:,.0f} messages/s;"
        f" ReliefHub / no-op = {ratio:.2f}"
    )
    print(f"webhook requests beyond one per webhook-id: {figures.duplicates}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_notify", description=__doc__)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--fan-out", type=int, default=5, help="notifications per event")
    parser.add_argument("--rate", type=float, default=200.0, help="offered notifications/s")
    parser.add_argument("--seconds", type=float, default=30.0, help="of the offered rate")
    parser.add_argument("--noop-messages", type=int, default=20_000)
    parser.add_argument(
        "--poll-ms",
        type=int,
        default=0,
        help="dramatiq_worker_timeout for the workers (default: dramatiq's 1000 ms)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"),
        help="a database to connect to for CREATE/DROP DATABASE of the scratch one",
    )
    parser.add_argument("--keep-logs", action="store_true", help="print where the logs are")
    parser.add_argument("--receiver", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--noop-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.receiver:
        serve_receiver(args.receiver)
        return
    if args.noop_worker:
        serve_noop(args.noop_worker, args.threads)
        return
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not on PATH")
    directory = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    try:
        figures = bench_notify(args, directory)
    finally:
        if args.keep_logs:
            print(f"logs: {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    report(figures)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    print(f"({started}, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
