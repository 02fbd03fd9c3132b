"""Types every feature shares: Node, connections, field paths, points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar, cast

import strawberry
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.utils.str_converters import to_camel_case

from api.server.execution import SAME_AS
from domain.kernel.global_ids import to_global_id
from domain.kernel.pagination import Page


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float


class RowBacked:
    """A GraphQL type whose values are rows (see `row_type`): no copies are made."""

    @classmethod
    def of(cls, row: Any) -> Self:
        """The row itself, typed as this GraphQL type: its fields resolve from the row."""
        return cast(Self, row)


@strawberry.interface(description="An object with a global id (Relay).")
class Node(RowBacked):
    """Implemented by types resolved straight from their rows."""

    @strawberry.field
    def id(self, root: Any, info: strawberry.Info) -> strawberry.ID:
        # The concrete type's GraphQL name, so one resolver serves every node type.
        return strawberry.ID(global_id(root, info._raw_info.parent_type.name))


def global_id(root: Any, type_name: str) -> str:
    return to_global_id(type_name, root.id)


# The executor computes a node's id without building the resolver's Info.
SAME_AS[Node.id] = global_id


C = TypeVar("C", bound=type)

# Each row-backed GraphQL type and the model whose rows are its values.
_ROW_MODELS: dict[type, type] = {}


def row_type(model: type, *, name: str, description: str | None = None) -> Callable[[C], C]:
    """A GraphQL object type whose values are the model's rows: a declared field resolves
    to the row's attribute of that name, a method receives the row as `root`."""

    def decorate(cls: C) -> C:
        def is_type_of(_cls: type, obj: Any, _info: Any) -> bool:
            return isinstance(obj, model)

        cls.is_type_of = classmethod(is_type_of)  # type: ignore[attr-defined]
        typed = strawberry.type(cls, name=name, description=description)
        _ROW_MODELS[typed] = model
        return typed

    return decorate


def model_of(node: type) -> type:
    """The model whose rows are the values of a `row_type`."""
    return _ROW_MODELS[node]


def graphql_path(field: tuple[str, ...]) -> list[str] | None:
    """The domain names fields as Python does (`region_code`); GraphQL inputs spell them
    as the schema does (`regionCode`), the same conversion strawberry applies."""
    return [to_camel_case(part) for part in field] or None


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


def connection_of(page: Page[Any], *, after: str | None) -> Connection[Any]:
    """A Relay connection from a domain page; its rows are the nodes (see `row_type`)."""
    edges = [Edge(cursor=c, node=row) for row, c in zip(page.items, page.cursors, strict=True)]
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
