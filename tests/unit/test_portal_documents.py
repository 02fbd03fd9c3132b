"""Every GraphQL document the portal sends validates against the committed schema, so a
field renamed or removed in the API cannot leave a page asking for it."""

from __future__ import annotations

import pytest
from graphql import build_schema, parse, validate

from api.portal.documents import portal_documents
from api.schema import SCHEMA_FILE


def documents() -> list[tuple[str, str]]:
    return portal_documents()


def test_the_portal_has_documents_to_check() -> None:
    # given the portal's modules / then the coverage, public and dispatch pages are among them
    names = {where for where, _ in documents()}
    pages = {"coverage.js:IncidentCoverage", "coverage.js:Gaps", "pages/public.js:IncidentNeeds"}
    assert pages <= names
    assert "pages/dispatches.js:ConfirmReceipt" in names


@pytest.mark.parametrize(("where", "text"), documents(), ids=[w for w, _ in documents()])
def test_every_portal_document_validates_against_the_schema(where: str, text: str) -> None:
    # given the committed schema / when the portal's document is validated / then it passes
    errors = validate(build_schema(SCHEMA_FILE.read_text()), parse(text))
    assert not errors, [e.message for e in errors]
