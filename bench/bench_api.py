"""Benchmark the read path: ReliefHub beside PostGraphile v4 on the same PostgreSQL data.

    python -m bench.bench_api                 # 10 s a leg, 16 clients
    python -m bench.bench_api --quick         # 3 s a leg: to see that it works
    python -m bench.bench_api --reuse         # keep the data set of the last run

A scratch database (BENCH_DATABASE, default reliefhub_bench_api, on the server of
BENCH_POSTGRES_URL) is created, migrated and seeded (bench/api_seed.py), and left in place
for --reuse. `reliefhub serve` (RELIEFHUB_ENV=production) and PostGraphile run on it side
by side; one bounded asyncio client (aiohttp, --concurrency clients each sending its next
request when the last answered) drives each workload A/B/A/B so machine drift cancels:

W1 needs(first: 50, filter: {incidentId}) scalar fields, W2 the contract's Needs query
(needs -> allocations -> offer -> provider), W3 node(id) of random needs, W4 a partner
sync reading all 10,000 needs in pages of 100. Then W2 open-loop at --rate req/s.

Targets (issue 8): ReliefHub >= 1.0x PostGraphile's req/s on W1-W3; W2 p99 <= 50 ms at
100 req/s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench import api_load
from bench.api_load import Request, Sample
from bench.api_seed import Seeded, prepare
from bench.api_statements import statements_per_request
from bench.bench_notify import _free_port
from domain.kernel.global_ids import to_global_id
from reliefhub.operations import partner_operations

NEEDS_DOCUMENT = partner_operations("matching")["Needs"]

NEED_FIELDS = "id quantity quantityAllocated quantityDelivered status urgency neededBy externalId"
W1_RH = f"""query W1($incident: ID!) {{ needs(first: 50, filter: {{incidentId: $incident}}) {{
  edges {{ node {{ {NEED_FIELDS} }} }} }} }}"""
W1_PG = f"""query W1($incident: UUID!) {{ allNeeds(first: 50, condition: {{incidentId: $incident}},
  orderBy: [CREATED_AT_ASC, ID_ASC]) {{ edges {{ node {{ {NEED_FIELDS} }} }} }} }}"""
# PostGraphile has no regions table (ReliefHub names regions in-process) and no volunteer
# visibility rule: it answers regionCode and every volunteer to anyone.
W2_PG = """query Needs($incident: UUID!) { allNeeds(first: 50, condition: {incidentId: $incident},
  orderBy: [CREATED_AT_ASC, ID_ASC]) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id quantity quantityAllocated quantityDelivered status urgency
    categoryCode regionCode
    allocationsByNeedId(first: 10, orderBy: [CREATED_AT_ASC, ID_ASC]) { edges { node {
      id quantity status
      offerByOfferId { id organizationByOrganizationId { id name }
        volunteerByVolunteerId { id displayName } } } } } } } } }"""
W3_RH = "query W3($id: ID!) { node(id: $id) { id ... on Need { quantity status urgency } } }"
W3_PG = (
    "query W3($id: ID!) { node(nodeId: $id) { nodeId ... on Need { quantity status urgency } } }"
)
W4_RH = f"""query W4($after: String) {{ needs(first: 100, after: $after) {{
  pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {NEED_FIELDS} updatedAt }} }} }} }}"""
W4_PG = f"""query W4($after: Cursor) {{ allNeeds(first: 100, after: $after,
  orderBy: [CREATED_AT_ASC, ID_ASC]) {{
  pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {NEED_FIELDS} updatedAt }} }} }} }}"""
SYNC_PAGES = 100  # x 100 = the 10,000-object sync


def _errors(body: dict[str, Any]) -> str | None:
    return str(body["errors"])[:300] if body.get("errors") else None


class Lookup:
    """W1-W3: one document; each request a random incident or need."""

    def __init__(self, document: str, choices: list[Any], name: str) -> None:
        self.document, self.choices, self.name = document, choices, name
        self.rng = random.Random(8)

    def request(self, client: int) -> Request:
        return self.document, {self.name: self.rng.choice(self.choices)}

    def answer(self, client: int, body: dict[str, Any]) -> str | None:
        if _errors(body):
            return _errors(body)
        data = body.get("data") or {}
        return None if all(v is not None for v in data.values()) else f"empty: {body}"[:300]


class Sync:
    """W4: each client walks the needs from the start, 100 at a time, then starts over."""

    def __init__(self, document: str, root: str) -> None:
        self.document, self.root = document, root
        self.cursors: dict[int, str | None] = {}
        self.pages: dict[int, int] = {}

    def request(self, client: int) -> Request:
        return self.document, {"after": self.cursors.get(client)}

    def answer(self, client: int, body: dict[str, Any]) -> str | None:
        if _errors(body):
            return _errors(body)
        page = body["data"][self.root]
        if len(page["edges"]) != 100:
            return f"a page of {len(page['edges'])}"
        self.pages[client] = self.pages.get(client, 0) + 1
        done = self.pages[client] >= SYNC_PAGES or not page["pageInfo"]["hasNextPage"]
        self.cursors[client] = None if done else page["pageInfo"]["endCursor"]
        self.pages[client] = 0 if done else self.pages[client]
        return None


def workloads(seeded: Seeded, pg_node_ids: list[str]) -> dict[str, tuple[Any, Any]]:
    """Workload name -> (ReliefHub traffic, PostGraphile traffic)."""
    rh_incidents = [to_global_id("Incident", i) for i in seeded.incident_ids]
    pg_incidents = [str(i) for i in seeded.incident_ids]
    rh_needs = [to_global_id("Need", n) for n in seeded.need_ids]
    return {
        "W1 needs(first: 50) scalars": (
            Lookup(W1_RH, rh_incidents, "incident"),
            Lookup(W1_PG, pg_incidents, "incident"),
        ),
        "W2 Needs→allocations→offer→provider": (
            _contract_needs(rh_incidents),
            Lookup(W2_PG, pg_incidents, "incident"),
        ),
        "W3 node(id) of a need": (Lookup(W3_RH, rh_needs, "id"), Lookup(W3_PG, pg_node_ids, "id")),
        "W4 sync of 10,000 needs by 100": (Sync(W4_RH, "needs"), Sync(W4_PG, "allNeeds")),
    }


def _contract_needs(incidents: list[str]) -> Lookup:
    lookup = Lookup(NEEDS_DOCUMENT, incidents, "incident")
    lookup.request = lambda _c: (  # type: ignore[method-assign]
        NEEDS_DOCUMENT,
        {"filter": {"incidentId": lookup.rng.choice(incidents)}, "first": 50},
    )
    return lookup


async def _pg_node_ids(url: str) -> list[str]:
    """PostGraphile's own global ids of the needs (its nodeId encoding, asked not guessed)."""
    ids: list[str] = []
    after = None
    query = "query($after: Cursor) { allNeeds(first: 1000, after: $after) { pageInfo { hasNextPage endCursor } nodes { nodeId } } }"  # noqa: E501
    async with api_load.aiohttp.ClientSession() as session:
        while True:
            async with session.post(url, json={"query": query, "variables": {"after": after}}) as r:
                page = (await r.json())["data"]["allNeeds"]
            ids += [n["nodeId"] for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                return ids
            after = page["pageInfo"]["endCursor"]


def _row(name: str, rh: Sample, pg: Sample, statements: str) -> str:
    ratio = rh.rate / pg.rate if pg.rate else float("nan")
    return (
        f"{name:<37} {rh.rate:8.0f} {rh.p(50):7.1f} {rh.p(99):7.1f} | {pg.rate:8.0f} "
        f"{pg.p(50):7.1f} {pg.p(99):7.1f} | {ratio:5.2f}x | {statements:>5}"
    )


async def measure(args: argparse.Namespace, database_url: str, seeded: Seeded) -> None:
    statements = await statements_per_request(database_url, workloads(seeded, []))
    logs = Path(tempfile.mkdtemp(prefix="bench-api-"))
    rh_port, pg_port = _free_port(), _free_port()
    with (
        api_load.reliefhub(database_url, rh_port, logs / "reliefhub.log") as rh_url,
        api_load.postgraphile(database_url, pg_port, logs / "postgraphile.log") as pg_url,
    ):
        plan = workloads(seeded, await _pg_node_ids(pg_url))
        print(f"servers up (logs in {logs}); {args.concurrency} clients, {args.seconds:g} s a leg")
        print(
            f"{'workload':<37} {'RH req/s':>8} {'p50 ms':>7} {'p99 ms':>7} | "
            f"{'PG req/s':>8} {'p50 ms':>7} {'p99 ms':>7} | {'RH/PG':>6} | stmts"
        )
        for name, (rh, pg) in plan.items():
            totals = {rh_url: Sample(), pg_url: Sample()}
            for url, traffic in ((rh_url, rh), (pg_url, pg)):  # warm both up, unmeasured
                await api_load.drive(url, traffic, seconds=1, concurrency=args.concurrency)
            for _round in range(2):  # A/B/A/B
                for url, traffic in ((rh_url, rh), (pg_url, pg)):
                    totals[url].add(
                        await api_load.drive(
                            url, traffic, seconds=args.seconds, concurrency=args.concurrency
                        )
                    )
            print(_row(name, totals[rh_url], totals[pg_url], statements[name]))
            for server, sample in (("ReliefHub", totals[rh_url]), ("PostGraphile", totals[pg_url])):
                if sample.failures:
                    print(f"  {server}: {sample.failures} failed, e.g. {sample.first_failure}")
        name = "W2 Needs→allocations→offer→provider"
        for server, url, traffic in (
            ("ReliefHub", rh_url, plan[name][0]),
            ("PostGraphile", pg_url, plan[name][1]),
        ):
            at_rate = await api_load.paced(url, traffic, rate=args.rate, seconds=args.seconds)
            print(
                f"W2 at {args.rate:g} req/s, {server:<12}: p50 {at_rate.p(50):6.1f} ms, "
                f"p99 {at_rate.p(99):6.1f} ms ({len(at_rate.latencies)} answered, "
                f"{at_rate.failures} failed)"
            )
            if at_rate.failures:
                print(f"  e.g. {at_rate.first_failure}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each A or B leg")
    parser.add_argument("--quick", action="store_true", help="3 s legs: to see that it works")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rate", type=float, default=100.0, help="W2's open-loop rate")
    parser.add_argument("--reuse", action="store_true", help="keep the last run's data set")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"),
        help="the PostgreSQL server (any database on it) for the scratch database",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds = 3.0
    name = os.environ.get("BENCH_DATABASE", "reliefhub_bench_api")
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    seeded = asyncio.run(prepare(url, reuse=args.reuse))
    print(f"data set in {name}: {seeded.how}")
    print(
        f"both servers: rate limit and query cost limit raised out of the way "
        f"({', '.join(f'{k}={v}' for k, v in api_load.UNLIMITED.items())}); "
        f"ReliefHub RELIEFHUB_ENV=production, no REDIS_URL (embedded workers, idle)"
    )
    asyncio.run(measure(args, url, seeded))


if __name__ == "__main__":
    main()
