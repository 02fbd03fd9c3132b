"""bench-notify's harness: free ports, subprocesses, a private redis-server, a scratch
PostgreSQL database, the webhook receiver and bare dramatiq's no-op worker."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import redis

from domain.kernel.db.migrate import upgrade

NOOP_QUEUE = "bench-noop"
LIMIT = 600.0  # seconds any one wait may take before the run is declared failed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Any, what: str, within: float = LIMIT, interval: float = 0.05) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {within:.0f}s")
        time.sleep(interval)


@contextmanager
def subprocess_for(args: list[str], log: Path, env: dict[str, str] | None = None) -> Iterator[Any]:
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
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    args += ["--save", "", "--appendonly", "no", "--dir", str(directory)]
    with subprocess_for(args, directory / "redis.log"):
        client = redis.Redis.from_url(url)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_until(answers, "redis-server", 30)
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
            stack.enter_context(subprocess_for(args, directory / f"noop{i}.log"))
        wait_until(lambda: client.hlen(left) < count, "the first no-op", interval=0.002)
        first_time, first_left = time.monotonic(), client.hlen(left)
        wait_until(lambda: client.hlen(left) == 0, "every no-op", interval=0.002)
        rate = first_left / (time.monotonic() - first_time)
    client.close()
    return float(rate)
