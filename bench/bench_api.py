"""Benchmark the read path: ReliefHub beside PostGraphile v4 on the same PostgreSQL data.

    python -m bench.bench_api                 # 10 s a leg, 16 clients
    python -m bench.bench_api --reuse         # on the data set of the last run
    python -m bench.bench_api --reuse --seconds 3
    python -m bench.bench_api --quick         # 600 needs, 0.25 s legs: does it work

A scratch database (BENCH_DATABASE, default reliefhub_bench_api, on the server of
BENCH_POSTGRES_URL) is created, migrated and seeded (bench/api_seed.py), and left in place
for --reuse; --quick seeds a twentieth of it in a database of its own, dropped afterwards,
and without Node.js/npm measures ReliefHub alone. `reliefhub serve`
(RELIEFHUB_ENV=production) and PostGraphile run on it side by side; one bounded asyncio
client (aiohttp, --concurrency clients each sending its next request when the last
answered) drives each workload (bench/api_workloads.py) A/B/A/B so machine drift cancels:

W1 needs(first: 50, filter: {incidentId}) scalar fields, W2 the contract's Needs query
(needs -> allocations -> offer -> provider), W3 node(id) of random needs, W4 a partner
sync reading all the needs (10,000) in pages of 100. Then W2 open-loop at --rate req/s.

Each side runs --processes server processes (default: one per CPU; ReliefHub's share
Redis, PostGraphile's are its --cluster-workers). Targets: ReliefHub >= 1.0x
PostGraphile's req/s on W1-W4; W2 p99 <= 50 ms at 100 req/s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import api_load
from bench.api_load import Sample
from bench.api_seed import FULL, QUICK, Scale, Seeded, seed
from bench.api_statements import statements_per_request
from bench.api_workloads import postgraphile_node_ids, workloads
from bench.common import (
    Run,
    add_postgres_argument,
    database_url,
    free_port,
    parse,
    ratio,
    recreate_database,
    scratch_database,
    scratch_name,
)
from domain.kernel.db.engine import Database

FULL_NAME = "reliefhub_bench_api"  # kept between runs for --reuse


async def reused(url: str, scale: Scale) -> Seeded | None:
    """The data set the last run left in the database at `url`, if it is there whole."""
    db = Database.from_url(url)
    try:
        async with db.engine.connect() as connection:
            ids = text("SELECT id FROM incidents ORDER BY created_at")
            incident_ids = [uuid.UUID(str(i)) for i in (await connection.execute(ids)).scalars()]
            ids = text("SELECT id FROM needs")
            needs = [uuid.UUID(str(n)) for n in (await connection.execute(ids)).scalars()]
    except Exception:  # no such database, or not migrated: seed a new one
        return None
    finally:
        await db.dispose()
    whole = incident_ids and len(needs) == scale.needs
    return Seeded(incident_ids, needs, "reused from the last run") if whole else None


async def seed_database(url: str, scale: Scale) -> Seeded:
    """Fill the migrated, empty database at `url`."""
    db = Database.from_url(url)
    try:
        return await seed(db, scale)
    finally:
        await db.dispose()


def _row(name: str, rh: Sample, pg: Sample | None, statements: str) -> str:
    ours = f"{name:<37} {rh.rate:8.0f} {rh.p(50):7.1f} {rh.p(99):7.1f}"
    if pg is None:
        return f"{ours} | {'skipped':>24} | {'—':>6} | {statements:>5}"
    theirs = f"{pg.rate:8.0f} {pg.p(50):7.1f} {pg.p(99):7.1f}"
    return f"{ours} | {theirs} | {ratio(rh.rate, pg.rate):5.2f}x | {statements:>5}"


async def _legs(
    args: argparse.Namespace, servers: list[tuple[str, Any]]
) -> dict[str, api_load.Sample]:
    """Warm each server up (unmeasured), then A/B/A/B so that machine drift cancels."""
    totals = {url: Sample() for url, _traffic in servers}
    warm_up = min(1.0, args.seconds / 2)
    for url, traffic in servers:
        await api_load.drive(url, traffic, seconds=warm_up, concurrency=args.concurrency)
    for _round in range(2):
        for url, traffic in servers:
            sample = await api_load.drive(
                url, traffic, seconds=args.seconds, concurrency=args.concurrency
            )
            totals[url].add(sample)
    return totals


async def measure(
    args: argparse.Namespace, seeded: Seeded, rh: api_load.Server, pg: api_load.Server | None
) -> None:
    plan = workloads(seeded, await postgraphile_node_ids(pg.url) if pg else [])
    # (server, its side of each workload's pair): ReliefHub's first, PostGraphile's second.
    sides = [(rh, 0)] + ([(pg, 1)] if pg else [])
    print(f"{args.concurrency} clients, {args.seconds:g} s a leg")
    print(
        f"{'workload':<37} {'RH req/s':>8} {'p50 ms':>7} {'p99 ms':>7} | "
        f"{'PG req/s':>8} {'p50 ms':>7} {'p99 ms':>7} | {'RH/PG':>6} | stmts"
    )
    statements = await statements_per_request(args.url, plan)
    for name, pair in plan.items():
        totals = await _legs(args, [(server.url, pair[side]) for server, side in sides])
        print(_row(name, totals[rh.url], totals[pg.url] if pg else None, statements[name]))
        for server, _side in sides:
            if totals[server.url].failures:
                sample = totals[server.url]
                print(f"  {server.name}: {sample.failures} failed, e.g. {sample.first_failure}")
    w2 = next(name for name in plan if name.startswith("W2"))
    for server, side in sides:
        at_rate = await api_load.paced(
            server.url, plan[w2][side], rate=args.rate, seconds=args.seconds
        )
        print(
            f"W2 at {args.rate:g} req/s, {server.name:<15}: p50 {at_rate.p(50):6.1f} ms, "
            f"p99 {at_rate.p(99):6.1f} ms ({len(at_rate.latencies)} answered, "
            f"{at_rate.failures} failed)"
        )
        if at_rate.failures:
            print(f"  e.g. {at_rate.first_failure}")


@contextmanager
def servers(args: argparse.Namespace) -> Iterator[list[api_load.Server]]:
    """ReliefHub, and PostGraphile unless a quick run has no Node.js: started, not waited for."""
    logs = Path(tempfile.mkdtemp(prefix="bench-api-"))
    print(f"server logs in {logs}")
    # Without Node.js a quick run still shows that ReliefHub's side works; a full run is
    # a comparison, and stops (install_postgraphile says why).
    skip = api_load.node_missing() if args.quick else None
    if skip:
        print(f"PostGraphile SKIPPED: {skip}; ReliefHub's figures only, no ratios")
    print(f"each server runs {args.processes} process(es) on its port")
    with ExitStack() as stack:
        rh = api_load.reliefhub(args.url, free_port(), logs / "rh.log", args.processes, args.redis)
        started = [stack.enter_context(rh)]
        if not skip:
            pg = api_load.postgraphile(args.url, free_port(), logs / "pg.log", args.processes)
            started.append(stack.enter_context(pg))
        yield started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each A or B leg")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rate", type=float, default=100.0, help="W2's open-loop rate")
    parser.add_argument("--reuse", action="store_true", help="keep the last run's data set")
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="server processes for each side (default: one per CPU)",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL"),
        help="Redis for ReliefHub's processes to share (BENCH_REDIS_URL, else REDIS_URL)",
    )
    add_postgres_argument(parser)
    args = parse(parser, argv, {"seconds": 0.25, "concurrency": 2, "rate": 20.0})
    if args.quick and args.reuse:
        parser.error("--quick seeds its tiny data set afresh; --reuse is for the full one")
    if args.processes > 1 and not args.redis:
        # Without a Redis to share, ReliefHub runs one process; so does PostGraphile then.
        print("no BENCH_REDIS_URL or REDIS_URL: one process for each side")
        args.processes = 1
    run = Run("bench-api", args.quick)
    scale = QUICK if args.quick else FULL
    name = scratch_name("api") if args.quick else os.environ.get("BENCH_DATABASE", FULL_NAME)
    args.url = database_url(args.postgres, name)
    with ExitStack() as stack:
        seeded = asyncio.run(reused(args.url, scale)) if args.reuse else None
        if args.quick:  # a database of this run's own
            stack.enter_context(scratch_database(args.postgres, name))
        elif seeded is None:
            recreate_database(args.postgres, name)
        started = stack.enter_context(servers(args))
        # The servers start while the data goes in: neither reads it before it is asked.
        seeded = seeded or asyncio.run(seed_database(args.url, scale))
        print(f"data set in {name}: {seeded.how}")
        print(
            f"both servers: rate limit and query cost limit raised out of the way "
            f"({', '.join(f'{k}={v}' for k, v in api_load.UNLIMITED.items())}); "
            f"ReliefHub RELIEFHUB_ENV=production"
        )
        for server in started:
            server.wait()
        rh, pg = started[0], started[1] if len(started) > 1 else None
        asyncio.run(measure(args, seeded, rh, pg))
    run.done()


if __name__ == "__main__":
    main()
