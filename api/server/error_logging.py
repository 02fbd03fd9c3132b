"""How GraphQL errors reach the logs: without the document or the values in it.

Strawberry logs each error as graphql-core prints it: the message, and the lines of the
document around it. A client that inlines a password, or sends a phone number where
an Int is expected, would then have it written to the logs (no secret,
password or full phone number in logs). Client mistakes are logged at DEBUG with the
values cut out; unexpected errors at ERROR with their traceback, and no document.
"""

from __future__ import annotations

import logging
import re

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from domain.kernel.errors import DomainError

log = logging.getLogger("strawberry.execution")

# graphql-core's messages that quote the value they refuse, and the part to keep. Its
# wording changes between minor releases: tests/unit/test_error_scrubbing.py makes the
# messages of the installed version and checks that no value survives.
_VALUES = [
    # "Expected value of type 'T' not to include unknown field 'f', found: {...}." and its
    # kin (to be an object, to include required field 'f', but encountered error '...';
    # found: ...): the type and the field say what is wrong, the rest is the client's.
    (
        re.compile(
            r"(Expected value of type '[^']*'(?: to be an object| to include required field"
            r" '[^']*'| not to include unknown field '[^']*')?)[,.;].*",
            re.DOTALL,
        ),
        r"\1.",
    ),
    (re.compile(r"((?:cannot|can only) represent[^:]*): .*", re.DOTALL), r"\1."),
    (re.compile(r"Value '[^']*' does not exist in ('[^']*' enum)"), r"A value not in \1"),
]


def scrubbed(message: str) -> str:
    """The message without the client's values in it."""
    for pattern, replacement in _VALUES:
        message = pattern.sub(replacement, message)
    return message


def unexpected(error: GraphQLError) -> bool:
    """A bug rather than a refusal: its exception is neither ours nor graphql-core's."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | DomainError)


class LoggedSchema(strawberry.Schema):
    """The schema, logging its errors as this module says."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        operation = execution_context.operation_name if execution_context else None
        for error in errors:
            path = ".".join(str(p) for p in error.path or [])
            if unexpected(error):
                log.error(
                    "%s (operation %s, path %s)",
                    scrubbed(error.message),
                    operation,
                    path,
                    exc_info=error.original_error,
                )
            else:
                log.debug("GraphQL error: %s (operation %s)", scrubbed(error.message), operation)
