"""Every GraphQL document the portal sends validates against the committed schema, so a
field renamed or removed in the API cannot leave a page asking for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from api.schema import SCHEMA_FILE

STATIC = Path(__file__).resolve().parents[2] / "api" / "portal" / "static" / "js"
DOCUMENT = re.compile(r"`\s*((?:query|mutation|subscription)\b[^`]*)`")
CONSTANT = re.compile(r"const (\w+) = `([^`]*)`")


def documents() -> list[tuple[str, str]]:
    """(where, text) of each document literal of the portal's modules, with the module's
    own constant fragments (such as `${OFFER_FIELDS}`) put in."""
    found = []
    for path in sorted(STATIC.rglob("*.js")):
        source = path.read_text(encoding="utf-8")
        constants = dict(CONSTANT.findall(source))
        for match in DOCUMENT.finditer(source):
            text = re.sub(r"\$\{(\w+)\}", lambda m, c=constants: c[m.group(1)], match.group(1))
            name = re.match(r"\w+\s+(\w+)", text)
            found.append((f"{path.relative_to(STATIC)}:{name.group(1) if name else '?'}", text))
    return found


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
