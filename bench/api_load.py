"""The two servers under test and one bounded asyncio load generator for both."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import httpx

from bench.common import SECRET_KEY, percentile, process, wait_until

# One exact version: `postgraphile@4` would follow whatever 4.x comes next, and plain
# `postgraphile` is already v5, another program.
POSTGRAPHILE = "postgraphile@4.14.1"
# Outside the work tree, so that fresh clones (CI's, other work trees) on one machine
# install it once, not once each (~30 s); the version in the name makes a change of it a
# new install.
POSTGRAPHILE_DIR = Path(
    os.environ.get(
        "BENCH_POSTGRAPHILE_DIR",
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "reliefhub-bench"
        / POSTGRAPHILE.replace("@", "-"),
    )
)
# The bench measures reads, not the edge's budgets: both are raised far out of the way.
UNLIMITED = {"COST_POINTS_PER_MINUTE": "1000000000", "QUERY_COST_LIMIT": "1000000"}

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
        return percentile(self.latencies, percent) * 1000 if self.latencies else float("nan")


@dataclass
class Server:
    """A server under test, started: its GraphQL URL, and the URL that says it is up."""

    name: str
    url: str
    health: str
    child: subprocess.Popen[bytes]
    log: Path

    def wait(self) -> None:
        def up() -> bool:
            if self.child.poll() is not None:  # dead: say so now, not after the timeout
                raise SystemExit(f"{self.name} exited with {self.child.returncode}: {self.log}")
            try:
                return httpx.get(self.health, timeout=2).status_code < 500
            except httpx.HTTPError:
                return False

        wait_until(up, self.name, 120)


@contextmanager
def reliefhub(
    database_url: str, port: int, log: Path, processes: int, redis_url: str | None
) -> Iterator[Server]:
    """`reliefhub serve` in production mode, started, not yet waited for: both servers
    start side by side. Several processes share the port through Redis (the rate limits,
    the live bus); one runs without a broker, its embedded workers idle."""
    env = {
        **os.environ,
        **UNLIMITED,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "RELIEFHUB_ENV": "production",
        "RELIEFHUB_SECRET_KEY": SECRET_KEY,
    }
    env.pop("REDIS_URL", None)
    command = [str(Path(sys.executable).with_name("reliefhub")), "serve", "--no-migrate"]
    if processes > 1:
        assert redis_url, "several server processes need REDIS_URL"
        env["REDIS_URL"] = redis_url
        command += ["--workers", str(processes)]
    root = f"http://127.0.0.1:{port}"
    with process(command, log, env) as child:
        yield Server("reliefhub serve", f"{root}/graphql", f"{root}/healthz", child, log)


def node_missing() -> str | None:
    """Why PostGraphile cannot run here (no Node.js or npm), or None when it can."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not on the PATH" if missing else None


def install_postgraphile() -> Path:
    """PostGraphile from the npm registry into POSTGRAPHILE_DIR, once; its binary."""
    binary = POSTGRAPHILE_DIR / "node_modules" / ".bin" / "postgraphile"
    if binary.exists():
        return binary
    if why := node_missing():
        raise SystemExit(f"PostGraphile needs Node.js and npm: {why}")
    # Installed beside, then renamed into place: an install cut short, or two benches
    # installing at once, never leave a half-filled directory that looks installed.
    POSTGRAPHILE_DIR.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="install-", dir=POSTGRAPHILE_DIR.parent))
    print(f"installing {POSTGRAPHILE} from npm into {POSTGRAPHILE_DIR}", flush=True)
    try:
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", POSTGRAPHILE],
            cwd=staging,
            check=True,
        )
        staging.rename(POSTGRAPHILE_DIR)
    except OSError:
        if not binary.exists():  # not another bench's install that won the race
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return binary


@contextmanager
def postgraphile(database_url: str, port: int, log: Path, processes: int) -> Iterator[Server]:
    """PostGraphile v4 over the same database's public schema, started, not waited for;
    with several processes, its own cluster of Node.js workers on the one port."""
    command = [
        str(install_postgraphile()),
        *("-c", database_url, "--schema", "public", "--port", str(port)),
        *("--host", "127.0.0.1", "--disable-graphiql", "--disable-query-log"),
        *(("--cluster-workers", str(processes)) if processes > 1 else ()),
    ]
    env = {**os.environ, "NODE_ENV": "production"}
    url = f"http://127.0.0.1:{port}/graphql"
    with process(command, log, env) as child:
        yield Server("postgraphile", url, url, child, log)


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
