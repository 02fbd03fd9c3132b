"""Refusals in queries become GraphQL errors with a code, never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphql import GraphQLError

from api.kernel.types import graphql_path
from domain.kernel.errors import DomainError


@contextmanager
def refusals_as_graphql_errors() -> Iterator[None]:
    try:
        yield
    except DomainError as refusal:
        first = refusal.errors[0]
        raise GraphQLError(
            first.message,
            extensions={"code": first.code.value, "field": graphql_path(first.field)},
        ) from None
