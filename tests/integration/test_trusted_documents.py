"""Persisted queries (APQ) over GET and POST, and deployments that run trusted
documents only: registered ones and the portal's own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.testclient import TestClient

from api.app import create_app
from api.portal.documents import portal_documents
from domain.kernel.db.engine import Database
from domain.kernel.db.migrate import upgrade
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.integration.documents import REGISTRY

REGISTER_DOCUMENT = REGISTRY["RegisterTrustedDocuments"]

CATEGORIES = "query Categories { categories { code unit } }"
# The same document laid out as a person writes it, with a comment.
CATEGORIES_BY_HAND = """
# what a partner's file holds
query Categories {
  categories {
    code,
    unit
  }
}
"""
NEW_MEDIA_TYPE = {"accept": "application/graphql-response+json"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def by_hash_url(digest: str) -> str:
    return "/graphql?" + str(httpx.QueryParams({"extensions": json.dumps(persisted(digest))}))


def error_code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


@asynccontextmanager
async def trusted_only(db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app on the same database, as a deployment with TRUSTED_DOCUMENTS_ONLY=true."""
    settings = Settings(database_url=db.url, trusted_documents_only=True)
    app = create_app(settings, db, live=MemoryBus())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reliefhub.test") as http:
        yield http


async def test_a_persisted_query_round_trip_over_get_and_post(api: ApiClient) -> None:
    # given a document the server has never seen
    digest = sha256(CATEGORIES)

    # when a client asks for it by hash alone
    unknown = await api.http.get(by_hash_url(digest))
    unknown_new = await api.http.get(by_hash_url(digest), headers=NEW_MEDIA_TYPE)

    # then it is not found: 200 as APQ clients expect, 404 under the new media type
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert error_code(unknown) == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown_new.status_code == 404

    # when it sends the query with the hash
    sent = await api.http.post(
        "/graphql", json={"query": CATEGORIES, "extensions": persisted(digest)}
    )

    # then it runs, and the hash alone runs it from then on, over GET and POST
    assert sent.status_code == 200 and "errors" not in sent.json()
    again = await api.http.get(by_hash_url(digest))
    posted = await api.http.post("/graphql", json={"extensions": persisted(digest)})
    assert again.status_code == 200, again.text
    assert again.json()["data"] == sent.json()["data"] == posted.json()["data"]
    assert {"code": "FOOD", "unit": "portions"} in again.json()["data"]["categories"]


async def test_a_hash_that_does_not_match_its_query_is_refused(api: ApiClient) -> None:
    # given a query sent with another document's hash
    wrong = sha256("query Other { categories { code } }")

    # when it is sent
    response = await api.http.post(
        "/graphql", json={"query": CATEGORIES, "extensions": persisted(wrong)}
    )

    # then it is refused as a bad request, and the hash stays unknown
    assert response.status_code == 400
    assert error_code(response) == "PERSISTED_QUERY_HASH_MISMATCH"
    later = await api.http.get(by_hash_url(wrong))
    assert error_code(later) == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_persisted_query_of_an_unknown_version_is_refused(api: ApiClient) -> None:
    extensions = {"persistedQuery": {"version": 2, "sha256Hash": sha256(CATEGORIES)}}

    response = await api.http.post("/graphql", json={"extensions": extensions})

    assert response.status_code == 400
    assert error_code(response) == "PERSISTED_QUERY_INVALID"


async def test_trusted_only_refuses_unregistered_documents_and_runs_registered_ones(
    api: ApiClient,
) -> None:
    # given a trusted-only deployment, and ADMIN's token
    admin = await api.admin_token()
    async with trusted_only(api.db) as http:
        # when a client sends a document nobody registered, whole or with its hash
        adhoc = await http.post("/graphql", json={"query": CATEGORIES})
        with_hash = await http.post(
            "/graphql", json={"query": CATEGORIES, "extensions": persisted(sha256(CATEGORIES))}
        )

        # then it is refused, with a code saying why, and nothing is remembered
        assert adhoc.status_code == 403
        assert error_code(adhoc) == "TRUSTED_DOCUMENT_REQUIRED"
        assert with_hash.status_code == 403
        by_hash = await http.get(by_hash_url(sha256(CATEGORIES)))
        assert error_code(by_hash) == "PERSISTED_QUERY_NOT_FOUND"

        # when ADMIN registers it as written by hand (the registration always runs)
        registered = await http.post(
            "/graphql",
            json={
                "query": REGISTER_DOCUMENT,
                "variables": {"input": {"documents": [CATEGORIES_BY_HAND]}},
            },
            headers={"authorization": f"Bearer {admin}"},
        )
        payload = registered.json()["data"]["registerTrustedDocuments"]
        assert payload["userErrors"] == []
        (document,) = payload["documents"]
        assert document["operationNames"] == ["Categories"]

        # then the document runs in either layout, and by its registered hash alone
        whole = await http.post("/graphql", json={"query": CATEGORIES})
        assert whole.status_code == 200 and "errors" not in whole.json(), whole.text
        hashed = await http.get(by_hash_url(document["sha256Hash"]))
        assert hashed.status_code == 200
        assert hashed.json()["data"] == whole.json()["data"]
        # and an APQ client's own hash of its text, once it sent the text
        digest = sha256(CATEGORIES)
        await http.post("/graphql", json={"query": CATEGORIES, "extensions": persisted(digest)})
        assert (await http.get(by_hash_url(digest))).json()["data"] == whole.json()["data"]


async def test_a_document_registered_through_another_process_is_trusted(api: ApiClient) -> None:
    # given two trusted-only server processes on one database
    admin = await api.admin_token()
    async with trusted_only(api.db) as first, trusted_only(api.db) as second:
        refused = await second.post("/graphql", json={"query": CATEGORIES})
        assert refused.status_code == 403

        # when the document is registered through the first
        await first.post(
            "/graphql",
            json={"query": REGISTER_DOCUMENT, "variables": {"input": {"documents": [CATEGORIES]}}},
            headers={"authorization": f"Bearer {admin}"},
        )

        # then the second runs it too
        accepted = await second.post("/graphql", json={"query": CATEGORIES})
        assert accepted.status_code == 200 and "errors" not in accepted.json()


async def test_the_portal_works_in_trusted_only_mode(api: ApiClient) -> None:
    # given a trusted-only deployment
    documents = dict(portal_documents())
    async with trusted_only(api.db) as http:
        # when the portal's pages send their documents as its modules hold them
        public = await http.post(
            "/graphql",
            json={"query": documents["pages/public.js:IncidentNeeds"], "variables": {"first": 5}},
        )
        sign_in = await http.post(
            "/graphql",
            json={
                "query": documents["api.js:SignIn"],
                "variables": {"input": {"email": "x@example.org", "password": "wrong-pass"}},
            },
        )

        # then they run (the sign-in answers as it always does: wrong credentials)
        assert public.status_code == 200 and "errors" not in public.json(), public.text
        assert public.json()["data"]["needs"]["totalCount"] == 0
        assert sign_in.status_code == 200, sign_in.text
        assert sign_in.json()["data"]["signIn"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
        # and no other document of the portal is refused as untrusted
        for where, text in documents.items():
            if text.startswith("subscription"):
                continue  # over the websocket: test_trusted_only_holds_on_the_websocket_too
            response = await http.post("/graphql", json={"query": text})
            assert response.status_code != 403, where


async def test_registering_documents_is_for_admin_and_partner_tokens(api: ApiClient) -> None:
    # given an anonymous caller and ADMIN
    admin = await api.admin_token()
    variables = {"input": {"documents": ["query { nope(", "fragment F on Category { code }"]}}

    # when each registers, ADMIN with documents that do not parse or hold no operation
    anonymous = await api.post(REGISTER_DOCUMENT, {"input": {"documents": [CATEGORIES]}})
    bad = await api.post(REGISTER_DOCUMENT, variables, admin)

    # then the anonymous caller is refused, and each bad document is named
    assert anonymous.json()["data"]["registerTrustedDocuments"]["userErrors"][0]["code"] == (
        "UNAUTHENTICATED"
    )
    errors = bad.json()["data"]["registerTrustedDocuments"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["documents", "0"], "INVALID"),
        (["documents", "1"], "INVALID"),
    ]


def test_trusted_only_holds_on_the_websocket_too(tmp_path: Path) -> None:
    # given a trusted-only deployment and a live-inbox socket
    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    upgrade(url)
    settings = Settings(database_url=url, environment="test", trusted_documents_only=True)
    portal = dict(portal_documents())["pages/inbox.js:NotificationReceived"]
    with (
        TestClient(create_app(settings, live=MemoryBus())) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"

        # when an ad-hoc subscription is sent, then the portal's own
        adhoc = "subscription Adhoc { notificationReceived { id body } }"
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": adhoc}})
        refused = ws.receive_json()
        ws.send_json({"id": "2", "type": "subscribe", "payload": {"query": portal}})
        answered = ws.receive_json()

    # then the first is refused as untrusted; the second runs (and, anonymous, is told
    # to sign in, as the inbox always answers)
    assert refused["id"] == "1" and refused["type"] == "error"
    assert refused["payload"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
    assert answered["id"] == "2"
    assert "TRUSTED_DOCUMENT_REQUIRED" not in json.dumps(answered)
