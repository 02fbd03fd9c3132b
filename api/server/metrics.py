"""`/metrics` in Prometheus text format: GraphQL traffic of this process, and the facts
every process shares (outbox, notifications, matching rounds) read from the database at
scrape time, so embedded and production modes report the same thing."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from domain.kernel.enums import Channel, NotificationStatus, RoundStatus
from domain.reports.operational_facts import OperationalFacts, read_facts

log = logging.getLogger(__name__)

# registry=None: registered into each scrape's registry below, beside the facts.
GRAPHQL_REQUESTS = Counter(
    "reliefhub_graphql_requests",
    "GraphQL operations executed by this process, by operation name, type and outcome.",
    ["operation", "type", "outcome"],
    registry=None,
)
GRAPHQL_SECONDS = Histogram(
    "reliefhub_graphql_request_duration_seconds",
    "Time to execute a GraphQL operation in this process, by operation name and type.",
    ["operation", "type"],
    registry=None,
)
# Operation names come from clients: keep them short and plain to bound label values.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def operation_label(name: str | None) -> str:
    if name is None:
        return "anonymous"
    return name if _NAME.fullmatch(name) else "invalid"


class OperationMetrics(SchemaExtension):
    """Counts and times every operation under its name (a strawberry schema extension)."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        try:
            kind = context.operation_type.value
        except Exception:  # unparsable document or unknown operation: no type to tell
            kind = "unknown"
        errors = context.pre_execution_errors or (context.result and context.result.errors)
        name = operation_label(context.operation_name)
        GRAPHQL_REQUESTS.labels(name, kind, "error" if errors else "ok").inc()
        GRAPHQL_SECONDS.labels(name, kind).observe(time.perf_counter() - started)


class FactsCollector(Collector):
    """Yields the database facts read just before this scrape (None: database down)."""

    def __init__(self, facts: OperationalFacts | None) -> None:
        self.facts = facts

    def collect(self) -> Iterator[Metric]:
        facts = self.facts
        yield GaugeMetricFamily(
            "reliefhub_database_up",
            "1 when the database answered this scrape.",
            0 if facts is None else 1,
        )
        if facts is None:
            return
        backlog = GaugeMetricFamily(
            "reliefhub_outbox_backlog",
            "Outbox events not yet consumed: pending (not handed to the broker yet) or "
            "in_flight (handed over, the consumer has not finished).",
            labels=["state"],
        )
        backlog.add_metric(["pending"], facts.outbox_pending)
        backlog.add_metric(["in_flight"], facts.outbox_in_flight)
        yield backlog
        yield GaugeMetricFamily(
            "reliefhub_outbox_oldest_pending_age_seconds",
            "Age of the oldest due event the relay has not handed over (0: none waits).",
            facts.outbox_oldest_pending_seconds,
        )
        notifications = GaugeMetricFamily(
            "reliefhub_notifications",
            "Notifications by channel and status (SENT and DEAD are final outcomes).",
            labels=["channel", "status"],
        )
        for channel in Channel:
            for status in NotificationStatus:
                count = facts.notifications.get((channel.value, status.value), 0)
                notifications.add_metric([channel.value, status.value], count)
        yield notifications
        rounds = GaugeMetricFamily(
            "reliefhub_matching_rounds", "Matching rounds by status.", labels=["status"]
        )
        for round_status in RoundStatus:
            rounds.add_metric([round_status.value], facts.rounds.get(round_status.value, 0))
        yield rounds
        durations = facts.round_durations
        yield HistogramMetricFamily(
            "reliefhub_matching_round_duration_seconds",
            "Time from a round's start to its end, over finished and failed rounds.",
            buckets=[
                *((floatToGoString(bound), count) for bound, count in durations.buckets.items()),
                ("+Inf", durations.count),
            ],
            sum_value=durations.total_seconds,
        )


async def metrics(request: Request) -> Response:
    facts: OperationalFacts | None
    try:
        async with request.app.state.db.session() as session:
            facts = await read_facts(session)
    except Exception:
        log.warning("metrics: the database did not answer", exc_info=True)
        facts = None
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several server processes share a port (`serve --workers N`): a scrape reaches
        # one of them, so the counters of all are summed from the files each one writes.
        MultiProcessCollector(registry)
    else:
        registry.register(GRAPHQL_REQUESTS)
        registry.register(GRAPHQL_SECONDS)
        ProcessCollector(registry=registry)
    registry.register(FactsCollector(facts))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
