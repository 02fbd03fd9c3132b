"""GraphQL over HTTP (the draft): media types by Accept, and the status of each refusal."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.edge import edge_client

NEW = "application/graphql-response+json"
JSON = "application/json"
SIGN_IN = 'mutation { signIn(input: {email: "a@example.org", password: "x"}) { token } }'


def post(body: Any, accept: str | None = None) -> dict[str, Any]:
    return {"method": "POST", "json": body, "headers": {"accept": accept} if accept else {}}


def raw(content: bytes, content_type: str, accept: str | None = None) -> dict[str, Any]:
    headers = {"content-type": content_type} | ({"accept": accept} if accept else {})
    return {"method": "POST", "content": content, "headers": headers}


# (case, request, status, response media type, has a `data` entry)
CASES = [
    ("no Accept: legacy JSON", post({"query": "{ __typename }"}), 200, JSON, True),
    ("Accept: */*", post({"query": "{ __typename }"}, "*/*"), 200, JSON, True),
    ("Accept: the new type", post({"query": "{ __typename }"}, NEW), 200, NEW, True),
    (
        "Accept prefers the new type",
        post({"query": "{ __typename }"}, f"{JSON};q=0.9, {NEW}"),
        200,
        NEW,
        True,
    ),
    (
        "Accept prefers JSON",
        post({"query": "{ __typename }"}, f"{NEW};q=0.5, {JSON}"),
        200,
        JSON,
        True,
    ),
    ("unparsable JSON body", raw(b'{"query": ', JSON), 400, JSON, False),
    ("unparsable JSON body, new type", raw(b'{"query": ', JSON, NEW), 400, NEW, False),
    ("body not UTF-8", raw(b'{"query": "{ \xff }"}', JSON), 400, JSON, False),
    ("no query", post({"variables": {}}), 400, JSON, False),
    ("query not a string", post({"query": 42}), 400, JSON, False),
    ("text/plain body", raw(b'{"query": "{ __typename }"}', "text/plain"), 415, JSON, False),
    ("application/graphql body", raw(b"{ __typename }", "application/graphql"), 415, JSON, False),
    ("form body", raw(b"query=x", "application/x-www-form-urlencoded"), 415, JSON, False),
    ("charset other than UTF-8", raw(b"{}", f"{JSON}; charset=latin-1"), 415, JSON, False),
    # legacy JSON: a document that never ran is still 200 for old clients
    ("syntax error, JSON", post({"query": "{ __typename"}), 200, JSON, True),
    ("validation error, JSON", post({"query": "{ nope }"}), 200, JSON, True),
    # the new type: unparsable 400, invalid 422 (the draft says 400, see code)
    ("syntax error, new type", post({"query": "{ __typename"}, NEW), 400, NEW, False),
    ("validation error, new type", post({"query": "{ nope }"}, NEW), 422, NEW, False),
    (
        "wrong variable type, new type",
        post(
            {
                "query": "query($n: Int) { organizations(first: $n) { totalCount } }",
                "variables": {"n": "ten"},
            },
            NEW,
        ),
        422,
        NEW,
        False,
    ),
    ("batch while batching is off", post([{"query": "{ __typename }"}]), 400, JSON, False),
]


@pytest.mark.parametrize(
    ("request_", "status", "media_type", "has_data"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
async def test_each_request_gets_the_drafts_status_and_media_type(
    sqlite_url: str, request_: dict[str, Any], status: int, media_type: str, has_data: bool
) -> None:
    async with edge_client(sqlite_url) as client:
        # given a request / when it is sent
        response = await client.request(url="/graphql", **request_)
        # then
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == media_type
        body = response.json()
        assert ("data" in body) is has_data, body
        assert status == 200 or body["errors"][0]["message"]


async def test_mutations_over_get_are_405_with_allow_post(sqlite_url: str) -> None:
    async with edge_client(sqlite_url) as client:
        # when a mutation comes over GET
        response = await client.get("/graphql", params={"query": SIGN_IN})
        # then
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert "POST" in response.json()["errors"][0]["message"]
        # and a query over GET is served
        ok = await client.get("/graphql", params={"query": "{ __typename }"})
        assert ok.json() == {"data": {"__typename": "Query"}}


async def test_batches_run_when_configured_up_to_their_maximum(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, batch_max_operations=2) as client:
        two = [{"query": "{ __typename }"}, {"query": "{ a: __typename }"}]
        response = await client.post("/graphql", json=two)
        assert response.json() == [{"data": {"__typename": "Query"}}, {"data": {"a": "Query"}}]
        too_many = await client.post("/graphql", json=[*two, {"query": "{ __typename }"}])
        assert too_many.status_code == 400


async def test_a_body_over_the_limit_is_413_before_it_is_read(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, max_body_bytes=1000) as client:
        small = await client.post("/graphql", json={"query": "{ __typename }"})
        big = await client.post("/graphql", json={"query": "{ __typename }", "x": "a" * 1000})
        assert small.status_code == 200
        assert big.status_code == 413
        assert "1000 bytes" in big.json()["errors"][0]["message"]
