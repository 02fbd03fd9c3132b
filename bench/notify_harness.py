"""bench-notify's harness: a private redis-server, the webhook receiver and bare dramatiq's
no-op worker (ports, processes and the scratch database come from bench.common).

The receiver and the no-op workers run as `python -m bench.notify_harness`: this module
imports no part of ReliefHub, so they start in a fraction of a second."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import redis

from bench.common import free_port, process, wait_until

NOOP_QUEUE = "bench-noop"


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A private redis-server without persistence; yields its URL."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    args += ["--save", "", "--appendonly", "no", "--dir", str(directory)]
    with process(args, directory / "redis.log"):
        client = redis.Redis.from_url(url)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_until(answers, "redis-server", 30)
        client.close()
        yield url


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


@contextmanager
def receiver(directory: Path) -> Iterator[str]:
    """The receiver's process, started; yields its URL (`wait_for_receiver` before use)."""
    port = free_port()
    command = [sys.executable, "-m", "bench.notify_harness", "--receiver", str(port)]
    with process(command, directory / "receiver.log"):
        yield f"http://127.0.0.1:{port}"


def wait_for_receiver(url: str) -> None:
    def answers() -> bool:
        try:
            return httpx.get(url + "/stats", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    wait_until(answers, "the receiver", 60)


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
            args = [sys.executable, "-m", "bench.notify_harness", "--noop-worker", url]
            args += ["--threads", str(threads)]
            stack.enter_context(process(args, directory / f"noop{i}.log"))
        wait_until(lambda: client.hlen(left) < count, "the first no-op", interval=0.002)
        first_time, first_left = time.monotonic(), client.hlen(left)
        wait_until(lambda: client.hlen(left) == 0, "every no-op", interval=0.002)
        rate = first_left / (time.monotonic() - first_time)
    client.close()
    return float(rate)


def main() -> None:
    parser = argparse.ArgumentParser(description="bench-notify's receiver or no-op worker")
    parser.add_argument("--receiver", type=int, metavar="PORT")
    parser.add_argument("--noop-worker", metavar="REDIS_URL")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if args.receiver:
        serve_receiver(args.receiver)
    elif args.noop_worker:
        serve_noop(args.noop_worker, args.threads)
    else:
        parser.error("--receiver or --noop-worker")


if __name__ == "__main__":
    main()
