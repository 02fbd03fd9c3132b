"""Real processes for the fault tests: a private redis-server, `reliefhub serve` and
`reliefhub worker` subprocesses, what the tests ask of them, and bounded waits.
Everything started here is stopped in a `finally`; nothing touches the shared Redis."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Self

import httpx
import redis
from redis import asyncio as aioredis
from sqlalchemy import func, select, text

from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database, make_engine
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.outbox import OutboxEvent
from domain.notify.model import Notification
from tests.client import ApiClient
from tests.support.receivers import free_port

RELIEFHUB = Path(sys.executable).with_name("reliefhub")
STOP_LIMIT = 20.0  # seconds a process gets to exit on SIGTERM before SIGKILL
# Variables of the developer's shell that would change what the processes under test do.
_INHERITED_OUT = {
    "REDIS_URL",
    "DATABASE_URL",
    "PORT",
    "RELIEFHUB_ENV",
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_FROM",
    "SMS_GATEWAY_URL",
    "WORKER_HEARTBEAT_TIMEOUT_MS",
    "WORKER_MAINTENANCE_CHANCE",
    "OUTBOX_RETRY_AFTER_SECONDS",
    "DELIVERY_MIN_BACKOFF_MS",
    "ACKNOWLEDGE_WITHIN_MINUTES",
}


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


def clean_env(**values: str) -> dict[str, str]:
    """This environment without ReliefHub's own variables, plus `values`."""
    env = {k: v for k, v in os.environ.items() if k not in _INHERITED_OUT}
    env.update(values)
    return env


def run_command(env: dict[str, str], *args: str) -> str:
    """`reliefhub <args>` to completion; its stdout, or a failed test with its output."""
    done = subprocess.run(
        [str(RELIEFHUB), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=STOP_LIMIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_LIMIT)


class RedisServer:
    """A private redis-server on a free port, no persistence; restartable on that port."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, within: float = 30.0) -> Self:
        self._log = (self.directory / "redis.log").open("ab")
        self._process = subprocess.Popen(
            [
                "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + within
        try:
            while True:
                assert self._process.poll() is None, "redis-server exited: " + self.log()
                try:
                    if client.ping():
                        return self
                except redis.ConnectionError:
                    pass
                assert time.monotonic() < deadline, "redis-server did not answer: " + self.log()
                time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        """SIGTERM (redis shuts down without saving: --save ""), SIGKILL if it lingers."""
        if self._process is not None:
            _stop(self._process)
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        path = self.directory / "redis.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Service:
    """One `reliefhub <command>` subprocess with its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], directory: Path) -> None:
        self.name = name
        self.args = args
        self.env = env
        self.log_path = directory / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Self:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(RELIEFHUB), *self.args], env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when a machine or the OOM killer takes it."""
        if self.process is not None:
            _stop(self.process, signal.SIGKILL)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def wait_for_http(service: Service, url: str, within: float = 60.0) -> None:
    """Until `url` answers 200 (the server is up), bounded; fails if the process exits."""
    deadline = time.monotonic() + within
    while True:
        assert service.alive, f"{service.name} exited:\n{service.log()[-4000:]}"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"no answer at {url}:\n{service.log()[-4000:]}"
        time.sleep(0.05)


async def eventually(
    check: Callable[[], Awaitable[bool]],
    within: float,
    what: str,
    explain: Callable[[], Awaitable[str]] | None = None,
    interval: float = 0.1,
) -> None:
    """Poll `check` until it holds; fail after `within` seconds saying `what` did not happen."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() >= deadline:
            detail = await explain() if explain is not None else ""
            raise AssertionError(f"{what}: not within {within:.0f}s. {detail}")
        await asyncio.sleep(interval)


@dataclass
class Production:
    """The API process, its database and broker, and the workers a test starts."""

    api: ApiClient
    env: dict[str, str]
    redis: RedisServer
    serve: Service
    directory: Path
    threads: int
    workers: list[Service] = field(default_factory=list)

    @property
    def db(self) -> Database:
        return self.api.db

    def start_worker(self) -> Service:
        name = f"worker{len(self.workers) + 1}"
        args = ["worker", "--threads", str(self.threads)]
        worker = Service(name, args, self.env, self.directory)
        self.workers.append(worker)
        return worker.start()

    async def admin_token(self) -> str:
        return (await asyncio.to_thread(run_command, self.env, "admin-token")).strip()

    async def unrelayed(self, topic: str) -> int:
        async with self.db.sessions() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(OutboxEvent)
                    .where(OutboxEvent.topic == topic, OutboxEvent.relayed_at.is_(None))
                )
                or 0
            )

    async def notifications(self, channel: Channel | None = None) -> dict[str, NotificationStatus]:
        """Every notification row (of `channel`): id -> status."""
        stmt = select(Notification.id, Notification.status)
        if channel is not None:
            stmt = stmt.where(Notification.channel == channel)
        async with self.db.sessions() as session:
            return {str(ident): status for ident, status in (await session.execute(stmt)).all()}

    async def broker_idle(self) -> bool:
        """No dramatiq message left in Redis: queued, delayed or fetched-but-unacked."""
        client = aioredis.from_url(self.redis.url)
        try:
            keys = [key async for key in client.scan_iter("dramatiq:*.msgs")]
            return sum([await client.hlen(key) for key in keys]) == 0
        finally:
            await client.aclose()

    async def quiescent(self) -> bool:
        """Everything due so far has been relayed, consumed and sent (debounced matching
        rounds wait for their time and are not waited for)."""
        async with self.db.sessions() as session:
            waiting = await session.scalar(
                select(func.count())
                .select_from(OutboxEvent)
                .where(OutboxEvent.relayed_at.is_(None), OutboxEvent.available_at <= utcnow())
            )
        rows = await self.notifications()
        return (
            waiting == 0
            and await self.broker_idle()
            and set(rows.values()) <= {NotificationStatus.SENT}
        )

    async def explain(self) -> str:
        rows = await self.notifications()
        logs = "\n".join(f"--- {w.name}\n{w.log()[-3000:]}" for w in self.workers)
        return f"notifications: {dict(Counter(s.value for s in rows.values()))}\n{logs}"


async def _reset_schema(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@asynccontextmanager
async def production_mode(
    database_url: str, directory: Path, secret_key: str, threads: int, *, tuned: bool = True
) -> AsyncIterator[Production]:
    """`reliefhub migrate`, then `reliefhub serve --no-migrate` with REDIS_URL on a private
    redis-server (so the API runs no workers); stops everything and leaves the database
    empty and migrated, as the session fixture made it. `tuned` shortens the broker's
    recovery times; without it every setting keeps its production default."""
    redis = RedisServer(directory)
    port = free_port()
    shortened = {
        # A dead worker's fetched messages go back to the queue 2 s after its last
        # heartbeat; every broker command checks for dead workers (out of 1,000,000).
        "WORKER_HEARTBEAT_TIMEOUT_MS": "2000",
        "WORKER_MAINTENANCE_CHANCE": "1000000",
        # A message the broker lost while it was down (a retry enqueued into a dead Redis)
        # is relayed again after 5 s rather than 10 minutes.
        "OUTBOX_RETRY_AFTER_SECONDS": "5",
    }
    env = clean_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis.url,
        PORT=str(port),
        RELIEFHUB_ENV="test",
        RELIEFHUB_SECRET_KEY=secret_key,
        **(shortened if tuned else {}),
    )
    await _reset_schema(database_url)
    await asyncio.to_thread(run_command, env, "migrate")
    serve = Service("serve", ["serve", "--no-migrate"], env, directory)
    db = Database.from_url(database_url)
    production: Production | None = None
    try:
        await asyncio.to_thread(redis.start)
        serve.start()
        url = f"http://127.0.0.1:{port}"
        await asyncio.to_thread(wait_for_http, serve, f"{url}/healthz")
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            production = Production(ApiClient(http, db), env, redis, serve, directory, threads)
            yield production
    finally:
        for worker in production.workers if production else []:
            await asyncio.to_thread(worker.stop)
        await asyncio.to_thread(serve.stop)
        await asyncio.to_thread(redis.stop)
        await db.dispose()
        await _reset_schema(database_url)
        await asyncio.to_thread(run_command, env, "migrate")
