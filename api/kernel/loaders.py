"""Per-request dataloaders: one query per kind of row, however many fields ask."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry
from sqlalchemy import Select, bindparam, select
from strawberry.dataloader import DataLoader

from api.kernel.context import Context, Info
from api.kernel.types import model_of
from api.server.execution import MISS
from domain.categories.model import Category
from domain.kernel.db.base import Entity
from domain.registry.model import Account, Organization, Volunteer
from domain.registry.volunteers import visible_volunteers

E = TypeVar("E", bound=Entity)


# Statements built once and run with the keys bound: building a Select per request costs
# more in SQLAlchemy's cache-key walk than running it does.
_STATEMENTS: dict[tuple[str, str], Select[Any]] = {}


def _statement(model: type[E], column: Any) -> Select[tuple[E]]:
    key = (model.__name__, column.key)
    if key not in _STATEMENTS:
        wanted = select(model).where(column.in_(bindparam("keys", expanding=True)))
        _STATEMENTS[key] = wanted.order_by(model.created_at, model.id)
    return _STATEMENTS[key]


def _by_id(ctx: Context, model: type[E]) -> DataLoader[uuid.UUID, E | None]:
    async def load(keys: Sequence[uuid.UUID]) -> list[E | None]:
        async with ctx.reading() as session:
            rows = (await session.scalars(_statement(model, model.id), {"keys": list(keys)})).all()
        found = {row.id: row for row in rows}
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def loader(ctx: Context, model: type[E]) -> DataLoader[uuid.UUID, E | None]:
    """The request's loader of `model` rows by primary key."""
    existing: Any = ctx.loaders.get(model.__name__)
    if existing is None:
        existing = ctx.loaders[model.__name__] = _by_id(ctx, model)
    return existing


async def account(ctx: Context, ident: uuid.UUID) -> Account | None:
    return await loader(ctx, Account).load(ident)


async def organization(ctx: Context, ident: uuid.UUID) -> Organization | None:
    return await loader(ctx, Organization).load(ident)


def related(node: type, key: str, *, description: str | None = None) -> Any:
    """A field of a row-backed type: the `node` whose id the row holds in its `key`
    column, through the request's loader; null when the row points nowhere."""
    model = model_of(node)

    async def resolve(root: Any, info: Info) -> Any:
        ident = getattr(root, key)
        return None if ident is None else await loader(info.context, model).load(ident)

    # Strawberry reads a resolver's arguments and type from its signature.
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
        ],
        return_annotation=node | None,
    )
    return strawberry.field(resolver=resolve, description=description)


def categories(ctx: Context) -> DataLoader[str, Category | None]:
    """The request's loader of categories by code; every code asked for in one query."""
    existing: Any = ctx.loaders.get("categories")
    if existing is None:

        async def load(codes: Sequence[str]) -> list[Category | None]:
            async with ctx.reading() as session:
                rows = (
                    await session.scalars(select(Category).where(Category.code.in_(codes)))
                ).all()
            found = {row.code: row for row in rows}
            return [found.get(code) for code in codes]

        existing = ctx.loaders["categories"] = DataLoader(load_fn=load)
    return existing


async def category(ctx: Context, code: str) -> Category | None:
    """A category by code, through the request's loader."""
    return await categories(ctx).load(code)


def visible_volunteers_loader(ctx: Context) -> DataLoader[uuid.UUID, Volunteer | None]:
    """The request's loader of the volunteers its viewer may see (None for the others).

    The loader lives in the request's context, so one viewer's answers never reach another.
    """
    existing: Any = ctx.loaders.get("visible_volunteers")
    if existing is None:

        async def load(keys: Sequence[uuid.UUID]) -> list[Volunteer | None]:
            visible = visible_volunteers(ctx.principal).where(Volunteer.id.in_(keys))
            async with ctx.reading() as session:
                rows = (await session.scalars(visible)).all()
            found = {row.id: row for row in rows}
            return [found.get(key) for key in keys]

        existing = ctx.loaders["visible_volunteers"] = DataLoader(load_fn=load)
    return existing


async def visible_volunteer(ctx: Context, ident: uuid.UUID) -> Volunteer | None:
    """A volunteer the request's viewer may see, else None: one query for the whole page."""
    return await visible_volunteers_loader(ctx).load(ident)


def grouped(
    ctx: Context,
    name: str,
    model: type[E],
    column: Any,
) -> DataLoader[uuid.UUID, list[E]]:
    """The request's loader of all `model` rows whose `column` is the key, in page order."""
    existing: Any = ctx.loaders.get(name)
    if existing is None:

        async def load(keys: Sequence[uuid.UUID]) -> list[list[E]]:
            async with ctx.reading() as session:
                wanted = _statement(model, column)
                rows = (await session.scalars(wanted, {"keys": list(keys)})).all()
            groups: dict[uuid.UUID, list[E]] = {key: [] for key in keys}
            for row in rows:
                groups[getattr(row, column.key)].append(row)
            return [groups[key] for key in keys]

        existing = ctx.loaders[name] = DataLoader(load_fn=load)
    return existing


def peek(loader: DataLoader[Any, Any], key: Any) -> Any:
    """What `loader` already answered for `key`, without waiting; MISS when it has not
    (not asked yet, still loading, or failed: the resolver then asks and waits)."""
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception():
        return MISS
    return future.result()


def peek_loader(ctx: Context, name: str, key: Any) -> Any:
    """`peek` at the request's loader called `name`; MISS when the request has none."""
    existing: Any = ctx.loaders.get(name)
    return MISS if existing is None else peek(existing, key)
