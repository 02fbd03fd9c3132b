"""Hostile requests, one table: each is refused with a 4xx or a GraphQL error, never a 5xx,
and quickly. With SECURITY_REPORT_DIR set the table is written to hostile.json there."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.edge import edge_client

# Far above what a refusal takes (tens of milliseconds): what this catches is a request
# that makes the server work for seconds, like a quadratic validation, not slowness.
QUICKLY_SECONDS = 5.0
JSON_TYPE = {"content-type": "application/json"}
REPORT: list[list[Any]] = []


def post(query: str, variables: Any = None, **extra: Any) -> dict[str, Any]:
    return {"method": "POST", "json": {"query": query, "variables": variables, **extra}}


def body(content: bytes, headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {"method": "POST", "content": content, "headers": headers or JSON_TYPE}


def nested_json_list(depth: int) -> bytes:
    return (
        b'{"query": "query($x: Boolean!) { __typename @include(if: $x) }", "variables": {"x": '
        + (b"[" * depth + b"]" * depth + b"}}")
    )


def fragment_bomb(levels: int) -> str:
    fragments = [
        f"fragment F{i} on Region {{ parent {{ ...F{i + 1} }} up: parent {{ ...F{i + 1} }} }}"
        for i in range(levels)
    ]
    return '{ region(code: "340000") { ...F0 } }\n' + "\n".join(
        [*fragments, f"fragment F{levels} on Region {{ code }}"]
    )


GIANT = "x" * 900_000
SIGN_IN = "mutation($i: SignInInput!) { signIn(input: $i) { token userErrors { field code } } }"
PAGE = "organizations(first: 100) { edges { node { name region { code } } } }"

# (case, request maker): each made lazily so that collecting the tests stays cheap
CASES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("500 aliases", lambda: post("{" + " ".join(f"a{i}: __typename" for i in range(500)) + "}")),
    (
        "300 aliased connections",
        lambda: post("{" + " ".join(f"a{i}: {PAGE}" for i in range(300)) + "}"),
    ),
    (
        "30 aliased full pages (cost)",
        lambda: post("{" + " ".join(f"a{i}: {PAGE}" for i in range(30)) + "}"),
    ),
    (
        "nesting 40 deep",
        lambda: post('{ region(code: "340000") ' + "{ parent " * 40 + "{ code }" + " }" * 41),
    ),
    ("nesting 1300 deep", lambda: post("{" + "a{" * 1300 + "b" + "}" * 1301)),
    ("3900 duplicated fields", lambda: post("{" + " __typename" * 3900 + "}")),
    (
        "400 duplicated fields with arguments",
        lambda: post("{" + ' region(code: "1") { code }' * 400 + "}"),
    ),
    ("1000 inline fragments", lambda: post("{" + " ... on Query { __typename }" * 1000 + "}")),
    (
        "1000 fragment spreads",
        lambda: post("{" + " ...F" * 1000 + "} fragment F on Query { __typename }"),
    ),
    ("fragment bomb (2^30)", lambda: post(fragment_bomb(30))),
    (
        "fragment cycle",
        lambda: post("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
    ),
    (
        "5000 tokens of directives",
        lambda: post("{ __typename" + " @include(if: true)" * 1000 + " }"),
    ),
    (
        "1000 operations in one document",
        lambda: post(
            " ".join(f"query Q{i} {{ __typename }}" for i in range(1000)), operationName="Q1"
        ),
    ),
    (
        "batch of 1000 (batching off)",
        lambda: {"method": "POST", "json": [{"query": "{ __typename }"}] * 1000},
    ),
    (
        "batch of 1000 (batching on, at most 10)",
        lambda: {"method": "POST", "json": [{"query": "{ __typename }"}] * 1000},
    ),
    ("introspection in production", lambda: post("{ __schema { types { name } } }")),
    ("300 000 variables", lambda: post("{ __typename }", {f"v{i}": i for i in range(300_000)})),
    ("variables nested 100 000 deep", lambda: body(nested_json_list(100_000))),
    ("variables nested 900 deep", lambda: body(nested_json_list(900))),
    (
        "giant string variables",
        lambda: post(SIGN_IN, {"i": {"email": GIANT[:450_000], "password": GIANT[:450_000]}}),
    ),
    ("giant string literal", lambda: post('{ region(code: "' + GIANT + '") { code } }')),
    ("first: 2^63", lambda: post("{ organizations(first: 9223372036854775808) { totalCount } }")),
    (
        "body of 5 MB",
        lambda: body(json.dumps({"query": "{ __typename }", "x": "y" * 5_000_000}).encode()),
    ),
    ("body claiming 1 TB", lambda: body(b"{}", {**JSON_TYPE, "content-length": str(10**12)})),
    ("invalid UTF-8", lambda: body(b'{"query": "{ \xc3\x28 }"}')),
    ("NUL bytes in the document", lambda: post("{ __typename \x00\x00 }")),
    ("not JSON", lambda: body(b"<xml/>")),
    ("JSON array of numbers", lambda: body(b"[1, 2, 3]")),
    ("GraphQL in text/plain", lambda: body(b"{ __typename }", {"content-type": "text/plain"})),
    (
        "mutation over GET",
        lambda: {"method": "GET", "params": {"query": "mutation { signOut { ok } }"}},
    ),
    (
        "query of 55 000 characters over GET",
        lambda: {"method": "GET", "params": {"query": "{" + " __typename" * 5000 + "}"}},
    ),
]


@dataclass
class Outcome:
    status: int
    answer: str
    refused: bool


def outcome(status: int, text: str) -> Outcome:
    try:
        payload = json.loads(text)
    except ValueError:
        return Outcome(status, text[:80], status >= 400)
    if isinstance(payload, list):
        payload = payload[0] if payload else {}
    errors = payload.get("errors") or []
    user_errors = [
        error
        for value in (payload.get("data") or {}).values()
        if isinstance(value, dict)
        for error in value.get("userErrors") or []
    ]
    if errors:
        first = errors[0]
        answer = (first.get("extensions") or {}).get("code") or first.get("message", "")
    elif user_errors:
        answer = "userError " + ",".join(e["code"] for e in user_errors)
    else:
        answer = "served: " + text[:60]
    return Outcome(status, str(answer)[:90], status >= 400 or bool(errors or user_errors))


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    REPORT.clear()
    yield
    directory = os.environ.get("SECURITY_REPORT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        table = {
            "title": "Hostile queries",
            "columns": ["case", "request bytes", "status", "answer", "elapsed ms"],
            "rows": REPORT,
        }
        (Path(directory) / "hostile.json").write_text(json.dumps(table, indent=1) + "\n")


@pytest.mark.parametrize("make", [pytest.param(make, id=name) for name, make in CASES])
async def test_a_hostile_request_is_refused_quickly_without_a_5xx(
    sqlite_url: str, request: pytest.FixtureRequest, make: Callable[[], dict[str, Any]]
) -> None:
    case = request.node.callspec.id
    batching = {"batch_max_operations": 10} if "batching on" in case else {}
    async with edge_client(sqlite_url, environment="production", **batching) as client:
        # given a hostile request
        kwargs = make()
        method = kwargs.pop("method")
        built = client.build_request(method, "/graphql", **kwargs)
        size = len(built.content) if method == "POST" else len(str(built.url))
        # when it is sent
        started = time.perf_counter()
        response = await client.send(built)
        elapsed = time.perf_counter() - started
        # then it is refused, with a client error or a GraphQL error, and quickly
        result = outcome(response.status_code, response.text)
        REPORT.append([case, size, result.status, result.answer, round(elapsed * 1000)])
        assert response.status_code < 500, response.text[:500]
        assert result.refused, result.answer
        assert elapsed < QUICKLY_SECONDS
