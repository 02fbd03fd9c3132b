"""Persisted queries and trusted documents at the edge.

Two things, one store:

- **Automatic persisted queries** (Apollo's APQ). A request may carry
  `extensions.persistedQuery = {version: 1, sha256Hash}` and no `query`: the document
  is looked up by the hash. Unknown, the answer is `PersistedQueryNotFound`; the client
  sends the query with the hash, the server checks the hash and remembers the document.
  Over GET as well as POST.
- **Trusted documents.** Documents registered ahead (`registerTrustedDocuments`, or
  `reliefhub register-documents`) live in the database, shared by every server process;
  the portal's own documents are trusted from its static files. With
  `TRUSTED_DOCUMENTS_ONLY=true` a deployment runs those and nothing else, on every
  transport (the `TrustedOnly` extension): an ad-hoc document is parsed (within the
  token limit) and refused before it is validated, costed or run.

A registered document is known by the SHA-256 of its canonical form (printed again
from its parse), so a document matches however its client lays it out. APQ's hash is of
the text the client sends, as the protocol says; that text is remembered in this process
only (a bounded cache): another replica answers PersistedQueryNotFound once and learns it.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.kernel.db.engine import Database
from domain.registry import documents

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
BAD_REQUEST = "PERSISTED_QUERY_INVALID"
NOT_TRUSTED = "TRUSTED_DOCUMENT_REQUIRED"
# Always trusted, so a partner registers its documents on a trusted-only deployment too;
# the same operation as docs/partners/operations/registry.graphql's (a test keeps them so).
REGISTER_DOCUMENT = """mutation RegisterTrustedDocuments($input: RegisterTrustedDocumentsInput!) {
  registerTrustedDocuments(input: $input) {
    documents { sha256Hash operationNames }
    userErrors { field message code }
  }
}"""
_HEX64 = re.compile(r"[0-9a-f]{64}")
# What the APQ cache holds of ad-hoc documents, in characters, per process.
CACHE_CHARS = 4_000_000
CACHE_ENTRIES = 2048


class DocumentRefused(HTTPException):
    """A request whose document cannot be had; answered as a GraphQL error with a code.

    `legacy_status` is the status under application/json, where APQ clients expect a
    200 for PersistedQueryNotFound (they retry on the error, not on the status)."""

    def __init__(self, status: int, code: str, reason: str, *, legacy_status: int | None = None):
        super().__init__(status, reason)
        self.code = code
        self.legacy_status = status if legacy_status is None else legacy_status


class _Bounded(OrderedDict[str, str]):
    """An LRU of hash -> text, bounded by entries and by characters held."""

    def __init__(self, entries: int = CACHE_ENTRIES, chars: int = CACHE_CHARS) -> None:
        super().__init__()
        self.entries, self.chars, self.held = entries, chars, 0

    def get_recent(self, key: str) -> str | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: str, value: str) -> None:
        if key in self:
            self.move_to_end(key)
            return
        self[key] = value
        self.held += len(value)
        while len(self) > self.entries or self.held > self.chars:
            _, dropped = self.popitem(last=False)
            self.held -= len(dropped)


class TrustedDocuments:
    """Documents by hash: the portal's, the registered ones, and APQ's cache."""

    def __init__(self, db: Database, *, trusted_only: bool, builtin: Iterable[str] = ()) -> None:
        self.db = db
        self.trusted_only = trusted_only
        self.builtin: dict[str, str] = {}
        for text in (REGISTER_DOCUMENT, *builtin):
            body = documents.canonical(text)
            self.builtin[documents.sha256_hex(body)] = body
        self.sent = _Bounded()  # APQ: the hash of the text as sent -> that text
        self.registered = _Bounded()  # canonical hash -> canonical text, found in the database
        self.canonical_hash = _Bounded()  # hash of a text as sent -> its canonical hash

    async def _registered(self, digest: str) -> str | None:
        text = self.builtin.get(digest) or self.registered.get_recent(digest)
        if text is None:
            async with self.db.session() as session:
                text = await documents.find(session, digest)
            if text is not None:
                self.registered.put(digest, text)
        return text

    async def is_trusted(self, query: str) -> bool:
        """Whether the document is the portal's or registered, however it is laid out."""
        raw = documents.sha256_hex(query)
        digest = self.canonical_hash.get_recent(raw)
        if digest is None:
            try:
                digest = documents.sha256_hex(documents.canonical(query))
            except GraphQLError:
                digest = ""  # unparsable: no registered document is that
            self.canonical_hash.put(raw, digest)
        return bool(digest) and await self._registered(digest) is not None

    async def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str | None:
        """The document a request runs: its `query`, or the one its persistedQuery names."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise DocumentRefused(400, BAD_REQUEST, "persistedQuery: only version 1 is supported.")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            raise DocumentRefused(
                400, BAD_REQUEST, "persistedQuery.sha256Hash: 64 lower-case hex digits."
            )
        if not query:
            found = self.sent.get_recent(digest) or await self._registered(digest)
            if found is None:
                raise DocumentRefused(404, NOT_FOUND, "PersistedQueryNotFound", legacy_status=200)
            return found
        if documents.sha256_hex(query) != digest:
            raise DocumentRefused(
                400,
                HASH_MISMATCH,
                "provided sha does not match query: sha256Hash is the "
                "SHA-256 of the query's UTF-8 text, in hex.",
            )
        # Trusted-only, an ad-hoc document is not remembered: TrustedOnly refuses it.
        if not self.trusted_only or await self.is_trusted(query):
            self.sent.put(digest, query)
        return query


class TrustedOnly(SchemaExtension):
    """Refuses any document that is not trusted, before it is validated, costed or run,
    over HTTP and websockets alike. First among the extensions, so that the query cost
    and the validation cache see the refusal and leave it be."""

    def __init__(self, store: TrustedDocuments) -> None:
        self.store = store
        self.refused = False

    async def on_operation(self) -> AsyncIterator[None]:
        query = self.execution_context.query
        self.refused = bool(query) and not await self.store.is_trusted(query or "")
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if self.refused:
            # Set before validation runs, so strawberry skips it and answers this.
            ctx.pre_execution_errors = [
                GraphQLError(
                    "This deployment runs registered documents only: register this "
                    "document (registerTrustedDocuments), or send one that is registered.",
                    extensions={"code": NOT_TRUSTED},
                )
            ]
            response = getattr(ctx.context, "response", None)
            if response is not None and hasattr(response, "status_code"):  # not a websocket
                response.status_code = 403
        yield
