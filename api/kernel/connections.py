"""Every list of the schema is one `connection(...)`: a scope the domain decides, the
filter's fields applied through rules declared as data, keyset order, and a count only
when `totalCount` is selected."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select, String, cast
from sqlalchemy.sql.elements import ColumnElement

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import expect_id
from api.kernel.types import Connection, asks_for_total, connection_of
from domain.kernel import policy
from domain.kernel.db.base import Entity
from domain.kernel.pagination import page_of, paginate

E = TypeVar("E", bound=Entity)

# A filter field's value -> the condition it adds; a DomainError names the field.
Rule = Callable[[Any], ColumnElement[bool]]
Rules = Mapping[str, Rule]


def equals(column: Any) -> Rule:
    """The column holds the value (enums and codes)."""
    return lambda value: column == value


def node_id(column: Any, type_name: str, field: str) -> Rule:
    """The column holds the uuid of a global id of `type_name`."""
    return lambda value: column == expect_id(value, type_name, field)


def in_region(column: Any, field: str = "region_code") -> Rule:
    """The column's region code lies in the subtree of the value (a known code)."""
    return lambda code: policy.in_subtree(column, code, field)


def present(column: Any) -> Rule:
    """True: the column is set; false: it is not (a mark such as a time of escalation)."""
    return lambda value: column.is_not(None) if value else column.is_(None)


def json_member(column: Any) -> Rule:
    """A JSON list of enum names holds the value: a quoted match is exact on both
    databases."""
    return lambda value: cast(column, String).contains(f'"{value.value}"', autoescape=True)


def narrowed(stmt: Select[E], filter: object | None, rules: Rules) -> Select[E]:
    """`stmt` with one condition per filter field that is set."""
    for name, rule in rules.items():
        value = getattr(filter, name, None) if filter is not None else None
        if value is not None:
            stmt = stmt.where(rule(value))
    return stmt


async def connection(
    info: Info,
    model: type[E],
    scope: Callable[[], Select[E] | Awaitable[Select[E]]],
    *,
    first: int | None,
    after: str | None,
    filter: object | None = None,
    rules: Rules | None = None,
) -> Connection[Any]:
    """One page of what `scope` lets the viewer see, narrowed by `filter`. The scope is
    built inside, so a refusal of the viewer or of a filter value is a GraphQL error."""
    with refusals_as_graphql_errors():
        base = scope()
        if inspect.isawaitable(base):
            base = await base
        stmt = narrowed(base, filter, rules or {})
        async with info.context.reading() as session:
            page = await paginate(
                session, model, stmt, first=first, after=after, count=asks_for_total(info)
            )
    return connection_of(page, after=after)


def connection_from_rows(rows: list[E], *, first: int | None, after: str | None) -> Connection[Any]:
    """The same page cut from rows a loader already holds in creation order."""
    with refusals_as_graphql_errors():
        page = page_of(rows, first=first, after=after)
    return connection_of(page, after=after)
