"""Types every feature shares: Node, connections, user errors, points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from domain.kernel.errors import ErrorCode, UserError
from domain.kernel.pagination import Page


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float


ErrorCodeEnum = strawberry.enum(ErrorCode, name="UserErrorCode")


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID


@strawberry.type(name="UserError", description="Bad input, named by its field path.")
class UserErrorType:
    field: list[str] | None
    message: str
    code: ErrorCodeEnum  # type: ignore[valid-type]

    @classmethod
    def of(cls, error: UserError) -> UserErrorType:
        return cls(field=list(error.field) or None, message=error.message, code=error.code)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


T = TypeVar("T")


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection_of(page: Page, wrap: Callable[..., T], *, after: str | None) -> Connection[T]:
    """A Relay connection from a domain page, wrapping each row as its GraphQL type."""
    edges = [
        Edge(cursor=c, node=wrap(row)) for row, c in zip(page.items, page.cursors, strict=True)
    ]
    return Connection(
        total_count=page.total_count,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        edges=edges,
    )


def asks_for_total(info: Any) -> bool:
    """Whether the connection being resolved has `totalCount` selected, directly or
    through fragments; when it has not, the list need not be counted."""
    raw = info._raw_info

    def selects(selection_set: SelectionSetNode | None) -> bool:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.name.value == "totalCount":
                    return True
            elif isinstance(selection, InlineFragmentNode):
                if selects(selection.selection_set):
                    return True
            elif isinstance(selection, FragmentSpreadNode):
                fragment = raw.fragments.get(selection.name.value)
                if fragment is not None and selects(fragment.selection_set):
                    return True
        return False

    return any(selects(node.selection_set) for node in raw.field_nodes)
