"""Every list of the schema is one `connection(...)`: a scope the domain decides, the
filter's fields applied through rules declared as data, keyset order, and a count only
when `totalCount` is selected. `connection_field(...)` declares such a list as data."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy import Select, String, cast, select
from sqlalchemy.sql.elements import ColumnElement

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import expect_id
from api.kernel.types import Connection, asks_for_total, connection_of
from domain.kernel import policy
from domain.kernel.auth.principal import Principal
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


@dataclasses.dataclass(frozen=True)
class Asked:
    """One request for a list: who asks, on which parent object (None at the root), and
    with which filter (deprecated shortcuts already folded in)."""

    info: Info
    parent: Any
    filter: Any

    @property
    def principal(self) -> Principal:
        return self.info.context.principal


Scope = Callable[[Asked], Select[Any] | Awaitable[Select[Any]]]


@dataclasses.dataclass(frozen=True)
class Shortcut:
    """A deprecated argument kept for old clients: a value other than its default sets
    the filter field of the same name."""

    name: str
    annotation: Any
    default: Any
    reason: str


def connection_field(
    node: type,
    model: type[E],
    *,
    scope: Scope | None = None,
    filter: type | None = None,
    rules: Rules | None = None,
    shortcuts: Sequence[Shortcut] = (),
    description: str | None = None,
) -> Any:
    """A list field: `first`, `after`, then `filter` when the list has one, then the
    shortcuts; each page is `connection(...)` of what `scope` returns (every row of the
    model when the list is public)."""

    async def resolve(root: Any, info: Info, **arguments: Any) -> Connection[Any]:
        given = arguments.get("filter")
        for shortcut in shortcuts:
            value = arguments[shortcut.name]
            if value != shortcut.default:
                assert filter is not None
                given = dataclasses.replace(given or filter(), **{shortcut.name: value})
        asked = Asked(info=info, parent=root, filter=given)
        return await connection(
            info,
            model,
            (lambda: scope(asked)) if scope is not None else (lambda: select(model)),
            first=arguments["first"],
            after=arguments["after"],
            filter=given,
            rules=rules,
        )

    def argument(name: str, annotation: Any, default: Any) -> inspect.Parameter:
        return inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
        )

    parameters = [
        inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
        argument("first", int | None, None),
        argument("after", str | None, None),
    ]
    if filter is not None:
        parameters.append(argument("filter", filter | None, None))
    for shortcut in shortcuts:
        deprecated = strawberry.argument(deprecation_reason=shortcut.reason)
        parameters.append(
            argument(shortcut.name, Annotated[shortcut.annotation, deprecated], shortcut.default)
        )
    returns = Connection[node]  # type: ignore[valid-type]
    # Strawberry reads a resolver's arguments from its signature.
    resolve.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
    resolve.__annotations__ = {p.name: p.annotation for p in parameters[1:]} | {"return": returns}
    return strawberry.field(resolver=resolve, description=description)
