"""Paging of registry lists within the viewer's scope."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

from api.kernel.context import Context
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.types import Connection, connection_of
from domain.kernel import regions
from domain.kernel.db.base import Entity
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import paginate

E = TypeVar("E", bound=Entity)


def in_subtree(column: Any, code: str) -> Any:
    if regions.get(code) is None:
        raise DomainError.single("regionCode", ErrorCode.UNKNOWN_REGION, f"Unknown region {code}.")
    return column.startswith(regions.subtree_prefix(code), autoescape=True)


async def registry_page(
    ctx: Context,
    model: type[E],
    stmt: Select[E],
    wrap: Any,
    first: int | None,
    after: str | None,
) -> Connection[Any]:
    with refusals_as_graphql_errors():
        async with ctx.reading() as session:
            page = await paginate(session, model, stmt, first=first, after=after)
    return connection_of(page, wrap, after=after)
