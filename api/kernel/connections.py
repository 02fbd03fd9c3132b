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
from api.kernel.lookahead import load_ahead
from api.kernel.types import Connection, asks_for_total, connection_of, model_of
from domain.kernel import change_order, policy
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import Entity
from domain.kernel.pagination import Page, page_of, paginate

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


def touches_region(column: Any, field: str = "region_code") -> Rule:
    """A JSON list of region codes has one in the subtree of the value, or one whose
    subtree holds it (a known code)."""
    return lambda code: policy.touching(column, code, field)


def present(column: Any) -> Rule:
    """True: the column is set; false: it is not (a mark such as a time of escalation)."""
    return lambda value: column.is_not(None) if value else column.is_(None)


def json_member(column: Any) -> Rule:
    """A JSON list of enum names holds the value: a quoted match is exact on both
    databases."""
    return lambda value: cast(column, String).contains(f'"{value.value}"', autoescape=True)


_RULE = "narrows"


def narrows(rule: Rule, *, description: str | None = None) -> Any:
    """A filter field, unset by default, and the condition it adds to the list when set."""
    return strawberry.field(default=None, description=description, metadata={_RULE: rule})


# The one filter field that also orders the list: by when its rows last changed.
UPDATED_SINCE = "updated_since"


def updated_since(model: type[Entity]) -> Any:
    """The filter field of incremental pull: rows changed at or after the time, listed in
    the order they last changed, `(updatedAt, id)`, up to a horizon where every change
    before it is committed (`domain/kernel/change_order.py`)."""
    return narrows(
        lambda value: model.updated_at >= change_order.since(value),
        description="Rows changed at or after this time, oldest change first, with "
        "cursors that stay valid across pulls: keep the last endCursor and pass it as "
        "`after` next time. The newest few seconds of changes show on the next pull.",
    )


def rules_of(filter: type) -> Rules:
    """Each field of a filter input and the rule it declares, in the schema's order."""
    rules: dict[str, Rule] = {}
    for field in dataclasses.fields(filter):
        if _RULE not in field.metadata:
            raise TypeError(f"{filter.__name__}.{field.name} declares no rule: use narrows()")
        rules[field.name] = field.metadata[_RULE]
    return rules


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
    scope: Callable[[], Select[E]],
    *,
    first: int | None,
    after: str | None,
    filter: object | None = None,
    rules: Rules | None = None,
) -> Connection[Any]:
    """One page of what `scope` lets the viewer see, narrowed by `filter`. The scope is
    built inside, so a refusal of the viewer or of a filter value is a GraphQL error."""
    with refusals_as_graphql_errors():
        stmt = narrowed(scope(), filter, rules or {})
        by_change = getattr(filter, UPDATED_SINCE, None) is not None
        pager = change_order.paginate_changes if by_change else paginate
        async with info.context.reading() as session:
            page = await pager(
                session, model, stmt, first=first, after=after, count=asks_for_total(info)
            )
    await load_ahead(info, model, page.items)
    return connection_of(page, after=after)


def connection_from_rows(rows: list[E], *, first: int | None, after: str | None) -> Connection[Any]:
    """The same page cut from rows a loader already holds in creation order."""
    with refusals_as_graphql_errors():
        page = page_of(rows, first=first, after=after)
    return connection_of(page, after=after)


# (session, the parent object, first=, after=, count=) -> one page in the list's own order.
Ordered = Callable[..., Awaitable[Page[Any]]]


async def paged_by(
    info: Info, ordered: Ordered, root: Any, first: int | None, after: str | None
) -> Connection[Any]:
    with refusals_as_graphql_errors():
        async with info.context.reading() as session:
            page = await ordered(
                session, root, first=first, after=after, count=asks_for_total(info)
            )
    if page.items:
        await load_ahead(info, type(page.items[0]), page.items)
    return connection_of(page, after=after)


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
    *,
    scope: Callable[[Principal], Select[Any]] | None = None,
    of_parent: Callable[[Any], Select[Any]] | None = None,
    filter: type | None = None,
    shortcuts: Sequence[Shortcut] = (),
    ordered: Ordered | None = None,
    description: str | None = None,
) -> Any:
    """A list of a row-backed node type, with the arguments `first`, `after`, `filter`
    (when the list has one) and the shortcuts. Its rows: what `scope` lets the viewer see,
    or, for a list under another object, what `of_parent` selects for that object, or
    every row when the list is public; narrowed by the filter's declared rules. A list
    in an order of its own (`ordered`) is paged by the domain, with its own cursors."""
    assert scope is None or of_parent is None, "a list has one scope"
    assert ordered is None or (scope, of_parent, filter) == (None, None, None)
    model = model_of(node)
    rules = rules_of(filter) if filter is not None else {}

    async def resolve(root: Any, info: Info, **arguments: Any) -> Connection[Any]:
        if ordered is not None:
            return await paged_by(info, ordered, root, arguments["first"], arguments["after"])
        given = arguments.get("filter")
        for shortcut in shortcuts:
            value = arguments[shortcut.name]
            if value != shortcut.default:
                assert filter is not None
                given = dataclasses.replace(given or filter(), **{shortcut.name: value})

        def rows() -> Select[Any]:
            if scope is not None:
                return scope(info.context.principal)
            if of_parent is not None:
                return of_parent(root)
            return select(model)

        return await connection(
            info,
            model,
            rows,
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
