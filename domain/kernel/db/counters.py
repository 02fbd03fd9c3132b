"""Counters kept on rows (a need's allocated units, an offer's committed ones...)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession


async def add(session: AsyncSession, counter: Any, row_id: uuid.UUID, amount: int) -> None:
    """`counter += amount` on one row, computed by the database so that concurrent changes
    add up; the table's CHECK constraints still guard the result."""
    model = counter.class_
    await session.execute(
        update(model).where(model.id == row_id).values({counter: counter + amount})
    )


async def move(
    session: AsyncSession, source: Any, target: Any, row_id: uuid.UUID, amount: int
) -> None:
    """`amount` from one counter of a row to another, in one statement: a CHECK on their
    sum holds throughout."""
    model = source.class_
    await session.execute(
        update(model)
        .where(model.id == row_id)
        .values({source: source - amount, target: target + amount})
    )
