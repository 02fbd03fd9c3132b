"""Repeated selections, counted before validation: the validator's quadratic case."""

from __future__ import annotations

import pytest
from graphql import parse

from api.server.document_shape import most_repeated
from api.server.http_semantics import GRAPHQL_RESPONSE, JSON, response_media_type


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ a b c }", ("a", 1)),
        ("{ a a a }", ("a", 3)),
        ("{ x: a x: b }", ("x", 2)),  # aliases are the response names
        ("{ a ... on Q { a ... on Q { a } } }", ("a", 3)),  # inline fragments merge in
        ("{ ...F ...F } fragment F on Q { a }", ("...F", 2)),
        ("{ a { b b b b } a { b } }", ("b", 4)),  # each selection set on its own
        ("query { a } fragment F on Q { c c }", ("c", 2)),
    ],
)
def test_the_most_repeated_selection_is_found(document: str, expected: tuple[str, int]) -> None:
    assert most_repeated(parse(document)) == expected


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE}, */*", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0", JSON),
        ("text/html", JSON),
    ],
)
def test_the_response_media_type_follows_accept(accept: str | None, media_type: str) -> None:
    assert response_media_type(accept) == media_type
