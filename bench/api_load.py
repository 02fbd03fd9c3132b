"""The two servers under test and one bounded asyncio load generator for both."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import httpx

from bench.bench_notify import _percentile, _process, _wait

HERE = Path(__file__).resolve().parent
POSTGRAPHILE_DIR = HERE / ".postgraphile"
# The bench measures reads, not the edge's budgets: both are raised far out of the way.
UNLIMITED = {"COST_POINTS_PER_MINUTE": "1000000000", "QUERY_COST_LIMIT": "1000000"}
SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="

# One request: (document, variables).
Request = tuple[str, dict[str, Any]]


class Traffic(Protocol):
    """A workload as one server speaks it: what each client sends next, what it got back."""

    def request(self, client: int) -> Request: ...

    def answer(self, client: int, body: dict[str, Any]) -> str | None:
        """The problem with an answer (None when it is right); may advance the client."""


@dataclass
class Sample:
    """What one server did on one workload: latencies of successful requests, failures."""

    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0
    first_failure: str | None = None

    def add(self, other: Sample) -> None:
        self.latencies += other.latencies
        self.failures += other.failures
        self.seconds += other.seconds
        self.first_failure = self.first_failure or other.first_failure

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p(self, percent: float) -> float:
        return _percentile(self.latencies, percent) * 1000 if self.latencies else float("nan")


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code < 500
    except httpx.HTTPError:
        return False


@contextmanager
def reliefhub(database_url: str, port: int, log: Path) -> Iterator[str]:
    """`reliefhub serve` in production mode; yields its GraphQL URL."""
    env = {
        **os.environ,
        **UNLIMITED,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "RELIEFHUB_ENV": "production",
        "RELIEFHUB_SECRET_KEY": SECRET_KEY,
    }
    env.pop("REDIS_URL", None)  # reads need no broker; the embedded workers stay idle
    command = [str(Path(sys.executable).with_name("reliefhub")), "serve", "--no-migrate"]
    with _process(command, log, env):
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), "reliefhub serve", 120)
        yield f"http://127.0.0.1:{port}/graphql"


def install_postgraphile() -> Path:
    """PostGraphile v4 from the npm registry into bench/.postgraphile (git-ignored)."""
    binary = POSTGRAPHILE_DIR / "node_modules" / ".bin" / "postgraphile"
    if not binary.exists():
        if shutil.which("npm") is None:
            raise SystemExit("PostGraphile needs Node.js and npm on the PATH")
        POSTGRAPHILE_DIR.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "postgraphile@4"],
            cwd=POSTGRAPHILE_DIR,
            check=True,
        )
    return binary


@contextmanager
def postgraphile(database_url: str, port: int, log: Path) -> Iterator[str]:
    """PostGraphile v4 over the same database's public schema; yields its GraphQL URL."""
    command = [
        str(install_postgraphile()),
        *("-c", database_url, "--schema", "public", "--port", str(port)),
        *("--host", "127.0.0.1", "--disable-graphiql", "--disable-query-log"),
    ]
    env = {**os.environ, "NODE_ENV": "production"}
    with _process(command, log, env):
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/graphql"), "postgraphile", 120)
        yield f"http://127.0.0.1:{port}/graphql"


async def drive(url: str, traffic: Traffic, *, seconds: float, concurrency: int) -> Sample:
    """`concurrency` clients, each sending its next request as soon as the last answered."""
    sample = Sample()
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def client(number: int) -> None:
            while time.perf_counter() < deadline:
                query, variables = traffic.request(number)
                started = time.perf_counter()
                async with session.post(url, json={"query": query, "variables": variables}) as r:
                    body = await r.json(content_type=None)
                elapsed = time.perf_counter() - started
                problem = f"HTTP {r.status}" if r.status != 200 else traffic.answer(number, body)
                if problem is None:
                    sample.latencies.append(elapsed)
                else:
                    sample.failures += 1
                    sample.first_failure = sample.first_failure or problem

        began = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(concurrency)))
        sample.seconds = time.perf_counter() - began
    return sample


async def paced(url: str, traffic: Traffic, *, rate: float, seconds: float) -> Sample:
    """An open loop: `rate` requests a second whatever the answers' pace (p99 at a load)."""
    sample = Sample()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=256)) as session:

        async def one(number: int) -> None:
            query, variables = traffic.request(number)
            started = time.perf_counter()
            async with session.post(url, json={"query": query, "variables": variables}) as r:
                body = await r.json(content_type=None)
            problem = f"HTTP {r.status}" if r.status != 200 else traffic.answer(number, body)
            if problem is None:
                sample.latencies.append(time.perf_counter() - started)
            else:
                sample.failures += 1
                sample.first_failure = sample.first_failure or problem

        began = time.perf_counter()
        tasks = []
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, began + i / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        sample.seconds = time.perf_counter() - began
    return sample
