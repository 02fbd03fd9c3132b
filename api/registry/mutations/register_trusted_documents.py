"""The `registerTrustedDocuments` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.mutations import mutation
from api.kernel.types import row_type
from api.registry.errors import AccountError
from domain.registry import documents


@row_type(
    documents.TrustedDocument,
    name="TrustedDocument",
    description="A registered GraphQL document: sent whole or by its hash, it always runs.",
)
class TrustedDocumentType:
    sha256_hash: str = strawberry.field(
        description="SHA-256 (hex) of `body`; send it as extensions.persistedQuery.sha256Hash."
    )
    body: str = strawberry.field(description="The document as registered, printed canonically.")
    operation_names: list[str]
    created_at: datetime


@strawberry.input
class RegisterTrustedDocumentsInput:
    documents: list[str] = strawberry.field(
        description="GraphQL documents, each as the client sends it; 100 at most."
    )


@strawberry.type
class RegisterTrustedDocumentsPayload:
    documents: list[TrustedDocumentType] | None
    user_errors: list[AccountError]


@strawberry.type
class RegisterTrustedDocuments:
    register_trusted_documents = mutation(
        RegisterTrustedDocumentsInput,
        RegisterTrustedDocumentsPayload,
        documents.register_trusted_documents,
        description="ADMIN or a partner's API token registers the documents its client "
        "sends; a deployment with TRUSTED_DOCUMENTS_ONLY runs no others.",
    )
