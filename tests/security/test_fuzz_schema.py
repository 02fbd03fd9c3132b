"""schemathesis against every operation of the GraphQL schema, on a live production-mode
server (errors masked), signed in as ADMIN so resolvers run past the permission checks.

Zero server errors: no 5xx, no body that is not JSON, no "Unexpected error." (a bug the
mask hid) and no traceback in the server's log. Bounded: FUZZ_MAX_EXAMPLES cases per
operation (default 25), about a minute in all.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

from api.schema import SCHEMA_FILE
from domain.kernel.enums import Scope
from tests.faults.processes import Service, clean_env, run_command, wait_for_http
from tests.security.fuzz_world import Seeded, seed, with_real_ids
from tests.security.report_tables import write_table
from tests.support.receivers import free_port

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
MASKED = "Unexpected error."

# Valid times most of the time, and any text now and then: parsing must refuse it cleanly.
schemathesis.graphql.scalar(
    "DateTime",
    st.one_of(
        st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        st.text(max_size=40),
    ).map(nodes.String),
)


@dataclass
class FuzzServer:
    url: str
    admin: str
    service: Service
    token: str = ""
    seeded: Seeded = field(default_factory=Seeded)
    log_offset: int = 0

    def partner_token(self) -> str:
        """A new ADMIN partner token with every scope (signOut spends the one it comes with)."""
        response = httpx.post(
            f"{self.url}/graphql",
            json={
                "query": "mutation($input: CreateApiTokenInput!) "
                "{ createApiToken(input: $input) { token } }",
                "variables": {"input": {"name": "fuzz", "scopes": [s.value for s in Scope]}},
            },
            headers={"authorization": f"Bearer {self.admin}"},
            timeout=30,
        )
        return str(response.json()["data"]["createApiToken"]["token"])

    def new_log(self) -> str:
        """What the server logged since the last call."""
        # From where the last read stopped: re-reading the whole log would grow quadratic.
        with self.service.log_path.open("rb") as log:
            log.seek(self.log_offset)
            fresh = log.read()
        self.log_offset += len(fresh)
        return fresh.decode(errors="replace")


@dataclass
class Tally:
    operations: int = 0
    cases: int = 0
    server_errors: int = 0
    masked: int = 0
    tracebacks: int = 0
    not_json: int = 0
    failures: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzServer]:
    """`reliefhub serve` in production mode on a fresh SQLite file, objects of every kind
    in it, and an ADMIN token."""
    directory = tmp_path_factory.mktemp("fuzz")
    port = free_port()
    env = clean_env(
        DATABASE_URL=f"sqlite:///{directory / 'fuzz.sqlite3'}",
        PORT=str(port),
        RELIEFHUB_ENV="production",
        # Each case reads the log its request wrote: no buffering in between.
        PYTHONUNBUFFERED="1",
        RELIEFHUB_SECRET_KEY=Fernet.generate_key().decode(),
    )
    run_command(env, "migrate")
    service = Service("serve", ["serve", "--no-migrate"], env, directory).start()
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(service, f"{url}/healthz")
        server = FuzzServer(url, run_command(env, "admin-token").strip(), service)
        server.seeded = seed(url, server.admin, directory / "fuzz.sqlite3")
        server.token = server.partner_token()
        server.new_log()
        yield server
    finally:
        service.stop()


# The last line of a logged traceback; GraphQLError and DomainError are refusals we raise.
EXCEPTION_LINE = re.compile(r"^((?:\w+\.)*\w*(?:Error|Exception|Exit))(?::|$)", re.MULTILINE)
REFUSALS = ("GraphQLError", "DomainError")
SPEND_TOKEN = {"Mutation.signOut"}


def _crashes(log: str) -> list[str]:
    """The exceptions a log shows that are not our own refusals."""
    return [m for m in EXCEPTION_LINE.findall(log) if not m.endswith(REFUSALS)]


def _check(server: FuzzServer, tally: Tally, label: str, case: Any) -> None:
    # The bootstrap token stays unused by the cases, so signing out cannot end the run.
    if label in SPEND_TOKEN:
        token = server.partner_token()
    else:
        # Mostly ADMIN; now and then the seeded provider, whose mutations ADMIN may not run.
        provider = random.Random(str(case.body)).random() < 0.2
        token = server.seeded.provider_token if provider else server.token
    if isinstance(case.body, str):
        case.body = with_real_ids(case.body, server.seeded.ids)
    response = case.call(
        base_url=f"{server.url}/graphql", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    tally.cases += 1
    problem = None
    if response.status_code >= 500:
        tally.server_errors += 1
        problem = f"HTTP {response.status_code}"
    else:
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError):
            body = None
        if body is None and response.status_code == 200:
            tally.not_json += 1
            problem = f"HTTP {response.status_code}, not JSON: {response.text[:200]!r}"
        errors = body.get("errors") or [] if isinstance(body, dict) else []
        if any(error.get("message") == MASKED for error in errors):
            tally.masked += 1
            problem = "a masked server error"
    crashed = _crashes(server.new_log())
    if crashed:
        tally.tracebacks += 1
        problem = problem or f"in the server log: {crashed[0]}"
    if problem:
        tally.failures.append(f"{label}: {problem}\n{case.body}")


def _fuzzer(server: FuzzServer, tally: Tally, operation: Any) -> Callable[[], None]:
    # Documents that fit the schema, and documents that break it (wrong types, missing
    # arguments): the second kind must come back as validation errors.
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        _check(server, tally, operation.label, case)

    return fuzz  # type: ignore[no-any-return]


# On a loaded machine the default run takes a minute or two; the suite's 300 s is tight.
@pytest.mark.timeout(900)
def test_fuzzing_finds_no_server_error(fuzz_server: FuzzServer) -> None:
    # given every operation of the committed schema
    schema = schemathesis.graphql.from_path(Path(SCHEMA_FILE))
    tally = Tally()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        tally.operations += 1

        # when schemathesis sends generated documents to it, as ADMIN
        _fuzzer(fuzz_server, tally, operation)()
    seconds = round(time.monotonic() - started, 1)
    write_table(
        "fuzz",
        "schemathesis against the GraphQL schema (production mode, as ADMIN)",
        [
            "operations",
            "cases tried",
            "failures",
            "5xx",
            "not JSON",
            "masked errors",
            "crashes logged",
            "seconds",
        ],
        [
            [
                tally.operations,
                tally.cases,
                len(tally.failures),
                tally.server_errors,
                tally.not_json,
                tally.masked,
                tally.tracebacks,
                seconds,
            ]
        ],
    )
    # then no case met a server error
    assert tally.cases >= tally.operations
    assert tally.failures == [], "\n\n".join(tally.failures[:10])
