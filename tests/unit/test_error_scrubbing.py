"""No value a client sent survives into a logged error message, in the wording of the
graphql-core installed: its messages change between minor releases, and each change
can quote the refused value anew (3.3 began quoting a whole input object)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import build_schema, graphql_sync, parse, validate

from api.server.error_logging import scrubbed

SECRET = "flood-relief-2020"
SCHEMA = build_schema(
    """
    enum Kind { A B }
    input SignIn { email: String!, password: String!, kind: Kind }
    type Query { f(input: SignIn, n: Int, kind: Kind, s: String): String }
    """
)


def _validation_messages(document: str) -> list[str]:
    return [e.message for e in validate(SCHEMA, parse(document))]


def _variable_messages(value: Any) -> list[str]:
    result = graphql_sync(
        SCHEMA, "query($i: SignIn) { f(input: $i) }", variable_values={"i": value}
    )
    return [e.message for e in result.errors or []]


@pytest.mark.parametrize(
    ("messages", "named"),
    [
        # inlined in the document, refused by validation
        (
            _validation_messages(f'{{ f(input: {{email: "e", password: "{SECRET}", x: "1"}}) }}'),
            "SignIn",
        ),
        (_validation_messages(f'{{ f(input: {{email: "e", passwrd: "{SECRET}"}}) }}'), "SignIn"),
        (_validation_messages(f'{{ f(input: "{SECRET}") }}'), "SignIn"),
        (_validation_messages(f'{{ f(n: "{SECRET}") }}'), "Int"),
        (_validation_messages(f'{{ f(kind: "{SECRET}") }}'), "Kind"),
        (_validation_messages(f"{{ f(kind: {SECRET.replace('-', '_')}) }}"), "Kind"),
        (_validation_messages("{ f(s: 13912345678) }"), "String"),
        # sent as variables, refused when they are coerced
        (_variable_messages({"email": "e", "password": SECRET, "x": "1"}), "SignIn"),
        (_variable_messages({"password": SECRET}), "SignIn"),
        (_variable_messages(SECRET), "SignIn"),
        (_variable_messages({"email": "e", "password": "p", "kind": SECRET}), "Kind"),
        (_variable_messages({"email": 13912345678, "password": SECRET}), "String"),
    ],
)
def test_the_refused_value_is_cut_and_the_type_refusing_it_kept(
    messages: list[str], named: str
) -> None:
    # given the messages graphql-core writes for a refused value (one at least)
    assert messages
    for message in messages:
        # then, scrubbed, they still name the type that refused it but quote no value
        clean = scrubbed(message)
        assert named in clean, (message, clean)
        for value in (SECRET, SECRET.replace("-", "_"), "13912345678"):
            assert value not in clean, (message, clean)
