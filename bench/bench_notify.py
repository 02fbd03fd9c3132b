"""Benchmark notifications: outbox -> relay -> Redis -> `reliefhub worker` -> INBOX / WEBHOOK.

    python -m bench.bench_notify                      # 2 worker processes x 8 threads
    python -m bench.bench_notify --processes 1 --threads 16 --notifications 5000
    python -m bench.bench_notify --quick              # 100 notifications: does it work

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
import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.common import (
    LIMIT,
    SECRET_KEY,
    Run,
    add_postgres_argument,
    parse,
    percentile,
    process,
    ratio,
    scratch_database,
    scratch_name,
    verdict,
)
from bench.notify_harness import (
    bench_noop,
    receiver,
    receiver_stats,
    redis_server,
    wait_for_receiver,
)
from bench.notify_seed import commit_backlog, offer_at_rate, seed
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.outbox import OutboxEvent
from domain.notify.model import Notification

TARGET_RATE, TARGET_P99 = 1000.0, 1.0


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
    with ExitStack() as stack:
        # The receiver starts first: its start-up overlaps the database's migrations.
        receiver_url = stack.enter_context(receiver(directory))
        database_url = stack.enter_context(scratch_database(args.postgres, scratch_name("notify")))
        redis_url = stack.enter_context(redis_server(directory))
        wait_for_receiver(receiver_url)
        asyncio.run(_run(args, figures, database_url, redis_url, receiver_url, directory))
        figures.noop = bench_noop(
            redis_url, directory, args.processes, args.threads, args.noop_messages
        )
    return figures


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
        # The receiver stands in for partners on this machine, over plain http.
        "WEBHOOK_ALLOW_HTTP": "true",
        "WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
    }
    if args.poll_ms:
        # dramatiq's own variable: the most an idle consumer waits between Redis polls.
        env["dramatiq_worker_timeout"] = str(args.poll_ms)
    with ExitStack() as stack:
        for i in range(args.processes):
            command = [sys.executable, "-m", "reliefhub.cli", "worker"]
            command += ["--threads", str(args.threads)]
            stack.enter_context(process(command, directory / f"worker{i}.log", env))
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
        figures.p50 = percentile(latencies, 50)
        figures.p99 = percentile(latencies, 99)
        figures.worst = max(latencies)
        figures.duplicates = requests - len(arrivals)


def report(figures: Figures, quick: bool) -> None:
    verdict_rate = verdict(figures.sustained >= TARGET_RATE, quick)
    verdict_p99 = verdict(figures.p99 <= TARGET_P99, quick)
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
        f" ReliefHub / no-op = {ratio(figures.sustained, figures.noop):.2f}"
    )
    print(f"webhook requests beyond one per webhook-id: {figures.duplicates}")


# A few seconds of everything above: one worker process, a hundred notifications, and
# 100 ms idle polls so that the waits between the steps do not dominate.
QUICK = {
    "processes": 1,
    "threads": 4,
    "notifications": 100,
    "rate": 50.0,
    "seconds": 1.0,
    "noop_messages": 500,
    "poll_ms": 100,
}


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
    add_postgres_argument(parser)
    parser.add_argument("--keep-logs", action="store_true", help="print where the logs are")
    args = parse(parser, argv, QUICK)
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not on PATH")
    run = Run("bench-notify", args.quick)
    directory = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    failed = True
    try:
        figures = bench_notify(args, directory)
        failed = False
    finally:
        # A failed run keeps its logs: the workers' tracebacks are the only account of it.
        if args.keep_logs or failed:
            print(f"logs: {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    report(figures, args.quick)
    run.done()


if __name__ == "__main__":
    main()
