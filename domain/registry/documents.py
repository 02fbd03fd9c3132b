"""Trusted documents: the GraphQL operations partners (and ADMIN) register, so that a
deployment may run those and no others, and clients may send them by hash alone.

A document is kept and known by its canonical form: parsed and printed again, which
drops comments, commas and layout. So a document registered as written in a `.graphql`
file is the same document a client library sends after printing it (Python's `gql`
does), and `sha256Hash` is the SHA-256 of that printed text, in hex.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)
from sqlalchemy import JSON, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import Entity
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.errors import DomainError, ErrorCode, Errors

MAX_DOCUMENTS = 100
# The API's own limit on a document (api/server/http_semantics.py).
MAX_DOCUMENT_CHARS = 100_000


class TrustedDocument(Entity):
    __tablename__ = "trusted_documents"

    sha256_hash: Mapped[str] = mapped_column(
        String(64),
        unique=True,
        info={
            REFUSAL: protects(
                "documents", ErrorCode.DUPLICATE, "Registered at the same moment; send again."
            )
        },
    )
    body: Mapped[str] = mapped_column(Text)
    operation_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Who registered it: an account, or None for the `reliefhub register-documents` command.
    registered_by: Mapped[uuid.UUID | None] = mapped_column(default=None)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(text: str) -> str:
    """The document printed from its parse; raises GraphQLError when it does not parse."""
    return print_ast(parse(text, no_location=True))


def operation_names(text: str) -> list[str]:
    return [
        d.name.value
        for d in parse(text, no_location=True).definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    ]


@dataclass(frozen=True, slots=True)
class RegisterTrustedDocuments:
    """GraphQL documents as the partner's client sends them (each one operation, with the
    fragments it uses)."""

    documents: list[str]


async def find(session: AsyncSession, sha256_hash: str) -> str | None:
    """The canonical text registered under this hash, if any."""
    return await session.scalar(
        select(TrustedDocument.body).where(TrustedDocument.sha256_hash == sha256_hash)
    )


async def store(
    session: AsyncSession, text: str, registered_by: uuid.UUID | None = None
) -> TrustedDocument:
    """The registered document for `text`, added unless it is there already."""
    body = canonical(text)
    digest = sha256_hex(body)
    existing = await session.scalar(
        select(TrustedDocument).where(TrustedDocument.sha256_hash == digest)
    )
    if existing is not None:
        return existing
    document = TrustedDocument(
        sha256_hash=digest,
        body=body,
        operation_names=operation_names(body),
        registered_by=registered_by,
    )
    session.add(document)
    await session.flush()
    return document


async def register_trusted_documents(
    session: AsyncSession, principal: Principal, command: RegisterTrustedDocuments
) -> list[TrustedDocument]:
    """ADMIN, or a partner's API token, registers documents; registering one again is
    harmless and answers the same hash."""
    principal.require_signed_in()
    # A partner token lists its scopes; a portal session does not: staff register
    # nothing by hand, their portal's documents are trusted already.
    if not principal.is_admin and principal.scopes is None:
        raise DomainError.single(
            None, ErrorCode.FORBIDDEN, "ADMIN, or a partner's API token, registers documents."
        )
    errors = Errors()
    if not command.documents:
        errors.add("documents", ErrorCode.REQUIRED, "Give at least one document.")
    if len(command.documents) > MAX_DOCUMENTS:
        errors.add("documents", ErrorCode.TOO_LONG, f"At most {MAX_DOCUMENTS} at once.")
    for index, text in enumerate(command.documents):
        where = ("documents", str(index))
        if len(text) > MAX_DOCUMENT_CHARS:
            errors.add(where, ErrorCode.TOO_LONG, f"At most {MAX_DOCUMENT_CHARS} characters.")
            continue
        try:
            definitions = parse(text, no_location=True).definitions
        except GraphQLError as error:
            errors.add(where, ErrorCode.INVALID, f"Not a GraphQL document: {error.message}")
            continue
        if not any(isinstance(d, OperationDefinitionNode) for d in definitions):
            errors.add(where, ErrorCode.INVALID, "The document holds no operation.")
    errors.raise_if_any()
    return [await store(session, text, principal.account_id) for text in command.documents]


def split_operations(text: str) -> list[str]:
    """Each operation of a document alone, with the fragments it spreads: what a client
    sends when it keeps several operations in one file and sends one at a time."""
    document = parse(text, no_location=True)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    found = []
    for operation in document.definitions:
        if not isinstance(operation, OperationDefinitionNode):
            continue
        needed: dict[str, FragmentDefinitionNode] = {}
        pending: list[Node] = [operation]
        while pending:
            for spread in _spreads(pending.pop()):
                if spread not in needed and spread in fragments:
                    needed[spread] = fragments[spread]
                    pending.append(fragments[spread])
        definitions = (operation, *needed.values())
        found.append(print_ast(DocumentNode(definitions=definitions)))
    return found


def _spreads(node: Node) -> list[str]:
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            names.append(spread.name.value)

    visit(node, Spreads())
    return names
