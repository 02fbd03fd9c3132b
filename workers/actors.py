"""Actors: explicit names, ids in messages, idempotent bodies (dramatiq's own advice)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

import dramatiq
from dramatiq import Broker

from domain.outbox import ROUND_REQUESTED
from domain.services.round_runner import execute_round
from workers.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    """Where an outbox topic goes: one actor, one queue; its payload becomes kwargs."""

    actor_name: str
    queue_name: str


ROUTES: dict[str, Route] = {
    ROUND_REQUESTED: Route("matching.run_round", "matching"),
}


def declare_actors(broker: Broker, runtime: Runtime) -> dict[str, dramatiq.Actor[Any, Any]]:
    """Declare every actor on `broker`; the bodies reach the database through `runtime`."""

    async def run_matching_round(roundId: str) -> None:
        # Claiming PENDING -> RUNNING inside makes a redelivered message a no-op.
        status = await execute_round(runtime.database(), uuid.UUID(roundId))
        log.info("matching round %s: %s", roundId, status.value if status else "already run")

    declare = dramatiq.actor(
        actor_name="matching.run_round",
        queue_name="matching",
        broker=broker,
        max_retries=3,
        min_backoff=1000,
    )
    return {"matching.run_round": declare(run_matching_round)}
